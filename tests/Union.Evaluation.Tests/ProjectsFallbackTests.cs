using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Evaluation.Domain;
using Union.Evaluation.Tests.Infrastructure;
using Union.Testing;

namespace Union.Evaluation.Tests;

/// <summary>
/// The synchronous exception: a project the read model has not heard of yet is asked of the
/// projects service, here a real gRPC server on loopback that the tests steer.
/// </summary>
public sealed class ProjectsFallbackTests(FallbackHost host) : IClassFixture<FallbackHost>, IAsyncLifetime
{
    private const string City = "51/5115";
    private const string County = "51/5115/511502";

    private FakeProjects Projects => host.Projects.State;

    public Task InitializeAsync()
    {
        Projects.Reset();
        return host.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_asks_projects_for_a_project_not_yet_in_the_read_model()
    {
        var projectId = Guid.NewGuid();
        Projects.Add(projectId, County, "翠屏区困难职工医疗帮扶项目");

        var created = await host.Client(City).CreateEvaluationAsync(Requests.Project(projectId));

        Assert.Equal(projectId.ToString(), created.SubjectId);
        Assert.Equal("翠屏区困难职工医疗帮扶项目", created.SubjectTitle);
        Assert.Equal(1, Projects.Calls);
        // The caller's own token went along, so projects applies the caller's subtree too.
        Assert.StartsWith("Bearer ", Projects.LastAuthorization);
        // The answer is not written into the read model: that stays fed by events only.
        Assert.Equal(0, await host.WithDatabaseAsync(db => db.Set<KnownProject>().CountAsync()));
    }

    [Fact]
    public async Task Create_does_not_ask_projects_for_a_project_in_the_read_model()
    {
        var projectId = Guid.NewGuid();
        await host.AddKnownProjectAsync(projectId, County);

        await host.Client(City).CreateEvaluationAsync(Requests.Project(projectId));

        Assert.Equal(0, Projects.Calls);
    }

    [Fact]
    public async Task Create_is_refused_for_a_project_projects_does_not_know()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => host.Client(City).CreateEvaluationAsync(Requests.Project(Guid.NewGuid())).ResponseAsync);

        Assert.Equal("SUBJECT_PROJECT_NOT_FOUND", e.Code());
        Assert.Equal(1, Projects.Calls); // NotFound is an answer, not a failure: no retry
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_is_refused_for_a_project_projects_places_outside_the_callers_subtree()
    {
        var projectId = Guid.NewGuid();
        Projects.Add(projectId, "51/5101/510104", "锦江区项目");
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => host.Client(City).CreateEvaluationAsync(Requests.Project(projectId)).ResponseAsync);

        Assert.Equal("SUBJECT_PROJECT_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Create_retries_projects_while_it_is_briefly_unavailable()
    {
        var projectId = Guid.NewGuid();
        Projects.Add(projectId, County, "帮扶项目");
        Projects.UnavailableCalls = 2;

        var created = await host.Client(City).CreateEvaluationAsync(Requests.Project(projectId));

        Assert.Equal("帮扶项目", created.SubjectTitle);
        Assert.Equal(3, Projects.Calls);
    }

    [Fact]
    public async Task Create_answers_unavailable_and_writes_nothing_when_projects_stays_unavailable()
    {
        var projectId = Guid.NewGuid();
        Projects.Add(projectId, County, "帮扶项目");
        Projects.UnavailableCalls = int.MaxValue;
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.Unavailable,
            () => host.Client(City).CreateEvaluationAsync(Requests.Project(projectId)).ResponseAsync);

        Assert.Equal("PROJECTS_UNAVAILABLE", e.Code());
        Assert.Equal(4, Projects.Calls); // the first call and three retries
        Assert.Equal(before, await host.RowCountsAsync());
    }
}
