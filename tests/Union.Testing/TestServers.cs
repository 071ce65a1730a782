namespace Union.Testing;

/// <summary>
/// The real servers tests run against, started on loopback by scripts/servers.sh (make test).
/// Environment variables override the defaults for a machine that runs them elsewhere.
/// </summary>
public static class TestServers
{
    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("UNION_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Pooling=false";

    public static string RabbitMqHost => Environment.GetEnvironmentVariable("UNION_TEST_RABBITMQ_HOST") ?? "127.0.0.1";

    public static string Redis => Environment.GetEnvironmentVariable("UNION_TEST_REDIS") ?? "127.0.0.1:6379";

    /// <summary>A connection string for a new, uniquely named PostgreSQL database (created by the host's migrations).</summary>
    public static string NewPostgresDatabase(string prefix)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresAdmin)
        {
            Database = $"{prefix}_{Guid.NewGuid():N}"[..40],
            Pooling = true,
        };
        return builder.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="NewPostgresDatabase"/>.</summary>
    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var name = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var admin = new Npgsql.NpgsqlConnection(PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
