using Union.Projects.Domain;
using Union.Shared.Errors;

namespace Union.Projects.Tests;

/// <summary>Review, aggregate and decision rules without a database (000_001fd36b94af060d.txt §四(一)2).</summary>
public class ReviewDomainTests
{
    private static readonly DateTime Now = new(2026, 10, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 10, 1);

    private static FundingRound Round() =>
        FundingRound.Open(Applications.Chengdu, 2027, ApplicationKind.Annual, null, null, "", ReviewWeights.Default, "t", Now);

    private static Project Submitted(FundingRound round, ProjectCategory category = ProjectCategory.Medical) => Project.Submit(
        new ProjectApplicationDraft(Applications.Jinjiang, ProjectLevel.County, category, ProjectSubcategory.None, "项目", "背景",
            new ProjectContent("对象", "方式", "目标", "", ""), [("节点", new DateOnly(2027, 3, 31))],
            [new BudgetLine(FundSource.UnionFunds, 100_000_000)], 40_000_000, new PerformanceTargets(10, 5, 90), "", [("实施", "中心")],
            new ProjectContact("王芳", "028", "")),
        round, FunderRules.Defaults(Applications.Chengdu), "t", Now, Today);

    private static RoundReviewer Member(string subject, string organisation = Applications.Chengdu) => new(subject, subject, organisation);

    [Fact]
    public void Weights_are_valid_only_when_they_sum_to_100_and_weigh_each_criterion()
    {
        Assert.True(ReviewWeights.Default.IsValid);
        Assert.False(new ReviewWeights(50, 30, 30).IsValid);
        Assert.False(new ReviewWeights(110, -5, -5).IsValid);
        // 90 × 50 + 80 × 30 + 70 × 20 = 8300 hundredths = 83.00 points
        Assert.Equal(8300, new ReviewWeights(50, 30, 20).WeightedCenti(90, 80, 70));
    }

    [Fact]
    public void Below_five_scores_every_score_counts()
    {
        var (aggregate, counted) = ReviewAggregate.Compute([8300, 6000, 10000, 7900]);
        Assert.Equal((8300 + 6000 + 10000 + 7900) / 4, aggregate);
        Assert.All(counted, Assert.True);
        Assert.Equal(2, ReviewAggregate.Compute([1, 2]).AggregateCenti); // 1.5 rounds away from zero
    }

    [Fact]
    public void From_five_scores_the_single_highest_and_lowest_are_dropped()
    {
        var (aggregate, counted) = ReviewAggregate.Compute([8300, 6000, 10000, 7900, 7450]);
        Assert.Equal(7883, aggregate); // (8300 + 7900 + 7450) / 3 = 7883.33
        Assert.Equal([true, false, false, true, true], counted);

        // Ties: only one of the equal highest and one of the equal lowest is dropped.
        var tied = ReviewAggregate.Compute([7000, 7000, 9000, 9000, 8000]);
        Assert.Equal(3, tied.Counted.Count(c => c));
        Assert.Equal(8000, tied.AggregateCenti);
    }

    [Fact]
    public void Scoring_again_replaces_the_reviewers_own_score()
    {
        var project = Submitted(Round());
        project.Score(Member("a"), 90, 80, 70, "", ReviewWeights.Default, Now);
        project.Score(Member("b"), 60, 60, 60, "", ReviewWeights.Default, Now);
        project.Score(Member("a"), 50, 50, 50, "改分", ReviewWeights.Default, Now);
        Assert.Equal(2, project.ReviewCount);
        Assert.Equal(5500, project.ReviewScoreCenti);
        Assert.Equal(ProjectStatus.UnderReview, project.Status);
    }

    [Theory]
    [InlineData(Applications.Jinjiang)]
    [InlineData(Applications.Jinjiang + "/51010401")]
    public void A_reviewer_from_the_applicant_or_below_it_stands_aside(string organisation)
    {
        var project = Submitted(Round());
        var e = Assert.Throws<DomainRuleException>(() => project.Score(Member("x", organisation), 90, 90, 90, "", ReviewWeights.Default, Now));
        Assert.Equal("REVIEWER_FROM_APPLICANT", e.Code);
        // A reviewer from a sibling county or from the funder is no conflict.
        project.Score(Member("q", Applications.Qingyang), 90, 90, 90, "", ReviewWeights.Default, Now);
        project.Score(Member("c", Applications.Chengdu), 90, 90, 90, "", ReviewWeights.Default, Now);
    }

    [Fact]
    public void A_decision_approves_at_most_the_request_and_applies_all_or_nothing()
    {
        var round = Round();
        var first = Submitted(round, ProjectCategory.Medical);
        var second = Submitted(round, ProjectCategory.LegalAid);
        var unreviewed = Submitted(round, ProjectCategory.Education);
        first.Score(Member("a"), 90, 90, 90, "", ReviewWeights.Default, Now);
        second.Score(Member("a"), 90, 90, 90, "", ReviewWeights.Default, Now);

        Assert.Equal("APPROVED_EXCEEDS_REQUESTED", Assert.Throws<DomainRuleException>(() =>
            ApprovalDecision.Record(round, DecisionBody.ChairmanOfficeMeeting, Today, "纪要", [(first, 40_000_000), (second, 40_000_001)], [], "t", Now)).Code);
        Assert.Equal((ProjectStatus.UnderReview, null), (first.Status, first.ApprovedSubsidyFen)); // the good line was not applied either
        Assert.Equal("PROJECT_NOT_REVIEWED", Assert.Throws<DomainRuleException>(() =>
            ApprovalDecision.Record(round, DecisionBody.ChairmanOfficeMeeting, Today, "纪要", [(unreviewed, 1)], [], "t", Now)).Code);
        Assert.Equal("PROJECT_NOT_IN_ROUND", Assert.Throws<DomainRuleException>(() =>
            ApprovalDecision.Record(Round(), DecisionBody.ChairmanOfficeMeeting, Today, "纪要", [(first, 1)], [], "t", Now)).Code);

        var decision = ApprovalDecision.Record(round, DecisionBody.ChairmanOfficeMeeting, Today, "纪要",
            [(first, 30_000_000)], [(unreviewed, "与年度重点不符")], "t", Now);
        Assert.Equal((ProjectStatus.Approved, 30_000_000L, decision.Id), (first.Status, first.ApprovedSubsidyFen!.Value, first.DecisionId!.Value));
        Assert.Equal((ProjectStatus.Rejected, "与年度重点不符"), (unreviewed.Status, unreviewed.RejectionReason));
    }

    [Fact]
    public void The_paper_copy_puts_an_approved_project_in_the_library()
    {
        var round = Round();
        var project = Submitted(round);
        Assert.Equal("PROJECT_STATUS_FORBIDS", Assert.Throws<DomainRuleException>(() => project.RecordPaperCopyReceived(Today, "李主席", "t", Now)).Code);
        project.Score(Member("a"), 90, 90, 90, "", ReviewWeights.Default, Now);
        ApprovalDecision.Record(round, DecisionBody.PartyGroupMeeting, Today, "纪要", [(project, 40_000_000)], [], "t", Now);
        Assert.Equal(ProjectStatus.Approved, project.Status);
        project.RecordPaperCopyReceived(Today, "李主席", "t", Now);
        Assert.Equal(ProjectStatus.InLibrary, project.Status);
    }
}
