using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>
/// Closing (结项): final accounts that balance (001_ab13bea91fa8b22f.txt 第五条(九)), the six documents of the
/// archive (000_001fd36b94af060d.txt §四(四)7) and no open rectification; each missing piece refused by its own code.
/// </summary>
public abstract class ClosingTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private ProjectClosing.ProjectClosingClient Applicant => host.Closing(Jinjiang);
    private ProjectClosing.ProjectClosingClient Funder => host.Closing(Chengdu, Roles.Approver);

    private static readonly ArchiveDocumentKind[] AllKinds =
    [
        ArchiveDocumentKind.Application, ArchiveDocumentKind.ImplementationPlan, ArchiveDocumentKind.OrganisationList,
        ArchiveDocumentKind.MeetingRecords, ArchiveDocumentKind.EffectEvidence, ArchiveDocumentKind.EvaluationMaterials,
    ];

    private static RecordFinalAccountsRequest Accounts(string projectId, long spentSubsidy, long returned) => new()
    {
        ProjectId = projectId,
        SpentTotal = new Money { Fen = 98_000_000 },
        SpentSubsidy = new Money { Fen = spentSubsidy },
        ReturnedSubsidy = new Money { Fen = returned },
        ReportReference = "锦工决〔2027〕3号",
        ReportedOn = "2026-10-01",
    };

    private Task<ProjectArchive> FileAsync(string projectId, ArchiveDocumentKind kind) =>
        Applicant.RecordArchiveDocumentAsync(new RecordArchiveDocumentRequest { ProjectId = projectId, Kind = kind, Present = true, Reference = $"档案盒A-{(int)kind}" }).ResponseAsync;

    private Task<ProjectApplication> CloseAsync(string projectId) =>
        Funder.CloseProjectAsync(new CloseProjectRequest { ProjectId = projectId, ClosedOn = "2026-10-01" }).ResponseAsync;

    [Fact]
    public async Task A_project_closes_once_accounts_archive_and_rectifications_are_all_in_order()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Accepted);
        var id = project.ProjectId;

        Assert.Equal("FINAL_ACCOUNTS_MISSING", (await RpcAssert.Fails(StatusCode.FailedPrecondition, () => CloseAsync(id))).Code());

        var archive = await Applicant.RecordFinalAccountsAsync(Accounts(id, 38_000_000, 2_000_000));
        Assert.Equal(2_000_000, archive.FinalAccounts.ReturnedSubsidy.Fen);
        Assert.False(archive.Complete);

        var incomplete = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => CloseAsync(id));
        Assert.Equal("ARCHIVE_INCOMPLETE", incomplete.Code());
        Assert.Contains("EvaluationMaterials", incomplete.Metadata()["missing"]);

        foreach (var kind in AllKinds[..5]) archive = await FileAsync(id, kind);
        Assert.Equal([ArchiveDocumentKind.EvaluationMaterials], archive.Missing);
        var stillMissing = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => CloseAsync(id));
        Assert.Equal("EvaluationMaterials", stillMissing.Metadata()["missing"]);
        archive = await FileAsync(id, ArchiveDocumentKind.EvaluationMaterials);
        Assert.True(archive.Complete);
        Assert.Empty(archive.Missing);

        var item = (await host.FindingsAsync(id, "2026-10-01", ("绩效评价资料未签字", "2026-10-10")))[0];
        Assert.Equal("RECTIFICATIONS_OPEN", (await RpcAssert.Fails(StatusCode.FailedPrecondition, () => CloseAsync(id))).Code());
        await host.Supervision(Jinjiang).CloseRectificationAsync(new CloseRectificationRequest { RectificationId = item.RectificationId, ClosedOn = "2026-10-01", Resolution = "已补签" });

        var closed = await CloseAsync(id);

        Assert.Equal(ProjectStatus.Closed, closed.Status);
        Assert.Equal("2026-10-01", closed.ClosedOn);
        var evt = Assert.Single(await host.EventsAsync<ProjectClosed>());
        Assert.Equal(id, evt.ProjectId);
        Assert.Equal(38_000_000, evt.SpentSubsidy.Fen);
        Assert.Equal(2_000_000, evt.ReturnedSubsidy.Fen);
        var again = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => CloseAsync(id));
        Assert.Equal("PROJECT_STATUS_FORBIDS", again.Code());
    }

    [Fact]
    public async Task The_archive_lists_every_kind_present_or_missing_and_a_document_can_be_recorded_again()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);

        var empty = await host.Closing(Chengdu, Roles.Auditor).GetProjectArchiveAsync(new GetProjectArchiveRequest { ProjectId = project.ProjectId });
        Assert.Equal(AllKinds, empty.Documents.Select(d => d.Kind));
        Assert.All(empty.Documents, d => Assert.False(d.Present));
        Assert.Equal(AllKinds, empty.Missing);
        Assert.False(empty.Complete);
        Assert.Null(empty.FinalAccounts);

        var present = await FileAsync(project.ProjectId, ArchiveDocumentKind.Application);
        Assert.Equal("档案盒A-1", present.Documents[0].Reference);
        Assert.DoesNotContain(ArchiveDocumentKind.Application, present.Missing);

        var withdrawn = await Applicant.RecordArchiveDocumentAsync(new RecordArchiveDocumentRequest { ProjectId = project.ProjectId, Kind = ArchiveDocumentKind.Application, Present = false });
        Assert.False(withdrawn.Documents[0].Present);
        Assert.Equal(string.Empty, withdrawn.Documents[0].Reference);
        Assert.Contains(ArchiveDocumentKind.Application, withdrawn.Missing);
        var reread = await Applicant.GetProjectArchiveAsync(new GetProjectArchiveRequest { ProjectId = project.ProjectId });
        Assert.Equal(withdrawn.Documents, reread.Documents);
    }

    [Fact]
    public async Task Final_accounts_must_balance_against_the_released_subsidy_and_need_an_accepted_project()
    {
        var accepted = await new ProjectDriver(host).ToAsync(ProjectStatus.Accepted);
        var launched = await new ProjectDriver(host, Qingyang).ToAsync(ProjectStatus.Launched);
        var before = await host.RowCountsAsync();

        var unbalanced = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Applicant.RecordFinalAccountsAsync(Accounts(accepted.ProjectId, 38_000_000, 1_000_000)).ResponseAsync);
        Assert.Equal("FINAL_ACCOUNTS_DO_NOT_BALANCE", unbalanced.Code());
        Assert.Equal("40000000", unbalanced.Metadata()["released_fen"]);

        var notAccepted = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => host.Closing(Qingyang).RecordFinalAccountsAsync(Accounts(launched.ProjectId, 16_000_000, 0)).ResponseAsync);
        Assert.Equal("PROJECT_STATUS_FORBIDS", notAccepted.Code());

        var bad = Accounts(accepted.ProjectId, -1, 0);
        bad.ReportReference = "";
        bad.ReportedOn = "2026-10-02";
        bad.ReturnedSubsidy = null;
        await RpcAssert.InvalidArgument(() => Applicant.RecordFinalAccountsAsync(bad).ResponseAsync, "spent_subsidy", "returned_subsidy", "report_reference", "reported_on");
        await RpcAssert.InvalidArgument(() => Applicant.RecordArchiveDocumentAsync(
            new RecordArchiveDocumentRequest { ProjectId = accepted.ProjectId, Kind = ArchiveDocumentKind.Application, Present = true }).ResponseAsync, "reference");
        await RpcAssert.InvalidArgument(() => Applicant.RecordArchiveDocumentAsync(
            new RecordArchiveDocumentRequest { ProjectId = accepted.ProjectId, Present = false }).ResponseAsync, "kind");

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Only_the_funders_approvers_close_a_project()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Accepted);
        var before = await host.RowCountsAsync();

        var applicant = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Closing(Jinjiang, Roles.Approver).CloseProjectAsync(new CloseProjectRequest { ProjectId = project.ProjectId, ClosedOn = "2026-10-01" }).ResponseAsync);
        Assert.Equal("NOT_THE_FUNDER", applicant.Code());
        var caseworker = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Closing(Chengdu, Roles.Caseworker).CloseProjectAsync(new CloseProjectRequest { ProjectId = project.ProjectId, ClosedOn = "2026-10-01" }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", caseworker.Code());
        var otherCity = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Closing(Yibin, Roles.Approver).CloseProjectAsync(new CloseProjectRequest { ProjectId = project.ProjectId, ClosedOn = "2026-10-01" }).ResponseAsync);
        Assert.Equal("PROJECT_NOT_FOUND", otherCity.Code());
        await RpcAssert.InvalidArgument(() => Funder.CloseProjectAsync(new CloseProjectRequest { ProjectId = project.ProjectId, ClosedOn = "2026-10-02" }).ResponseAsync, "closed_on");

        Assert.Equal(before, await host.RowCountsAsync());
    }
}

public sealed class SqliteClosingTests(SqliteProjects host) : ClosingTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresClosingTests(PostgresProjects host) : ClosingTests(host), IClassFixture<PostgresProjects>;
