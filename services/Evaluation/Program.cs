using Union.Evaluation.Extensions;
using Union.Evaluation.Grpc;
using Union.Evaluation.Seed;
using Union.Shared.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("evaluation", grpcPort: 7104, httpPort: 7204);
builder.AddEvaluation();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<PerformanceEvaluationsService>();
app.MapGrpcService<IndicatorTemplatesService>();
app.MapGrpcService<CampaignWindowsService>();
await app.RunServiceAsync(args, DemoData.SeedAsync);

public partial class Program;
