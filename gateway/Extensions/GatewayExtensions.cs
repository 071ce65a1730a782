using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Instrumentation.Http;
using Union.Shared.Auth;
using Union.Shared.Hosting;
using Union.Shared.Messaging;
using Union.Shared.Observability;
using Union.Shared.Tenancy;
using Yarp.ReverseProxy.Transforms;

namespace Union.Gateway;

public static class GatewayExtensions
{
    /// <summary>The policy every proxied route names in configuration: a caller acting for an organisation.</summary>
    public const string CallerPolicy = "caller";

    public const int DefaultHttpPort = 8080;
    public const int DefaultGrpcPort = 8081;
    public const long DefaultMaxRequestBodyBytes = 4 * 1024 * 1024;

    /// <summary>Headers a browser may send and read across origins: gRPC-Web's own, the bearer token and the suite's.</summary>
    private static readonly string[] CorsAllowedHeaders =
        ["authorization", "content-type", "x-grpc-web", "x-user-agent", "grpc-timeout", "idempotency-key", CorrelationHeaders.CorrelationId, "x-reason"];

    private static readonly string[] CorsExposedHeaders =
        ["grpc-status", "grpc-message", "grpc-status-details-bin", CorrelationHeaders.CorrelationId];

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddGatewayListeners();
        builder.Services.AddGatewayAuthentication(builder.Configuration, builder.Environment);
        builder.Services.AddCallerRateLimiting(builder.Configuration);
        builder.Services.AddBrowserOrigins(builder.Configuration);
        builder.Services.AddBackendReadiness(builder.Configuration);
        builder.Services.AddGatewayProxy(builder.Configuration);
        // Readiness probes fire every few seconds; without this each would start a root trace of its own.
        builder.Services.Configure<HttpClientTraceInstrumentationOptions>(o =>
            o.FilterHttpRequestMessage = request => request.RequestUri?.AbsolutePath.StartsWith("/health/", StringComparison.Ordinal) != true);
        return builder;
    }

    /// <summary>
    /// Two ports because Kestrel speaks HTTP/2 on a cleartext port only when the port speaks nothing
    /// else (a port declared HTTP/1.1 + HTTP/2 without TLS falls back to HTTP/1.1 and warns at start):
    /// browsers, REST clients and probes use the HTTP/1.1 port, native gRPC clients (h2c with prior
    /// knowledge) the HTTP/2-only one. TLS ends at the ingress, in front of both.
    /// </summary>
    public static WebApplicationBuilder AddGatewayListeners(this WebApplicationBuilder builder)
    {
        var ports = builder.Configuration.GetSection(PortOptions.Section).Get<PortOptions>() ?? new PortOptions();
        if (ports.Http == 0) ports.Http = DefaultHttpPort;
        if (ports.Grpc == 0) ports.Grpc = DefaultGrpcPort;
        var maxBody = MaxRequestBodyBytes(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = string.Equals(ports.Bind, "any", StringComparison.OrdinalIgnoreCase) ? IPAddress.Any : IPAddress.Loopback;
            kestrel.Listen(address, ports.Http, l => l.Protocols = HttpProtocols.Http1);
            kestrel.Listen(address, ports.Grpc, l => l.Protocols = HttpProtocols.Http2);
            kestrel.Limits.MaxRequestBodySize = maxBody;
            kestrel.AddServerHeader = false;
        });
        return builder;
    }

    public static long MaxRequestBodyBytes(IConfiguration configuration) =>
        configuration.GetValue("Limits:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes) is var bytes and > 0
            ? bytes
            : throw new InvalidOperationException("Limits:MaxRequestBodyBytes must be positive.");

    /// <summary>
    /// The services' own token validation (same Auth section, so development tokens work here too),
    /// with two gateway rules on top: the fallback only asks for a signed-in caller, while proxied
    /// routes name <see cref="CallerPolicy"/>; and a token whose org claim is not an organisation
    /// path is refused at authentication, where it answers 401, instead of failing later as a 500.
    /// </summary>
    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddUnionAuthentication(configuration, environment);
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            var validated = jwt.Events.OnTokenValidated;
            jwt.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                if (context.Principal?.FindFirst(UnionClaims.Organisation) is { } org && !OrganisationPath.IsValid(org.Value))
                    context.Fail("The token's org claim is not an organisation path.");
            };
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(CallerPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(UnionClaims.Organisation));
        return services;
    }

    public static string[] BrowserOrigins(IConfiguration configuration) =>
        configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()?.Where(o => !string.IsNullOrWhiteSpace(o)).ToArray() ?? [];

    /// <summary>CORS only for the origins named in configuration; none named, no CORS at all.</summary>
    public static IServiceCollection AddBrowserOrigins(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = BrowserOrigins(configuration);
        if (origins.Length == 0) return services;
        if (origins.Any(o => o.Contains('*')))
            throw new InvalidOperationException("Cors:AllowedOrigins must name origins; wildcards would let any site call with a user's token.");
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders(CorsAllowedHeaders)
            .WithExposedHeaders(CorsExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    /// <summary>
    /// Routes and clusters come from the ReverseProxy section. The back end always receives the
    /// correlation id the caller was given, even one the gateway started, so logs on both sides meet.
    /// </summary>
    public static IServiceCollection AddGatewayProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection("ReverseProxy"))
            .AddTransforms(transforms =>
            {
                transforms.AddRequestTransform(context =>
                {
                    // Overwritten rather than added: UseCorrelationId may have replaced an unusable id from the client.
                    var id = context.HttpContext.RequestServices.GetRequiredService<CallerContext>().CorrelationId;
                    context.ProxyRequest.Headers.Remove(CorrelationHeaders.CorrelationId);
                    context.ProxyRequest.Headers.TryAddWithoutValidation(CorrelationHeaders.CorrelationId, id);
                    return ValueTask.CompletedTask;
                });
                // Callers need not know what the services run on.
                transforms.AddResponseHeaderRemove("Server", ResponseCondition.Always);
                transforms.AddResponseTransform(context =>
                {
                    // The service echoes the id too; the proxy would append its copy to ours ("id, id").
                    var id = context.HttpContext.RequestServices.GetRequiredService<CallerContext>().CorrelationId;
                    context.HttpContext.Response.Headers[CorrelationHeaders.CorrelationId] = id;
                    return ValueTask.CompletedTask;
                });
            });
        return services;
    }

    /// <summary>
    /// Order: the correlation id first so every answer carries it, rejections included; CORS before
    /// authentication so preflights (which carry no token) are answered; the rate limiter after
    /// authentication because it partitions by the token's subject. Internal services are refused
    /// right after the correlation id, before anything else looks at the call.
    /// </summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseCorrelationId();
        app.UseInternalServiceRefusal(app.Configuration);
        app.UseRouting();
        if (BrowserOrigins(app.Configuration).Length > 0) app.UseCors();
        app.UseAuthentication();
        app.UseCallerContext();
        app.UseCallerRateLimiting();
        app.UseRequestBodyLimit(MaxRequestBodyBytes(app.Configuration));
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", BackendReadiness.ReadinessOptions)
            .AllowAnonymous().DisableRateLimiting();
        app.MapReverseProxy();
        return app;
    }
}
