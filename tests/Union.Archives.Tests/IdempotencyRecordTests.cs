using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Archives.V1;
using Union.Shared.Idempotency;
using Union.Shared.Persistence;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>What the idempotency table may hold: answers to changes only, under keyed hashes, for a limited time.</summary>
public class IdempotencyRecordTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string County = "51/5115/511502";

    private HouseholdArchives.HouseholdArchivesClient Client => new(host.As(County, "caseworker"));

    private static Metadata Key(string key) => new() { { "idempotency-key", key } };

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_reveal_under_an_idempotency_key_is_not_stored_and_every_call_is_audited()
    {
        var request = Households.Valid();
        request.BankCard = Households.NewBankCard();
        var created = await Client.CreateHouseholdAsync(request);
        var reveal = new RevealPersonalDataRequest { HouseholdId = created.HouseholdId, Reason = "发放核对" };

        await Client.RevealPersonalDataAsync(reveal, Key("reveal-1"));
        var again = await Client.RevealPersonalDataAsync(reveal, Key("reveal-1"));

        Assert.Equal(request.HeadIdNumber, again.HeadIdNumber);
        Assert.Equal(0, await host.WithDatabaseAsync(db => db.IdempotencyRecords.CountAsync()));
        Assert.Equal(2, await host.WithDatabaseAsync(db => db.AuditEntries.CountAsync(a => a.Action == "UnmaskedRead")));
    }

    [Fact]
    public async Task A_search_by_ID_number_under_an_idempotency_key_is_not_stored()
    {
        var request = Households.Valid();
        await Client.CreateHouseholdAsync(request);
        await Client.FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = request.HeadIdNumber }, Key("find-1"));
        Assert.Equal(0, await host.WithDatabaseAsync(db => db.IdempotencyRecords.CountAsync()));
    }

    [Fact]
    public async Task The_stored_hashes_are_keyed_not_plain_SHA_256_of_the_request()
    {
        var request = Households.Valid();
        await Client.CreateHouseholdAsync(request, Key("keyed-1"));

        var record = await host.WithDatabaseAsync(db => db.IdempotencyRecords.SingleAsync());
        var plain = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Convert.ToBase64String(request.ToByteArray()))));
        var plainBytes = Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray()));
        Assert.NotEqual(plain, record.RequestHash);
        Assert.NotEqual(plainBytes, record.RequestHash);
        var plainKey = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"test-caseworker@{County}\n{County}\n/union.archives.v1.HouseholdArchives/CreateHousehold\nkeyed-1")));
        Assert.NotEqual(plainKey, record.Key);
        // Still a replay: the same request under the same key answers the first file.
        var first = await Client.CreateHouseholdAsync(request, Key("keyed-1"));
        Assert.Equal(1, await host.WithDatabaseAsync(db => db.Set<Domain.Household>().CountAsync()));
        Assert.NotEmpty(first.HouseholdId);
    }

    [Fact]
    public async Task Records_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        await Client.CreateHouseholdAsync(Households.Valid(), Key("fresh-1"));
        await host.WithDatabaseAsync(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Key = new string('a', 64), Method = "/union.archives.v1.HouseholdArchives/CreateHousehold", RequestHash = new string('b', 64),
                Response = [], CreatedAt = DateTime.UtcNow.AddDays(-3),
            });
            await db.SaveChangesAsync();
        });

        var deleted = await host.Services.GetRequiredService<IdempotencyCleanup>().DeleteExpiredAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        var left = await host.WithDatabaseAsync(db => db.IdempotencyRecords.ToListAsync());
        Assert.Single(left);
        Assert.NotEqual(new string('a', 64), left[0].Key);
    }

    [Fact]
    public async Task An_expired_key_not_yet_cleaned_up_is_free_again()
    {
        var first = await Client.CreateHouseholdAsync(Households.Valid(), Key("expiring-1"));
        await host.WithDatabaseAsync(async db =>
        {
            await db.IdempotencyRecords.ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, DateTime.UtcNow.AddDays(-3)));
        });
        var second = await Client.CreateHouseholdAsync(Households.Valid(), Key("expiring-1"));
        Assert.NotEqual(first.HouseholdId, second.HouseholdId);
    }
}
