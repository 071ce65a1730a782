using System.Diagnostics;
using System.Net;
using Grpc.Core;
using StackExchange.Redis;
using Union.Contracts.Archives.V1;
using Union.Gateway.Tests.Infrastructure;
using Union.Testing;

namespace Union.Gateway.Tests;

/// <summary>
/// Two gateways (replicas) whose per-caller buckets live in the real Redis: burst 2, then 1 a
/// second, shared. A caller's requests spread over both are limited by one budget. Each test uses
/// callers of its own. A scenario that must finish before the bucket refills (1 s) is tried again
/// with a fresh caller when the machine was too slow for it.
/// </summary>
public class RedisRateLimitingTests(GatewayReplicaA a, GatewayReplicaB b)
    : IClassFixture<GatewayReplicaA>, IClassFixture<GatewayReplicaB>
{
    private static readonly TimeSpan BeforeRefill = TimeSpan.FromMilliseconds(900);
    private const int Attempts = 5;

    private static string Household() => $"/v1/households/{Guid.NewGuid()}";

    /// <summary>Runs <paramref name="scenario"/> with a fresh caller until one run takes less than a refill.</summary>
    private static async Task WithinOneRefillAsync(Func<string, Task<Action>> scenario)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var clock = Stopwatch.StartNew();
            var check = await scenario(Callers.Token());
            if (clock.Elapsed >= BeforeRefill) continue; // a token may have come back meanwhile
            check();
            return;
        }
        throw new Xunit.Sdk.XunitException($"No run out of {Attempts} finished within {BeforeRefill.TotalMilliseconds} ms.");
    }

    [Fact]
    public async Task Two_requests_on_one_gateway_spend_the_burst_and_the_third_on_the_other_is_refused()
    {
        await WithinOneRefillAsync(async token =>
        {
            using var onA = a.Rest(token);
            using var onB = b.Rest(token);
            var first = await onA.GetAsync(Household());
            var second = await onA.GetAsync(Household());
            var third = await onB.GetAsync(Household());
            var body = await third.Content.ReadAsStringAsync();
            return () =>
            {
                // The first two got as far as the (absent) service.
                Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
                Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
                Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
                Assert.True(third.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {third.Headers.RetryAfter}");
                Assert.Contains("RATE_LIMITED", body);
                Assert.Contains("union.platform", body);
            };
        });
    }

    [Fact]
    public async Task A_grpc_caller_over_the_shared_budget_gets_resource_exhausted_on_the_other_gateway()
    {
        await WithinOneRefillAsync(async token =>
        {
            using var onA = a.Rest(token);
            var spent = await Task.WhenAll(Enumerable.Range(0, GatewayWithRedisRateLimit.Burst).Select(_ => onA.GetAsync(Household())));
            using var channel = b.Grpc();
            var client = new HouseholdArchives.HouseholdArchivesClient(channel);
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                client.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }, Callers.Bearer(token)).ResponseAsync);
            return () =>
            {
                Assert.All(spent, r => Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode));
                Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
                Assert.Equal("RATE_LIMITED", refused.Code());
            };
        });
    }

    [Fact]
    public async Task Another_caller_is_not_limited_by_the_first_callers_traffic()
    {
        await WithinOneRefillAsync(async token =>
        {
            using var firstOnA = a.Rest(token);
            using var firstOnB = b.Rest(token);
            await firstOnA.GetAsync(Household());
            await firstOnB.GetAsync(Household());
            var refused = await firstOnA.GetAsync(Household());

            // The other caller's whole burst, one request on each gateway.
            var other = Callers.Token();
            using var secondOnA = a.Rest(other);
            using var secondOnB = b.Rest(other);
            var answers = await Task.WhenAll(secondOnA.GetAsync(Household()), secondOnB.GetAsync(Household()));
            return () =>
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.All(answers, r => Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode));
            };
        });
    }

    [Fact]
    public async Task The_bucket_is_a_hash_under_the_configured_prefix_that_expires()
    {
        var subject = $"gateway-test-{Guid.NewGuid():N}";
        using var http = a.Rest(Callers.Token(subject));
        Assert.Equal(HttpStatusCode.BadGateway, (await http.GetAsync(Household())).StatusCode);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(GatewayWithRedisRateLimit.Redis);
        var db = redis.GetDatabase();
        var key = $"{GatewayWithRedisRateLimit.KeyPrefix}sub:{subject}";
        var fields = await db.HashGetAllAsync(key);
        Assert.Equal(["timestamp", "tokens"], fields.Select(f => f.Name.ToString()).Order());
        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(GatewayWithRedisRateLimit.Burst + 1));
    }

    [Fact]
    public async Task Health_endpoints_are_not_rate_limited()
    {
        using var http = a.Rest();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => http.GetAsync("/health/live")));
        Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }
}

/// <summary>
/// Redis named but unreachable: the gateway lets requests through (fail open) rather than
/// refuse them all or fail them.
/// </summary>
public class RedisDownRateLimitingTests(GatewayWithDeadRedis gateway) : IClassFixture<GatewayWithDeadRedis>
{
    [Fact]
    public async Task Requests_pass_when_redis_is_unreachable()
    {
        using var http = gateway.Rest(Callers.Token());
        // Five times the burst, at once and then one by one: none is refused.
        var answers = (await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => http.GetAsync($"/v1/households/{Guid.NewGuid()}")))).ToList();
        for (var i = 0; i < 5; i++) answers.Add(await http.GetAsync($"/v1/households/{Guid.NewGuid()}"));
        Assert.All(answers, r => Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode));
    }
}
