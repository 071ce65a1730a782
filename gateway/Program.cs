using Union.Gateway;
using Union.Shared.Observability;

var builder = WebApplication.CreateBuilder(args);
builder.AddUnionObservability("gateway");
builder.AddGateway();

var app = builder.Build();
app.UseGateway();
app.MapGateway();
app.Run();

public partial class Program;
