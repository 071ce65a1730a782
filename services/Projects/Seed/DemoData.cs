using Microsoft.EntityFrameworkCore;
using Union.Projects.Domain;
using Union.Projects.Messaging;
using Union.Projects.Persistence;
using Union.Shared.Persistence;
using Union.Shared.Time;

namespace Union.Projects.Seed;

/// <summary>
/// Demo projects for local runs (Seed:Demo=true), driven through the same domain rules the RPCs
/// call: two cities (成都 51/5101 funds its districts on Dalian-style rules, 50 % cap and 40/60
/// tranches; 宜宾 51/5115 on the defaults) and the province funding a city. Last year's projects
/// are accepted and closed; this year's are in review, in the library, launched (one with a mid-term
/// report, one with an adjustment waiting for the province). Runs once: a service that already
/// holds projects is left alone.
/// </summary>
public static class DemoData
{
    private const string Actor = "seed";

    public static async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<ProjectsDbContext>();
        if (await db.Projects.IgnoreQueryFilters().AnyAsync()) return;
        var clock = services.GetRequiredService<TimeProvider>();
        var seed = new Seeder(db, clock.UtcNowForStorage(), clock.Today());
        await seed.RunAsync();
    }

    private sealed class Seeder(ProjectsDbContext db, DateTime now, DateOnly today)
    {
        private readonly int _year = today.Year;

        /// <summary>A date this year (or the given year), never after today: the demo never records the future.</summary>
        private DateOnly On(int month, int day, int? year = null) =>
            new DateOnly(year ?? _year, month, day) is var d && d > today ? today : d;

        public async Task RunAsync()
        {
            var chengduRules = FunderRules.Set("51/5101", subsidyCapPercent: 50, launchTranchePercent: 40, midTermDueMonth: 8, midTermDueDay: 15,
                adjustmentFilingPercent: 20, ReviewWeights.Default, spotCheckPercent: 20, Actor, now);
            var defaults = FunderRules.Defaults("51/5115");
            db.FunderRules.Add(chengduRules);

            var chengduLast = Round("51/5101", _year - 1, ApplicationKind.Annual);
            var chengduThis = Round("51/5101", _year, ApplicationKind.Annual);
            var yibinThis = Round("51/5115", _year, ApplicationKind.Annual);
            var provinceEmergency = Round("51", _year, ApplicationKind.Emergency, "宜宾洪涝灾害");
            var provinceDefaults = FunderRules.Defaults("51");

            // Last year, Jinjiang: a medical aid project closed with its archive complete, and golden-autumn education aid accepted.
            var closed = Apply(chengduLast, chengduRules, "51/5101/510104", ProjectCategory.Medical, ProjectSubcategory.None,
                "锦江区困难职工大病医疗二次救助项目", 100_000_000, 50_000_000, filedOn: new DateOnly(_year - 2, 11, 10));
            Approve(chengduLast, [closed], new DateOnly(_year - 1, 1, 12));
            Launch(closed, chengduRules, new DateOnly(_year - 1, 2, 20));
            Accept(closed, new DateOnly(_year - 1, 12, 10), spentTotalFen: 99_200_000);
            closed.RecordFinalAccounts(new FinalAccounts(99_200_000, 50_000_000, 0, "锦总财〔" + (_year - 1) + "〕决算12号", new DateOnly(_year - 1, 12, 20)), Actor, now);
            foreach (var kind in Enum.GetValues<ArchiveDocumentKind>())
                closed.RecordArchiveDocument(kind, true, $"锦江区总工会档案室 {_year - 1}-XM-01-{(int)kind:00}", Actor, now);
            closed.Close(new DateOnly(_year - 1, 12, 28), Actor, now);
            db.Publish(ProjectEvents.Closed(closed), closed.OrganisationPath);

            var accepted = Apply(chengduLast, chengduRules, "51/5101/510104", ProjectCategory.Education, ProjectSubcategory.None,
                "锦江区金秋助学项目", 30_000_000, 15_000_000, filedOn: new DateOnly(_year - 2, 11, 12));
            Approve(chengduLast, [accepted], new DateOnly(_year - 1, 1, 12));
            Launch(accepted, chengduRules, new DateOnly(_year - 1, 7, 1));
            Accept(accepted, new DateOnly(_year - 1, 11, 25), spentTotalFen: 29_000_000);

            // This year, Chengdu's districts: Qingyang's retraining launched with its mid-term report; Jinjiang's winter warmth in review.
            var launched = Apply(chengduThis, chengduRules, "51/5101/510105", ProjectCategory.VocationalTraining, ProjectSubcategory.ReemploymentTraining,
                "青羊区困难职工再就业技能培训项目", 60_000_000, 30_000_000, filedOn: new DateOnly(_year - 1, 11, 18));
            Approve(chengduThis, [launched], On(1, 15));
            Launch(launched, chengduRules, On(3, 1));
            var midTerm = Form(launched, midTerm: new MidTermDetails(21_000_000, 10_000_000, "已完成两期培训，结业182人，推荐就业97人", "培训费、教材费", On(11, 30)));
            var midTermEffect = launched.DecideForm(midTerm, true, On(8, 12), "同意", [], chengduRules, Actor, now);
            if (midTermEffect.MidTermRecorded) db.Publish(ProjectEvents.MidTermReported(launched), launched.OrganisationPath);

            var inReview = Apply(chengduThis, chengduRules, "51/5101/510104", ProjectCategory.LivingSecurity, ProjectSubcategory.WinterWarmth,
                "锦江区两节送温暖项目", 40_000_000, 20_000_000, filedOn: new DateOnly(_year - 1, 11, 19));
            var reviewer = new RoundReviewer("reviewer-1@51/5101", "评审专家甲", "51/5101");
            chengduThis.AddReviewer(reviewer, Actor, now);
            inReview.Score(reviewer, 88, 80, 76, "需求明确，发放标准需细化", chengduThis.Weights, now);

            // This year, Yibin's Cuiping: employment promotion in the library, summer cooling launched with a 25 % adjustment waiting for the province.
            var inLibrary = Apply(yibinThis, defaults, "51/5115/511502", ProjectCategory.Employment, ProjectSubcategory.EmploymentAidMonth,
                "翠屏区就业援助月专项行动", 20_000_000, 12_000_000, filedOn: new DateOnly(_year - 1, 11, 16));
            var adjusted = Apply(yibinThis, defaults, "51/5115/511502", ProjectCategory.LivingSecurity, ProjectSubcategory.SummerCooling,
                "翠屏区高温作业职工送清凉项目", 16_000_000, 8_000_000, filedOn: new DateOnly(_year - 1, 11, 16));
            Approve(yibinThis, [inLibrary, adjusted], On(1, 20));
            Launch(adjusted, defaults, On(5, 10));
            var adjustment = adjusted.RequestAdjustment(new AdjustmentRequest("持续高温天数超出预期，慰问对象由1600人增至2000人",
                "帮扶对象人数、扶助资金", 10_000_000, null, "翠屏区总工会主席办公会纪要〔" + _year + "〕9号", On(7, 20)), defaults, Actor, now);
            db.Adjustments.Add(adjustment);

            // The province's emergency round after the floods: Yibin's application, submitted.
            Apply(provinceEmergency, provinceDefaults, "51/5115", ProjectCategory.Special, ProjectSubcategory.None,
                "宜宾市洪涝灾害受灾职工临时救助项目", 50_000_000, 30_000_000, filedOn: On(7, 25));

            await db.SaveChangesAsync();
        }

        private FundingRound Round(string funder, int year, ApplicationKind kind, string? emergency = null)
        {
            var round = FundingRound.Open(funder, year, kind, null, emergency, "", ReviewWeights.Default, Actor, now);
            db.Rounds.Add(round);
            return round;
        }

        private Project Apply(FundingRound round, FunderRules rules, string org, ProjectCategory category, ProjectSubcategory subcategory,
            string title, long totalFen, long subsidyFen, DateOnly filedOn)
        {
            var union = (long)(totalFen * 0.4m);
            var project = Project.Submit(new ProjectApplicationDraft(org, org.Count(c => c == '/') == 1 ? ProjectLevel.City : ProjectLevel.County,
                category, subcategory, title,
                "经职工需求调查，辖区困难职工对该项帮扶需求集中；本级工会已有同类工作基础，具备实施条件。",
                new ProjectContent("建档困难职工及其家庭", "集中发放与上门服务相结合", "按年度计划完成帮扶任务", "按省、市标准执行", "本辖区"),
                [("摸底调查、确定帮扶对象", new DateOnly(round.Year, 3, 31)), ("集中实施", new DateOnly(round.Year, 9, 30)), ("总结验收", new DateOnly(round.Year, 12, 15))],
                [new BudgetLine(FundSource.UnionFunds, union), new BudgetLine(FundSource.ProvincialFinance, totalFen - union)],
                subsidyFen,
                new PerformanceTargets(3000, 300, 90),
                "成立项目领导小组，专款专用，经审全程监督。",
                [("策划", "保障部"), ("实施", "困难职工帮扶中心"), ("督导检查", "经审办")],
                new ProjectContact("王芳", "028-86661234", "baozhang@example.org")),
                round, rules, Actor, now, filedOn);
            db.Add(project);
            db.Publish(ProjectEvents.Submitted(project), org);
            return project;
        }

        private void Approve(FundingRound round, IReadOnlyList<Project> projects, DateOnly decidedOn)
        {
            var reviewer = new RoundReviewer($"reviewer-demo@{round.FunderPath}", "评审专家乙", round.FunderPath);
            foreach (var p in projects) p.Score(reviewer, 90, 85, 80, "同意立项", round.Weights, now);
            var decision = ApprovalDecision.Record(round, DecisionBody.ChairmanOfficeMeeting, decidedOn, $"主席办公会纪要〔{decidedOn.Year}〕3号",
                projects.Select(p => (p, p.SubsidyRequestedFen)).ToList(), [], Actor, now);
            db.Decisions.Add(decision);
            foreach (var p in projects)
            {
                db.Publish(ProjectEvents.Approved(p), p.OrganisationPath);
                p.RecordPaperCopyReceived(decidedOn.AddDays(7) > today ? decidedOn : decidedOn.AddDays(7), "区总工会主席", Actor, now);
            }
        }

        private void Launch(Project project, FunderRules rules, DateOnly launchedOn)
        {
            var form = Form(project, launch: new LaunchDetails(launchedOn, new DateOnly(project.Year, 12, 15), "项目概况及绩效预估", "按季度推进",
                "项目总预算明细见可研报告", "扶助资金全部用于直接帮扶"));
            var effect = project.DecideForm(form, true, launchedOn, "同意启动", [], rules, Actor, now);
            db.Publish(ProjectEvents.Launched(project, effect.LaunchTrancheFen!.Value), project.OrganisationPath);
        }

        private void Accept(Project project, DateOnly acceptedOn, long spentTotalFen)
        {
            var form = Form(project, acceptance: new AcceptanceDetails("按计划完成全部帮扶任务", spentTotalFen, project.CurrentSubsidyFen!.Value,
                3200, 318, 96, "困难职工获得感明显增强"));
            var effect = project.DecideForm(form, true, acceptedOn, "验收合格", [], FunderRules.Defaults(project.FunderPath), Actor, now);
            db.Publish(ProjectEvents.Accepted(project, effect.AcceptanceTrancheFen!.Value), project.OrganisationPath);
        }

        /// <summary>A form of the project, signed at all three levels.</summary>
        private ProjectForm Form(Project project, LaunchDetails? launch = null, MidTermDetails? midTerm = null, AcceptanceDetails? acceptance = null)
        {
            var form = ProjectForm.File(project, launch, midTerm, acceptance, Actor, now);
            form.Sign(SignatureLevel.ApplicantHead, "区总工会主席", "同意", Actor, now);
            form.Sign(SignatureLevel.DepartmentHead, "保障部部长", "同意", Actor, now);
            form.Sign(SignatureLevel.DepartmentLeader, "分管副主席", "同意", Actor, now);
            db.Forms.Add(form);
            return form;
        }
    }
}
