using Union.Evaluation.Grpc;
using Union.Evaluation.Seed;
using Union.Shared.Auth;
using Union.Shared.Hosting;

namespace Union.Evaluation.Extensions;

/// <summary>
/// The evaluation host, built the same way by its own Program (one process per service: the cluster,
/// the end-to-end tests) and by the embedded suite host (all four in one process, make run).
/// </summary>
public static class EvaluationApplication
{
    public const string Name = "evaluation";
    public const int GrpcPort = 7104;
    public const int HttpPort = 7204;

    public static WebApplication Build(string[] args, SuiteMembership? suite = null)
    {
        var builder = SuiteMembership.CreateBuilder(args, typeof(EvaluationApplication).Assembly.GetName().Name!, suite);
        builder.AddServiceDefaults(Name, GrpcPort, HttpPort);
        builder.AddEvaluation();
        builder.Services.AddAccessPolicy(AccessPolicy.Table);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapGrpcService<PerformanceEvaluationsService>();
        app.MapGrpcService<IndicatorTemplatesService>();
        app.MapGrpcService<CampaignWindowsService>();
        return app;
    }

    /// <summary>Migrates and seeds as configured, then serves until stopped.</summary>
    public static Task RunAsync(WebApplication app, string[] args) => app.RunServiceAsync(args, DemoData.SeedAsync);

    /// <summary>Migrates and seeds as configured; false when the host should not serve (--migrate).</summary>
    public static Task<bool> PrepareAsync(WebApplication app, string[] args) => app.PrepareServiceAsync(args, DemoData.SeedAsync);
}
