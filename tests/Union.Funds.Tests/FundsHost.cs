using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Funds.V1;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>The funds host on a fresh SQLite file (one per test class).</summary>
public class FundsHost : ServiceHost<Program>
{
    // xunit needs exactly one public constructor on a fixture.
    public FundsHost() : base(TestDatabase.Sqlite) { }

    protected FundsHost(TestDatabase database) : base(database) { }

    /// <summary>
    /// Empties every table. The ledger's rows are deleted first: the shared reset deletes tables in
    /// model order, and ledger entries and money movements hold foreign keys to accounts and transactions.
    /// </summary>
    public new async Task ResetAsync()
    {
        await WithDatabaseAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"payment_notifications\"");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"payment_spot_checks\"");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"payments\"");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"fund_movements\"");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"ledger_entries\"");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"ledger_transactions\"");
        });
        await base.ResetAsync();
    }

    public FundLedger.FundLedgerClient Client(string organisationPath, params string[] roles) =>
        new(As(organisationPath, roles));

    /// <summary>Runs code in a scope of the host as a user of the organisation (tenancy applies), or as the system when null.</summary>
    public async Task<T> InScopeAsync<T>(string? organisationPath, Func<IServiceProvider, FundsDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        var caller = scope.ServiceProvider.GetRequiredService<CallerContext>();
        if (organisationPath is null)
        {
            caller.ActAsSystem("test");
        }
        else
        {
            caller.ActAsUser(new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(UnionClaims.Subject, $"test-finance@{organisationPath}"),
                new Claim(UnionClaims.Organisation, organisationPath),
                new Claim(UnionClaims.Role, Roles.Finance),
            ], "test")));
        }
        return await action(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<FundsDbContext>());
    }

    public Task InScopeAsync(string? organisationPath, Func<IServiceProvider, FundsDbContext, Task> action) =>
        InScopeAsync(organisationPath, async (sp, db) => { await action(sp, db); return 0; });
}

/// <summary>The funds host on a fresh database of the real PostgreSQL server.</summary>
public sealed class PostgresFundsHost() : FundsHost(TestDatabase.Postgres);

/// <summary>Waits for an asynchronous effect and returns it, within a bound (like <see cref="Poll"/>, which answers only yes or no).</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await probe();
            if (value is not null) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The expected effect did not happen in time.");
            await Task.Delay(50);
        }
    }
}
