using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Union.Shared.Caching;

public static class CacheExtensions
{
    /// <summary>
    /// One cache abstraction for every service: <see cref="HybridCache"/>, in memory, with Redis
    /// behind it when <c>Redis:Configuration</c> names a server (shared by all replicas).
    /// </summary>
    public static IHostApplicationBuilder AddUnionCache(this IHostApplicationBuilder builder, string serviceName)
    {
        var redis = builder.Configuration["Redis:Configuration"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddStackExchangeRedisCache(o =>
            {
                o.Configuration = redis;
                o.InstanceName = $"union:{serviceName}:";
            });
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        }
        builder.Services.AddHybridCache(o =>
        {
            o.DefaultEntryOptions = new HybridCacheEntryOptions
            {
                Expiration = TimeSpan.FromMinutes(5),
                LocalCacheExpiration = TimeSpan.FromSeconds(30),
            };
        });
        return builder;
    }
}

/// <summary>Ready only while the shared cache answers.</summary>
internal sealed class RedisHealthCheck(Microsoft.Extensions.Caching.Distributed.IDistributedCache cache)
    : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await cache.GetAsync("health-probe", cancellationToken);
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("Redis does not answer", e);
        }
    }
}
