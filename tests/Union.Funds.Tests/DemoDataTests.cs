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
        Assert.Equal(DemoData.Organisations.Length * DemoData.Sources.Length, accounts.Count);
        Assert.All(accounts, a => Assert.Equal(DateTime.UtcNow.Year, a.FiscalYear));
        Assert.Equal(DemoData.Organisations.Order(), accounts.Select(a => a.OrganisationPath).Distinct().Order());
    }
}
