using Union.Funds.Extensions;
using Union.Funds.Grpc;
using Union.Funds.Seed;
using Union.Shared.Auth;
using Union.Shared.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("funds", grpcPort: 7103, httpPort: 7203);
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
await app.RunServiceAsync(args, DemoData.SeedAsync);

public partial class Program;
