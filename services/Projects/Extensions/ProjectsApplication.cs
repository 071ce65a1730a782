using Union.Projects.Grpc;
using Union.Projects.Seed;
using Union.Shared.Auth;
using Union.Shared.Hosting;

namespace Union.Projects.Extensions;

/// <summary>
/// The projects host, built the same way by its own Program (one process per service: the cluster,
/// the end-to-end tests) and by the embedded suite host (all four in one process, make run).
/// </summary>
public static class ProjectsApplication
{
    public const string Name = "projects";
    public const int GrpcPort = 7102;
    public const int HttpPort = 7202;

    public static WebApplication Build(string[] args, SuiteMembership? suite = null)
    {
        var builder = SuiteMembership.CreateBuilder(args, typeof(ProjectsApplication).Assembly.GetName().Name!, suite);
        builder.AddServiceDefaults(Name, GrpcPort, HttpPort);
        builder.AddProjects();
        builder.Services.AddAccessPolicy(AccessPolicy.Table);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapGrpcService<ProjectRoundsService>();
        app.MapGrpcService<ProjectApplicationsService>();
        app.MapGrpcService<ProjectReviewsService>();
        app.MapGrpcService<ProjectImplementationService>();
        app.MapGrpcService<ProjectSupervisionService>();
        app.MapGrpcService<ProjectClosingService>();
        app.MapGrpcService<ProjectExchangeService>();
        return app;
    }

    /// <summary>Migrates and seeds as configured, then serves until stopped.</summary>
    public static Task RunAsync(WebApplication app, string[] args) => app.RunServiceAsync(args, DemoData.SeedAsync);

    /// <summary>Migrates and seeds as configured; false when the host should not serve (--migrate).</summary>
    public static Task<bool> PrepareAsync(WebApplication app, string[] args) => app.PrepareServiceAsync(args, DemoData.SeedAsync);
}
