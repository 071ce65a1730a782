using Union.Projects.Domain;
using Union.Shared.Errors;

namespace Union.Projects.Tests;

/// <summary>The domain's own guards, without a host: they hold even for callers that skip the RPC validation (seeds, future commands).</summary>
public class DomainTests
{
    private static readonly DateTimeOffset InTime = new(2026, 10, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private static ProjectApplicationDraft Draft(ApplicationKind kind = ApplicationKind.Annual, params BudgetLine[] budget) => new(
        "51/5101/510104", 2027, ProjectCategory.Medical, kind, " 标题 ", "背景",
        budget.Length == 0 ? [new BudgetLine(FundSource.UnionFunds, 100)] : budget, 10);

    [Theory]
    [InlineData(ApplicationKind.Annual, "2026-11-21T00:00:00+08:00")]
    [InlineData(ApplicationKind.Supplementary, "2027-05-21T00:00:00+08:00")]
    public void Deadlines_fall_at_the_end_of_the_20th_Beijing_time(ApplicationKind kind, string firstLateInstant)
    {
        Assert.Equal(DateTimeOffset.Parse(firstLateInstant, System.Globalization.CultureInfo.InvariantCulture), ApplicationDeadlines.DueBy(kind, 2027));
    }

    [Fact]
    public void Emergency_applications_have_no_deadline_and_no_one_per_round_limit()
    {
        Assert.Null(ApplicationDeadlines.DueBy(ApplicationKind.Emergency, 2027));
        Assert.False(ProjectApplication.IsLimitedToOnePerRound(ApplicationKind.Emergency));
        Assert.True(ProjectApplication.IsLimitedToOnePerRound(ApplicationKind.Annual));
        Assert.True(ProjectApplication.IsLimitedToOnePerRound(ApplicationKind.Supplementary));
    }

    [Fact]
    public void Submit_derives_the_total_trims_the_text_and_starts_submitted()
    {
        var a = ProjectApplication.Submit(Draft(ApplicationKind.Annual, new BudgetLine(FundSource.Other, 5), new BudgetLine(FundSource.CentralFinance, 7)), "tester", InTime);

        Assert.Equal(12, a.TotalFen);
        Assert.Equal("标题", a.Title);
        Assert.Equal(ProjectStatus.Submitted, a.Status);
        Assert.Equal([FundSource.CentralFinance, FundSource.Other], a.Budget.Select(l => l.Source));
        Assert.Equal(InTime.UtcDateTime, a.CreatedAt);
    }

    [Theory]
    [InlineData("AMOUNT_NOT_POSITIVE", 0L, 0L)]
    [InlineData("DUPLICATE_FUND_SOURCE", 1L, 1L)]
    [InlineData("BUDGET_TOO_LARGE", 600_000_000_000L, 600_000_000_000L)]
    public void Submit_refuses_a_budget_that_breaks_the_rules(string code, long first, long second)
    {
        var budget = code == "DUPLICATE_FUND_SOURCE"
            ? new[] { new BudgetLine(FundSource.UnionFunds, first), new BudgetLine(FundSource.UnionFunds, second) }
            : [new BudgetLine(FundSource.UnionFunds, first), new BudgetLine(FundSource.Other, second == 0 ? 1 : second)];

        var e = Assert.Throws<DomainRuleException>(() => ProjectApplication.Submit(Draft(ApplicationKind.Annual, budget), "tester", InTime));

        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void Submit_refuses_an_empty_budget()
    {
        var draft = Draft() with { Budget = [] };

        Assert.Equal("BUDGET_REQUIRED", Assert.Throws<DomainRuleException>(() => ProjectApplication.Submit(draft, "tester", InTime)).Code);
    }
}
