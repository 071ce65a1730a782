using Grpc.Core;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ProjectsTestKit;

namespace Union.Projects.Tests;

/// <summary>
/// The collective decision (主席办公会, 000_001fd36b94af060d.txt §四(一)2; 党组会, 001_ab13bea91fa8b22f.txt
/// 第五条(四)) approves reviewed projects with a subsidy no larger than asked, or rejects them with reasons,
/// as one act.
/// </summary>
public abstract class DecisionTests(ProjectsHost host) : IAsyncLifetime
{
    private const string Today = "2026-10-01";

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private ProjectReviews.ProjectReviewsClient Funder => host.Reviews(Chengdu, Roles.Approver);

    [Fact]
    public async Task A_decision_approves_with_up_to_the_request_and_rejects_with_reasons()
    {
        var (round, approved, rejected) = await host.ReviewedPairAsync();

        var decision = await Funder.RecordApprovalDecisionAsync(Decision(round.RoundId, Today, [Approve(approved, 30_000_000)],
            [new RejectedLine { ProjectId = rejected.ProjectId, Reason = "与本年度帮扶重点不符" }]));

        var approvedNow = await host.CurrentAsync(approved);
        Assert.Equal((ProjectStatus.Approved, 30_000_000L, Today), (approvedNow.Status, approvedNow.ApprovedSubsidy.Fen, approvedNow.ApprovedOn));
        var rejectedNow = await host.CurrentAsync(rejected);
        Assert.Equal((ProjectStatus.Rejected, "与本年度帮扶重点不符"), (rejectedNow.Status, rejectedNow.RejectionReason));
        Assert.Equal(decision, await Funder.GetApprovalDecisionAsync(new GetApprovalDecisionRequest { DecisionId = decision.DecisionId }));
    }

    [Fact]
    public async Task The_approved_event_carries_category_subsidy_year_and_funder()
    {
        var (round, approved, _) = await host.ReviewedPairAsync();
        await Funder.RecordApprovalDecisionAsync(Decision(round.RoundId, Today, [Approve(approved, 35_000_000)]));

        var message = Assert.Single(await host.OutboxAsync(nameof(ProjectApproved)));
        var evt = Parse<ProjectApproved>(message);
        Assert.Equal((approved.ProjectId, "MEDICAL", 35_000_000L, 2027, Chengdu),
            (evt.ProjectId, evt.Category, evt.ApprovedSubsidy.Fen, evt.Year, evt.FunderPath));
        Assert.Equal(Jinjiang, message.OrganisationPath);
    }

    [Fact]
    public async Task The_approved_event_carries_the_committees_review_score_as_the_library_shows_it()
    {
        var (round, jinjiang, qingyang) = await host.ReviewedPairAsync();
        // A second reviewer for Jinjiang: (8550 + 6640) / 2 = 75.95 with the round's weights 40/30/30.
        await host.AddReviewerAsync(round, "r2", Chengdu);
        await host.ScoreAsync("r2", Chengdu, jinjiang.ProjectId, 61, 67, 73);
        await Funder.RecordApprovalDecisionAsync(Decision(round.RoundId, Today, [Approve(jinjiang, 35_000_000), Approve(qingyang, 10_000_000)]));

        var events = (await host.OutboxAsync(nameof(ProjectApproved))).Select(Parse<ProjectApproved>).ToDictionary(e => e.ProjectId);
        Assert.Equal("75.95", events[jinjiang.ProjectId].ReviewScore);
        Assert.Equal(7595, (await host.CurrentAsync(jinjiang)).ReviewScoreCenti);
        // The two places stay, as the library writes them.
        Assert.Equal("60.00", events[qingyang.ProjectId].ReviewScore);
    }

    [Fact]
    public async Task One_line_approving_more_than_asked_refuses_the_whole_decision()
    {
        var (round, first, second) = await host.ReviewedPairAsync();
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Funder.RecordApprovalDecisionAsync(
            Decision(round.RoundId, Today, [Approve(first, 40_000_000), Approve(second, 40_000_001)])).ResponseAsync);

