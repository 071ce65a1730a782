using Union.Archives.Persistence;

namespace Union.Archives.Tests;

public class MigrationsTests(SqliteArchives host) : IClassFixture<SqliteArchives>
{
    [Theory]
    [InlineData(typeof(ArchivesSqliteDbContext))]
    [InlineData(typeof(ArchivesPostgresDbContext))]
    [InlineData(typeof(ArchivesSqlServerDbContext))]
    public void The_migrations_of_every_provider_match_the_model(Type context) => host.AssertMigrationsMatchModel(context);
}
