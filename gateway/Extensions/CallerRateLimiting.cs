using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Union.Shared.Auth;

namespace Union.Gateway;

/// <summary>Per-caller request budget: a token bucket refilled every second.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Sustained requests per second one caller may make.</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a caller may make at once after being idle (the bucket's size).</summary>
    public int Burst { get; set; } = 100;

    public static RateLimitingOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        if (options.PermitsPerSecond < 1 || options.Burst < 1)
            throw new InvalidOperationException("RateLimiting:PermitsPerSecond and RateLimiting:Burst must be at least 1.");
        return options;
    }
}

public static class CallerRateLimiting
{
    /// <summary>
    /// One bucket per token subject, so a caller cannot exhaust another's budget whatever address
    /// it comes from; anonymous requests (which authorization refuses anyway) share a bucket per
    /// remote address, so a flood of them is cut off cheaply.
    /// </summary>
    public static IServiceCollection AddCallerRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = RateLimitingOptions.From(configuration);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(PartitionKey(http), _ => bucket));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var http = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return new ValueTask(GatewayErrors.WriteAsync(http, StatusCode.ResourceExhausted,
                    StatusCodes.Status429TooManyRequests, "RATE_LIMITED", "请求过于频繁，请稍后再试"));
            };
        });
        return services;
    }

    private static string PartitionKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(UnionClaims.Subject)?.Value is { Length: > 0 } subject
            ? "sub:" + subject
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
