using Union.Projects.Domain;
using Union.Shared.Errors;

namespace Union.Projects.Tests;

/// <summary>The application rules that need no database: deadlines, who funds whom, sub-kinds and the subsidy cap.</summary>
public class ApplicationDomainTests
{
    private static readonly DateTime Now = new(2026, 10, 1, 2, 0, 0, DateTimeKind.Utc);

    private static FundingRound Round(ApplicationKind kind, int year = 2027, string funder = Applications.Chengdu, DateOnly? dueOn = null) =>
        FundingRound.Open(funder, year, kind, dueOn, kind == ApplicationKind.Emergency ? "地震" : null, "", ReviewWeights.Default, "t", Now);

    private static ProjectApplicationDraft Draft(string applicant = Applications.Jinjiang, ProjectCategory category = ProjectCategory.Medical,
        ProjectSubcategory sub = ProjectSubcategory.None, long subsidyFen = 40_000_000) => new(
        applicant, ProjectLevel.County, category, sub, "项目", "背景", new ProjectContent("对象", "方式", "目标", "标准", "范围"),
        [("节点", new DateOnly(2027, 3, 31))],
        [new BudgetLine(FundSource.ProvincialFinance, 60_000_000), new BudgetLine(FundSource.UnionFunds, 40_000_000)],
        subsidyFen, new PerformanceTargets(5000, 120, 90), "保障", [("实施", "帮扶中心")], new ProjectContact("王芳", "028", ""));

    private static string Refusal(Action act) => Assert.Throws<DomainRuleException>(act).Code;

    [Fact]
    public void The_plans_default_deadlines_are_20_November_of_the_year_before_and_20_May_of_the_year()
    {
        // 000_001fd36b94af060d.txt §四(一)1
        Assert.Equal(new DateOnly(2026, 11, 20), Round(ApplicationKind.Annual).DueOn);
        Assert.Equal(new DateOnly(2027, 5, 20), Round(ApplicationKind.Supplementary).DueOn);
        Assert.Null(Round(ApplicationKind.Emergency).DueOn);
    }

    [Fact]
    public void The_due_day_itself_is_in_time_and_the_next_day_is_late_with_the_kinds_code()
    {
        var annual = Round(ApplicationKind.Annual);
        annual.EnsureOpenOn(new DateOnly(2026, 11, 20));
        var late = Assert.Throws<DomainRuleException>(() => annual.EnsureOpenOn(new DateOnly(2026, 11, 21)));
        Assert.Equal("ANNUAL_DEADLINE_PASSED", late.Code);
        Assert.Equal("2026-11-20", late.Metadata!["due_on"]);

        var supplementary = Round(ApplicationKind.Supplementary);
        supplementary.EnsureOpenOn(new DateOnly(2027, 5, 20));
        Assert.Equal("SUPPLEMENTARY_DEADLINE_PASSED", Refusal(() => supplementary.EnsureOpenOn(new DateOnly(2027, 5, 21))));

        Round(ApplicationKind.Emergency).EnsureOpenOn(new DateOnly(2027, 12, 31));
    }

    [Fact]
    public void A_moved_deadline_governs_and_an_emergency_round_has_none_to_move()
    {
        var annual = Round(ApplicationKind.Annual);
        annual.ChangeDeadline(new DateOnly(2026, 11, 30), "t", Now);
        annual.EnsureOpenOn(new DateOnly(2026, 11, 30));
        Assert.Equal("ANNUAL_DEADLINE_PASSED", Refusal(() => annual.EnsureOpenOn(new DateOnly(2026, 12, 1))));
        Assert.Equal("EMERGENCY_ROUND_HAS_NO_DEADLINE", Refusal(() => Round(ApplicationKind.Emergency).ChangeDeadline(new DateOnly(2027, 1, 1), "t", Now)));
        Assert.Equal("EMERGENCY_EVENT_REQUIRED", Refusal(() =>
            FundingRound.Open(Applications.Chengdu, 2027, ApplicationKind.Emergency, null, " ", "", ReviewWeights.Default, "t", Now)));
    }

