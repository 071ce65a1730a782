using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// The archives host with a clock each test sets: visit campaigns, overdue visits, stale files and
/// the figures' default period all depend on the date, so a test says what "now" is.
/// </summary>
public class MonitoringHost(TestDatabase database) : ServiceHost<Program>(database)
{
    /// <summary>15 June 2026, 10:00 Beijing time: after this year's spring visits, before the autumn update.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>This test's clock: a fresh one per test, set or advanced freely.</summary>
    public FakeTimeProvider Clock { get; private set; } = new(DefaultNow);

    public async Task ResetAndSetClockAsync(DateTimeOffset? now = null)
    {
        await ResetAsync();
        Clock = new FakeTimeProvider(now ?? DefaultNow);
    }

    /// <summary>Moves the clock to 10:00 Beijing time on <paramref name="date"/>, forwards or back (a new FakeTimeProvider).</summary>
    public void SetDate(DateOnly date) => Clock = new FakeTimeProvider(BeijingAt(date));

    public static DateTimeOffset BeijingAt(DateOnly date, int hour = 10) =>
        new(date.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new CurrentClock(this)));
    }

    /// <summary>The wall clock is the running test's; timers stay the system's so background work is not stalled.</summary>
    private sealed class CurrentClock(MonitoringHost host) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => host.Clock.GetUtcNow();
        public override TimeZoneInfo LocalTimeZone => host.Clock.LocalTimeZone;
    }
}

public sealed class SqliteMonitoring() : MonitoringHost(TestDatabase.Sqlite);

public sealed class PostgresMonitoring() : MonitoringHost(TestDatabase.Postgres);
