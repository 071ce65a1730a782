using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ImplementationHelpers;

namespace Union.Projects.Tests;

/// <summary>Milestone progress (推进方案) and worker surveys (职工评价, 001 第五条(七)) over gRPC, on SQLite and PostgreSQL.</summary>
public abstract class MilestoneAndSurveyTests(ProjectsHost host) : IAsyncLifetime
{
    private readonly ProjectDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static RecordMilestoneProgressRequest Progress(string projectId, int number, int percent, string completedOn = "") => new()
    {
        ProjectId = projectId, Number = number, ProgressPercent = percent, ProgressNote = "已完成摸底", CompletedOn = completedOn,
    };

    private static RecordWorkerSurveyRequest Survey(string projectId, int sample = 200, int aware = 180, int participated = 150, int benefited = 120, int satisfied = 190) => new()
    {
        ProjectId = projectId, Method = SurveyMethod.OnSiteMeeting, SurveyedOn = "2026-10-01", SampleSize = sample,
        Aware = aware, Participated = participated, Benefited = benefited, Satisfied = satisfied, Comments = "职工普遍认可",
    };

    [Fact]
    public async Task The_applicant_records_milestone_progress_and_completion()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);

        var half = await _driver.ApplicantStaff.RecordMilestoneProgressAsync(Progress(project.ProjectId, 1, 50));
        Assert.Equal(50, half.Milestones[0].ProgressPercent);
        Assert.Equal("已完成摸底", half.Milestones[0].ProgressNote);
        Assert.Empty(half.Milestones[0].CompletedOn);

        var done = await _driver.ApplicantStaff.RecordMilestoneProgressAsync(Progress(project.ProjectId, 1, 100, "2026-09-30"));
        Assert.Equal(100, done.Milestones[0].ProgressPercent);
        Assert.Equal("2026-09-30", done.Milestones[0].CompletedOn);
        Assert.Equal(0, done.Milestones[1].ProgressPercent);
        var read = await host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId });
        Assert.Equal("2026-09-30", read.Milestones[0].CompletedOn);
    }

    [Fact]
    public async Task Milestone_progress_is_refused_without_a_completion_date_at_one_hundred_before_launch_for_an_unknown_milestone_and_from_the_funder()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        await RpcAssert.InvalidArgument(() => _driver.ApplicantStaff.RecordMilestoneProgressAsync(Progress(project.ProjectId, 1, 100)).ResponseAsync, "completed_on");
        await RpcAssert.InvalidArgument(() => _driver.ApplicantStaff.RecordMilestoneProgressAsync(Progress(project.ProjectId, 1, 100, "2026-10-02")).ResponseAsync, "completed_on");

        var unknown = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.ApplicantStaff.RecordMilestoneProgressAsync(Progress(project.ProjectId, 3, 10)).ResponseAsync);
        Assert.Equal("MILESTONE_NOT_FOUND", unknown.Code());

        var funder = await RpcAssert.Fails(StatusCode.PermissionDenied, () => _driver.FunderStaff.RecordMilestoneProgressAsync(Progress(project.ProjectId, 1, 10)).ResponseAsync);
        Assert.Equal("NOT_THE_APPLICANT", funder.Code());

        var inLibrary = await _driver.ToAsync(ProjectStatus.InLibrary, ProjectCategory.LegalAid);
        var early = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.ApplicantStaff.RecordMilestoneProgressAsync(Progress(inLibrary.ProjectId, 1, 10)).ResponseAsync);
        Assert.Equal("PROJECT_STATUS_FORBIDS", early.Code());

        var read = await host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId });
        Assert.All(read.Milestones, m => Assert.Equal(0, m.ProgressPercent));
    }

    [Fact]
    public async Task A_worker_survey_is_recorded_with_its_rates_in_basis_points_and_listed()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        host.Clock.Advance(TimeSpan.FromHours(1));
        var survey = await _driver.FunderStaff.RecordWorkerSurveyAsync(Survey(project.ProjectId));

        Assert.Equal(9000, survey.AwarenessBasisPoints);
        Assert.Equal(7500, survey.ParticipationBasisPoints);
        Assert.Equal(6000, survey.BenefitBasisPoints);
        Assert.Equal(9500, survey.SatisfactionBasisPoints);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, survey.RecordedAt.ToDateTime());
        Assert.NotEmpty(survey.RecordedBy);

        var online = await _driver.ApplicantStaff.RecordWorkerSurveyAsync(Survey(project.ProjectId, sample: 3, aware: 2, participated: 1, benefited: 0, satisfied: 3));
        Assert.Equal(6667, online.AwarenessBasisPoints);
        var listed = await host.Implementation(Jinjiang, Roles.Evaluator).ListWorkerSurveysAsync(new ListWorkerSurveysRequest { ProjectId = project.ProjectId });
        Assert.Equal(2, listed.Surveys.Count);
        Assert.Contains(listed.Surveys, s => s.SurveyId == survey.SurveyId && s.SatisfactionBasisPoints == 9500);
    }

    [Fact]
    public async Task A_worker_survey_is_refused_before_launch_and_with_counts_above_its_sample()
    {
        var inLibrary = await _driver.ToAsync(ProjectStatus.InLibrary);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.ApplicantStaff.RecordWorkerSurveyAsync(Survey(inLibrary.ProjectId)).ResponseAsync);
        Assert.Equal("PROJECT_NOT_LAUNCHED", e.Code());

        var launched = await _driver.ToAsync(ProjectStatus.Launched, ProjectCategory.LegalAid);
        var bad = await RpcAssert.InvalidArgument(() => _driver.ApplicantStaff.RecordWorkerSurveyAsync(Survey(launched.ProjectId, sample: 100, aware: 101, participated: 50, benefited: 40, satisfied: 120)).ResponseAsync,
            "aware", "satisfied");
        Assert.Equal(["aware", "satisfied"], bad.ViolatedFields());
        Assert.Empty((await _driver.ApplicantStaff.ListWorkerSurveysAsync(new ListWorkerSurveysRequest { ProjectId = launched.ProjectId })).Surveys);
    }

    [Fact]
    public async Task Bad_input_gets_field_violations_and_changes_no_table()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var pending = await _driver.ApplicantStaff.RequestAdjustmentAsync(Adjustment(project.ProjectId, 50_000_000));
        var before = await host.RowCountsAsync();
        var applicant = _driver.ApplicantStaff;

        await RpcAssert.InvalidArgument(() => applicant.RequestAdjustmentAsync(new RequestAdjustmentRequest
        {
            ProjectId = "not-an-id", NewSubsidy = new Money { Fen = -1 }, Category = (ProjectCategory)99, DecidedOn = "2026-13-01",
        }).ResponseAsync, "project_id", "reason", "changed_elements", "new_subsidy", "category", "meeting_reference", "decided_on");
        await RpcAssert.InvalidArgument(() => applicant.RequestAdjustmentAsync(Adjustment(project.ProjectId, 0, decidedOn: "2026-10-02")).ResponseAsync,
            "new_subsidy", "decided_on");
        await RpcAssert.InvalidArgument(() => host.ProvinceApprover().DecideAdjustmentAsync(new DecideAdjustmentRequest
        {
            AdjustmentId = pending.AdjustmentId, Approve = true, Comment = new string('x', 1001),
        }).ResponseAsync, "decided_on", "reference", "comment");
        await RpcAssert.InvalidArgument(() => applicant.RecordMilestoneProgressAsync(new RecordMilestoneProgressRequest
        {
            ProjectId = project.ProjectId, Number = 0, ProgressPercent = 101, CompletedOn = "yesterday",
        }).ResponseAsync, "number", "progress_percent", "completed_on");
        await RpcAssert.InvalidArgument(() => applicant.RecordWorkerSurveyAsync(new RecordWorkerSurveyRequest
        {
            ProjectId = project.ProjectId, SampleSize = 0, Aware = -1,
        }).ResponseAsync, "method", "surveyed_on", "sample_size", "aware");
        await RpcAssert.InvalidArgument(() => applicant.ListOverdueMidTermReportsAsync(new ListOverdueMidTermReportsRequest
        {
            OrganisationPath = "not a path", Year = 1999, Page = new PageRequest { PageSize = 500, PageToken = "x" },
        }).ResponseAsync, "organisation_path", "year", "page.page_size", "page.page_token");

        Assert.Equal(before, await host.RowCountsAsync());
        var after = await host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId });
        Assert.Equal(pending.AdjustmentId, after.PendingAdjustmentId);
        Assert.All(after.Milestones, m => Assert.Equal(0, m.ProgressPercent));
    }
}

public sealed class SqliteMilestoneAndSurveyTests(SqliteProjects host) : MilestoneAndSurveyTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresMilestoneAndSurveyTests(PostgresProjects host) : MilestoneAndSurveyTests(host), IClassFixture<PostgresProjects>;
