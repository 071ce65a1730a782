using Union.Projects.Extensions;
using Union.Projects.Grpc;
using Union.Projects.Seed;
using Union.Shared.Auth;
using Union.Shared.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("projects", grpcPort: 7102, httpPort: 7202);
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
await app.RunServiceAsync(args, DemoData.SeedAsync);

public partial class Program;
