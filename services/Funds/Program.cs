using Union.Funds.Extensions;

var app = FundsApplication.Build(args);
await FundsApplication.RunAsync(app, args);

public partial class Program;
