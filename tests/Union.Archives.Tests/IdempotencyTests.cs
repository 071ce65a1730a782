using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>A retried request under the same idempotency key has no second effect, on every provider.</summary>
public abstract class IdempotencyTests<THost>(THost host) : IAsyncLifetime where THost : ServiceHost<Program>
{
    private const string County = "51/5115/511502";

    private HouseholdArchives.HouseholdArchivesClient Client => new(host.As(County, "caseworker"));

    private static Metadata Key(string key) => new() { { "idempotency-key", key } };

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_key_replayed_twenty_times_at_once_creates_exactly_one_file()
    {
        var request = Households.Valid();
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Client.CreateHouseholdAsync(request, Key(key)).ResponseAsync));

        Assert.Single(answers.Select(a => a.HouseholdId).Distinct());
        Assert.Equal(1, await host.WithDatabaseAsync(db => db.Set<Domain.Household>().CountAsync()));
        Assert.Equal(1, await host.WithDatabaseAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task A_replay_returns_the_first_answer()
    {
        var request = Households.Valid();
        var first = await Client.CreateHouseholdAsync(request, Key("replay-1"));
        var again = await Client.CreateHouseholdAsync(request, Key("replay-1"));
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_refused()
    {
        await Client.CreateHouseholdAsync(Households.Valid(), Key("reused-1"));
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Client.CreateHouseholdAsync(Households.Valid(), Key("reused-1")).ResponseAsync);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_refused_call_records_nothing_so_the_corrected_retry_succeeds()
    {
        var bad = Households.Valid();
        bad.HeadName = "";
        await RpcAssert.InvalidArgument(() => Client.CreateHouseholdAsync(bad, Key("fix-and-retry")).ResponseAsync, "head_name");
        Assert.Equal(0, await host.WithDatabaseAsync(db => db.IdempotencyRecords.CountAsync()));
        var good = Households.Valid();
        var created = await Client.CreateHouseholdAsync(good, Key("fix-and-retry-2"));
        Assert.NotEmpty(created.HouseholdId);
    }

    [Fact]
    public async Task Keys_of_different_callers_do_not_collide()
    {
        var mine = await Client.CreateHouseholdAsync(Households.Valid(), Key("shared-key"));
        var theirs = await new HouseholdArchives.HouseholdArchivesClient(host.As("51/5115/511503", "caseworker"))
            .CreateHouseholdAsync(Households.Valid(), Key("shared-key"));
        Assert.NotEqual(mine.HouseholdId, theirs.HouseholdId);
    }
}

public sealed class SqliteIdempotencyTests(SqliteArchives host) : IdempotencyTests<SqliteArchives>(host), IClassFixture<SqliteArchives>;

public sealed class PostgresIdempotencyTests(PostgresArchives host) : IdempotencyTests<PostgresArchives>(host), IClassFixture<PostgresArchives>;
