using Microsoft.EntityFrameworkCore;
using Union.Contracts.Events.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Time;
using ContractFundSource = Union.Contracts.Common.V1.FundSource;

namespace Union.Funds.Seed;

/// <summary>
/// Demo earmarked accounts for local runs (Seed:Demo=true): the current year's accounts of the
/// three fund sources the Hainan report names (central finance, provincial finance, union funds;
/// 003_eca3cf9f3ec4784d.txt) for a district union in each of two cities of the demo organisation
/// tree (the same organisations the archives demo uses). Idempotent: an account that exists is left alone.
/// </summary>
public static class DemoData
{
    public static readonly string[] Organisations = ["51/5101/510104", "51/5115/511502"];

    public static readonly FundSource[] Sources = [FundSource.CentralFinance, FundSource.ProvincialFinance, FundSource.UnionFunds];

    public static async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<FundsDbContext>();
        var now = services.GetRequiredService<TimeProvider>().UtcNowForStorage();
        var year = now.Year;
        var existing = await db.Accounts.IgnoreQueryFilters().Where(a => a.FiscalYear == year)
            .Select(a => new { a.OrganisationPath, a.Source }).ToListAsync();
        foreach (var org in Organisations)
        {
            foreach (var source in Sources)
            {
                if (existing.Any(a => a.OrganisationPath == org && a.Source == source)) continue;
                var account = FundAccount.Open(org, year, source, "seed", now);
                db.Accounts.Add(account);
                db.Publish(new FundAccountOpened { AccountId = account.Id.ToString(), FiscalYear = year, Source = (ContractFundSource)(int)source }, org);
            }
        }
        await db.SaveChangesAsync();
    }
}
