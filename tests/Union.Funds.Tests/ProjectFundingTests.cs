using Union.Funds.Domain;
using Union.Shared.Errors;

namespace Union.Funds.Tests;

/// <summary>The tranche rules of a project's funding (001 第六条), without a database.</summary>
public sealed class ProjectFundingTests
{
    private static readonly DateTime T0 = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);
    private const long Yuan = 100;

    private static ProjectFunding Dalian(long subsidyYuan = 500_000, long? totalYuan = 1_000_000)
    {
        var funding = ProjectFunding.Start(Guid.NewGuid(), "51/5115/511502", T0);
        if (totalYuan is { } total) funding.RecordApplication(2025, total * Yuan, T0);
        funding.RecordApproval(2025, "51/5115", subsidyYuan * Yuan, T0.AddDays(10), T0);
        return funding;
    }

    private static void Release(ProjectTranche? tranche) => tranche!.MarkReleased(Guid.NewGuid(), T0);

    [Fact]
    public void Launch_and_acceptance_release_the_subsidy_and_no_more()
    {
        var funding = Dalian();

        Release(funding.Plan(TrancheStage.Launch, 200_000 * Yuan, Guid.NewGuid(), T0));
        Release(funding.Plan(TrancheStage.Acceptance, 300_000 * Yuan, Guid.NewGuid(), T0));

        Assert.Equal(500_000 * Yuan, funding.ReleasedFen);
        Assert.All(funding.Tranches, t => Assert.Null(t.Note));
    }

    [Fact]
    public void A_stage_already_planned_is_not_planned_again()
    {
        var funding = Dalian();
        Release(funding.Plan(TrancheStage.Launch, 200_000 * Yuan, Guid.NewGuid(), T0));

        Assert.Null(funding.Plan(TrancheStage.Launch, 200_000 * Yuan, Guid.NewGuid(), T0));
        Assert.Single(funding.Tranches);
    }

    [Fact]
    public void An_acceptance_asking_more_than_remains_is_cut_to_the_rest_and_flagged()
    {
        var funding = Dalian();
        Release(funding.Plan(TrancheStage.Launch, 200_000 * Yuan, Guid.NewGuid(), T0));
        funding.RecordSubsidy(400_000 * Yuan, T0.AddDays(60), T0);

        var rest = funding.Plan(TrancheStage.Acceptance, 300_000 * Yuan, Guid.NewGuid(), T0)!;

        Assert.Equal(200_000 * Yuan, rest.AmountFen);
        Assert.StartsWith("TRANCHE_EXCEEDS_SUBSIDY", rest.Note);
    }

    [Fact]
    public void Nothing_is_due_when_the_subsidy_was_already_released_in_full()
    {
        var funding = Dalian();
        Release(funding.Plan(TrancheStage.Launch, 200_000 * Yuan, Guid.NewGuid(), T0));
        funding.RecordSubsidy(200_000 * Yuan, T0.AddDays(60), T0);

        var rest = funding.Plan(TrancheStage.Acceptance, 300_000 * Yuan, Guid.NewGuid(), T0)!;

        Assert.Equal(0, rest.AmountFen);
        Assert.Equal(TrancheStatus.NothingDue, rest.Status);
        Assert.False(rest.IsDue);
    }

    [Fact]
    public void The_project_total_bounds_the_subsidy_released()
    {
        var funding = Dalian(subsidyYuan: 500_000, totalYuan: 300_000);

        var first = funding.Plan(TrancheStage.Launch, 400_000 * Yuan, Guid.NewGuid(), T0)!;

        Assert.Equal(300_000 * Yuan, first.AmountFen);
    }

    [Fact]
    public void A_pending_tranche_counts_against_the_ceiling()
    {
        var funding = Dalian();
        funding.Plan(TrancheStage.Launch, 200_000 * Yuan, Guid.NewGuid(), T0)!.MarkPending("INSUFFICIENT_FUNDS", T0);

        var rest = funding.Plan(TrancheStage.Acceptance, 500_000 * Yuan, Guid.NewGuid(), T0)!;

        Assert.Equal(300_000 * Yuan, rest.AmountFen);
        Assert.Equal(0, funding.ReleasedFen);
        Assert.Equal(500_000 * Yuan, funding.CommittedFen);
    }

    [Fact]
    public void A_retry_is_cut_to_what_an_adjustment_left()
    {
        var funding = Dalian();
        Release(funding.Plan(TrancheStage.Launch, 200_000 * Yuan, Guid.NewGuid(), T0));
        funding.Plan(TrancheStage.Acceptance, 300_000 * Yuan, Guid.NewGuid(), T0)!.MarkPending("INSUFFICIENT_FUNDS", T0);
        funding.RecordSubsidy(350_000 * Yuan, T0.AddDays(90), T0);

        var retried = funding.Retry(TrancheStage.Acceptance, T0);

        Assert.Equal(150_000 * Yuan, retried.AmountFen);
        Assert.True(retried.IsDue);
    }

    [Fact]
    public void Only_a_pending_tranche_is_retried()
    {
        var funding = Dalian();
        Release(funding.Plan(TrancheStage.Launch, 200_000 * Yuan, Guid.NewGuid(), T0));

        Assert.Equal("TRANCHE_NOT_PENDING", Assert.Throws<DomainRuleException>(() => funding.Retry(TrancheStage.Launch, T0)).Code);
        Assert.Equal("TRANCHE_NOT_FOUND", Assert.Throws<DomainRuleException>(() => funding.Retry(TrancheStage.Acceptance, T0)).Code);
    }

    [Fact]
    public void An_older_event_does_not_undo_a_newer_subsidy()
    {
        var funding = Dalian();
        funding.RecordSubsidy(400_000 * Yuan, T0.AddDays(60), T0);

        // The launch event (day 20) arrives after the adjustment (day 60).
        funding.RecordSubsidy(500_000 * Yuan, T0.AddDays(20), T0);

        Assert.Equal(400_000 * Yuan, funding.CurrentSubsidyFen);
        Assert.Equal(500_000 * Yuan, funding.ApprovedSubsidyFen);
    }

    [Fact]
    public void The_closing_return_is_at_most_what_was_released()
    {
        var funding = Dalian();
        Release(funding.Plan(TrancheStage.Launch, 200_000 * Yuan, Guid.NewGuid(), T0));

        var back = funding.PlanReturn(250_000 * Yuan, Guid.NewGuid(), T0)!;

        Assert.Equal(200_000 * Yuan, back.AmountFen);
        Assert.StartsWith("RETURN_EXCEEDS_RELEASED", back.Note);
        Assert.Null(funding.PlanReturn(1, Guid.NewGuid(), T0));
    }
}
