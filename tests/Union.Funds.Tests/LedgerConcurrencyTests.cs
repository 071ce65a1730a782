using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Testing;
using FundMovementsClient = Union.Contracts.Funds.V1.FundMovements.FundMovementsClient;
using FundSource = Union.Contracts.Common.V1.FundSource;

namespace Union.Funds.Tests;

/// <summary>
/// Postings racing each other and the year end (issue 7): a balance check and its posting are one
/// step per account, and a year closes either before a posting (which is then refused) or after it
/// (which is then carried over). Many calls are released at once; the assertions hold whatever the
/// order the database served them in.
/// </summary>
public abstract class LedgerConcurrencyTests<THost>(THost host) : IAsyncLifetime where THost : FundsHost
{
    private const string City = "51/5115";
    private const string District = "51/5115/511502";
    private const int Year = 2025;
    private const long Yuan = 100;

    public Task InitializeAsync() => host.ResetAsync();

    public async Task DisposeAsync()
    {
        // The ledger balances after every test: all entries sum to zero.
        Assert.Equal(0, await host.WithDatabaseAsync(db => db.Set<LedgerEntry>().SumAsync(e => e.AmountFen)));
    }

    private FundMovementsClient Movements() => new(host.As(City, Roles.Finance));

    private async Task<string> OpenAsync(string path, int year = Year) =>
        (await host.Client(City, Roles.Finance).OpenAccountAsync(new OpenAccountRequest { OrganisationPath = path, FiscalYear = year, Source = FundSource.CentralFinance })).AccountId;

    private Task<Movement> ReceiveAsync(string accountId, long fen) =>
        Movements().RecordReceiptAsync(new RecordReceiptRequest
        {
            ToAccountId = accountId,
            Amount = new Money { Fen = fen },
            ReceivedOn = "2025-03-10",
            ExternalPayer = new ExternalPayer { Name = "四川省财政厅", DocumentReference = "川财社〔2025〕12号" },
        }).ResponseAsync;

    private Task<Movement> TransferAsync(string from, string to, long fen) =>
        Movements().TransferAsync(new TransferRequest { FromAccountId = from, ToAccountId = to, Amount = new Money { Fen = fen }, TransferredOn = "2025-04-01" }).ResponseAsync;

    private async Task<long> BalanceAsync(string accountId) =>
        (await host.Client(City, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = accountId })).Balance.Fen;

    /// <summary>Starts every call at once and collects each one's answer or refusal.</summary>
    private static async Task<(T? Result, RpcException? Error)[]> AllAtOnceAsync<T>(int count, Func<int, Task<T>> call) where T : class
    {
        using var start = new SemaphoreSlim(0, count);
        var calls = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            try { return (Result: await call(i), Error: (RpcException?)null); }
            catch (RpcException e) { return (Result: (T?)null, Error: e); }
        })).ToList();
        start.Release(count);
        return await Task.WhenAll(calls);
    }

    [Fact]
    public async Task Concurrent_transfers_never_overdraw_the_paying_account()
    {
        var city = await OpenAsync(City);
        var district = await OpenAsync(District);
        await ReceiveAsync(city, 100_000 * Yuan);

        // Eight transfers of 30,000 yuan from 100,000: three fit.
        var results = await AllAtOnceAsync(8, _ => TransferAsync(city, district, 30_000 * Yuan));

        Assert.Equal(3, results.Count(r => r.Result is not null));
        // Refused either by the early check or, when the race got past it, by the save's check under the lock.
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Contains(r.Error!.Code(), new[] { "INSUFFICIENT_FUNDS", "INSUFFICIENT_BALANCE" }));
        Assert.Equal(10_000 * Yuan, await BalanceAsync(city));
        Assert.Equal(90_000 * Yuan, await BalanceAsync(district));
    }

    [Fact]
    public async Task Concurrent_postings_that_fit_all_pass()
    {
        var city = await OpenAsync(City);
        var district = await OpenAsync(District);
        await ReceiveAsync(city, 100_000 * Yuan);

        var results = await AllAtOnceAsync(5, _ => TransferAsync(city, district, 20_000 * Yuan));

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(0, await BalanceAsync(city));
    }

    [Fact]
    public async Task A_posting_racing_the_close_is_carried_over_or_refused_never_left_in_the_closed_year()
    {
        var city = await OpenAsync(City);
        await ReceiveAsync(city, 1_000 * Yuan);

        // Six receipts into 2025 race the close of 2025.
        var receipts = AllAtOnceAsync(6, _ => ReceiveAsync(city, 100 * Yuan));
        var closing = await Movements().CloseFiscalYearAsync(new CloseFiscalYearRequest { FiscalYear = Year });
        var results = await receipts;

        var committed = results.Count(r => r.Result is not null);
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Equal("FISCAL_YEAR_CLOSED", r.Error!.Code()));
        // Whatever committed before the close was carried over; nothing committed after it.
        Assert.Equal(0, await BalanceAsync(city));
        Assert.Equal((1_000 + 100 * committed) * Yuan, closing.CarriedOver.Fen);
        var next = await host.WithDatabaseAsync(db => db.Set<FundAccount>().IgnoreQueryFilters()
            .SingleAsync(a => a.OrganisationPath == City && a.FiscalYear == Year + 1 && a.Kind == Union.Funds.Domain.AccountKind.Earmarked));
        Assert.Equal(closing.CarriedOver.Fen, await BalanceAsync(next.Id.ToString()));
    }

    [Fact]
    public async Task The_ledger_refuses_a_covered_posting_that_a_posting_committed_meanwhile_left_short()
    {
        // Two units of work read the same balance; the second saves after the first committed.
        var city = Guid.Parse(await OpenAsync(City));
        var district = Guid.Parse(await OpenAsync(District));
        await ReceiveAsync(city.ToString(), 100 * Yuan);

        await using var first = host.Services.CreateAsyncScope();
        await using var second = host.Services.CreateAsyncScope();
        first.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("test");
        second.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("test");
        var firstLedger = first.ServiceProvider.GetRequiredService<Ledger>();
        var secondLedger = second.ServiceProvider.GetRequiredService<Ledger>();
        Assert.Equal(100 * Yuan, await firstLedger.BalanceAsync(city));
        Assert.Equal(100 * Yuan, await secondLedger.BalanceAsync(city));

        await firstLedger.PostCoveredAsync([(district, 80 * Yuan), (city, -80 * Yuan)], "下拨");
        await first.ServiceProvider.GetRequiredService<FundsDbContext>().SaveChangesAsync();
        await secondLedger.PostCoveredAsync([(district, 80 * Yuan), (city, -80 * Yuan)], "下拨");
        var e = await Assert.ThrowsAsync<Union.Shared.Errors.DomainRuleException>(() => second.ServiceProvider.GetRequiredService<FundsDbContext>().SaveChangesAsync());

        Assert.Equal("INSUFFICIENT_BALANCE", e.Code);
        Assert.Equal((20 * Yuan).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Metadata!["balance_fen"]);
        Assert.Equal(20 * Yuan, await BalanceAsync(city.ToString()));
    }
}

public sealed class SqliteLedgerConcurrencyTests(FundsHost host)
    : LedgerConcurrencyTests<FundsHost>(host), IClassFixture<FundsHost>;

public sealed class PostgresLedgerConcurrencyTests(PostgresFundsHost host)
    : LedgerConcurrencyTests<PostgresFundsHost>(host), IClassFixture<PostgresFundsHost>;
