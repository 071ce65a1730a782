using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Shared.Auth;
using Union.Shared.Persistence;
using Xunit;

namespace Union.Testing;

public enum TestDatabase { Sqlite, Postgres }

/// <summary>
/// One service host in-process (TestServer), on a database of its own: a fresh SQLite file or a
/// fresh database on the real PostgreSQL server, migrated by the host itself at start. The bus is
/// MassTransit's in-memory transport unless a test asks for RabbitMQ. <see cref="ResetAsync"/>
/// empties every table, so each test starts from a clean slate instead of counting on seed data.
/// </summary>
public class ServiceHost<TProgram>(TestDatabase database = TestDatabase.Sqlite) : WebApplicationFactory<TProgram>, IAsyncLifetime
    where TProgram : class
{
    private string? _sqliteFile;
    private readonly string? _sharedConnectionString;

    /// <summary>A host on the database of another host (e.g. the same files under other settings); that host creates and drops it.</summary>
    protected ServiceHost(TestDatabase database, string connectionString) : this(database) => _sharedConnectionString = connectionString;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Extra configuration for a test class, e.g. RabbitMq:Host.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual Task InitializeAsync()
    {
        if (_sharedConnectionString is not null)
        {
            ConnectionString = _sharedConnectionString;
        }
        else if (database == TestDatabase.Postgres)
        {
            ConnectionString = TestServers.NewPostgresDatabase("union_test");
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"union-test-{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={_sqliteFile}";
        }
        // Starting the server applies the migrations (MigrateOnStartup).
        _ = Server;
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Persistence:Provider", database.ToString());
        builder.UseSetting("Persistence:MigrateOnStartup", "true");
        builder.UseSetting("ConnectionStrings:Database", ConnectionString);
        builder.UseSetting("Seed:Demo", "false");
        builder.UseSetting("Outbox:PollInterval", "00:00:00.200");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>A gRPC channel to the in-process host.</summary>
    public GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions
    {
        HttpHandler = Server.CreateHandler(),
    });
    private GrpcChannel? _channel;

    /// <summary>A call invoker that presents a development token for the organisation and roles.</summary>
    public CallInvoker As(string organisationPath, params string[] roles) => WithToken(Tokens.For(organisationPath, roles));

    /// <summary>A call invoker for a named user (e.g. one of several reviewers of the same organisation).</summary>
    public CallInvoker AsUser(string subject, string organisationPath, params string[] roles) =>
        WithToken(DevTokens.Mint(Tokens.Options, subject, organisationPath, roles.Length == 0 ? [Roles.Caseworker] : roles));

    /// <summary>A call invoker that presents the given token (e.g. a worker's, carrying his ID number).</summary>
    public CallInvoker WithToken(string token) =>
        Channel.Intercept(metadata =>
        {
            // A copy: a test may reuse its metadata object for several calls.
            var headers = new Metadata();
            foreach (var entry in metadata) headers.Add(entry);
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        });

    /// <summary>Runs code against the service's database as the system (no tenancy filter).</summary>
    public async Task<T> WithDatabaseAsync<T>(Func<UnionDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("test");
        return await action(scope.ServiceProvider.GetRequiredService<UnionDbContext>());
    }

    public Task WithDatabaseAsync(Func<UnionDbContext, Task> action) =>
        WithDatabaseAsync(async db => { await action(db); return 0; });

    /// <summary>
    /// Fails when a provider's committed migrations do not match the model. SQL Server cannot run
    /// here, so this is what keeps its migrations honest.
    /// </summary>
    public void AssertMigrationsMatchModel(Type providerContext)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("test");
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(providerContext);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"{providerContext.Name}: the model changed without a migration (make migrations SERVICE=... NAME=...).");
    }

    /// <summary>Empties every table the service has (except the migrations history), dependents before their principals.</summary>
    public Task ResetAsync() => WithDatabaseAsync(async db =>
    {
        var remaining = db.Model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()).ToHashSet();
        var ordered = new List<Microsoft.EntityFrameworkCore.Metadata.IEntityType>();
        while (remaining.Count > 0)
        {
            var free = remaining.Where(t => !remaining.Any(o => o != t && o.GetForeignKeys().Any(fk => fk.PrincipalEntityType == t))).ToList();
            if (free.Count == 0) free = [.. remaining];
            ordered.AddRange(free);
            remaining.ExceptWith(free);
        }
        foreach (var table in ordered.Select(t => t.GetTableName()).Distinct())
        {
#pragma warning disable EF1002 // table names come from the model, not from input
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\"");
#pragma warning restore EF1002
        }
    });

    /// <summary>Counts the rows of every table: a refused request must leave all of them unchanged.</summary>
    public Task<Dictionary<string, long>> RowCountsAsync() => WithDatabaseAsync(async db =>
    {
        var counts = new Dictionary<string, long>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).Where(t => t is not null).Distinct())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table!] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    });

    public new virtual async Task DisposeAsync()
    {
        _channel?.Dispose();
        await base.DisposeAsync();
        if (database == TestDatabase.Postgres && _sharedConnectionString is null) await TestServers.DropPostgresDatabaseAsync(ConnectionString);
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" }) File.Delete(f);
        }
    }
}
