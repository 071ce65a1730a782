using Grpc.Core;
using Union.Contracts.Projects.V1;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>The same service on the real PostgreSQL server: migrations, the filtered unique index, races.</summary>
public class PostgresProjectApplicationTests(PostgresProjects host) : IClassFixture<PostgresProjects>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_and_get_round_trip_on_PostgreSQL()
    {
        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());

        var read = await host.Client(Chengdu).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = created.ProjectId });

        Assert.Equal(created, read);
        Assert.Equal(42_345_678, read.Total.Fen);
        await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(Qingyang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = created.ProjectId }).ResponseAsync);
    }

    [Fact]
    public async Task Create_is_refused_when_the_category_already_has_an_application_this_round_on_PostgreSQL()
    {
        var first = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => host.Client(Jinjiang).CreateProjectApplicationAsync(Valid()).ResponseAsync);

        Assert.Equal("PROJECT_APPLICATION_EXISTS", e.Code());
        Assert.Equal(first.ProjectId, e.Metadata()["project_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Emergency_applications_are_left_out_of_the_round_index_on_PostgreSQL()
    {
        await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(kind: ApplicationKind.Emergency));
        await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(kind: ApplicationKind.Emergency));

        Assert.Equal(2, (await host.RowCountsAsync())["project_applications"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_creates_for_the_same_round_file_exactly_one_and_name_it_to_the_others(bool withIdempotencyKeys)
    {
        // Each call passes the handler's check before any commits; the unique index decides. With
        // keys, each call runs inside the idempotency transaction and recovers through EF's savepoint.
        var calls = Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                var headers = withIdempotencyKeys ? Key($"race-{i}") : null;
                return (Created: await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(), headers), Error: (RpcException?)null);
            }
            catch (RpcException e)
            {
                return (Created: (ProjectApplication?)null, Error: e);
            }
        }).ToList();
        var results = await Task.WhenAll(calls);

        var winner = Assert.Single(results, r => r.Created is not null).Created!;
        foreach (var (_, error) in results.Where(r => r.Created is null))
        {
            Assert.Equal(StatusCode.AlreadyExists, error!.StatusCode);
            Assert.Equal("PROJECT_APPLICATION_EXISTS", error.Code());
            Assert.Equal(winner.ProjectId, error.Metadata()["project_id"]);
        }
        var counts = await host.RowCountsAsync();
        Assert.Equal(1, counts["project_applications"]);
        Assert.Equal(1, counts["outbox_messages"]);
    }
}
