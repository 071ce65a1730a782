using Grpc.Core;
using Union.Contracts.Projects.V1;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>Create is idempotent under the client's key (DESIGN §4).</summary>
public class IdempotencyTests(SqliteProjects host) : IClassFixture<SqliteProjects>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_replayed_under_the_same_key_returns_the_same_project_and_files_it_once()
    {
        var first = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(), Key("apply-2027-medical"));
        var replay = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(), Key("apply-2027-medical"));

        Assert.Equal(first, replay);
        var counts = await host.RowCountsAsync();
        Assert.Equal(1, counts["project_applications"]);
        Assert.Equal(1, counts["outbox_messages"]);
        Assert.Equal(1, counts["idempotency_records"]);
    }

    [Fact]
    public async Task A_different_request_under_a_used_key_is_refused()
    {
        await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(), Key("apply-1"));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(ProjectCategory.Education), Key("apply-1")).ResponseAsync);

        Assert.Equal("IDEMPOTENCY_KEY_REUSED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_refused_create_records_no_key_so_the_corrected_request_may_use_it()
    {
        var late = Valid(year: 2026); // the annual round for 2026 closed on 20 Nov 2025
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.Client(Jinjiang).CreateProjectApplicationAsync(late, Key("apply-2")).ResponseAsync);

        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(), Key("apply-2"));

        Assert.Equal(2027, created.Year);
    }

    [Fact]
    public async Task The_same_key_from_another_organisation_is_another_request()
    {
        var jinjiang = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(), Key("apply-3"));
        var qingyang = await host.Client(Qingyang).CreateProjectApplicationAsync(Valid(), Key("apply-3"));

        Assert.NotEqual(jinjiang.ProjectId, qingyang.ProjectId);
    }
}
