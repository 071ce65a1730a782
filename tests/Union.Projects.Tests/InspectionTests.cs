using Grpc.Core;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>
/// Inspections (督导检查, 000_001fd36b94af060d.txt §四(二)3 "及时发现整改问题"): each finding opens a
/// rectification item with its due date, announced to the other services.
/// </summary>
public abstract class InspectionTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_finding_opens_a_rectification_item_with_its_due_date_and_announces_it()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);

        var inspection = await host.FunderSupervision().RecordInspectionAsync(SupervisionKit.Inspection(project.ProjectId, "2026-10-01",
            ("救助资金发放台账不完整", "2026-10-20"), ("受助对象未张榜公示", "2026-11-15")));

        Assert.Equal(InspectionKind.Supervision, inspection.Kind);
        Assert.Equal(2, inspection.Rectifications.Count);
        Assert.All(inspection.Rectifications, r =>
        {
            Assert.Equal(RectificationSource.Inspection, r.Source);
            Assert.Equal(inspection.InspectionId, r.SourceId);
            Assert.False(r.Closed);
            Assert.False(r.Overdue);
        });
        Assert.Equal(["2026-10-20", "2026-11-15"], inspection.Rectifications.Select(r => r.DueOn));
        var reread = await host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId });
        Assert.Equal(2, reread.OpenRectifications);

        var opened = await host.EventsAsync<RectificationOpened>();
        Assert.Equal(inspection.Rectifications.Select(r => r.RectificationId).Order(), opened.Select(e => e.RectificationId).Order());
        Assert.All(opened, e => { Assert.Equal("INSPECTION", e.Source); Assert.Equal(project.ProjectId, e.ProjectId); });

        var listed = await host.Supervision(Jinjiang, Roles.Auditor).ListInspectionsAsync(new ListInspectionsRequest { ProjectId = project.ProjectId });
        var only = Assert.Single(listed.Inspections);
        Assert.Equal(inspection.InspectionId, only.InspectionId);
        Assert.Equal(inspection.Rectifications.Select(r => r.RectificationId), only.Rectifications.Select(r => r.RectificationId));
    }

    [Fact]
    public async Task A_self_inspection_without_findings_opens_nothing()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);
        var request = SupervisionKit.Inspection(project.ProjectId, "2026-10-01");
        request.Kind = InspectionKind.Self;

        var inspection = await host.Supervision(Jinjiang).RecordInspectionAsync(request);

        Assert.Equal(InspectionKind.Self, inspection.Kind);
        Assert.Empty(inspection.Rectifications);
        Assert.Empty(await host.EventsAsync<RectificationOpened>());
    }

    [Fact]
    public async Task Bad_input_and_refused_inspections_change_nothing()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);
        var submitted = await new ProjectDriver(host, Qingyang).ApplyAsync();
        var before = await host.RowCountsAsync();

        var bad = SupervisionKit.Inspection(project.ProjectId, "2026-10-02", ("", "2026-13-01"));
        bad.Inspectors = " ";
        bad.Kind = (InspectionKind)9;
        bad.SpotCheckId = Guid.NewGuid().ToString();
        await RpcAssert.InvalidArgument(() => host.FunderSupervision().RecordInspectionAsync(bad).ResponseAsync,
            "inspected_on", "inspectors", "kind", "spot_check_id", "findings[0].description", "findings[0].rectify_by");

        var dueBefore = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.FunderSupervision().RecordInspectionAsync(
            SupervisionKit.Inspection(project.ProjectId, "2026-10-01", ("台账不全", "2026-09-30"))).ResponseAsync);
        Assert.Equal("DUE_BEFORE_FINDING", dueBefore.Code());

        var notRunning = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.FunderSupervision().RecordInspectionAsync(
            SupervisionKit.Inspection(submitted.ProjectId, "2026-10-01", ("台账不全", "2026-10-30"))).ResponseAsync);
        Assert.Equal("PROJECT_NOT_RUNNING", notRunning.Code());

        var tooMany = SupervisionKit.Inspection(project.ProjectId, "2026-10-01",
            Enumerable.Range(1, 51).Select(n => ($"问题{n}", "2026-10-30")).ToArray());
        await RpcAssert.InvalidArgument(() => host.FunderSupervision().RecordInspectionAsync(tooMany).ResponseAsync, "findings");

        var auditor = await RpcAssert.Fails(StatusCode.PermissionDenied, () => host.Supervision(Chengdu, Roles.Auditor).RecordInspectionAsync(
            SupervisionKit.Inspection(project.ProjectId, "2026-10-01", ("台账不全", "2026-10-30"))).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", auditor.Code());

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Another_county_cannot_inspect_or_read_a_project_outside_its_organisation()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);

        var record = await RpcAssert.Fails(StatusCode.NotFound, () => host.Supervision(Qingyang).RecordInspectionAsync(
            SupervisionKit.Inspection(project.ProjectId, "2026-10-01")).ResponseAsync);
        var list = await RpcAssert.Fails(StatusCode.NotFound, () => host.Supervision(Qingyang).ListInspectionsAsync(
            new ListInspectionsRequest { ProjectId = project.ProjectId }).ResponseAsync);

        Assert.Equal("PROJECT_NOT_FOUND", record.Code());
        Assert.Equal("PROJECT_NOT_FOUND", list.Code());
    }

    [Fact]
    public async Task The_applicant_records_its_self_inspection_but_not_a_higher_unions_supervision()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => host.Supervision(Jinjiang).RecordInspectionAsync(
            SupervisionKit.Inspection(project.ProjectId, "2026-10-01", ("台账不全", "2026-10-30"))).ResponseAsync);

        Assert.Equal("NOT_A_HIGHER_UNION", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
        var province = await host.Supervision(Province).RecordInspectionAsync(SupervisionKit.Inspection(project.ProjectId, "2026-10-01"));
        Assert.Equal(InspectionKind.Supervision, province.Kind);
    }
}

public sealed class SqliteInspectionTests(SqliteProjects host) : InspectionTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresInspectionTests(PostgresProjects host) : InspectionTests(host), IClassFixture<PostgresProjects>;
