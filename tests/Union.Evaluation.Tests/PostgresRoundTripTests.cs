using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Evaluation.V1;
using Union.Evaluation.Tests.Infrastructure;
using Union.Testing;

namespace Union.Evaluation.Tests;

/// <summary>The create/get round trip on the real PostgreSQL server (DESIGN §4: PostgreSQL is supported and tested).</summary>
public sealed class PostgresRoundTripTests(PostgresEvaluationHost host) : IClassFixture<PostgresEvaluationHost>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_programme_evaluation_round_trips_through_postgres()
    {
        var created = await host.Client("51/5115").CreateEvaluationAsync(Requests.Programme(2024, "51/5115/511502", "hainan-2015"));

        var fetched = await host.Client("51/5115").GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = created.EvaluationId });

        Assert.Equal(created, fetched);
        Assert.Equal(EvaluationStage.SelfEvaluation, fetched.Stage);
        Assert.Equal("511502", fetched.Owner.Code);
        Assert.Equal(1, await host.WithDatabaseAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task A_project_evaluation_round_trips_through_postgres()
    {
        var projectId = Guid.NewGuid();
        await host.AddKnownProjectAsync(projectId, "51/5115/511502");

        var created = await host.Client("51/5115").CreateEvaluationAsync(Requests.Project(projectId));
        var fetched = await host.Client("51").GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = created.EvaluationId });

        Assert.Equal(created, fetched);
        Assert.Equal(SubjectKind.Project, fetched.SubjectKind);
    }

    [Fact]
    public async Task The_unique_subject_and_year_holds_on_postgres()
    {
        var first = await host.Client("51/5115").CreateEvaluationAsync(Requests.Programme(2024));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => host.Client("51/5115").CreateEvaluationAsync(Requests.Programme(2024)).ResponseAsync);

        Assert.Equal("EVALUATION_EXISTS", e.Code());
        Assert.Equal(first.EvaluationId, e.Metadata()["evaluation_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Tenancy_holds_on_postgres()
    {
        var created = await host.Client("51/5115/511502").CreateEvaluationAsync(Requests.Programme());

        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client("51/5115/511503").GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = created.EvaluationId }).ResponseAsync);
        Assert.Equal("EVALUATION_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task Templates_and_their_versions_persist_on_postgres_with_exact_decimals()
    {
        var created = await host.Templates("51").CreateTemplateAsync(IndicatorTemplatesTests.Sample());
        var second = IndicatorTemplatesTests.Sample();
        second.Indicators[0].Children[0].Rule.PerPercentagePoint = "0.25";
        var v2 = await host.Templates("51").CreateTemplateVersionAsync(new CreateTemplateVersionRequest
        {
            Code = second.Code, Name = second.Name, Source = second.Source, TotalPoints = "100", Indicators = { second.Indicators },
        });

        var v1 = await host.Templates("51/5115").GetTemplateAsync(new GetTemplateRequest { Code = created.Code, Version = 1 });
        Assert.Equal(created, v1);
        Assert.Equal("0.5", v1.Indicators[0].Children[0].Rule.PerPercentagePoint);
        Assert.Equal("0.25", (await host.Templates("51/5115").GetTemplateAsync(new GetTemplateRequest { Code = created.Code, Version = 2 }))
            .Indicators[0].Children[0].Rule.PerPercentagePoint);
        Assert.Equal(2, v2.Version);
        var list = await host.Templates("51").ListTemplatesAsync(new ListTemplatesRequest());
        Assert.Equal(["hainan-2015:1", "sichuan-project-2025:1", "sichuan-project-2025:2", "yuan-2021:1"], list.Templates.Select(t => $"{t.Code}:{t.Version}"));
        var yuan = await host.Templates("51").GetTemplateAsync(new GetTemplateRequest { Code = "yuan-2021", Version = 1 });
        Assert.Equal("0.1", yuan.Indicators[2].Children[0].Children[2].Rule.PerOccurrence);
    }
}
