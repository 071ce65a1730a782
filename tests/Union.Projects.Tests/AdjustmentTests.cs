using Grpc.Core;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ImplementationHelpers;

namespace Union.Projects.Tests;

/// <summary>
/// 项目调整 (000 §四(二)4) over gRPC: same category only; up to 20 % of the original approved subsidy
/// (inclusive, cumulative) is filed and effective, above it waits for the province. Default project:
/// 400,000 yuan approved, launched with 160,000 released.
/// </summary>
public abstract class AdjustmentTests(ProjectsHost host) : IAsyncLifetime
{
    private readonly ProjectDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<ProjectApplication> ProjectAsync(string id) =>
        host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = id }).ResponseAsync;

    [Fact]
    public async Task Fifteen_percent_in_the_same_category_is_filed_with_the_level_above_and_takes_effect()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var adjustment = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 46_000_000));

        Assert.Equal(AdjustmentStatus.Filed, adjustment.Status);
        Assert.Equal(1500, adjustment.CumulativeChangeBasisPoints);
        Assert.Equal(Chengdu, adjustment.FiledWith.Path);
        Assert.Equal(40_000_000, adjustment.PreviousSubsidy.Fen);
        Assert.Equal(40_000_000, adjustment.OriginalSubsidy.Fen);
        var after = await ProjectAsync(project.ProjectId);
        Assert.Equal(46_000_000, after.CurrentSubsidy.Fen);
        Assert.Equal(40_000_000, after.ApprovedSubsidy.Fen);
        Assert.Empty(after.PendingAdjustmentId);
        var adjusted = Assert.Single(await host.EventsAsync<ProjectAdjusted>());
        Assert.Equal(adjustment.AdjustmentId, adjusted.AdjustmentId);
        Assert.Equal(46_000_000, adjusted.NewSubsidy.Fen);
        Assert.Equal(40_000_000, adjusted.PreviousSubsidy.Fen);
    }

    [Fact]
    public async Task Exactly_twenty_percent_is_still_filed()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var adjustment = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 48_000_000));
        Assert.Equal(AdjustmentStatus.Filed, adjustment.Status);
        Assert.Equal(2000, adjustment.CumulativeChangeBasisPoints);
        Assert.Equal(48_000_000, (await ProjectAsync(project.ProjectId)).CurrentSubsidy.Fen);
    }

    [Fact]
    public async Task Twenty_five_percent_waits_for_the_province_and_changes_nothing()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var adjustment = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 50_000_000));

        Assert.Equal(AdjustmentStatus.Pending, adjustment.Status);
        Assert.Equal(2500, adjustment.CumulativeChangeBasisPoints);
        Assert.Equal(Province, adjustment.FiledWith.Path);
        var after = await ProjectAsync(project.ProjectId);
        Assert.Equal(40_000_000, after.CurrentSubsidy.Fen);
        Assert.Equal(adjustment.AdjustmentId, after.PendingAdjustmentId);
        Assert.Empty(await host.EventsAsync<ProjectAdjusted>());

        // One pending at a time.
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 41_000_000)).ResponseAsync);
        Assert.Equal("ADJUSTMENT_PENDING", e.Code());
    }

    [Fact]
    public async Task The_province_approves_and_the_adjustment_takes_effect()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var pending = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 50_000_000));

        var approved = await host.ProvinceApprover().DecideAdjustmentAsync(Decision(pending.AdjustmentId, approve: true));
        Assert.Equal(AdjustmentStatus.Approved, approved.Status);
        Assert.Equal("川工批〔2026〕21号", approved.ProvinceReference);
        Assert.Equal("2026-10-01", approved.ProvinceDecidedOn);
        var after = await ProjectAsync(project.ProjectId);
        Assert.Equal(50_000_000, after.CurrentSubsidy.Fen);
        Assert.Empty(after.PendingAdjustmentId);
        Assert.Equal(50_000_000, Assert.Single(await host.EventsAsync<ProjectAdjusted>()).NewSubsidy.Fen);
    }

    [Fact]
    public async Task The_province_refuses_and_nothing_changes()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var pending = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 50_000_000));

        var refused = await host.ProvinceApprover().DecideAdjustmentAsync(Decision(pending.AdjustmentId, approve: false));
        Assert.Equal(AdjustmentStatus.Refused, refused.Status);
        var after = await ProjectAsync(project.ProjectId);
        Assert.Equal(40_000_000, after.CurrentSubsidy.Fen);
        Assert.Empty(after.PendingAdjustmentId);
        Assert.Empty(await host.EventsAsync<ProjectAdjusted>());

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.ProvinceApprover().DecideAdjustmentAsync(Decision(pending.AdjustmentId, approve: true)).ResponseAsync);
        Assert.Equal("ADJUSTMENT_NOT_PENDING", e.Code());
    }

    [Fact]
    public async Task The_change_is_cumulative_against_the_original_so_fifteen_then_ten_percent_waits_for_the_province()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var first = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 46_000_000));
        var second = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 50_000_000));

        Assert.Equal(AdjustmentStatus.Filed, first.Status);
        Assert.Equal(AdjustmentStatus.Pending, second.Status);
        Assert.Equal(2500, second.CumulativeChangeBasisPoints);
        Assert.Equal(46_000_000, second.PreviousSubsidy.Fen);
        Assert.Equal(46_000_000, (await ProjectAsync(project.ProjectId)).CurrentSubsidy.Fen);
        var listed = await _driver.FunderStaff.ListAdjustmentsAsync(new ListAdjustmentsRequest { ProjectId = project.ProjectId });
        Assert.Equal([first.AdjustmentId, second.AdjustmentId], listed.Adjustments.Select(a => a.AdjustmentId));
    }

    [Fact]
    public async Task The_funders_threshold_decides_what_is_filed()
    {
        await host.Rounds(Chengdu, Roles.Approver).SetFunderRulesAsync(new FunderRules { AdjustmentFilingPercent = 30 });
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var adjustment = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 50_000_000));
        Assert.Equal(AdjustmentStatus.Filed, adjustment.Status);
    }

    [Fact]
    public async Task A_change_of_category_is_refused_and_nothing_is_written()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 41_000_000, ProjectCategory.LegalAid)).ResponseAsync);
        Assert.Equal("ADJUSTMENT_CHANGES_CATEGORY", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(40_000_000, (await ProjectAsync(project.ProjectId)).CurrentSubsidy.Fen);
    }

    [Fact]
    public async Task Only_the_province_decides_an_adjustment_above_the_threshold()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var pending = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 50_000_000));

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Implementation(Chengdu, Roles.Approver).DecideAdjustmentAsync(Decision(pending.AdjustmentId, approve: true)).ResponseAsync);
        Assert.Equal("NOT_THE_PROVINCE", e.Code());
        // A caseworker at the province is no approver either.
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Implementation(Province, Roles.Caseworker).DecideAdjustmentAsync(Decision(pending.AdjustmentId, approve: true)).ResponseAsync);
        Assert.Equal(pending.AdjustmentId, (await ProjectAsync(project.ProjectId)).PendingAdjustmentId);
    }

    [Fact]
    public async Task Adjustments_are_requested_by_the_applicant_not_by_the_funder()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => _driver.FunderStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 46_000_000)).ResponseAsync);
        Assert.Equal("NOT_THE_APPLICANT", e.Code());
    }

    [Fact]
    public async Task Acceptance_is_refused_while_an_adjustment_is_pending()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 50_000_000));
        var form = await _driver.ApplicantStaff.FileAcceptanceFormAsync(new FileAcceptanceFormRequest
        {
            ProjectId = project.ProjectId,
            Details = new AcceptanceDetails
            {
                Completion = "完成", SpentTotal = new() { Fen = 98_000_000 }, SpentSubsidy = new() { Fen = 40_000_000 },
                WorkersCovered = 5200, WorkersDirectlyServed = 126, SatisfactionPercent = 95, Effect = "成效明显",
            },
        });

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.SignAndDecideAsync(form.FormId));
        Assert.Equal("ADJUSTMENT_PENDING", e.Code());
        var after = await ProjectAsync(project.ProjectId);
        Assert.Equal(ProjectStatus.Launched, after.Status);
        Assert.Equal(16_000_000, after.Released.Fen);
        Assert.Empty(await host.EventsAsync<ProjectAccepted>());
    }
}

public sealed class SqliteAdjustmentTests(SqliteProjects host) : AdjustmentTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresAdjustmentTests(PostgresProjects host) : AdjustmentTests(host), IClassFixture<PostgresProjects>;
