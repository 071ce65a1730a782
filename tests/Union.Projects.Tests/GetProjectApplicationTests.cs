using Grpc.Core;
using Union.Contracts.Projects.V1;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>Reads are limited to the caller's subtree; anything else answers NOT_FOUND, like a missing id.</summary>
public class GetProjectApplicationTests(SqliteProjects host) : IClassFixture<SqliteProjects>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static GetProjectApplicationRequest Get(string id) => new() { ProjectId = id };

    [Fact]
    public async Task Get_returns_exactly_what_create_answered()
    {
        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());

        var read = await host.Client(Jinjiang).GetProjectApplicationAsync(Get(created.ProjectId));

        Assert.Equal(created, read);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_answers_not_found()
    {
        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(Jinjiang).GetProjectApplicationAsync(Get(Guid.NewGuid().ToString())).ResponseAsync);

        Assert.Equal("PROJECT_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task A_county_cannot_read_another_countys_application()
    {
        var jinjiang = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());
        var qingyang = await host.Client(Qingyang).CreateProjectApplicationAsync(Valid());

        var e = await RpcAssert.Fails(StatusCode.NotFound, () => host.Client(Qingyang).GetProjectApplicationAsync(Get(jinjiang.ProjectId)).ResponseAsync);
        Assert.Equal("PROJECT_NOT_FOUND", e.Code());
        e = await RpcAssert.Fails(StatusCode.NotFound, () => host.Client(Jinjiang).GetProjectApplicationAsync(Get(qingyang.ProjectId)).ResponseAsync);
        Assert.Equal("PROJECT_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task The_city_reads_the_applications_of_every_county_below_it_and_the_province_reads_all()
    {
        var jinjiang = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid());
        var qingyang = await host.Client(Qingyang).CreateProjectApplicationAsync(Valid());
        var cuiping = await host.Client(Cuiping).CreateProjectApplicationAsync(Valid());

        Assert.Equal(jinjiang, await host.Client(Chengdu).GetProjectApplicationAsync(Get(jinjiang.ProjectId)));
        Assert.Equal(qingyang, await host.Client(Chengdu).GetProjectApplicationAsync(Get(qingyang.ProjectId)));
        Assert.Equal(cuiping, await host.Client(Province).GetProjectApplicationAsync(Get(cuiping.ProjectId)));
    }

    [Fact]
    public async Task A_city_cannot_read_another_citys_counties_nor_a_county_its_citys_own_application()
    {
        var cuiping = await host.Client(Cuiping).CreateProjectApplicationAsync(Valid());
        var chengdu = await host.Client(Chengdu).CreateProjectApplicationAsync(Valid());

        await RpcAssert.Fails(StatusCode.NotFound, () => host.Client(Chengdu).GetProjectApplicationAsync(Get(cuiping.ProjectId)).ResponseAsync);
        await RpcAssert.Fails(StatusCode.NotFound, () => host.Client(Jinjiang).GetProjectApplicationAsync(Get(chengdu.ProjectId)).ResponseAsync);
    }

    [Fact]
    public async Task A_sibling_whose_code_starts_with_the_same_digits_is_not_a_child()
    {
        // "51/5101/510104" must not see "51/5101/5101049": the subtree is path segments, not a string prefix.
        var lookalike = await host.Client("51/5101/5101049").CreateProjectApplicationAsync(Valid());

        await RpcAssert.Fails(StatusCode.NotFound, () => host.Client(Jinjiang).GetProjectApplicationAsync(Get(lookalike.ProjectId)).ResponseAsync);
    }
}
