using Union.Archives.Extensions;
using Union.Archives.Grpc;
using Union.Archives.Persistence;
using Union.Archives.Seed;
using Union.Shared.Auth;
using Union.Shared.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("archives", grpcPort: 7101, httpPort: 7201);
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
await app.RunServiceAsync(args, DemoData.SeedAsync, new Dictionary<string, Func<IServiceProvider, Task>>
{
    ["--rotate-personal-data"] = PersonalDataRotation.RunAsync,
});

public partial class Program;
