using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
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
public sealed class Suite : IAsyncLifetime
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

    private readonly List<(string Name, Process Process, System.Text.StringBuilder Output)> _processes = [];

    public string VirtualHost { get; } = $"union-e2e-{Guid.NewGuid():N}"[..22];
    public Dictionary<string, string> Databases { get; } = [];
    public static string RepositoryRoot { get; } = FindRoot();

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

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ready = await Poll.UntilAsync(async () =>
        {
            try { return (await probe.GetAsync($"{GatewayHttp}/health/ready")).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, TimeSpan.FromSeconds(120));
        if (!ready) throw new InvalidOperationException($"The suite did not become ready:\n{Output()}");
    }

    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private void Start(string name, string dll, Dictionary<string, string> environment)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the solution first (make build): {dll} is missing.");
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var output = new System.Text.StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((name, process, output));
    }

    /// <summary>The last lines each process wrote, for a failing test's message.</summary>
    public string Output(int lines = 40) => string.Join("\n", _processes.Select(p =>
    {
        string text;
        lock (p.Output) text = p.Output.ToString();
        return $"--- {p.Name} (exited: {p.Process.HasExited}) ---\n" + string.Join("\n", text.Split('\n').TakeLast(lines));
    }));

    /// <summary>A gRPC channel to the gateway (HTTP/2 cleartext), calling as the organisation and roles.</summary>
    public CallInvoker As(string organisationPath, params string[] roles)
    {
        var token = Tokens.For(organisationPath, roles);
        return Channel.Intercept(metadata =>
        {
            var headers = new Metadata();
            foreach (var entry in metadata) headers.Add(entry);
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        });
    }

    public GrpcChannel Channel { get; } = GrpcChannel.ForAddress(GatewayGrpc);

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        foreach (var (_, process, _) in _processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
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
