using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Union.Archives.Extensions;
using Union.Evaluation.Extensions;
using Union.Funds.Extensions;
using Union.Projects.Extensions;
using Union.Shared.Hosting;
using Union.Shared.Messaging;
using Union.Shared.Time;

// The embedded suite host: archives, projects, funds and evaluation in one process for make run,
// each built by the same code as its own Program (<Service>Application), each with its own
// appsettings (services/<name>/ beside this program), database (SQLite files in the working
// folder unless configured), outbox and ports, all publishing and consuming on one MassTransit
// in-memory bus, so archives' events reach funds and evaluation as they do over RabbitMQ. In
// Development and Testing the four read one settable clock (Clock:Start, DevClock).
var settings = new ConfigurationBuilder()
    .AddEnvironmentVariables("ASPNETCORE_")
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
var environment = settings["ENVIRONMENT"] ?? settings["DOTNET_ENVIRONMENT"] ?? "Production";
SettableClock? clock = null;
if (SettableClockExtensions.AllowsSettableClock(environment))
{
    var start = settings[$"{ClockOptions.Section}:{nameof(ClockOptions.Start)}"];
    clock = new SettableClock(string.IsNullOrWhiteSpace(start) ? null : SettableClock.ParseStart(start));
}
// Outside Development and Testing each service refuses Clock:Start itself, with the same message.

using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(settings.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
var logger = loggers.CreateLogger("Union.Suite");
await using var bus = new SharedInMemoryBus(loggers);

(string Name, int Grpc, int Http, Func<string[], SuiteMembership, WebApplication> Build, Func<WebApplication, string[], Task<bool>> Prepare)[] services =
[
    (ArchivesApplication.Name, ArchivesApplication.GrpcPort, ArchivesApplication.HttpPort, ArchivesApplication.Build, ArchivesApplication.PrepareAsync),
    (ProjectsApplication.Name, ProjectsApplication.GrpcPort, ProjectsApplication.HttpPort, ProjectsApplication.Build, ProjectsApplication.PrepareAsync),
    (FundsApplication.Name, FundsApplication.GrpcPort, FundsApplication.HttpPort, FundsApplication.Build, FundsApplication.PrepareAsync),
    (EvaluationApplication.Name, EvaluationApplication.GrpcPort, EvaluationApplication.HttpPort, EvaluationApplication.Build, EvaluationApplication.PrepareAsync),
];

var apps = new List<(string Name, WebApplication App, Func<WebApplication, string[], Task<bool>> Prepare)>();
foreach (var (name, grpc, http, build, prepare) in services)
{
    var member = new SuiteMembership
    {
        Clock = clock,
        Bus = bus,
        ContentRoot = Path.Combine(AppContext.BaseDirectory, "services", name),
        Settings = new Dictionary<string, string?>
        {
            // Each service on its own ports and its own SQLite file, whatever the process's
            // environment says for all four (a connection string per service is not shared).
            ["Ports:Grpc"] = grpc.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ports:Http"] = http.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings:Database"] = settings[$"ConnectionStrings:{name}"] ?? $"Data Source={Path.GetFullPath($"{name}.db")}",
        },
    };
    var app = build(args, member);
    bus.Attach(name, app.Services);
    apps.Add((name, app, prepare));
}

// Every receive endpoint exists before any service publishes (an in-memory exchange without
// its queues drops what it is given).
await bus.StartAsync();
logger.LogInformation("Shared in-memory bus started with the consumers of {Services}", string.Join(", ", apps.Select(a => a.Name)));

// Every database migrated and seeded before any service serves or publishes: funds has its
// accounts before projects' events ask it for tranches, and --migrate stops here.
var prepared = await Task.WhenAll(apps.Select(a => a.Prepare(a.App, args)));
try
{
    if (!prepared.All(p => p)) return;
    var running = apps.Select(a => a.App.RunAsync()).ToList();
    var first = await Task.WhenAny(running);
    // One service stopping (Ctrl-C, or a failure at start) stops the others: a suite with a service missing is not the suite.
    if (first.IsFaulted) logger.LogError(first.Exception, "A service of the suite failed; stopping the others");
    foreach (var (_, app, _) in apps) app.Lifetime.StopApplication();
    await Task.WhenAll(running);
}
finally
{
    foreach (var (_, app, _) in apps) await app.DisposeAsync();
}
