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

    public const string DefaultRedisKeyPrefix = "union:gateway:rate:";

    /// <summary>Sustained requests per second one caller may make.</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a caller may make at once after being idle (the bucket's size).</summary>
    public int Burst { get; set; } = 100;

    /// <summary>Start of every bucket's key in Redis (followed by the caller's partition).</summary>
    public string RedisKeyPrefix { get; set; } = DefaultRedisKeyPrefix;

    public static RateLimitingOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        if (options.PermitsPerSecond < 1 || options.Burst < 1)
            throw new InvalidOperationException("RateLimiting:PermitsPerSecond and RateLimiting:Burst must be at least 1.");
        if (string.IsNullOrWhiteSpace(options.RedisKeyPrefix)) options.RedisKeyPrefix = DefaultRedisKeyPrefix;
        return options;
    }
}

public static class CallerRateLimiting
{
    /// <summary>
    /// One bucket per token subject, so a caller cannot exhaust another's budget whatever address
    /// it comes from; anonymous requests (which authorization refuses anyway) share a bucket per
    /// remote address, so a flood of them is cut off cheaply.
    /// With <c>Redis:Configuration</c> set the buckets live in Redis, shared by every gateway
    /// replica (see <see cref="RedisRateLimiter"/>); without it, in this process's memory, which is
    /// right for one gateway only: N replicas would each give a caller the whole budget.
    /// </summary>
    public static IServiceCollection AddCallerRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = RateLimitingOptions.From(configuration);
        var redis = configuration[RedisRateLimiter.ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            var redisOptions = RedisRateLimiter.ParseConfiguration(redis); // a malformed value stops the gateway at start
            services.AddSingleton(sp => new RedisRateLimiter(redisOptions, options,
                sp.GetRequiredService<ILogger<RedisRateLimiter>>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
            return services;
        }

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
                new ValueTask(RefuseAsync(rejected.HttpContext,
                    rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null));
        });
        return services;
    }

    /// <summary>
    /// The limiter <see cref="AddCallerRateLimiting"/> chose. Endpoints marked
    /// <c>DisableRateLimiting()</c> (the health endpoints) are never limited by either.
    /// </summary>
    public static IApplicationBuilder UseCallerRateLimiting(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<RedisRateLimiter>() is not { } redis)
            return app.UseRateLimiter();
        return app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is null)
            {
                var decision = await redis.TryAcquireAsync(PartitionKey(http));
                if (!decision.Allowed)
                {
                    await RefuseAsync(http, decision.RetryAfter);
                    return;
                }
            }
            await next(http);
        });
    }

    /// <summary>REST: 429 with Retry-After; gRPC: RESOURCE_EXHAUSTED (see <see cref="GatewayErrors"/>).</summary>
    private static Task RefuseAsync(HttpContext http, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return GatewayErrors.WriteAsync(http, StatusCode.ResourceExhausted,
            StatusCodes.Status429TooManyRequests, "RATE_LIMITED", "请求过于频繁，请稍后再试");
    }

    internal static string PartitionKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(UnionClaims.Subject)?.Value is { Length: > 0 } subject
            ? "sub:" + subject
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
