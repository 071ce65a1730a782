using Google.Rpc;
using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ImplementationHelpers;

namespace Union.Projects.Tests;

/// <summary>The three signatures of a form (001 附件2–4) and the funder's decision, on SQLite and PostgreSQL.</summary>
public abstract class FormsTests(ProjectsHost host) : IAsyncLifetime
{
    private readonly ProjectDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(ProjectApplication Project, ProjectForm Form)> LaunchFormAsync()
    {
        var project = await _driver.ToAsync(ProjectStatus.InLibrary);
        return (project, await _driver.ApplicantStaff.FileLaunchFormAsync(Launch(project.ProjectId)));
    }

    private Task<ProjectForm> SignAsync(string formId, SignatureLevel level, ProjectImplementation.ProjectImplementationClient? client = null) =>
        (client ?? _driver.FunderStaff).SignFormAsync(new SignFormRequest { FormId = formId, Level = level, SignerName = "签字人" }).ResponseAsync;

    [Fact]
    public async Task A_form_with_two_of_three_signatures_is_not_accepted_and_the_project_stays_in_the_library()
    {
        var (project, form) = await LaunchFormAsync();
        await SignAsync(form.FormId, SignatureLevel.ApplicantHead, _driver.ApplicantStaff);
        await SignAsync(form.FormId, SignatureLevel.DepartmentHead);

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.FunderStaff.DecideFormAsync(
            new DecideFormRequest { FormId = form.FormId, Accept = true, DecidedOn = _driver.TodayText }).ResponseAsync);
        Assert.Equal("FORM_NOT_FULLY_SIGNED", e.Code());

