using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Union.Testing;

namespace Union.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<Suite>
{
    public const string Name = "suite";
}

/// <summary>
/// Starts the gateway and the four services as separate processes from their build output, each
/// service on a fresh PostgreSQL database, all on a RabbitMQ virtual host of their own and on Redis,
/// exactly as they would run in the cluster but on loopback. Waits until the gateway says every
/// service is ready. The processes' output is kept for a failing test's message.
/// </summary>
public sealed class Suite : IAsyncLifetime, IRunningSuite
{
    public const string GatewayHttp = "http://127.0.0.1:8080";
    public const string GatewayGrpc = "http://127.0.0.1:8081";

    public static readonly (string Name, string Project, int Grpc, int Http)[] Services =
    [
        ("archives", "Archives", 7101, 7201),
        ("projects", "Projects", 7102, 7202),
        ("funds", "Funds", 7103, 7203),
        ("evaluation", "Evaluation", 7104, 7204),
    ];

    private readonly ProcessGroup _processes = new();

    public string VirtualHost { get; } = $"union-e2e-{Guid.NewGuid():N}"[..22];
    public Dictionary<string, string> Databases { get; } = [];
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Waits until the gateway says every service behind it is ready.</summary>
    public static async Task<bool> GatewayReadyAsync(TimeSpan? timeout = null)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await Poll.UntilAsync(async () =>
        {
            try { return (await probe.GetAsync($"{GatewayHttp}/health/ready")).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, timeout ?? TimeSpan.FromSeconds(120));
    }

    public async Task InitializeAsync()
    {
        await Rabbit.AddVirtualHostAsync(VirtualHost);
        foreach (var (name, project, grpc, http) in Services)
        {
            Databases[name] = TestServers.NewPostgresDatabase($"union_e2e_{name}");
            Start(name, Path.Combine(RepositoryRoot, "services", project, "bin", Configuration, "net10.0", $"Union.{project}.dll"), new()
            {
                ["Persistence__Provider"] = "Postgres",
                ["Persistence__MigrateOnStartup"] = "true",
                ["ConnectionStrings__Database"] = Databases[name],
                ["RabbitMq__Host"] = TestServers.RabbitMqHost,
                ["RabbitMq__VirtualHost"] = VirtualHost,
                ["Redis__Configuration"] = TestServers.Redis,
                ["Outbox__PollInterval"] = "00:00:00.500",
                ["Outbox__MaxBackoff"] = "00:00:02",
                ["Outbox__PublishTimeout"] = "00:00:03",
                ["Services__projects__Grpc"] = "http://127.0.0.1:7102",
                ["Ports__Grpc"] = grpc.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Ports__Http"] = http.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        Start("gateway", Path.Combine(RepositoryRoot, "gateway", "bin", Configuration, "net10.0", "Union.Gateway.dll"), new()
        {
            ["RateLimiting__PermitsPerSecond"] = "1000",
            ["RateLimiting__Burst"] = "2000",
            // The replicas' shared rate budget lives in the real Redis, as in the cluster.
            ["Redis__Configuration"] = TestServers.Redis,
            ["RateLimiting__RedisKeyPrefix"] = $"union:e2e:{VirtualHost}:rate:",
        });

        var ready = await GatewayReadyAsync();
        if (!ready) throw new InvalidOperationException($"The suite did not become ready:\n{Output()}");
    }

    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private void Start(string name, string dll, Dictionary<string, string> environment) => _processes.Start(name, dll, environment);

    /// <summary>The last lines each process wrote, for a failing test's message.</summary>
    public string Output(int lines = 40) => _processes.Output(lines);

    /// <summary>A gRPC channel to the gateway (HTTP/2 cleartext), calling as the organisation and roles.</summary>
    public CallInvoker As(string organisationPath, params string[] roles) => ProcessGroup.As(Channel, organisationPath, roles);

    public GrpcChannel Channel { get; } = GrpcChannel.ForAddress(GatewayGrpc);

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        await _processes.DisposeAsync();
        foreach (var database in Databases.Values) await TestServers.DropPostgresDatabaseAsync(database);
        await Rabbit.DeleteVirtualHostAsync(VirtualHost);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Union.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Union.sln not found above the test binaries.");
    }
}
