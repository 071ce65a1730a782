using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Archives.Domain;
using Union.Archives.Seed;
using Union.Shared.Auth;

namespace Union.Archives.Tests;

public class DemoDataTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task SeedAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("seed");
        await DemoData.SeedAsync(scope.ServiceProvider);
    }

    [Fact]
    public async Task The_demo_seeds_files_in_several_states_across_two_cities_once()
    {
        await SeedAsync();
        await SeedAsync();

        var files = await host.WithDatabaseAsync(db => db.Set<Household>().Select(h => new { h.OrganisationPath, h.Status }).ToListAsync());
        Assert.Equal(8, files.Count);
        Assert.Contains(files, f => f.OrganisationPath.StartsWith("51/5101/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.OrganisationPath.StartsWith("51/5115/", StringComparison.Ordinal));
        Assert.Superset(
            new HashSet<ArchiveStatus> { ArchiveStatus.Draft, ArchiveStatus.Applied, ArchiveStatus.ComparisonReturned, ArchiveStatus.InNotice, ArchiveStatus.Active, ArchiveStatus.PhaseOut, ArchiveStatus.Exited },
            files.Select(f => f.Status).ToHashSet());
        // Exited people are free to be archived again; every submitted open file holds its head, a draft nobody.
        Assert.Equal(files.Count(f => f.Status is not (ArchiveStatus.Exited or ArchiveStatus.Draft)), await host.WithDatabaseAsync(db => db.Set<OpenIdentity>().CountAsync()));
    }
}
