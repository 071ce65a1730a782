using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Projects.Domain;
using Union.Projects.Persistence;
using Union.Projects.Seed;
using Union.Shared.Auth;

namespace Union.Projects.Tests;

public class DemoDataTests(SqliteProjects host) : IClassFixture<SqliteProjects>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_demo_seed_holds_projects_in_every_main_state_across_two_cities_and_runs_only_once()
    {
        await SeedAsync();
        var first = await host.RowCountsAsync();
        await SeedAsync();

        Assert.Equal(first, await host.RowCountsAsync());
        var projects = await host.WithDatabaseAsync(db => ((ProjectsDbContext)db).Projects.ToListAsync());
        Assert.Subset(projects.Select(p => p.Status).ToHashSet(),
            new HashSet<ProjectStatus> { ProjectStatus.UnderReview, ProjectStatus.InLibrary, ProjectStatus.Launched, ProjectStatus.Accepted, ProjectStatus.Closed });
        Assert.Contains(projects, p => p.PendingAdjustmentId is not null);
        Assert.Equal(["51/5101", "51/5115"], projects.Select(p => string.Join('/', p.OrganisationPath.Split('/').Take(2))).Distinct().Order());
    }

    private async Task SeedAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("seed");
        await DemoData.SeedAsync(scope.ServiceProvider);
    }
}