        var after = await host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId });
        Assert.Equal(ProjectStatus.InLibrary, after.Status);
        Assert.Equal(0, after.Released.Fen);
        Assert.Empty(await host.EventsAsync<ProjectLaunched>());
        Assert.Equal(FormStatus.Signing, (await _driver.FunderStaff.GetFormAsync(new GetFormRequest { FormId = form.FormId })).Status);
    }

    [Fact]
    public async Task A_signature_out_of_order_is_refused()
    {
        var (_, form) = await LaunchFormAsync();
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => SignAsync(form.FormId, SignatureLevel.DepartmentHead));
        Assert.Equal("SIGNATURE_OUT_OF_ORDER", e.Code());
        Assert.Empty((await _driver.FunderStaff.GetFormAsync(new GetFormRequest { FormId = form.FormId })).Signatures);
    }

    [Fact]
    public async Task The_same_level_cannot_sign_twice()
    {
        var (_, form) = await LaunchFormAsync();
        await SignAsync(form.FormId, SignatureLevel.ApplicantHead, _driver.ApplicantStaff);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => SignAsync(form.FormId, SignatureLevel.ApplicantHead, _driver.ApplicantStaff));
        Assert.Equal("SIGNATURE_ALREADY_RECORDED", e.Code());
        Assert.Single((await _driver.FunderStaff.GetFormAsync(new GetFormRequest { FormId = form.FormId })).Signatures);
    }

    [Fact]
    public async Task Each_signature_is_recorded_with_who_recorded_it_and_when_in_order()
    {
        var (_, form) = await LaunchFormAsync();
        var subjects = new[] { "clerk@510104", "clerk@5101", "office@5101" };
        var levels = new[] { SignatureLevel.ApplicantHead, SignatureLevel.DepartmentHead, SignatureLevel.DepartmentLeader };
        var times = new List<DateTime>();
        for (var i = 0; i < 3; i++)
        {
            host.Clock.Advance(TimeSpan.FromHours(1));
            times.Add(host.Clock.GetUtcNow().UtcDateTime);
            var client = new ProjectImplementation.ProjectImplementationClient(host.AsUser(subjects[i], i == 0 ? Jinjiang : Chengdu, Roles.Caseworker));
            await SignAsync(form.FormId, levels[i], client);
        }

        var signed = await _driver.FunderStaff.GetFormAsync(new GetFormRequest { FormId = form.FormId });
        Assert.Equal(FormStatus.Signed, signed.Status);
        Assert.Equal(levels, signed.Signatures.Select(s => s.Level));
        Assert.Equal(subjects, signed.Signatures.Select(s => s.SignedBy));
        Assert.Equal(times, signed.Signatures.Select(s => s.SignedAt.ToDateTime()));
    }

    [Fact]
    public async Task A_second_open_form_of_the_same_kind_is_refused()
    {
        var (project, form) = await LaunchFormAsync();
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => _driver.ApplicantStaff.FileLaunchFormAsync(Launch(project.ProjectId)).ResponseAsync);
        Assert.Equal("FORM_ALREADY_OPEN", e.Code());
        Assert.Equal(form.FormId, e.Metadata()["form_id"]);
        Assert.Single((await _driver.FunderStaff.ListFormsAsync(new ListFormsRequest { ProjectId = project.ProjectId })).Forms);
    }

    [Fact]
    public async Task A_launch_form_before_the_project_is_in_the_library_is_refused()
    {
        var approved = await _driver.ToAsync(ProjectStatus.Approved);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.ApplicantStaff.FileLaunchFormAsync(Launch(approved.ProjectId)).ResponseAsync);
        Assert.Equal("PROJECT_STATUS_FORBIDS", e.Code());
        Assert.Empty((await _driver.FunderStaff.ListFormsAsync(new ListFormsRequest { ProjectId = approved.ProjectId })).Forms);
    }

    /// <summary>Dalian (001 第六条): subsidy at most 50 % of the total; 40 % released at launch, the rest at acceptance.</summary>
    [Fact]
    public async Task Dalian_tranches_release_forty_percent_at_launch_and_the_rest_at_acceptance_with_their_events()
    {
        await host.Rounds(Chengdu, Roles.Approver).SetFunderRulesAsync(new FunderRules { SubsidyCapPercent = 50 });
        var launched = await _driver.ToAsync(ProjectStatus.Launched, approvedFen: 50_000_000,
            change: r => r.SubsidyRequested = new Money { Fen = 50_000_000 });
        Assert.Equal(100_000_000, launched.Total.Fen);
        Assert.Equal(20_000_000, launched.Released.Fen);
        var launchEvent = Assert.Single(await host.EventsAsync<ProjectLaunched>());
        Assert.Equal(launched.ProjectId, launchEvent.ProjectId);
        Assert.Equal(20_000_000, launchEvent.Tranche.Fen);

        var accepted = await _driver.AdvanceAsync(launched, ProjectStatus.Accepted, approvedFen: 50_000_000);
        Assert.Equal(50_000_000, accepted.Released.Fen);
        var acceptedEvent = Assert.Single(await host.EventsAsync<ProjectAccepted>());
        Assert.Equal(30_000_000, acceptedEvent.Tranche.Fen);
        Assert.Equal(50_000_000, acceptedEvent.CurrentSubsidy.Fen);
    }

    [Fact]
    public async Task Dalian_cap_refuses_a_subsidy_above_half_the_total()
    {
        await host.Rounds(Chengdu, Roles.Approver).SetFunderRulesAsync(new FunderRules { SubsidyCapPercent = 50 });
        var e = await RpcAssert.InvalidArgument(() => _driver.ApplyAsync(change: r => r.SubsidyRequested = new Money { Fen = 50_000_001 }), "subsidy_requested");
        Assert.Equal("SUBSIDY_EXCEEDS_CAP", e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single(v => v.Field == "subsidy_requested").Reason);
    }

    [Fact]
    public async Task After_an_effective_adjustment_acceptance_releases_the_adjusted_subsidy_less_what_was_released()
    {
        var launched = await _driver.ToAsync(ProjectStatus.Launched);
        Assert.Equal(16_000_000, launched.Released.Fen);
        var adjustment = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(launched.ProjectId, 46_000_000));
        Assert.Equal(AdjustmentStatus.Filed, adjustment.Status);

        var accepted = await _driver.AdvanceAsync(launched, ProjectStatus.Accepted);
        Assert.Equal(46_000_000, accepted.Released.Fen);
        Assert.Equal(30_000_000, Assert.Single(await host.EventsAsync<ProjectAccepted>()).Tranche.Fen);
    }

    [Fact]
    public async Task An_accepted_mid_term_form_reports_the_spending()
    {
        var launched = await _driver.ToAsync(ProjectStatus.Launched);
        var form = await _driver.ApplicantStaff.FileMidTermFormAsync(MidTerm(launched.ProjectId, 50_000_000, 20_000_000));
        var decided = await _driver.SignAndDecideAsync(form.FormId);
        Assert.Equal(FormStatus.Accepted, decided.Status);

        var reported = Assert.Single(await host.EventsAsync<ProjectMidTermReported>());
        Assert.Equal(launched.ProjectId, reported.ProjectId);
        Assert.Equal(50_000_000, reported.SpentTotal.Fen);
        Assert.Equal(20_000_000, reported.SpentSubsidy.Fen);
    }
}

public sealed class SqliteFormsTests(SqliteProjects host) : FormsTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresFormsTests(PostgresProjects host) : FormsTests(host), IClassFixture<PostgresProjects>;
