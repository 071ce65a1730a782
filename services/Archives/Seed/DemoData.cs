using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Domain;
using Union.Archives.Persistence;
using Union.Contracts.Events.V1;
using Union.Shared.PersonalData;
using Union.Shared.Time;

namespace Union.Archives.Seed;

/// <summary>
/// Demo households for local runs (Seed:Demo=true): files in several states in two cities of the
/// demo organisation tree (成都 51/5101 and 宜宾 51/5115, two districts each), driven through the same
/// domain rules a caseworker's calls go through. Runs once: an archive that already has files is left alone.
/// </summary>
public static class DemoData
{
    private sealed record Row(string Org, string Name, string Id, string Phone, string Employer, HardshipCause[] Causes,
        long IncomeFen, HardshipCategory Category, ArchiveStatus Target);

    private static readonly Row[] Rows =
    [
        new("51/5101/510104", "王建国", "510104197803152319", "13880001111", "成都某机械厂", [HardshipCause.Illness], 52_000, HardshipCategory.Deep, ArchiveStatus.Draft),
        new("51/5101/510104", "李秀英", "510104198209214526", "13880002222", "锦江区环卫所", [HardshipCause.Education, HardshipCause.LowIncome], 61_000, HardshipCategory.Relative, ArchiveStatus.Active),
        new("51/5101/510104", "周海", "510104197507086011", "13880005555", "锦江区某物业公司", [HardshipCause.Illness], 58_000, HardshipCategory.Deep, ArchiveStatus.InNotice),
        new("51/5101/510105", "刘芳", "51010519881123004X", "13880006666", "青羊区某餐饮店", [HardshipCause.Unemployment], 70_000, HardshipCategory.Relative, ArchiveStatus.Exited),
        new("51/5115/511502", "张德明", "51150219701108301X", "13990003333", "宜宾某纸业公司", [HardshipCause.Disability], 45_000, HardshipCategory.Deep, ArchiveStatus.Active),
        new("51/5115/511502", "陈桂兰", "511502198505126627", "13990004444", "翠屏区某商贸公司", [HardshipCause.AccidentOrDisaster], 70_000, HardshipCategory.Deep, ArchiveStatus.PhaseOut),
        new("51/5115/511502", "赵强", "511502199002143315", "13990007777", "翠屏区某建筑公司", [HardshipCause.Illness, HardshipCause.LowIncome], 50_000, HardshipCategory.Relative, ArchiveStatus.ComparisonReturned),
        new("51/5115/511503", "孙丽", "511503198703219927", "13990008888", "南溪区某纺织厂", [HardshipCause.Education], 62_000, HardshipCategory.Relative, ArchiveStatus.Applied),
    ];

    public static async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<ArchivesDbContext>();
        if (await db.Households.IgnoreQueryFilters().AnyAsync()) return;
        var protector = services.GetRequiredService<PersonalDataProtector>();
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.UtcNowForStorage();
        var today = clock.Today();
        foreach (var r in Rows)
        {
            var household = Household.OpenDraft(new HouseholdDraft(
                r.Org, r.Name,
                new ProtectedValue(protector.Protect(r.Id), protector.LookupHash(r.Id), Mask.IdNumber(r.Id)),
                new ProtectedValue(protector.Protect(r.Phone), protector.LookupHash(r.Phone), Mask.Phone(r.Phone)),
                r.Employer, r.Causes, r.IncomeFen, 65_900, MigrantWorker: false), "seed", now);
            db.Households.Add(household);
            db.Publish(new HouseholdRegistered { HouseholdId = household.Id.ToString(), ArchiveStatus = "DRAFT" }, r.Org);
            Drive(household, r, today, now);
            if (household.HoldsIdentities)
                db.OpenIdentities.Add(new OpenIdentity { IdNumberHash = household.HeadIdNumberHash, HouseholdId = household.Id, OrganisationPath = r.Org });
            if (household.Status is ArchiveStatus.Active or ArchiveStatus.PhaseOut or ArchiveStatus.Exited)
                db.Publish(new HouseholdArchived { HouseholdId = household.Id.ToString(), Category = Household.ScreamingSnake(r.Category), ArchiveStatus = "ACTIVE" }, r.Org);
            if (household.Status == ArchiveStatus.PhaseOut)
                db.Publish(new HouseholdPhaseOutStarted { HouseholdId = household.Id.ToString(), PhaseOutEndsOn = household.PhaseOutEndsOn!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ArchiveStatus = "PHASE_OUT" }, r.Org);
            if (household.Status == ArchiveStatus.Exited)
                db.Publish(new HouseholdExited { HouseholdId = household.Id.ToString(), ArchiveStatus = "EXITED" }, r.Org);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Takes a fresh draft through the closed loop of 004 Annex 2 as far as the row asks.</summary>
    private static void Drive(Household h, Row r, DateOnly today, DateTime now)
    {
        const string actor = "seed";
        if (r.Target == ArchiveStatus.Draft) return;
        h.SubmitApplication(actor, now, "职工申请", null);
        if (r.Target == ArchiveStatus.Applied) return;
        foreach (var kind in h.RequiredDocuments)
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{h.Id}/{kind}")));
            h.AttachDocument(kind, $"demo/{h.Id}/{kind}.pdf", sha, 100_000, "application/pdf", null, actor, now);
        }
        h.RecordVisit(today.AddDays(-40), VisitKind.Initial, ["李娟", "王强"], "家庭收入低于当地低保标准", null, householdNotified: true, actor, now);
        h.RecordInitialReview(true, actor, now, "基层工会初审通过", null);
        // Maker and checker are two people: the county review and the approval are recorded by others.
        h.RecordCountyReview(true, "seed-reviewer", now, "县总审核通过", null);
        var comparison = h.RequestComparison(actor, now, "核对收入与低保");
        h.RecordComparisonResult(comparison.Id, r.IncomeFen, receivesAllowance: false, medicalOutOfPocketFen: 860_000, "演示数据", actor, now);
        if (r.Target == ArchiveStatus.ComparisonReturned) return;
        h.DecideCategory(r.Category, "根据收入与致困原因认定", actor, now);
        h.Approve(today.AddDays(-30), "演示〔2026〕1号", "seed-approver", now, "集体审批通过");
        if (r.Target == ArchiveStatus.InNotice)
        {
            h.StartPublicNotice(today.AddDays(-2), today.AddDays(5), "社区公示栏", actor, now);
            return;
        }
        h.StartPublicNotice(today.AddDays(-29), today.AddDays(-22), "社区公示栏", actor, now);
        h.Archive(today, actor, now, "公示无异议", null);
        if (r.Target == ArchiveStatus.Active) return;
        h.Exit(today, actor, now, "收入稳定，符合脱困条件", null);
    }
}
