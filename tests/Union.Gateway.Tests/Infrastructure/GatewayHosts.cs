using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Union.Shared.Auth;
using Union.Testing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Union.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway in-process (TestServer, environment Development, so development tokens are
/// accepted). Every cluster destination and every readiness address is overridden with a loopback
/// test port: by default ports where nothing listens, so no test can reach a real service. A
/// subclass is one configuration, used as a class fixture; it may start stand-in back ends first.
/// </summary>
public class GatewayHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The gRPC (h2c) port of each cluster's only destination.</summary>
    protected virtual IReadOnlyDictionary<string, int> ClusterPorts => TestPorts.DeadClusters;

    /// <summary>The port of each service's readiness address.</summary>
    protected virtual IReadOnlyDictionary<string, int> HealthPorts => TestPorts.DeadHealth;

    /// <summary>Extra configuration for this fixture (limits, origins).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Starts the stand-ins this fixture needs, on ports it has checked are free.</summary>
    protected virtual Task StartBackendsAsync() => Task.CompletedTask;

    protected virtual ValueTask StopBackendsAsync() => ValueTask.CompletedTask;

    /// <summary>Ports nothing may listen on when the fixture starts: the ones it does not serve itself.</summary>
    protected virtual IEnumerable<int> PortsThatMustBeDead => ClusterPorts.Values.Concat(HealthPorts.Values);

    public async Task InitializeAsync()
    {
        foreach (var port in PortsThatMustBeDead) await TestPorts.AssertNothingListensAsync(port);
        try
        {
            await StartBackendsAsync();
            _ = Server;
            AssertEveryBackendAddressIsATestPort();
        }
        catch
        {
            // xunit does not dispose a fixture that failed to start: free its ports here.
            await StopBackendsAsync();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var service in TestPorts.Services)
        {
            builder.UseSetting($"ReverseProxy:Clusters:{service}:Destinations:primary:Address", $"http://127.0.0.1:{ClusterPorts[service]}");
            builder.UseSetting($"Services:{service}:Health", $"http://127.0.0.1:{HealthPorts[service]}/health/ready");
        }
        // In-memory rate limiting unless a fixture names a Redis (the environment may name one).
        builder.UseSetting("Redis:Configuration", "");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ArrivalRecorder(Arrivals)));
    }

    /// <summary>
    /// What the gateway saw of each marked request (header <see cref="MarkerHeader"/>): tests of
    /// the body limit check which path they exercised.
    /// </summary>
    public ConcurrentDictionary<string, Arrival> Arrivals { get; } = new();

    public const string MarkerHeader = "x-test-marker";

    /// <summary>How a marked request arrived at the gateway and whether it got as far as the proxy.</summary>
    /// <param name="DeclaredLength">The Content-Length it declared; null for a streamed body.</param>
    /// <param name="ReachedProxy">Whether the proxy took it on; null until the gateway is done with it.</param>
    public sealed record Arrival(long? DeclaredLength, bool? ReachedProxy);

    /// <summary>Waits until the gateway is done with the marked request (its answer may reach the client first).</summary>
    public async Task<Arrival> ArrivalAsync(string marker)
    {
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Arrivals.TryGetValue(marker, out var a) && a.ReachedProxy is not null)),
            $"The gateway never finished with request {marker}.");
        return Arrivals[marker];
    }

    /// <summary>Runs first in the gateway's pipeline; changes nothing, only notes what arrived.</summary>
    private sealed class ArrivalRecorder(ConcurrentDictionary<string, Arrival> arrivals) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, following) =>
            {
                if (!http.Request.Headers.TryGetValue(MarkerHeader, out var header))
                {
                    await following(http);
                    return;
                }
                var marker = header.ToString();
                arrivals[marker] = new Arrival(http.Request.ContentLength, null);
                try
                {
                    await following(http);
                }
                finally
                {
                    // YARP sets this feature when its pipeline starts, after every gateway middleware let the request by.
                    arrivals[marker] = arrivals[marker] with { ReachedProxy = http.Features.Get<IReverseProxyFeature>() is not null };
                }
            });
            next(app);
        };
    }

    /// <summary>
    /// A guard on the fixture itself: had an override not taken, the gateway would forward to, or
    /// probe, the real services on 71xx/72xx.
    /// </summary>
    private void AssertEveryBackendAddressIsATestPort()
    {
        var proxy = Services.GetRequiredService<IProxyConfigProvider>().GetConfig();
        var destinations = proxy.Clusters.SelectMany(c => c.Destinations?.Values ?? []).Select(d => new Uri(d.Address)).ToList();
        var configuration = Services.GetRequiredService<IConfiguration>();
        var probes = configuration.GetSection("Services").GetChildren()
            .Select(s => s["Health"]).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => new Uri(u!)).ToList();
        if (destinations.Count != TestPorts.Services.Length || probes.Count != TestPorts.Services.Length)
            throw new InvalidOperationException($"Expected {TestPorts.Services.Length} destinations and readiness addresses, found {destinations.Count} and {probes.Count}.");
        foreach (var uri in destinations.Concat(probes))
        {
            if (!IPAddress.TryParse(uri.Host, out var ip) || !IPAddress.IsLoopback(ip) || !TestPorts.IsTestPort(uri.Port))
                throw new InvalidOperationException($"The gateway under test would reach {uri}, which is not a loopback test port.");
        }
    }

    /// <summary>An HTTP/1.1 client (REST, health) with the caller's bearer token, if any.</summary>
    public HttpClient Rest(string? token = null)
    {
        var http = CreateClient();
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>
    /// A client without the redirect handler of <see cref="WebApplicationFactory{T}.CreateClient()"/>,
    /// which buffers request bodies (and so gives them a length): for bodies that must arrive streamed.
    /// </summary>
    public HttpClient Streaming(string? token = null)
    {
        var http = Server.CreateClient();
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A native gRPC channel to the gateway.</summary>
    public GrpcChannel Grpc() => GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
    {
        HttpHandler = Server.CreateHandler(),
        DisposeHttpClient = true,
    });

    /// <summary>A gRPC-Web channel to the gateway, as a browser client would use it (HTTP/1.1).</summary>
    public GrpcChannel GrpcWeb() => GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
    {
        HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, Server.CreateHandler()),
        HttpVersion = HttpVersion.Version11,
        DisposeHttpClient = true,
    });

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await StopBackendsAsync();
    }
}

