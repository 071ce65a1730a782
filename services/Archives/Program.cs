using Union.Archives.Extensions;

var app = ArchivesApplication.Build(args);
await ArchivesApplication.RunAsync(app, args);

public partial class Program;
