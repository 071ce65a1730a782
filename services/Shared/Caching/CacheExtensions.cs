using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Union.Shared.Caching;

public static class CacheExtensions
{
    /// <summary>
    /// One cache abstraction for every service: <see cref="HybridCache"/>, in memory, with Redis
    /// behind it when <c>Redis:Configuration</c> names a server (shared by all replicas).
    /// Redis is not part of readiness: it is a cache, so while it is down a service answers from
    /// its database (<see cref="FailOpenDistributedCache"/>) instead of every pod of every service
    /// leaving its Kubernetes Service at once.
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
            // Registered after AddStackExchangeRedisCache, so HybridCache gets the wrapper.
            builder.Services.AddSingleton<IDistributedCache>(sp => new FailOpenDistributedCache(
                new RedisCache(sp.GetRequiredService<IOptions<RedisCacheOptions>>()),
                sp.GetRequiredService<ILogger<FailOpenDistributedCache>>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System));
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

/// <summary>
/// The shared cache that never fails a request: a read Redis cannot answer is a miss (the caller
/// loads from its database), a write or removal it cannot take is skipped. An entry that could not
/// be removed while Redis was down expires with its five-minute lifetime. Logged at most once a
/// minute while it lasts.
/// </summary>
public sealed partial class FailOpenDistributedCache(IDistributedCache inner, ILogger<FailOpenDistributedCache> logger, TimeProvider time) : IDistributedCache
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);
    private long _lastWarning = long.MinValue;

    public byte[]? Get(string key) => Try(() => inner.Get(key), null);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => TryAsync(() => inner.GetAsync(key, token), null);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Try(() => { inner.Set(key, value, options); return true; }, false);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        TryAsync(async () => { await inner.SetAsync(key, value, options, token); return true; }, false);

    public void Refresh(string key) => Try(() => { inner.Refresh(key); return true; }, false);

    public Task RefreshAsync(string key, CancellationToken token = default) => TryAsync(async () => { await inner.RefreshAsync(key, token); return true; }, false);

    public void Remove(string key) => Try(() => { inner.Remove(key); return true; }, false);

    public Task RemoveAsync(string key, CancellationToken token = default) => TryAsync(async () => { await inner.RemoveAsync(key, token); return true; }, false);

    private T Try<T>(Func<T> action, T fallback)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WarnAtMostOncePerMinute(e);
            return fallback;
        }
    }

    private async Task<T> TryAsync<T>(Func<Task<T>> action, T fallback)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WarnAtMostOncePerMinute(e);
            return fallback;
        }
    }

    private void WarnAtMostOncePerMinute(Exception e)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < WarningInterval) return;
        if (Interlocked.CompareExchange(ref _lastWarning, now, last) != last) return;
        LogFailingOpen(e);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The shared cache (Redis) does not answer: reads go to the database and cache writes are skipped. Logged at most once a minute while it lasts.")]
    private partial void LogFailingOpen(Exception exception);
}
