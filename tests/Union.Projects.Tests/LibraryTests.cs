using Grpc.Core;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ProjectsTestKit;

namespace Union.Projects.Tests;

/// <summary>
/// "评审通过后，项目申报单位将纸质申报书经主要负责人签字盖章后，寄送…存档，进入…帮扶项目库"
/// (000_001fd36b94af060d.txt §四(一)2): approval alone does not put a project in the library.
/// </summary>
public abstract class LibraryTests(ProjectsHost host) : IAsyncLifetime
{
    private const string Today = "2026-10-01";

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private ProjectReviews.ProjectReviewsClient Funder => host.Reviews(Chengdu, Roles.Approver);

    [Fact]
    public async Task The_signed_paper_copy_puts_an_approved_project_in_the_library()
    {
        var (round, approved, rejected) = await host.ReviewedPairAsync();
        await Funder.RecordApprovalDecisionAsync(Decision(round.RoundId, Today, [Approve(approved, 40_000_000)],
            [new RejectedLine { ProjectId = rejected.ProjectId, Reason = "需求论证不足" }]));
        var library = new ListProjectsRequest { LibraryOnly = true };
        var funderProjects = host.Applicant(Chengdu);

        Assert.Equal(ProjectStatus.Approved, (await host.CurrentAsync(approved)).Status);
        Assert.Empty((await funderProjects.ListProjectsAsync(library)).Projects);

        var paper = new RecordPaperCopyReceivedRequest { ProjectId = approved.ProjectId, ReceivedOn = "2026-10-08", SignedByName = "李主席" };
        // The copy is sent to the funder; the applicant does not record its own copy as received.
        Assert.Equal("NOT_THE_FUNDER", (await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Reviews(Jinjiang, Roles.Caseworker).RecordPaperCopyReceivedAsync(paper).ResponseAsync)).Code());
        host.SetDate(new DateOnly(2026, 10, 8));
        var entered = await host.Reviews(Chengdu, Roles.Caseworker).RecordPaperCopyReceivedAsync(paper);
        Assert.Equal((ProjectStatus.InLibrary, "2026-10-08"), (entered.Status, entered.PaperCopyReceivedOn));

        var listed = await funderProjects.ListProjectsAsync(library);
        Assert.Equal(approved.ProjectId, Assert.Single(listed.Projects).ProjectId);
        Assert.Equal(2, (await funderProjects.ListProjectsAsync(new ListProjectsRequest())).Projects.Count);
    }

    [Fact]
    public async Task A_paper_copy_dated_before_the_decision_is_refused()
    {
        var (round, approved, _) = await host.ReviewedPairAsync();
        await Funder.RecordApprovalDecisionAsync(Decision(round.RoundId, Today, [Approve(approved, 40_000_000)]));
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.Reviews(Chengdu, Roles.Caseworker).RecordPaperCopyReceivedAsync(
            new RecordPaperCopyReceivedRequest { ProjectId = approved.ProjectId, ReceivedOn = "2026-09-30", SignedByName = "李主席" }).ResponseAsync);
        Assert.Equal("DATE_BEFORE_DECISION", e.Code());
        Assert.Equal(ProjectStatus.Approved, (await host.CurrentAsync(approved)).Status);
    }
}

public sealed class SqliteLibraryTests(SqliteProjects host) : LibraryTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresLibraryTests(PostgresProjects host) : LibraryTests(host), IClassFixture<PostgresProjects>;
