using Union.Archives.Messaging;
using Union.Archives.Persistence;
using Union.Shared.Messaging;
using Union.Shared.Persistence;

namespace Union.Archives.Extensions;

public static class Extensions
{
    /// <summary>The archives service's own registrations, on top of the shared defaults.</summary>
    public static WebApplicationBuilder AddArchives(this WebApplicationBuilder builder)
    {
        builder.AddUnionPersistence<ArchivesDbContext, ArchivesSqliteDbContext, ArchivesPostgresDbContext, ArchivesSqlServerDbContext>("archives");
        builder.Services.AddScoped<HouseholdCache>();
        // A spreadsheet import carries a workbook of up to 5 MiB, above the suite's 4 MiB message limit.
        builder.Services.AddGrpc().AddServiceOptions<Grpc.ArchiveExchangeService>(o => o.MaxReceiveMessageSize = Exchange.WorkbookLayout.MaxRequestBytes);
        builder.AddUnionMessaging("archives", consumers =>
        {
            // The agencies' answers to an information comparison (信息比对).
            consumers.Add<ComparisonReturnedConsumer>();
            // Local runs answer comparisons themselves; production sets Comparison:Simulator false and runs the agencies' adapter.
            if (builder.Configuration.GetValue<bool>("Comparison:Simulator"))
                consumers.Add<ComparisonSimulator>();
        });
        return builder;
    }
}
