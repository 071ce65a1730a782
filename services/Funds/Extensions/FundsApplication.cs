using Union.Funds.Grpc;
using Union.Funds.Seed;
using Union.Shared.Auth;
using Union.Shared.Hosting;

namespace Union.Funds.Extensions;

/// <summary>
/// The funds host, built the same way by its own Program (one process per service: the cluster,
/// the end-to-end tests) and by the embedded suite host (all four in one process, make run).
/// </summary>
public static class FundsApplication
{
    public const string Name = "funds";
    public const int GrpcPort = 7103;
    public const int HttpPort = 7203;

    public static WebApplication Build(string[] args, SuiteMembership? suite = null)
    {
        var builder = SuiteMembership.CreateBuilder(args, typeof(FundsApplication).Assembly.GetName().Name!, suite);
        builder.AddServiceDefaults(Name, GrpcPort, HttpPort);
        builder.AddFunds();
        builder.Services.AddAccessPolicy(AccessPolicy.Table);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapGrpcService<FundLedgerService>();
        app.MapGrpcService<LocalStandardsService>();
        app.MapGrpcService<ProjectTranchesService>();
        app.MapGrpcService<WorkingCalendarService>();
        app.MapGrpcService<AllocationService>();
        app.MapGrpcService<AssistanceDecisionsService>();
        app.MapGrpcService<FundMovementsService>();
        app.MapGrpcService<PaymentBatchesService>();
        app.MapGrpcService<FundReportsService>();
        app.MapGrpcService<PaymentFollowUpService>();
        return app;
    }

    /// <summary>Migrates and seeds as configured, then serves until stopped.</summary>
    public static Task RunAsync(WebApplication app, string[] args) => app.RunServiceAsync(args, DemoData.SeedAsync);

    /// <summary>Migrates and seeds as configured; false when the host should not serve (--migrate).</summary>
    public static Task<bool> PrepareAsync(WebApplication app, string[] args) => app.PrepareServiceAsync(args, DemoData.SeedAsync);
}
