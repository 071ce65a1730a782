using System.Net;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>A host whose Redis (the shared cache) does not answer: nothing listens on its port.</summary>
public sealed class ArchivesWithRedisDown() : ServiceHost<Program>(TestDatabase.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=300,syncTimeout=300,asyncTimeout=300,abortConnect=false,connectRetry=0",
    };
}

/// <summary>
/// Redis is a cache: without it a service is slower, not broken. If readiness followed Redis, one
/// Redis outage would take every pod of every service out of its Service at once.
/// </summary>
public class RedisDownTests(ArchivesWithRedisDown host) : IClassFixture<ArchivesWithRedisDown>
{
    [Fact]
    public async Task A_service_stays_ready_while_Redis_is_down()
    {
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Files_are_created_changed_and_read_while_Redis_is_down()
    {
        var client = new HouseholdArchives.HouseholdArchivesClient(host.As("51/5115/511502", "caseworker"));
        var created = await client.CreateHouseholdAsync(Households.Valid());
        Assert.Equal(created.HouseholdId, (await client.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId })).HouseholdId);
        await client.UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = created.HouseholdId, UpdateMask = { "employer" }, Employer = "宜宾某机械厂", Reason = "单位变更",
        });
        Assert.Equal("宜宾某机械厂", (await client.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId })).Employer);
    }
}
