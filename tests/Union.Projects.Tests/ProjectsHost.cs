using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Union.Testing;

namespace Union.Projects.Tests;

/// <summary>
/// The projects host on a database of its own, with a clock the tests set: deadlines depend on
/// the date, so every test says what "now" is instead of inheriting today's.
/// </summary>
public class ProjectsHost(TestDatabase database) : ServiceHost<Program>(database)
{
    /// <summary>1 October 2026, 10:00 Beijing time: the annual round for 2027 is open.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 10, 1, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>This test's clock: a new one per test (a FakeTimeProvider never goes back), set or advanced freely.</summary>
    public FakeTimeProvider Clock { get; private set; } = new(DefaultNow);

    /// <summary>Empties every table and gives the host a fresh clock at <paramref name="now"/> (default <see cref="DefaultNow"/>).</summary>
    public async Task ResetAndSetClockAsync(DateTimeOffset? now = null)
    {
        await ResetAsync();
        Clock = new FakeTimeProvider(now ?? DefaultNow);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new CurrentClock(this)));
    }

    /// <summary>
    /// The host's TimeProvider: the wall clock is the running test's; timers and timestamps stay
    /// the system's, so the host's own background work (outbox polling, caches) is not stalled.
    /// </summary>
    private sealed class CurrentClock(ProjectsHost host) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => host.Clock.GetUtcNow();
        public override TimeZoneInfo LocalTimeZone => host.Clock.LocalTimeZone;
    }
}

public sealed class SqliteProjects() : ProjectsHost(TestDatabase.Sqlite);

public sealed class PostgresProjects() : ProjectsHost(TestDatabase.Postgres);
