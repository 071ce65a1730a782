using StackExchange.Redis;

namespace Union.Gateway;

/// <summary>
/// The per-caller token buckets in Redis, so every gateway replica spends from the same budget
/// (with buckets in memory, N replicas would give each caller N times the limit). One hash per
/// caller, <c>&lt;RateLimiting:RedisKeyPrefix&gt;&lt;partition&gt;</c> (by default
/// <c>union:gateway:rate:sub:…</c>), with the fields <c>tokens</c> and <c>timestamp</c>; a Lua
/// script refills and takes a token atomically, using the Redis server's clock (TIME), so the
/// replicas' clocks do not matter, and lets the key expire once the bucket would be full again.
/// <para>
/// If Redis cannot be reached or does not answer in time, the request is let through (fail open)
/// and a warning is logged at most once a minute: the counters only protect the services from one
/// caller's excess, and an outage of the counter store must not take the province's gateway down
/// with it. While Redis is down, callers are not limited at all.
/// </para>
/// </summary>
public sealed partial class RedisRateLimiter : IAsyncDisposable
{
    public const string ConfigurationKey = "Redis:Configuration";

    /// <summary>Longest wait for a connection when the configuration does not name one (connectTimeout).</summary>
    public const int DefaultConnectTimeoutMs = 2000;

    /// <summary>Longest wait for the script's answer when the configuration does not name one (asyncTimeout).</summary>
    public const int DefaultAsyncTimeoutMs = 500;

    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);
    private const long NeverWarned = long.MinValue;

    // KEYS[1] the bucket; ARGV[1] tokens per second, ARGV[2] bucket size.
    // Returns {1, 0} when a token was taken, {0, milliseconds until one is there} otherwise.
    private const string TokenBucketScript = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'timestamp')
        local tokens = tonumber(state[1])
        local stamp = tonumber(state[2])
        if tokens == nil or stamp == nil then
          tokens = burst
          stamp = now
        end
        local elapsed = math.max(0, now - stamp)
        tokens = math.min(burst, tokens + elapsed * rate / 1000)
        local allowed = 0
        local wait = 0
        if tokens >= 1 then
          tokens = tokens - 1
          allowed = 1
        else
          wait = math.ceil((1 - tokens) * 1000 / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'timestamp', tostring(now))
        redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
        return {allowed, wait}
        """;

    private readonly ConfigurationOptions _redis;
    private readonly RedisValue _rate;
    private readonly RedisValue _burst;
    private readonly string _prefix;
    private readonly ILogger<RedisRateLimiter> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private Task<ConnectionMultiplexer>? _connection;
    private long _lastWarning = NeverWarned;

    public RedisRateLimiter(ConfigurationOptions redis, RateLimitingOptions options, ILogger<RedisRateLimiter> logger, TimeProvider time)
    {
        _redis = redis;
        _rate = options.PermitsPerSecond;
        _burst = options.Burst;
        _prefix = options.RedisKeyPrefix;
        _logger = logger;
        _time = time;
    }

    /// <summary>
    /// The connection settings: never give up on a server that is down at start (keep reconnecting
    /// in the background), fail commands at once while disconnected instead of queueing them, and
    /// short timeouts unless the configuration names its own: the check sits on every request.
    /// </summary>
    public static ConfigurationOptions ParseConfiguration(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!Names(configuration, "connectTimeout")) options.ConnectTimeout = DefaultConnectTimeoutMs;
        if (!Names(configuration, "asyncTimeout")) options.AsyncTimeout = DefaultAsyncTimeoutMs;
        options.ClientName ??= "union-gateway";
        return options;

        static bool Names(string configuration, string option) =>
            configuration.Contains(option + "=", StringComparison.OrdinalIgnoreCase);
    }

    public readonly record struct Decision(bool Allowed, TimeSpan? RetryAfter)
    {
        public static readonly Decision Allow = new(true, null);
    }

    /// <summary>Takes one token from the caller's bucket; lets the request through if Redis fails.</summary>
    public async ValueTask<Decision> TryAcquireAsync(string partition)
    {
        try
        {
            var connection = await ConnectionAsync();
            var result = await connection.GetDatabase().ScriptEvaluateAsync(TokenBucketScript,
                [new RedisKey(_prefix + partition)], [_rate, _burst]);
            var answer = (RedisResult[])result!;
            return (long)answer[0] == 1
                ? Decision.Allow
                : new Decision(false, TimeSpan.FromMilliseconds((long)answer[1]));
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            WarnAtMostOncePerMinute(e);
            return Decision.Allow;
        }
    }

    /// <summary>
    /// One multiplexer for the process, made on first use. With AbortOnConnectFail off it comes back
    /// (after at most the connect timeout) even when Redis is down, and reconnects on its own.
    /// </summary>
    private async Task<ConnectionMultiplexer> ConnectionAsync()
    {
        if (_connection is { IsCompletedSuccessfully: true } ready) return ready.Result;
        await _connecting.WaitAsync();
        try
        {
            if (_connection is null || _connection.IsFaulted || _connection.IsCanceled)
                _connection = ConnectionMultiplexer.ConnectAsync(_redis);
            return await _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private void WarnAtMostOncePerMinute(Exception e)
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if (last != NeverWarned && _time.GetElapsedTime(last, now) < WarningInterval) return;
        if (Interlocked.CompareExchange(ref _lastWarning, now, last) != last) return; // another request is warning
        LogFailingOpen(e);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Rate limiting is off: Redis (rate-limit counters) does not answer, so requests are let through unlimited. Logged at most once a minute while it lasts.")]
    private partial void LogFailingOpen(Exception exception);

    public async ValueTask DisposeAsync()
    {
        if (_connection is { IsCompletedSuccessfully: true } ready) await ready.Result.DisposeAsync();
        _connecting.Dispose();
    }
}