        Assert.Equal("APPROVED_EXCEEDS_REQUESTED", e.Code());
        Assert.Equal(second.ProjectId, e.Metadata()["project_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(ProjectStatus.UnderReview, (await host.CurrentAsync(first)).Status);
        Assert.Empty(await host.OutboxAsync(nameof(ProjectApproved)));
    }

    [Fact]
    public async Task An_unreviewed_project_cannot_be_approved()
    {
        var (round, _, _) = await host.ReviewedPairAsync();
        var unreviewed = await host.ApplyAsync(Jinjiang, round.RoundId, ProjectCategory.LegalAid);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Funder.RecordApprovalDecisionAsync(
            Decision(round.RoundId, Today, [Approve(unreviewed, 10_000_000)])).ResponseAsync);
        Assert.Equal("PROJECT_NOT_REVIEWED", e.Code());
        Assert.Equal(ProjectStatus.Submitted, (await host.CurrentAsync(unreviewed)).Status);
    }

    [Fact]
    public async Task A_project_of_another_round_is_refused()
    {
        var (round, reviewed, _) = await host.ReviewedPairAsync();
        var supplementary = await host.OpenRoundAsync(Chengdu, 2027, ApplicationKind.Supplementary);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Funder.RecordApprovalDecisionAsync(
            Decision(supplementary.RoundId, Today, [Approve(reviewed, 10_000_000)])).ResponseAsync);
        Assert.Equal("PROJECT_NOT_IN_ROUND", e.Code());
        Assert.Equal(reviewed.ProjectId, e.Metadata()["project_id"]);
        Assert.Equal(round.RoundId, (await host.CurrentAsync(reviewed)).RoundId);
    }

    [Fact]
    public async Task Only_the_funders_deciders_record_a_decision()
    {
        var (round, project, _) = await host.ReviewedPairAsync();
        var request = Decision(round.RoundId, Today, [Approve(project, 10_000_000)]);

        Assert.Equal("ROLE_REQUIRED", (await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Reviews(Chengdu, Roles.Caseworker).RecordApprovalDecisionAsync(request).ResponseAsync)).Code());
        Assert.Equal("ROLE_REQUIRED", (await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Reviews(Chengdu, Roles.Reviewer).RecordApprovalDecisionAsync(request).ResponseAsync)).Code());
        // The applicant's own approver does not approve its project.
        Assert.Equal("ROUND_NOT_FOUND", (await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Reviews(Jinjiang, Roles.Approver).RecordApprovalDecisionAsync(request).ResponseAsync)).Code());
        Assert.Equal("ROUND_NOT_FOUND", (await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Reviews(Yibin, Roles.Admin).RecordApprovalDecisionAsync(request).ResponseAsync)).Code());
        // The province reads Chengdu's ranking but Chengdu's meeting decides.
        Assert.Equal("NOT_THE_FUNDER", (await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Reviews(Province, Roles.Approver).RecordApprovalDecisionAsync(request).ResponseAsync)).Code());
        Assert.NotEmpty((await host.Reviews(Province).RankRoundAsync(new RankRoundRequest { RoundId = round.RoundId })).Categories);

        var admin = await host.Reviews(Chengdu, Roles.Admin).RecordApprovalDecisionAsync(request);
        Assert.Single(admin.Approved);
    }

    [Fact]
    public async Task A_decision_names_a_reason_for_each_rejection_and_is_not_dated_ahead()
    {
        var (round, project, _) = await host.ReviewedPairAsync();
        var before = await host.RowCountsAsync();
        await RpcAssert.InvalidArgument(() => Funder.RecordApprovalDecisionAsync(Decision(round.RoundId, "2026-10-02", [],
            [new RejectedLine { ProjectId = project.ProjectId, Reason = " " }])).ResponseAsync, "rejected[0].reason", "decided_on");
        Assert.Equal(before, await host.RowCountsAsync());
    }
}

public sealed class SqliteDecisionTests(SqliteProjects host) : DecisionTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresDecisionTests(PostgresProjects host) : DecisionTests(host), IClassFixture<PostgresProjects>;
