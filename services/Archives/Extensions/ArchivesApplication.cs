using Union.Archives.Grpc;
using Union.Archives.Persistence;
using Union.Archives.Seed;
using Union.Shared.Auth;
using Union.Shared.Hosting;

namespace Union.Archives.Extensions;

/// <summary>
/// The archives host, built the same way by its own Program (one process per service: the cluster,
/// the end-to-end tests) and by the embedded suite host (all four in one process, make run).
/// </summary>
public static class ArchivesApplication
{
    public const string Name = "archives";
    public const int GrpcPort = 7101;
    public const int HttpPort = 7201;

    public static WebApplication Build(string[] args, SuiteMembership? suite = null)
    {
        var builder = SuiteMembership.CreateBuilder(args, typeof(ArchivesApplication).Assembly.GetName().Name!, suite);
        builder.AddServiceDefaults(Name, GrpcPort, HttpPort);
        builder.AddArchives();
        builder.Services.AddAccessPolicy(AccessPolicy.Table);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapGrpcService<HouseholdArchivesService>();
        app.MapGrpcService<ArchiveLifecycleService>();
        app.MapGrpcService<HomeVisitsService>();
        app.MapGrpcService<ArchiveMonitoringService>();
        app.MapGrpcService<ArchiveDocumentsService>();
        app.MapGrpcService<ArchiveExchangeService>();
        // Internal: only the funds service identity may call it, and the gateway never forwards it.
        app.MapGrpcService<PaymentDetailsService>();
        return app;
    }

    /// <summary>Migrates and seeds as configured (or runs one maintenance command), then serves until stopped.</summary>
    public static Task RunAsync(WebApplication app, string[] args) => app.RunServiceAsync(args, DemoData.SeedAsync, Commands);

    /// <summary>Migrates and seeds as configured, or runs one maintenance command; false when the host should not serve.</summary>
    public static Task<bool> PrepareAsync(WebApplication app, string[] args) => app.PrepareServiceAsync(args, DemoData.SeedAsync, Commands);

    private static readonly Dictionary<string, Func<IServiceProvider, Task>> Commands = new()
    {
        ["--rotate-personal-data"] = PersonalDataRotation.RunAsync,
    };
}
