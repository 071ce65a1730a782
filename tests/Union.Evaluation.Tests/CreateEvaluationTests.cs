using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Evaluation.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Tests.Infrastructure;
using Union.Shared.Auth;
using Union.Shared.Persistence;
using Union.Testing;
using EvaluationStage = Union.Contracts.Evaluation.V1.EvaluationStage;
using SubjectKind = Union.Contracts.Evaluation.V1.SubjectKind;

namespace Union.Evaluation.Tests;

/// <summary>Starting and reading evaluations: the rules of DESIGN §3 "evaluation" and §4.</summary>
public sealed class CreateEvaluationTests(EvaluationHost host) : IClassFixture<EvaluationHost>, IAsyncLifetime
{
    private const string City = "51/5115";
    private const string County = "51/5115/511502";
    private const string OtherCounty = "51/5115/511503";
    private const string OtherCity = "51/5101";

    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_starts_a_programme_evaluation_in_self_evaluation()
    {
        var created = await host.Client(City).CreateEvaluationAsync(Requests.Programme(2024));

        Assert.Equal(City, created.Owner.Path);
        Assert.Equal("5115", created.Owner.Code);
        Assert.Equal(SubjectKind.Programme, created.SubjectKind);
        Assert.Equal(string.Empty, created.SubjectId);
        Assert.Equal(string.Empty, created.SubjectTitle);
        Assert.Equal(2024, created.Year);
        Assert.Equal("yuan-2021", created.IndicatorSystem);
        Assert.Equal(EvaluationStage.SelfEvaluation, created.Stage);
        Assert.StartsWith("test-evaluator@", created.Audit.CreatedBy);

        var fetched = await host.Client(City).GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = created.EvaluationId });
        Assert.Equal(created, fetched);
    }

    [Fact]
    public async Task Create_records_the_version_of_the_indicator_system()
    {
        var created = await host.Client(City).CreateEvaluationAsync(Requests.Programme(system: "hainan-2015"));

        Assert.Equal("hainan-2015", created.IndicatorSystem);
        var version = await host.WithDatabaseAsync(db => db.Set<PerformanceEvaluation>().Select(e => e.IndicatorSystemVersion).SingleAsync());
        Assert.Equal(1, version);
        Assert.Equal(1, created.IndicatorSystemVersion);
    }

    [Fact]
    public async Task Create_publishes_evaluation_started_through_the_outbox()
    {
        var created = await host.Client(City).CreateEvaluationAsync(Requests.Programme());

        var message = await Eventually.ReturnsAsync(
            () => host.WithDatabaseAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync()),
            m => m.PublishedAt is not null, "the outbox to publish EvaluationStarted");
        Assert.Equal("union.events.v1.EvaluationStarted", message.EventType);
        Assert.Equal(City, message.OrganisationPath);
        Assert.Contains(created.EvaluationId, message.Payload);
    }

    [Fact]
    public async Task Create_audits_who_started_the_evaluation()
    {
        var created = await host.Client(City).CreateEvaluationAsync(Requests.Programme());

        var audit = await host.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(a => a.EntityType == nameof(PerformanceEvaluation)));
        Assert.Equal(created.EvaluationId, audit.EntityId);
        Assert.Equal("Added", audit.Action);
        Assert.Equal(City, audit.ActorOrganisation);
    }

    [Fact]
    public async Task Admin_may_start_an_evaluation()
    {
        var created = await host.Client(City, Roles.Admin).CreateEvaluationAsync(Requests.Programme());
        Assert.Equal(EvaluationStage.SelfEvaluation, created.Stage);
    }

    [Fact]
    public async Task Create_is_refused_without_the_evaluator_or_admin_role()
    {
        var before = await host.RowCountsAsync();

        foreach (var role in new[] { Roles.Caseworker, Roles.Reviewer, Roles.Finance, Roles.Auditor, Roles.Worker })
        {
            var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
                () => host.Client(City, role).CreateEvaluationAsync(Requests.Programme()).ResponseAsync);
            Assert.Equal("ROLE_REQUIRED", e.Code());
        }
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_is_refused_for_an_unknown_indicator_system()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(
            () => host.Client(City).CreateEvaluationAsync(Requests.Programme(system: "sichuan-1999")).ResponseAsync, "indicator_system");

        Assert.Equal("UNKNOWN_INDICATOR_SYSTEM", Reason(e, "indicator_system"));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_reports_every_bad_field_at_once_and_writes_nothing()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(() => host.Client(City).CreateEvaluationAsync(new CreateEvaluationRequest
        {
            OrganisationPath = "51//bad path",
            SubjectKind = SubjectKind.Unspecified,
            Year = 1999,
            IndicatorSystem = "",
        }).ResponseAsync, "organisation_path", "subject_kind", "year", "indicator_system");

        Assert.Equal("INVALID_ORGANISATION_PATH", Reason(e, "organisation_path"));
        Assert.Equal("REQUIRED", Reason(e, "subject_kind"));
        Assert.Equal("OUT_OF_RANGE", Reason(e, "year"));
        Assert.Equal("REQUIRED", Reason(e, "indicator_system"));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_is_refused_for_a_project_without_a_valid_project_id()
    {
        var before = await host.RowCountsAsync();
        var request = Requests.Project(Guid.NewGuid());
        request.SubjectId = "P-2025-001";

        var e = await RpcAssert.InvalidArgument(() => host.Client(City).CreateEvaluationAsync(request).ResponseAsync, "subject_id");

        Assert.Equal("INVALID_ID", Reason(e, "subject_id"));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_is_refused_for_a_programme_that_names_a_subject_id()
    {
        var before = await host.RowCountsAsync();
        var request = Requests.Programme();
        request.SubjectId = Guid.NewGuid().ToString();

        var e = await RpcAssert.InvalidArgument(() => host.Client(City).CreateEvaluationAsync(request).ResponseAsync, "subject_id");

        Assert.Equal("NOT_ALLOWED", Reason(e, "subject_id"));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_is_refused_when_the_subject_already_has_an_evaluation_that_year()
    {
        var first = await host.Client(City).CreateEvaluationAsync(Requests.Programme(2024));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => host.Client(City).CreateEvaluationAsync(Requests.Programme(2024, system: "hainan-2015")).ResponseAsync);

        Assert.Equal("EVALUATION_EXISTS", e.Code());
        Assert.Equal(first.EvaluationId, e.Metadata()["evaluation_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task The_same_subject_may_be_evaluated_again_in_another_year()
    {
        var first = await host.Client(City).CreateEvaluationAsync(Requests.Programme(2024));
        var second = await host.Client(City).CreateEvaluationAsync(Requests.Programme(2025));

        Assert.NotEqual(first.EvaluationId, second.EvaluationId);
    }

    [Fact]
    public async Task A_project_is_evaluated_once_a_year_whichever_organisation_evaluates_it()
    {
        var projectId = Guid.NewGuid();
        await host.AddKnownProjectAsync(projectId, County);
        var byCity = await host.Client(City).CreateEvaluationAsync(Requests.Project(projectId));

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => host.Client(County).CreateEvaluationAsync(Requests.Project(projectId)).ResponseAsync);

        Assert.Equal("EVALUATION_EXISTS", e.Code());
        Assert.Equal(byCity.EvaluationId, e.Metadata()["evaluation_id"]);
    }

    [Fact]
    public async Task Create_takes_a_project_from_the_read_model_without_asking_projects()
    {
        // Projects is unreachable in this host: success proves the read model answered.
        var projectId = Guid.NewGuid();
        await host.AddKnownProjectAsync(projectId, County);

        var created = await host.Client(City).CreateEvaluationAsync(Requests.Project(projectId));

        Assert.Equal(SubjectKind.Project, created.SubjectKind);
        Assert.Equal(projectId.ToString(), created.SubjectId);
        Assert.Equal(City, created.Owner.Path);
        // The event carries no title, so the read model has none to give.
        Assert.Equal(string.Empty, created.SubjectTitle);
    }

    [Fact]
    public async Task Create_is_refused_for_a_known_project_outside_the_callers_subtree_as_if_it_did_not_exist()
    {
        var projectId = Guid.NewGuid();
        await host.AddKnownProjectAsync(projectId, OtherCity + "/510104");
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => host.Client(City).CreateEvaluationAsync(Requests.Project(projectId)).ResponseAsync);

        Assert.Equal("SUBJECT_PROJECT_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_is_refused_for_a_project_outside_the_evaluating_organisation()
    {
        var projectId = Guid.NewGuid();
        await host.AddKnownProjectAsync(projectId, OtherCounty);
        var before = await host.RowCountsAsync();

        // The city sees both counties, but one county does not evaluate the other's project.
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => host.Client(City).CreateEvaluationAsync(Requests.Project(projectId, organisationPath: County)).ResponseAsync);

        Assert.Equal("SUBJECT_OUTSIDE_ORGANISATION", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_is_refused_for_an_organisation_outside_the_callers_subtree()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(County).CreateEvaluationAsync(Requests.Programme(organisationPath: City)).ResponseAsync);

        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_may_start_the_evaluation_of_an_organisation_below_the_caller()
    {
        var created = await host.Client(City).CreateEvaluationAsync(Requests.Programme(organisationPath: County));

        Assert.Equal(County, created.Owner.Path);
        Assert.Equal("511502", created.Owner.Code);
    }

    [Fact]
    public async Task Get_shows_an_evaluation_to_the_organisations_above_it()
    {
        var created = await host.Client(County).CreateEvaluationAsync(Requests.Programme());

        var byCity = await host.Client(City, Roles.Auditor).GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = created.EvaluationId });
        var byProvince = await host.Client("51", Roles.Admin).GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = created.EvaluationId });

        Assert.Equal(created, byCity);
        Assert.Equal(created, byProvince);
    }

    [Fact]
    public async Task Get_answers_not_found_outside_the_callers_subtree()
    {
        var created = await host.Client(City).CreateEvaluationAsync(Requests.Programme());
        var request = new GetEvaluationRequest { EvaluationId = created.EvaluationId };

        // A sibling city and a county below the owner alike see nothing: NotFound, never PermissionDenied.
        foreach (var outsider in new[] { OtherCity, County })
        {
            var e = await RpcAssert.Fails(StatusCode.NotFound, () => host.Client(outsider).GetEvaluationAsync(request).ResponseAsync);
            Assert.Equal("EVALUATION_NOT_FOUND", e.Code());
        }
    }

    [Fact]
    public async Task Get_answers_not_found_for_an_unknown_id()
    {
        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(City).GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal("EVALUATION_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task Get_is_refused_for_a_malformed_id()
    {
        await RpcAssert.InvalidArgument(
            () => host.Client(City).GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = "42" }).ResponseAsync, "evaluation_id");
    }

    [Fact]
    public async Task Get_is_refused_to_a_worker()
    {
        var created = await host.Client(City).CreateEvaluationAsync(Requests.Programme());

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Client(City, Roles.Worker).GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = created.EvaluationId }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
    }

    [Fact]
    public async Task Create_under_the_same_idempotency_key_starts_one_evaluation()
    {
        var key = $"eval-{Guid.NewGuid():N}";
        // A fresh Metadata per call: the test channel adds the token to the one it is given.
        var first = await host.Client(City).CreateEvaluationAsync(Requests.Programme(), new Metadata { { "idempotency-key", key } });
        var replay = await host.Client(City).CreateEvaluationAsync(Requests.Programme(), new Metadata { { "idempotency-key", key } });

        Assert.Equal(first, replay);
        Assert.Equal(1, await host.WithDatabaseAsync(db => db.Set<PerformanceEvaluation>().CountAsync()));
    }

    [Fact]
    public async Task Demo_seed_archives_last_years_programme_evaluations_with_grades_and_starts_this_years_once()
    {
        await host.InScopeAsync(async sp => { await Seed.DemoData.SeedAsync(sp); return 0; });
        await host.InScopeAsync(async sp => { await Seed.DemoData.SeedAsync(sp); return 0; });

        var seeded = await host.WithDatabaseAsync(db => db.Set<PerformanceEvaluation>().AsNoTracking().OrderBy(e => e.Year).ThenBy(e => e.OrganisationPath).ToListAsync());
        var year = DateTime.UtcNow.Year;
        Assert.Equal([("51/5101", year - 1), ("51/5115", year - 1), ("51/5101", year), ("51/5115", year)], seeded.Select(e => (e.OrganisationPath, e.Year)));
        Assert.All(seeded, e => Assert.Equal(Union.Evaluation.Domain.SubjectKind.Programme, e.SubjectKind));
        Assert.Equal([(Union.Evaluation.Domain.EvaluationStage.Archived, "优秀", 100m), (Union.Evaluation.Domain.EvaluationStage.Archived, "良好", 86m)],
            seeded.Take(2).Select(e => (e.Stage, e.Grade, e.FinalScore!.Value)));
        Assert.All(seeded.Skip(2), e => Assert.Equal(Union.Evaluation.Domain.EvaluationStage.SelfEvaluation, e.Stage));
        var events = await host.WithDatabaseAsync(db => db.OutboxMessages.AsNoTracking().Select(m => m.EventType).ToListAsync());
        Assert.Equal(4, events.Count(t => t == "union.events.v1.EvaluationStarted"));
        Assert.Equal(2, events.Count(t => t == "union.events.v1.EvaluationGraded"));
    }

    private static string? Reason(RpcException e, string field) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.FirstOrDefault(v => v.Field == field)?.Reason;
}
