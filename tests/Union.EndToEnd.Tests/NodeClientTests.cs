using System.Diagnostics;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>
/// A client that is not .NET (Node.js, @grpc/grpc-js and @grpc/proto-loader, amqplib, protobufjs)
/// calls the gateway from the .proto files alone and decodes an event it takes from RabbitMQ.
/// See tests/contract-node/contract.test.mjs.
/// </summary>
[Collection(SuiteCollection.Name)]
public class NodeClientTests(Suite suite)
{
    [Fact]
    public async Task A_node_client_calls_the_gateway_and_decodes_an_event_from_the_queue()
    {
        var info = new ProcessStartInfo(Path.Combine(Suite.RepositoryRoot, "tests", "contract-node", "run.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["GATEWAY_GRPC"] = "127.0.0.1:8081";
        info.Environment["UNION_TOKEN"] = Tokens.For("51/5101/510104", "caseworker");
        info.Environment["RABBITMQ_URL"] = $"amqp://guest:guest@{TestServers.RabbitMqHost}:5672/{Uri.EscapeDataString(suite.VirtualHost)}";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"node contract test failed:\n{await stdout}\n{await stderr}");
        Assert.Contains("# pass 3", await stdout);
    }
}
