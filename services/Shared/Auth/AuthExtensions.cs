using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Union.Shared.Auth;

/// <summary>
/// Token settings. In production an OIDC issuer (the province's identity provider) is named by
/// <see cref="Authority"/>; local runs and tests sign their own development tokens with
/// <see cref="SigningKey"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The key development tokens are signed with in local runs (never used in production).</summary>
    public const string DevelopmentSigningKey = "union-platform-development-signing-key-not-for-production";

    public string Issuer { get; set; } = "union-dev";
    public string Audience { get; set; } = "union-platform";
    public string? Authority { get; set; }
    public string? SigningKey { get; set; }

    public static AuthOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(Section).Get<AuthOptions>() ?? new AuthOptions();
        // The development key is public (it is in this file): a host that accepted tokens signed
        // with it would let anyone mint any role. Only an environment named exactly Development
        // may use it, whether by default or configured by hand; any other (Production, Staging,
        // a mistyped name) must be given the province's issuer or a key of its own, or not start.
        if (options.Authority is null && options.SigningKey is null)
        {
            options.SigningKey = environment.IsDevelopment()
                ? DevelopmentSigningKey
                : throw new InvalidOperationException($"Auth:Authority or Auth:SigningKey must be configured (environment {environment.EnvironmentName}; the development key is for Development only).");
        }
        else if (options.SigningKey == DevelopmentSigningKey && !environment.IsDevelopment())
        {
            throw new InvalidOperationException($"Auth:SigningKey is the public development key, refused in environment {environment.EnvironmentName}.");
        }
        return options;
    }

    public SymmetricSecurityKey? SymmetricKey =>
        SigningKey is null ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));
}

public static class AuthExtensions
{
    /// <summary>JWT bearer validation (issuer, audience, lifetime, signature all checked) and
    /// a fallback policy: every endpoint needs an authenticated caller unless it says otherwise.</summary>
    public static IServiceCollection AddUnionAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = AuthOptions.From(configuration, environment);
        services.AddSingleton(options);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Authority = options.Authority;
            jwt.RequireHttpsMetadata = options.Authority?.StartsWith("https://", StringComparison.Ordinal) ?? false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = options.Issuer,
                ValidateAudience = true,
                ValidAudience = options.Audience,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = options.SymmetricKey,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = UnionClaims.Subject,
                RoleClaimType = UnionClaims.Role,
            };
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireClaim(UnionClaims.Organisation).Build());
        services.AddScoped<CallerContext>();
        return services;
    }

    /// <summary>Fills the request's <see cref="CallerContext"/> from the validated token.</summary>
    public static IApplicationBuilder UseCallerContext(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var caller = http.RequestServices.GetRequiredService<CallerContext>();
        if (http.User.Identity?.IsAuthenticated == true)
        {
            if (!Tenancy.OrganisationPath.IsValid(http.User.FindFirst(UnionClaims.Organisation)?.Value))
            {
                // A signed token without a usable organisation cannot be scoped: refuse it outright.
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            caller.ActAsUser(http.User);
        }
        if (http.Request.Headers.TryGetValue("x-reason", out var reason))
        {
            // Recorded beside the request's own reason, never in its place (CallerContext.AuditReason).
            caller.HeaderReason = reason.ToString() is { Length: <= 500 } r ? r : reason.ToString()[..500];
        }
        await next(http);
    });

    public static ClaimsPrincipal? Principal(this HttpContext http) => http.User;
}