/// <summary>No back end runs: every service is down.</summary>
public sealed class GatewayWithoutBackends : GatewayHost;

/// <summary>An archives stand-in runs on <paramref name="archivesPort"/>; the other three services are down.</summary>
public abstract class GatewayWithArchives(int archivesPort) : GatewayHost
{
    public ArchivesBackend Archives { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, int> ClusterPorts =>
        new Dictionary<string, int>(TestPorts.DeadClusters) { ["archives"] = archivesPort };

    protected override IEnumerable<int> PortsThatMustBeDead => base.PortsThatMustBeDead.Except([archivesPort]);

    protected override async Task StartBackendsAsync() => Archives = await ArchivesBackend.StartAsync(archivesPort);

    protected override ValueTask StopBackendsAsync() => Archives?.DisposeAsync() ?? ValueTask.CompletedTask;
}

// One fixture type, one port: xunit makes a class fixture per test class, and classes run in parallel.

public sealed class GatewayForRouting() : GatewayWithArchives(TestPorts.ArchivesForRouting);

public sealed class GatewayForCorrelation() : GatewayWithArchives(TestPorts.ArchivesForCorrelation);

/// <summary>A low rate limit: a burst of 2, then 1 request a second per caller.</summary>
public sealed class GatewayWithLowRateLimit : GatewayHost
{
    public const int Burst = 2;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimiting:PermitsPerSecond"] = "1",
        ["RateLimiting:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The low rate limit of <see cref="GatewayWithLowRateLimit"/>, with the buckets in the real Redis
/// on 127.0.0.1:6379 (scripts/servers.sh start), under a key prefix of this test run's own. Two
/// fixture types, two gateways: replicas sharing one budget per caller.
/// </summary>
public abstract class GatewayWithRedisRateLimit : GatewayHost
{
    public const int Burst = 2;

    public const string Redis = "127.0.0.1:6379";

    /// <summary>Unique per test run, so runs (and leftovers of earlier ones) never share a bucket.</summary>
    public static readonly string KeyPrefix = $"union:gateway:test:{Guid.NewGuid():N}:";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimiting:PermitsPerSecond"] = "1",
        ["RateLimiting:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:RedisKeyPrefix"] = KeyPrefix,
        ["Redis:Configuration"] = Redis,
    };

    /// <summary>No stand-in to start, but a clear failure when Redis is not running.</summary>
    protected override async Task StartBackendsAsync()
    {
        try
        {
            // Generous: on a loaded two-core machine, with every test class starting at once, a
            // running Redis can take seconds to accept; only a Redis that never answers fails here.
            await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Redis + ",connectTimeout=15000,connectRetry=5");
            await redis.GetDatabase().PingAsync();
        }
        catch (StackExchange.Redis.RedisException e)
        {
            throw new InvalidOperationException($"These tests need Redis on {Redis}: start it with scripts/servers.sh start.", e);
        }
    }
}

public sealed class GatewayReplicaA : GatewayWithRedisRateLimit;

public sealed class GatewayReplicaB : GatewayWithRedisRateLimit;

/// <summary>The same low limit, with Redis named on a loopback port where nothing listens.</summary>
public sealed class GatewayWithDeadRedis : GatewayHost
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimiting:PermitsPerSecond"] = "1",
        ["RateLimiting:Burst"] = GatewayWithRedisRateLimit.Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Redis:Configuration"] = $"127.0.0.1:{TestPorts.DeadRedis}",
    };

    protected override IEnumerable<int> PortsThatMustBeDead => base.PortsThatMustBeDead.Append(TestPorts.DeadRedis);
}

