using Union.Evaluation.Extensions;

var app = EvaluationApplication.Build(args);
await EvaluationApplication.RunAsync(app, args);

public partial class Program;
