using Union.Projects.Extensions;

var app = ProjectsApplication.Build(args);
await ProjectsApplication.RunAsync(app, args);

public partial class Program;
