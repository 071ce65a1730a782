using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// The archives host with a clock the tests set (notice periods and phase-outs depend on the
/// date) and, unless asked for, without the comparison simulator: the tests answer comparisons
/// as the agencies' adapter would (<see cref="LifecycleDriver"/>), so a file stays waiting until
/// a test says otherwise.
/// </summary>
public class LifecycleHost(TestDatabase database, bool simulator) : ClockedServiceHost<Program>(database, DefaultNow)
{
    /// <summary>15 June 2026, 10:00 Beijing time.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Comparison:Simulator"] = simulator ? "true" : "false",
    };
}

public sealed class SqliteLifecycle() : LifecycleHost(TestDatabase.Sqlite, simulator: false);

public sealed class SqliteLifecycleWithSimulator() : LifecycleHost(TestDatabase.Sqlite, simulator: true);

public sealed class PostgresLifecycle() : LifecycleHost(TestDatabase.Postgres, simulator: true);
