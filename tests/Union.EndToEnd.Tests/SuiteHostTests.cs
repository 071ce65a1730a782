using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Union.Contracts.Dev.V1;
using Union.Contracts.Funds.V1;
using Xunit.Abstractions;

namespace Union.EndToEnd.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EmbeddedSuiteCollection : ICollectionFixture<EmbeddedSuite>
{
    // Alone: it listens on the same ports as the suite on RabbitMQ (gateway 8080/8081, services 71xx/72xx).
    public const string Name = "embedded suite";
}

/// <summary>
/// make run's shape: the built embedded suite host (the four services in one process on SQLite
/// files in a fresh folder, one MassTransit in-memory bus, no broker, no Redis, the demo data
/// seeded) and the gateway as a process of its own, on embedded defaults.
/// </summary>
public sealed class EmbeddedSuite : IAsyncLifetime, IRunningSuite
{
    private readonly ProcessGroup _processes = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"union-suite-{Guid.NewGuid():N}");

    public GrpcChannel Channel { get; } = GrpcChannel.ForAddress(Suite.GatewayGrpc);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        // The SQLite files land in the working folder, one per service, as under .run/ for make run.
        _processes.Start("suite", Path.Combine(Suite.RepositoryRoot, "services", "Suite", "bin", Suite.Configuration, "net10.0", "Union.Suite.dll"), new()
        {
            ["Outbox__PollInterval"] = "00:00:00.500",
            // make run seeds the per-service demo data; the walks here run beside it, as make run's demo year does.
            ["Seed__Demo"] = "true",
        }, _folder);
        _processes.Start("gateway", Path.Combine(Suite.RepositoryRoot, "gateway", "bin", Suite.Configuration, "net10.0", "Union.Gateway.dll"), new()
        {
            ["RateLimiting__PermitsPerSecond"] = "1000",
            ["RateLimiting__Burst"] = "2000",
        });
        // Four migrations and seeds in one process before anything listens: a generous bound on a busy machine.
        if (!await Suite.GatewayReadyAsync(TimeSpan.FromMinutes(5))) throw new InvalidOperationException($"The embedded suite did not become ready:\n{Output()}");
    }

    public CallInvoker As(string organisationPath, params string[] roles) => ProcessGroup.As(Channel, organisationPath, roles);

    /// <summary>A call straight to one service's gRPC port (the clock is not routed by the gateway).</summary>
    public CallInvoker Direct(int grpcPort, string organisationPath, params string[] roles) =>
        ProcessGroup.As(GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}"), organisationPath, roles);

    public string Output(int lines = 40) => _processes.Output(lines);

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        await _processes.DisposeAsync();
        // The processes have exited, so nothing holds the SQLite files; a failure here is worth seeing.
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The embedded suite host: events cross services on the in-memory bus, and the four share one clock.</summary>
[Collection(EmbeddedSuiteCollection.Name)]
public class SuiteHostTests(EmbeddedSuite suite, ITestOutputHelper output)
{
    private const string County = "51/5101/510104";

    [Fact]
    public async Task A_household_archived_through_the_gateway_becomes_payable_in_funds()
    {
        // Through the gateway: the file taken through archives' closed loop (its comparison answered
        // by the simulator over the bus), then polled in funds until the archive event has reached it.
        var (id, _) = await ActiveHouseholds.CreateAsync(suite, County, TimeSpan.FromSeconds(90));

        var standing = await new FundLedger.FundLedgerClient(suite.As(County, "finance"))
            .GetHouseholdStandingAsync(new GetHouseholdStandingRequest { HouseholdId = id });
        Assert.True(standing.Payable);
        Assert.Equal("ACTIVE", standing.ArchiveStatus);
        // How late funds heard of the archiving, as make run shows it: reported, never asserted (speed is
        // for benchmarks); the order is a fact, though: funds cannot apply an event before it happened.
        var archived = Assert.Single(standing.Changes, c => c.ArchiveStatus == "ACTIVE");
        var lag = archived.AppliedAt.ToDateTime() - archived.OccurredAt.ToDateTime();
        Assert.True(lag >= TimeSpan.Zero, $"applied {lag} before it happened");
        output.WriteLine($"HouseholdArchived reached funds {lag.TotalMilliseconds:0} ms after archives committed it");
    }

    [Fact]
    public async Task The_four_services_read_one_clock_that_an_admin_sets_through_any_of_them()
    {
        var archivesClock = new DevClock.DevClockClient(suite.Direct(7101, "51", "admin"));
        var set = await archivesClock.SetClockAsync(new SetClockRequest
        {
            Now = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.FromHours(8))),
        });
        try
        {
            Assert.Equal("2027-01-04", set.Today);
            foreach (var port in new[] { 7102, 7103, 7104 })
            {
                var read = await new DevClock.DevClockClient(suite.Direct(port, "51", "caseworker")).GetClockAsync(new GetClockRequest());
                Assert.Equal("2027-01-04", read.Today);
            }
        }
        finally
        {
            // Back to the system's time for the other tests of the collection.
            await archivesClock.SetClockAsync(new SetClockRequest { Now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
        }
    }
}
