namespace Union.Projects.Seed;

/// <summary>Demo projects for local runs (Seed:Demo=true). Rebuilt with the project life cycle.</summary>
public static class DemoData
{
    public static Task SeedAsync(IServiceProvider services) => Task.CompletedTask;
}
