using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Projects.Persistence;
using Union.Projects.Seed;
using Union.Shared.Auth;

namespace Union.Projects.Tests;

public class DemoDataTests(SqliteProjects host) : IClassFixture<SqliteProjects>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_demo_seed_files_applications_in_two_cities_with_their_events_and_runs_only_once()
    {
        await SeedAsync();
        var first = await host.RowCountsAsync();
        await SeedAsync();

        Assert.Equal(first, await host.RowCountsAsync());
        var owners = await host.WithDatabaseAsync(db => ((ProjectsDbContext)db).ProjectApplications.Select(p => p.OrganisationPath).Distinct().ToListAsync());
        Assert.Equal(["51/5101/510104", "51/5115/511502"], owners.Order());
        Assert.Equal(first["project_applications"], first["outbox_messages"]);
    }

    private async Task SeedAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("seed");
        await DemoData.SeedAsync(scope.ServiceProvider);
    }
}
