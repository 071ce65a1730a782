using System.Net;
using System.Net.Sockets;

namespace Union.Gateway.Tests.Infrastructure;

/// <summary>
/// The loopback ports these tests use, all in 17900-17999: far from the suite's real ports
/// (gateway 8080/8081, services 71xx/72xx), which an end-to-end run may be using at the same time,
/// and below the kernel's ephemeral range, so no outgoing connection can happen to hold one.
/// "Dead" ports are ones nothing listens on; the fixtures check that before they start.
/// </summary>
public static class TestPorts
{
    public static readonly string[] Services = ["archives", "projects", "funds", "evaluation"];

    /// <summary>gRPC (h2c) addresses of the four clusters when no back end runs.</summary>
    public static readonly IReadOnlyDictionary<string, int> DeadClusters = new Dictionary<string, int>
    {
        ["archives"] = 17990, ["projects"] = 17991, ["funds"] = 17992, ["evaluation"] = 17993,
    };

    /// <summary>Readiness addresses of the four services when none of them runs.</summary>
    public static readonly IReadOnlyDictionary<string, int> DeadHealth = new Dictionary<string, int>
    {
        ["archives"] = 17994, ["projects"] = 17995, ["funds"] = 17996, ["evaluation"] = 17997,
    };

    /// <summary>The archives stand-in behind <see cref="GatewayForRouting"/>.</summary>
    public const int ArchivesForRouting = 17910;

    /// <summary>The archives stand-in behind <see cref="GatewayForCorrelation"/>.</summary>
    public const int ArchivesForCorrelation = 17912;

    /// <summary>The archives stand-in behind <see cref="GatewayWithSizeLimit"/>.</summary>
    public const int ArchivesForSizeLimit = 17911;

    /// <summary>Readiness listeners of <see cref="GatewayWithReadyServices"/>, one per service.</summary>
    public static readonly IReadOnlyDictionary<string, int> ReadyHealth = new Dictionary<string, int>
    {
        ["archives"] = 17921, ["projects"] = 17922, ["funds"] = 17923, ["evaluation"] = 17924,
    };

    /// <summary>Readiness listeners of <see cref="GatewayWithServicesNotReady"/> (evaluation stays dead).</summary>
    public static readonly IReadOnlyDictionary<string, int> MixedHealth = new Dictionary<string, int>
    {
        ["archives"] = 17925, ["projects"] = 17926, ["funds"] = 17927,
    };

    /// <summary>The Redis address of <see cref="GatewayWithDeadRedis"/>: nothing listens there.</summary>
    public const int DeadRedis = 17998;

    public static bool IsTestPort(int port) => port is >= 17900 and <= 17999;

    /// <summary>Fails when something accepts connections on the loopback port.</summary>
    public static async Task AssertNothingListensAsync(int port)
    {
        if (!IsTestPort(port)) throw new InvalidOperationException($"Port {port} is outside the test range 17900-17999.");
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        }
        catch (SocketException)
        {
            return; // refused: free
        }
        catch (OperationCanceledException)
        {
            return; // nothing answered
        }
        throw new InvalidOperationException(
            $"Something listens on 127.0.0.1:{port}, a port the gateway tests need free. Is another run of these tests going on?");
    }
}
