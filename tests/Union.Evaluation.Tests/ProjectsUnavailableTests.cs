using System.Net.Sockets;
using Grpc.Core;
using Union.Evaluation.Tests.Infrastructure;
using Union.Testing;

namespace Union.Evaluation.Tests;

/// <summary>Projects cannot be reached at all: nothing listens where the host looks for it.</summary>
public sealed class ProjectsUnavailableTests(EvaluationHost host) : IClassFixture<EvaluationHost>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_answers_unavailable_and_writes_nothing_when_nothing_listens_for_projects()
    {
        Assert.False(await SomethingListensAsync(EvaluationHost.DeadProjectsPort),
            $"This test needs port {EvaluationHost.DeadProjectsPort} on loopback to be free.");
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.Unavailable,
            () => host.Client("51/5115").CreateEvaluationAsync(Requests.Project(Guid.NewGuid())).ResponseAsync);

        Assert.Equal("PROJECTS_UNAVAILABLE", e.Code());
        Assert.Contains("项目服务暂时无法访问", e.Status.Detail);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    private static async Task<bool> SomethingListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
