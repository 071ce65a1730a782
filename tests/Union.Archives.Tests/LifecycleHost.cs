using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// The archives host with a clock the tests set (notice periods and phase-outs depend on the
/// date) and, unless asked for, without the comparison simulator: the tests answer comparisons
/// as the agencies' adapter would (<see cref="LifecycleDriver"/>), so a file stays waiting until
/// a test says otherwise.
/// </summary>
public class LifecycleHost(TestDatabase database, bool simulator) : ServiceHost<Program>(database)
{
    /// <summary>15 June 2026, 10:00 Beijing time.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>This test's clock; <see cref="ResetAndSetClockAsync"/> gives each test a fresh one.</summary>
    public TestClock Clock { get; } = new(DefaultNow);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Comparison:Simulator"] = simulator ? "true" : "false",
    };

    /// <summary>Empties every table and sets the clock to <paramref name="now"/> (default <see cref="DefaultNow"/>).</summary>
    public async Task ResetAndSetClockAsync(DateTimeOffset? now = null)
    {
        await ResetAsync();
        Clock.Set(now ?? DefaultNow);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// A wall clock the test moves (forwards or back). Timers stay the system's, so the host's own
/// background work (outbox polling, caches, retries) is not stalled.
/// </summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    /// <summary>Moves to 10:00 Beijing time on <paramref name="date"/>.</summary>
    public void SetDate(DateOnly date) => Set(new DateTimeOffset(date.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));
}

public sealed class SqliteLifecycle() : LifecycleHost(TestDatabase.Sqlite, simulator: false);

public sealed class SqliteLifecycleWithSimulator() : LifecycleHost(TestDatabase.Sqlite, simulator: true);

public sealed class PostgresLifecycle() : LifecycleHost(TestDatabase.Postgres, simulator: true);