/// <summary>A 1 KiB body limit, with an archives stand-in to forward the bodies under it to.</summary>
public sealed class GatewayWithSizeLimit() : GatewayWithArchives(TestPorts.ArchivesForSizeLimit)
{
    public const int MaxBodyBytes = 1024;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Limits:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>One browser origin allowed; no back end runs.</summary>
public sealed class GatewayForBrowsers : GatewayHost
{
    public const string Portal = "https://portal.example.cn";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Cors:AllowedOrigins:0"] = Portal,
    };
}

/// <summary>All four readiness addresses answer 200; no gRPC back end runs.</summary>
public sealed class GatewayWithReadyServices : GatewayHost
{
    private ReadinessListeners? _listeners;

    protected override IReadOnlyDictionary<string, int> HealthPorts => TestPorts.ReadyHealth;

    protected override IEnumerable<int> PortsThatMustBeDead => ClusterPorts.Values;

    protected override async Task StartBackendsAsync() =>
        _listeners = await ReadinessListeners.StartAsync(TestPorts.ReadyHealth.Values.ToDictionary(p => p, _ => ReadinessAnswer.Ready));

    protected override ValueTask StopBackendsAsync() => _listeners?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// Each service in a different state: archives ready, projects up but answering 503, funds
/// hanging (past the 2 s readiness timeout), evaluation not listening at all.
/// </summary>
public sealed class GatewayWithServicesNotReady : GatewayHost
{
    private ReadinessListeners? _listeners;

    protected override IReadOnlyDictionary<string, int> HealthPorts => new Dictionary<string, int>(TestPorts.DeadHealth)
    {
        ["archives"] = TestPorts.MixedHealth["archives"],
        ["projects"] = TestPorts.MixedHealth["projects"],
        ["funds"] = TestPorts.MixedHealth["funds"],
    };

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Readiness:TimeoutSeconds"] = "2",
    };

    protected override IEnumerable<int> PortsThatMustBeDead => ClusterPorts.Values.Append(HealthPorts["evaluation"]);

    protected override async Task StartBackendsAsync() => _listeners = await ReadinessListeners.StartAsync(new Dictionary<int, ReadinessAnswer>
    {
        [TestPorts.MixedHealth["archives"]] = ReadinessAnswer.Ready,
        [TestPorts.MixedHealth["projects"]] = ReadinessAnswer.NotReady,
        [TestPorts.MixedHealth["funds"]] = ReadinessAnswer.Hang,
    });

    protected override ValueTask StopBackendsAsync() => _listeners?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Tokens for the tests' callers.</summary>
public static class Callers
{
    public const string County = "51/5101/510104";

    /// <summary>A development token for a caller of its own (a fresh subject unless one is named).</summary>
    public static string Token(string? subject = null, string organisation = County) =>
        DevTokens.Mint(Tokens.Options, subject ?? $"gateway-test-{Guid.NewGuid():N}", organisation, [Roles.Caseworker]);

    public static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };
}
