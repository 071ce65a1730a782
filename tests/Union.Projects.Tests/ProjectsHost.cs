using Union.Testing;

namespace Union.Projects.Tests;

/// <summary>The projects host on a database of its own, with a clock the tests set (deadlines depend on the date).</summary>
public class ProjectsHost(TestDatabase database) : ClockedServiceHost<Program>(database, DefaultNow)
{
    /// <summary>1 October 2026, 10:00 Beijing time: the annual round for 2027 is open.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 10, 1, 10, 0, 0, TimeSpan.FromHours(8));
}

public sealed class SqliteProjects() : ProjectsHost(TestDatabase.Sqlite);

public sealed class PostgresProjects() : ProjectsHost(TestDatabase.Postgres);
