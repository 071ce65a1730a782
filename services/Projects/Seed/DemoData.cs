using Microsoft.EntityFrameworkCore;
using Union.Projects.Domain;
using Union.Projects.Messaging;
using Union.Projects.Persistence;

namespace Union.Projects.Seed;

/// <summary>
/// Demo project applications for local runs (Seed:Demo=true): a few applications of this year's
/// rounds by counties in two cities of the demo organisation tree (see docs/demo.md). Runs once:
/// a service that already holds applications is left alone.
/// </summary>
public static class DemoData
{
    public static async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<ProjectsDbContext>();
        if (await db.ProjectApplications.IgnoreQueryFilters().AnyAsync()) return;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var year = now.ToOffset(ApplicationDeadlines.BeijingOffset).Year;
        // Annual applications were filed in time, on 10 November of the year before; the emergency one now.
        var filedInTime = new DateTimeOffset(year - 1, 11, 10, 9, 30, 0, ApplicationDeadlines.BeijingOffset);
        (string Org, ProjectCategory Category, ApplicationKind Kind, string Title, string Background, (FundSource, long)[] Budget, int Target)[] rows =
        [
            ("51/5101/510104", ProjectCategory.Medical, ApplicationKind.Annual, "锦江区困难职工大病医疗救助项目",
                "辖区困难职工家庭因病致困比例较高，医保报销后个人自付负担仍重，需开展大病医疗二次救助。",
                [(FundSource.ProvincialFinance, 30_000_000), (FundSource.UnionFunds, 20_000_000)], 120),
            ("51/5101/510104", ProjectCategory.Education, ApplicationKind.Annual, "锦江区金秋助学项目",
                "困难职工家庭子女就读大学学费负担重，开展金秋助学，资助在读大学生。",
                [(FundSource.UnionFunds, 15_000_000)], 60),
            ("51/5115/511502", ProjectCategory.VocationalTraining, ApplicationKind.Annual, "翠屏区困难职工技能提升培训项目",
                "部分困难职工技能单一、再就业困难，组织电工、家政、电商等实用技能培训并推荐就业。",
                [(FundSource.CentralFinance, 25_000_000), (FundSource.UnionFunds, 5_000_000)], 200),
            ("51/5115/511502", ProjectCategory.Special, ApplicationKind.Emergency, "翠屏区洪涝灾害受灾职工临时救助项目",
                "突发洪涝灾害造成部分职工住房受损、临时生活困难，需应急救助。",
                [(FundSource.ProvincialFinance, 10_000_000)], 80),
        ];
        foreach (var r in rows)
        {
            var filedAt = r.Kind == ApplicationKind.Emergency ? now : filedInTime;
            var application = ProjectApplication.Submit(new ProjectApplicationDraft(
                r.Org, year, r.Category, r.Kind, r.Title, r.Background,
                r.Budget.Select(b => new BudgetLine(b.Item1, b.Item2)).ToList(), r.Target), "seed", filedAt);
            db.ProjectApplications.Add(application);
            db.Publish(ProjectEvents.Submitted(application), r.Org);
        }
        await db.SaveChangesAsync();
    }
}
