using Microsoft.EntityFrameworkCore;
using Union.Archives.Domain;
using Union.Archives.Persistence;
using Union.Contracts.Events.V1;
using Union.Shared.PersonalData;
using Union.Shared.Time;

namespace Union.Archives.Seed;

/// <summary>
/// Demo households for local runs (Seed:Demo=true): a few files in two cities of the demo
/// organisation tree (see docs/demo.md). Runs once: an archive that already has files is left alone.
/// </summary>
public static class DemoData
{
    public static async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<ArchivesDbContext>();
        if (await db.Households.IgnoreQueryFilters().AnyAsync()) return;
        var protector = services.GetRequiredService<PersonalDataProtector>();
        var now = TimeProvider.System.UtcNowForStorage();
        (string Org, string Name, string Id, string Phone, string Employer, HardshipCause[] Causes, long Income)[] rows =
        [
            ("51/5101/510104", "王建国", "510104197803152319", "13880001111", "成都某机械厂", [HardshipCause.Illness], 52_000),
            ("51/5101/510104", "李秀英", "510104198209214526", "13880002222", "锦江区环卫所", [HardshipCause.Education, HardshipCause.LowIncome], 61_000),
            ("51/5115/511502", "张德明", "51150219701108301X", "13990003333", "宜宾某纸业公司", [HardshipCause.Disability], 45_000),
            ("51/5115/511502", "陈桂兰", "511502198505126627", "13990004444", "翠屏区某商贸公司", [HardshipCause.AccidentOrDisaster], 70_000),
        ];
        foreach (var r in rows)
        {
            var household = Household.OpenDraft(new HouseholdDraft(
                r.Org, r.Name,
                new ProtectedValue(protector.Protect(r.Id), protector.LookupHash(r.Id), Mask.IdNumber(r.Id)),
                new ProtectedValue(protector.Protect(r.Phone), protector.LookupHash(r.Phone), Mask.Phone(r.Phone)),
                r.Employer, r.Causes, r.Income, 65_900, MigrantWorker: false), "seed", now);
            db.Households.Add(household);
            db.OpenIdentities.Add(new OpenIdentity { IdNumberHash = protector.LookupHash(r.Id), HouseholdId = household.Id, OrganisationPath = r.Org });
            db.Publish(new HouseholdRegistered { HouseholdId = household.Id.ToString(), ArchiveStatus = "DRAFT" }, r.Org);
        }
        await db.SaveChangesAsync();
    }
}
