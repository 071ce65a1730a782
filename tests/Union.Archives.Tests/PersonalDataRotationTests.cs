using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Archives.Persistence;
using Union.Contracts.Archives.V1;
using Union.Shared.Auth;
using Union.Shared.PersonalData;
using Union.Testing;
using StoredHousehold = Union.Archives.Domain.Household;

namespace Union.Archives.Tests;

/// <summary>
/// Key rotation (docs/operations.md): files written under key k1, then the same database served
/// with k1 and k2 (k2 active) and rotated, after which k1 can be removed.
/// </summary>
public class PersonalDataRotationTests
{
    private const string CountyA = "51/5115/511502";
    private static readonly string LookupKey = Key("lookup");

    private static string Key(string name) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"rotation-test-{name}")));

    /// <summary>An archives host with the named keys, the first active; on a database of its own or another host's.</summary>
    private sealed class KeyedArchives : ServiceHost<Program>
    {
        private readonly Dictionary<string, string?> _settings;

        private KeyedArchives(TestDatabase database, Dictionary<string, string?> settings) : base(database) => _settings = settings;

        private KeyedArchives(TestDatabase database, string connectionString, Dictionary<string, string?> settings)
            : base(database, connectionString) => _settings = settings;

        public static KeyedArchives New(TestDatabase database, params string[] keyIds) => new(database, KeySettings(keyIds));

        public static KeyedArchives SharingDatabaseOf(KeyedArchives other, TestDatabase database, params string[] keyIds) =>
            new(database, other.ConnectionString, KeySettings(keyIds));

        protected override IDictionary<string, string?> Settings => _settings;

        private static Dictionary<string, string?> KeySettings(string[] keyIds)
        {
            var settings = keyIds.ToDictionary(id => $"PersonalData:Keys:{id}", id => (string?)Key(id));
            settings["PersonalData:ActiveKeyId"] = keyIds[0];
            settings["PersonalData:LookupKey"] = LookupKey;
            return settings;
        }
    }

    private static PersonalDataProtector ProtectorWith(params string[] keyIds) => new(new PersonalDataOptions
    {
        Keys = keyIds.ToDictionary(id => id, Key),
        ActiveKeyId = keyIds[0],
        LookupKey = LookupKey,
    });

    private sealed record Stored(string Id, int Version, DateTime UpdatedAt, string[] Values);

    private static Task<List<Stored>> StoredAsync(ServiceHost<Program> host) => host.WithDatabaseAsync(async db =>
        (await db.Set<StoredHousehold>().Include(h => h.Members).AsNoTracking().ToListAsync())
            .Select(h => new Stored(h.Id.ToString(), h.Version, h.UpdatedAt,
                new[] { h.HeadIdNumberProtected, h.HeadPhoneProtected!, h.BankCardProtected! }
                    .Concat(h.Members.OrderBy(m => m.Id).Select(m => m.IdNumberProtected)).ToArray()))
            .OrderBy(h => h.Id, StringComparer.Ordinal).ToList());

    private static async Task<int> InScopeAsync(ServiceHost<Program> host, Func<IServiceProvider, Task<int>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Values_under_the_old_key_are_re_protected_with_the_active_one_and_nothing_else_changes(TestDatabase database)
    {
        var before = KeyedArchives.New(database, "k1");
        await before.InitializeAsync();
        try
        {
            var requests = new List<CreateHouseholdRequest>();
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var request = Households.Valid();
                request.BankCard = Households.NewBankCard();
                request.Members.Add(Households.Member());
                requests.Add(request);
                ids.Add((await new HouseholdArchives.HouseholdArchivesClient(before.As(CountyA, "caseworker")).CreateHouseholdAsync(request)).HouseholdId);
            }
            var original = await StoredAsync(before);
            Assert.All(original.SelectMany(h => h.Values), v => Assert.StartsWith("v1.k1.", v));
            Assert.ThrowsAny<CryptographicException>(() => ProtectorWith("k2").Unprotect(original[0].Values[0]));

            var after = KeyedArchives.SharingDatabaseOf(before, database, "k2", "k1");
            await after.InitializeAsync();
            try
            {
                var hashesBefore = await after.WithDatabaseAsync(db => db.Set<StoredHousehold>().Include(h => h.Members)
                    .Select(h => new { h.Id, h.HeadIdNumberHash, h.HeadIdNumberMasked, h.HeadPhoneMasked, h.BankCardMasked, Members = h.Members.Select(m => m.IdNumberHash + m.IdNumberMasked).ToList() })
                    .OrderBy(h => h.Id).ToListAsync());

                // Two files a batch: three files make two batches, so the paging is exercised.
                Assert.Equal(12, await InScopeAsync(after, services => ActivatorUtilities.CreateInstance<PersonalDataRotation>(services).RotateAsync(batchSize: 2)));

                var rotated = await StoredAsync(after);
                var k2Only = ProtectorWith("k2");
                Assert.All(rotated.SelectMany(h => h.Values), v => Assert.StartsWith("v1.k2.", v));
                Assert.Equal(original.Select(h => (h.Id, h.Version, h.UpdatedAt)), rotated.Select(h => (h.Id, h.Version, h.UpdatedAt)));
                Assert.Equal(original.Select(h => h.Values.Select(ProtectorWith("k1").Unprotect).ToArray()),
                    rotated.Select(h => h.Values.Select(k2Only.Unprotect).ToArray()));
                var hashesAfter = await after.WithDatabaseAsync(db => db.Set<StoredHousehold>().Include(h => h.Members)
                    .Select(h => new { h.Id, h.HeadIdNumberHash, h.HeadIdNumberMasked, h.HeadPhoneMasked, h.BankCardMasked, Members = h.Members.Select(m => m.IdNumberHash + m.IdNumberMasked).ToList() })
                    .OrderBy(h => h.Id).ToListAsync());
                Assert.Equivalent(hashesBefore, hashesAfter, strict: true);

                var audit = await after.WithDatabaseAsync(db => db.AuditEntries.Where(a => a.Action == "PersonalDataRotated").OrderBy(a => a.Id).ToListAsync());
                Assert.Equal(2, audit.Count);
                Assert.All(audit, a => Assert.Equal("Household", a.EntityType));
                Assert.All(audit, a => Assert.Equal("rotate-personal-data", a.Actor));
                Assert.Equal(new string?[] { "8 values", "4 values" }, audit.Select(a => a.Changes));
                Assert.Equal($"{rotated[0].Id}..{rotated[1].Id}", audit[0].EntityId, ignoreCase: true);
                Assert.Equal($"{rotated[2].Id}..{rotated[2].Id}", audit[1].EntityId, ignoreCase: true);

                // Served with both keys, the files read as before: revealed in full, found by ID number.
                var client = new HouseholdArchives.HouseholdArchivesClient(after.As(CountyA, "caseworker"));
                for (var i = 0; i < requests.Count; i++)
                {
                    var data = await client.RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = ids[i], Reason = "轮换核对" });
                    Assert.Equal(requests[i].HeadIdNumber, data.HeadIdNumber);
                    Assert.Equal(requests[i].HeadPhone, data.HeadPhone);
                    Assert.Equal(requests[i].BankCard, data.BankCard);
                    Assert.Equal(requests[i].Members[0].IdNumber, Assert.Single(data.Members).IdNumber);
                    Assert.Equal(ids[i], (await client.FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = requests[i].HeadIdNumber })).HouseholdId);
                    Assert.Equal(ids[i], (await client.FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = requests[i].Members[0].IdNumber })).HouseholdId);
                }

                // A second run, through the maintenance command's entry point, re-protects nothing.
                var auditCount = await after.WithDatabaseAsync(db => db.AuditEntries.CountAsync());
                Assert.Equal(0, await InScopeAsync(after, PersonalDataRotation.RunAsync));
                Assert.Equivalent(rotated, await StoredAsync(after), strict: true);
                Assert.Equal(auditCount, await after.WithDatabaseAsync(db => db.AuditEntries.CountAsync()));
            }
            finally
            {
                await after.DisposeAsync();
            }
        }
        finally
        {
            await before.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_rotation_acts_as_the_system_whoever_the_scope_was_for()
    {
        var host = KeyedArchives.New(TestDatabase.Sqlite, "k1");
        await host.InitializeAsync();
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var rotation = ActivatorUtilities.CreateInstance<PersonalDataRotation>(scope.ServiceProvider);
            Assert.Equal(0, await rotation.RotateAsync());
            var caller = scope.ServiceProvider.GetRequiredService<CallerContext>();
            Assert.True(caller.IsSystem);
            Assert.Equal("rotate-personal-data", caller.Subject);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
