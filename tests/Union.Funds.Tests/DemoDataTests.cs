using Microsoft.EntityFrameworkCore;
using Union.Funds.Seed;

namespace Union.Funds.Tests;

public sealed class DemoDataTests(FundsHost host) : IClassFixture<FundsHost>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_demo_seed_opens_this_years_accounts_for_two_cities_once()
    {
        await host.InScopeAsync(null, (sp, _) => DemoData.SeedAsync(sp));
        await host.InScopeAsync(null, (sp, _) => DemoData.SeedAsync(sp));

        var accounts = await host.InScopeAsync(null, (_, db) => db.Accounts.AsNoTracking().ToListAsync());
        Assert.Equal(DemoData.Organisations.Length * DemoData.Sources.Length, accounts.Count(a => a.Kind == Domain.AccountKind.Earmarked));
        Assert.All(accounts, a => Assert.Equal(DateTime.UtcNow.Year, a.FiscalYear));
        Assert.Equal(DemoData.Organisations.Order(), accounts.Select(a => a.OrganisationPath).Distinct().Order());
    }

    [Fact]
    public async Task The_demo_seed_gives_each_city_money_received_a_batch_paid_and_a_decision_on_notice()
    {
        await host.InScopeAsync(null, (sp, _) => DemoData.SeedAsync(sp));
        await host.InScopeAsync(null, (sp, _) => DemoData.SeedAsync(sp));

        var (decisions, payments, entries) = await host.InScopeAsync(null, async (_, db) => (
            await db.AssistanceDecisions.IgnoreQueryFilters().AsNoTracking().ToListAsync(),
            await db.Payments.IgnoreQueryFilters().AsNoTracking().ToListAsync(),
            await db.LedgerEntries.IgnoreQueryFilters().AsNoTracking().ToListAsync()));
        Assert.Equal(4, decisions.Count);
        var paid = Assert.Single(payments, p => p.OrganisationPath == DemoData.Organisations[0]);
        Assert.Equal(Domain.PaymentStatus.Paid, paid.Status);
        Assert.Equal(2, payments.Count);
        // The ledger balances; each city's central account holds 500,000.00 received less 2,400.00 paid.
        Assert.Equal(0, entries.Sum(e => e.AmountFen));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var notices = await host.InScopeAsync(null, (_, db) => db.PublicNotices.IgnoreQueryFilters().AsNoTracking().ToListAsync());
        Assert.Equal(2, notices.Count(n => n.IsRunning(today)));
        foreach (var org in DemoData.Organisations)
        {
            var central = await host.InScopeAsync(null, (_, db) => db.Accounts.IgnoreQueryFilters().AsNoTracking()
                .SingleAsync(a => a.OrganisationPath == org && a.Source == Domain.FundSource.CentralFinance && a.Kind == Domain.AccountKind.Earmarked));
            Assert.Equal(50_000_000 - 240_000, entries.Where(e => e.AccountId == central.Id).Sum(e => e.AmountFen));
        }
    }
}