    [Theory]
    [InlineData(Applications.Chengdu, Applications.Jinjiang, true)]
    [InlineData(Applications.Province, Applications.Chengdu, true)]
    [InlineData(Applications.Province, Applications.Jinjiang, false)]
    [InlineData(Applications.Chengdu, Applications.Cuiping, false)]
    [InlineData(Applications.Chengdu, Applications.Chengdu, false)]
    public void An_applicant_applies_to_its_parent_only(string funder, string applicant, bool funds) =>
        Assert.Equal(funds, Round(ApplicationKind.Annual, funder: funder).IsFunderOf(applicant));

    [Theory]
    [InlineData(ProjectCategory.LivingSecurity, ProjectSubcategory.WinterWarmth, true)]
    [InlineData(ProjectCategory.LivingSecurity, ProjectSubcategory.SummerCooling, true)]
    [InlineData(ProjectCategory.LivingSecurity, ProjectSubcategory.LivingAid, true)]
    [InlineData(ProjectCategory.LivingSecurity, ProjectSubcategory.None, false)]
    [InlineData(ProjectCategory.LivingSecurity, ProjectSubcategory.ReemploymentTraining, false)]
    [InlineData(ProjectCategory.Medical, ProjectSubcategory.None, true)]
    [InlineData(ProjectCategory.Medical, ProjectSubcategory.WinterWarmth, false)]
    [InlineData(ProjectCategory.Employment, ProjectSubcategory.RecruitmentWeek, true)]
    public void A_subcategory_must_be_of_its_category(ProjectCategory category, ProjectSubcategory sub, bool fits)
    {
        Assert.Equal(fits, ProjectCategories.Fits(category, sub));
        if (!fits) Assert.Equal("SUBCATEGORY_NOT_OF_CATEGORY", Refusal(() => Project.Submit(Draft(category: category, sub: sub), Round(ApplicationKind.Annual),
            FunderRules.Defaults(Applications.Chengdu), "t", Now, new DateOnly(2026, 10, 1))));
    }

    [Theory]
    [InlineData(50, 50_000_000, null)]
    [InlineData(50, 50_000_001, "SUBSIDY_EXCEEDS_CAP")]
    [InlineData(50, 60_000_000, "SUBSIDY_EXCEEDS_CAP")]
    [InlineData(0, 100_000_000, null)]
    [InlineData(0, 100_000_001, "SUBSIDY_EXCEEDS_TOTAL")]
    [InlineData(0, 0, "AMOUNT_NOT_POSITIVE")]
    public void The_subsidy_stays_within_the_total_and_the_funders_cap(int capPercent, long subsidyFen, string? code)
    {
        // Dalian: "原则上不超过项目总投入的50%" (001_ab13bea91fa8b22f.txt 第六条); no cap when the funder sets none.
        var rules = capPercent == 0
            ? FunderRules.Defaults(Applications.Chengdu)
            : FunderRules.Set(Applications.Chengdu, capPercent, 40, 8, 15, 20, ReviewWeights.Default, 20, "t", Now);
        Assert.Equal(code, Project.SubsidyViolation(rules, 100_000_000, subsidyFen)?.Code);
    }

    [Fact]
    public void Submit_refuses_the_wrong_funder_and_a_late_application_and_files_a_good_one()
    {
        var rules = FunderRules.Defaults(Applications.Province);
        Assert.Equal("NOT_THE_APPLICANTS_FUNDER", Refusal(() =>
            Project.Submit(Draft(), Round(ApplicationKind.Annual, funder: Applications.Province), rules, "t", Now, new DateOnly(2026, 10, 1))));
        Assert.Equal("ANNUAL_DEADLINE_PASSED", Refusal(() =>
            Project.Submit(Draft(), Round(ApplicationKind.Annual), rules, "t", Now, new DateOnly(2026, 11, 21))));

        var round = Round(ApplicationKind.Annual);
        var project = Project.Submit(Draft(), round, FunderRules.Defaults(Applications.Chengdu), "t", Now, new DateOnly(2026, 11, 20));
        Assert.Equal(ProjectStatus.Submitted, project.Status);
        Assert.Equal(100_000_000, project.TotalFen);
        Assert.Equal((round.Id, Applications.Chengdu, 2027), (project.RoundId, project.FunderPath, project.Year));
    }
}
