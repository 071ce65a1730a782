using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Union.Funds.Domain;
using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>
/// The funds host with the archives' PaymentDetails call replaced by <see cref="FakeArchives"/>
/// (funds' tests do not start the archives; the end-to-end suite does), and the background
/// notice dispatcher off, so tests deliver notices themselves, deterministically.
/// </summary>
public class PaymentsHost : ClockedDecisionsHost
{
    public PaymentsHost() : base(TestDatabase.Sqlite) { }

    protected PaymentsHost(TestDatabase database) : base(database) { }

    public FakeArchives Archives { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Notifications:Dispatch"] = "false" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IBankCardDirectory>(Archives);
            services.AddSingleton<IRecipientPhoneDirectory>(Archives);
        });
    }
}

public sealed class PostgresPaymentsHost() : PaymentsHost(TestDatabase.Postgres);

/// <summary>What the archives would answer: cards and phones per household, or unavailable.</summary>
public sealed class FakeArchives : IBankCardDirectory, IRecipientPhoneDirectory
{
    public ConcurrentDictionary<Guid, BankCardHolder> Cards { get; } = new();
    public ConcurrentDictionary<Guid, string> Phones { get; } = new();
    public ConcurrentQueue<string> Purposes { get; } = new();
    public volatile bool Unavailable;
    /// <summary>For tests about what happens after the export: every household has a card on file.</summary>
    public volatile bool EveryHouseholdHasACard;

    public void Reset()
    {
        EveryHouseholdHasACard = false;
        Cards.Clear();
        Phones.Clear();
        Purposes.Clear();
        Unavailable = false;
    }

    public Task<IReadOnlyDictionary<Guid, BankCardHolder>> CardsAsync(IReadOnlyCollection<Guid> householdIds, string purpose, CancellationToken cancellationToken)
    {
        if (Unavailable) throw new PaymentDetailsUnavailableException("archives down (test)");
        Purposes.Enqueue(purpose);
        if (EveryHouseholdHasACard)
            return Task.FromResult<IReadOnlyDictionary<Guid, BankCardHolder>>(householdIds.ToDictionary(h => h, h => Cards.GetValueOrDefault(h) ?? new BankCardHolder("户主", "6217000000000000000")));
        return Task.FromResult<IReadOnlyDictionary<Guid, BankCardHolder>>(householdIds.Where(Cards.ContainsKey).ToDictionary(h => h, h => Cards[h]));
    }

    public Task<IReadOnlyDictionary<Guid, string>> PhonesAsync(IReadOnlyCollection<Guid> householdIds, string purpose, CancellationToken cancellationToken)
    {
        if (Unavailable) throw new PaymentDetailsUnavailableException("archives down (test)");
        Purposes.Enqueue(purpose);
        return Task.FromResult<IReadOnlyDictionary<Guid, string>>(householdIds.Where(Phones.ContainsKey).ToDictionary(h => h, h => Phones[h]));
    }
}
