using Union.Contracts.Projects.V1;

namespace Union.Projects.Tests;

/// <summary>The main path from application to acceptance, on SQLite and PostgreSQL.</summary>
public abstract class LifecycleSmokeTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_project_goes_from_application_to_acceptance_and_releases_its_subsidy_in_two_tranches()
    {
        var driver = new ProjectDriver(host);

        var launched = await driver.ToAsync(ProjectStatus.Launched);
        Assert.Equal(16_000_000, launched.Released.Fen); // 40 % of 400,000 yuan

        var accepted = await driver.AdvanceAsync(launched, ProjectStatus.Accepted);
        Assert.Equal(ProjectStatus.Accepted, accepted.Status);
        Assert.Equal(40_000_000, accepted.Released.Fen);
        Assert.Equal("51/5101", accepted.Funder.Path);
    }
}

public sealed class SqliteLifecycleSmokeTests(SqliteProjects host) : LifecycleSmokeTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresLifecycleSmokeTests(PostgresProjects host) : LifecycleSmokeTests(host), IClassFixture<PostgresProjects>;
