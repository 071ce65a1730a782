using Union.Projects.Persistence;

namespace Union.Projects.Tests;

public class MigrationsTests(SqliteProjects host) : IClassFixture<SqliteProjects>
{
    [Theory]
    [InlineData(typeof(ProjectsSqliteDbContext))]
    [InlineData(typeof(ProjectsPostgresDbContext))]
    [InlineData(typeof(ProjectsSqlServerDbContext))]
    public void The_migrations_of_every_provider_match_the_model(Type context) => host.AssertMigrationsMatchModel(context);
}
