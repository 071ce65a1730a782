using System.Net;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Union.Shared.Auth;
using Union.Shared.Caching;
using Union.Shared.Errors;
using Union.Shared.Idempotency;
using Union.Shared.Observability;
using Union.Shared.Persistence;
using Union.Shared.PersonalData;
using Union.Shared.Time;

namespace Union.Shared.Hosting;

/// <summary>Ports a service listens on. gRPC needs HTTP/2 without TLS inside the cluster, and
/// Kubernetes probes speak HTTP/1.1, so each service has one port of each.</summary>
public sealed class PortOptions
{
    public const string Section = "Ports";
    public int Grpc { get; set; }
    public int Http { get; set; }
    /// <summary>Loopback for local runs and tests; "any" in containers.</summary>
    public string Bind { get; set; } = "loopback";
}

/// <summary>The name of the running service, e.g. "archives".</summary>
public sealed record ServiceIdentity(string Name);

public static class ServiceDefaults
{
    /// <summary>What every service host does the same way. A host adds these, then its own services.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName, int grpcPort, int httpPort)
    {
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        // The system clock in production; a settable one in Development and Testing (one shared by the suite host's services).
        builder.Services.AddUnionClock(builder.Configuration, builder.Environment, SuiteMembership.Of(builder)?.Clock);
        var ports = builder.Configuration.GetSection(PortOptions.Section).Get<PortOptions>() ?? new PortOptions();
        if (ports.Grpc == 0) ports.Grpc = grpcPort;
        if (ports.Http == 0) ports.Http = httpPort;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = ports.Bind == "any" ? IPAddress.Any : IPAddress.Loopback;
            kestrel.Listen(address, ports.Grpc, l => l.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, ports.Http, l => l.Protocols = HttpProtocols.Http1);
            kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
        });

        builder.AddUnionObservability(serviceName);
        builder.Services.AddUnionAuthentication(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(PersonalDataOptions.From(builder.Configuration, builder.Environment));
        builder.Services.AddSingleton<PersonalDataProtector>();
        builder.Services.AddSingleton<IdempotencyHasher>();
        builder.AddUnionCache(serviceName);

        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 4 * 1024 * 1024;
            o.EnableDetailedErrors = false;
            // Order matters: errors are mapped outside the idempotency transaction, so a refused
            // call rolls back before its error is shaped. The access policy refuses a caller inside
            // the error mapping (PERMISSION_DENIED with its code) and before any transaction opens.
            o.Interceptors.Add<ErrorInterceptor>();
            o.Interceptors.Add<AccessInterceptor>();
            o.Interceptors.Add<IdempotencyInterceptor>();
        }).AddJsonTranscoding(o =>
        {
            // The rich error details must be known to the JSON writer, or REST errors fail to render.
            o.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(
                Google.Rpc.ErrorInfo.Descriptor, Google.Rpc.BadRequest.Descriptor, Google.Rpc.LocalizedMessage.Descriptor);
            // Canonical proto3 JSON, as in the events: 64-bit integers (fen) as strings, so no
            // JavaScript client rounds an amount.
            o.JsonSettings.WriteInt64sAsStrings = true;
        });
        builder.Services.AddGrpcHealthChecks(o =>
        {
            // Answer from the checks themselves, not a cache refreshed every 30 s, so a probe sees now.
            o.UseHealthChecksCache = false;
            o.Services.Map("", r => r.Tags.Contains("ready"));
        });
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>Middleware and endpoints every service has: correlation id, gRPC-Web, auth, health.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseCorrelationId();
        app.UseRouting();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseAuthentication();
        app.UseCallerContext();
        app.UseAuthorization();

        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        // Setting the clock is for local runs and tests only: a production host does not have the service.
        if (app.Environment.AllowsSettableClock()) app.MapGrpcService<DevClockService>();
        return app;
    }

    /// <summary>
    /// Runs the host. With <c>--migrate</c> it applies the database migrations and exits (the Helm
    /// pre-upgrade hook); with Persistence:MigrateOnStartup (local runs) it migrates, then serves.
    /// With one of the service's maintenance <paramref name="commands"/> (e.g. <c>--rotate-personal-data</c>)
    /// it runs that command in a scope, as the system, and exits (a Kubernetes Job).
    /// </summary>
    public static async Task RunServiceAsync(this WebApplication app, string[] args, Func<IServiceProvider, Task>? seed = null,
        IReadOnlyDictionary<string, Func<IServiceProvider, Task>>? commands = null)
    {
        if (await app.PrepareServiceAsync(args, seed, commands)) await app.RunAsync();
    }

    /// <summary>
    /// What <see cref="RunServiceAsync"/> does before serving: migrate and seed as configured, or
    /// run <c>--migrate</c> or a maintenance command. False when that was all (the host should not serve).
    /// The suite host prepares all four services before it starts any, so no event travels before
    /// every database is migrated and seeded.
    /// </summary>
    public static async Task<bool> PrepareServiceAsync(this WebApplication app, string[] args, Func<IServiceProvider, Task>? seed = null,
        IReadOnlyDictionary<string, Func<IServiceProvider, Task>>? commands = null)
    {
        var persistence = app.Services.GetRequiredService<PersistenceOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Union.Startup");
        if (args.Contains("--migrate"))
        {
            await MigrateAsync(app.Services, logger);
            return false;
        }
        foreach (var (name, command) in commands ?? new Dictionary<string, Func<IServiceProvider, Task>>())
        {
            if (!args.Contains(name)) continue;
            logger.LogInformation("Running {Command}", name);
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem(name.TrimStart('-'));
            await command(scope.ServiceProvider);
            return false;
        }
        if (persistence.MigrateOnStartup)
        {
            await MigrateAsync(app.Services, logger);
        }
        if (seed is not null && app.Configuration.GetValue<bool>("Seed:Demo"))
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("seed");
            await seed(scope.ServiceProvider);
        }
        return true;
    }

    public static async Task MigrateAsync(IServiceProvider services, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("migrate");
        var db = scope.ServiceProvider.GetRequiredService<UnionDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        logger.LogInformation("Applying {Count} migration(s) to {Provider}: {Migrations}", pending.Count, db.Database.ProviderName, string.Join(", ", pending));
        await db.Database.MigrateAsync();
    }
}
