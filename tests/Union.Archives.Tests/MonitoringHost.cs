using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// The archives host with a clock each test sets: visit campaigns, overdue visits, stale files and
/// the figures' default period all depend on the date, so a test says what "now" is.
/// </summary>
public class MonitoringHost(TestDatabase database) : ClockedServiceHost<Program>(database, DefaultNow)
{
    /// <summary>15 June 2026, 10:00 Beijing time: after this year's spring visits, before the autumn update.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));
}

public sealed class SqliteMonitoring() : MonitoringHost(TestDatabase.Sqlite);

public sealed class PostgresMonitoring() : MonitoringHost(TestDatabase.Postgres);
