using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Union.Shared.Persistence;

public enum DatabaseProvider { Sqlite, Postgres, SqlServer }

/// <summary>
/// Persistence settings: <c>Persistence:Provider</c> picks the database (SQLite is the embedded
/// default), <c>ConnectionStrings:Database</c> says where it is.
/// </summary>
public sealed class PersistenceOptions
{
    public const string Section = "Persistence";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the host starts: on for local runs, off in production,
    /// where the Helm pre-upgrade hook runs the host with --migrate instead.</summary>
    public bool MigrateOnStartup { get; set; }
}

public static class PersistenceExtensions
{
    /// <summary>
    /// Registers the service's DbContext for the configured provider. Each provider has its own
    /// subclass of the context so that its migrations live apart (Persistence/Migrations/&lt;Provider&gt;);
    /// all three are registered so the EF tools can generate migrations for each, but only the
    /// configured one is handed out as <typeparamref name="TContext"/> and <see cref="UnionDbContext"/>.
    /// </summary>
    public static IHostApplicationBuilder AddUnionPersistence<TContext, TSqlite, TPostgres, TSqlServer>(
        this IHostApplicationBuilder builder, string serviceName)
        where TContext : UnionDbContext
        where TSqlite : TContext
        where TPostgres : TContext
        where TSqlServer : TContext
    {
        var options = builder.Configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        builder.Services.AddSingleton(options);
        var configured = builder.Configuration.GetConnectionString("Database");
        string For(DatabaseProvider provider, string placeholder) =>
            options.Provider == provider && !string.IsNullOrWhiteSpace(configured) ? configured : placeholder;

        builder.Services.AddDbContext<TSqlite>(o => o.UseSqlite(For(DatabaseProvider.Sqlite, $"Data Source={serviceName}.db")).AddInterceptors(AfterCommitInterceptor.Instance));
        builder.Services.AddDbContext<TPostgres>(o => o.UseNpgsql(For(DatabaseProvider.Postgres, $"Host=localhost;Database=union_{serviceName}")).AddInterceptors(AfterCommitInterceptor.Instance));
        builder.Services.AddDbContext<TSqlServer>(o => o.UseSqlServer(For(DatabaseProvider.SqlServer, $"Server=localhost;Database=union_{serviceName};TrustServerCertificate=true")).AddInterceptors(AfterCommitInterceptor.Instance));

        builder.Services.AddScoped<TContext>(sp => options.Provider switch
        {
            DatabaseProvider.Postgres => sp.GetRequiredService<TPostgres>(),
            DatabaseProvider.SqlServer => sp.GetRequiredService<TSqlServer>(),
            _ => sp.GetRequiredService<TSqlite>(),
        });
        builder.Services.AddScoped<UnionDbContext>(sp => sp.GetRequiredService<TContext>());
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("database", tags: ["ready"]);
        builder.Services.AddSingleton(builder.Configuration.GetSection(Idempotency.IdempotencyOptions.Section).Get<Idempotency.IdempotencyOptions>()
            ?? new Idempotency.IdempotencyOptions());
        builder.Services.AddSingleton<Idempotency.IdempotencyCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Idempotency.IdempotencyCleanup>());
        return builder;
    }
}
