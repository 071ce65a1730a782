using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Archives.Persistence;
using Union.Shared.Auth;

namespace Union.Archives.Tests;

/// <summary>
/// Every provider's committed migrations match the model. SQL Server cannot run here, so this is
/// what keeps its migrations honest: a model change without a new migration fails this test.
/// </summary>
public class MigrationsTests(SqliteArchives host) : IClassFixture<SqliteArchives>
{
    [Theory]
    [InlineData(typeof(ArchivesSqliteDbContext))]
    [InlineData(typeof(ArchivesPostgresDbContext))]
    [InlineData(typeof(ArchivesSqlServerDbContext))]
    public void The_migrations_of_every_provider_match_the_model(Type context)
    {
        using var scope = host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("test");
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(context);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{context.Name}: the model changed without a migration (make migrations).");
    }
}
