using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Union.Testing;

/// <summary>
/// A service host whose clock the tests set: deadlines, notice periods, phase-outs and visit
/// campaigns depend on the date, so each test says what "now" is instead of inheriting today's.
/// </summary>
public abstract class ClockedServiceHost<TProgram>(TestDatabase database, DateTimeOffset defaultNow) : ServiceHost<TProgram>(database)
    where TProgram : class
{
    /// <summary>The host's clock; <see cref="ResetAndSetClockAsync"/> sets it for each test.</summary>
    public TestClock Clock { get; } = new(defaultNow);

    /// <summary>Empties every table and sets the clock to <paramref name="now"/> (default: the host's default now).</summary>
    public async Task ResetAndSetClockAsync(DateTimeOffset? now = null)
    {
        await ResetAsync();
        Clock.Set(now ?? defaultNow);
    }

    /// <summary>Moves the clock to 10:00 Beijing time on <paramref name="date"/>, forwards or back.</summary>
    public void SetDate(DateOnly date) => Clock.SetDate(date);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// A wall clock the test moves, forwards or back. Timers stay the system's, so the host's own
/// background work (outbox polling, caches, retries) is not stalled.
/// </summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);

    public void SetUtcNow(DateTimeOffset now) => Set(now);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    /// <summary>Moves to 10:00 Beijing time on <paramref name="date"/>.</summary>
    public void SetDate(DateOnly date) => Set(BeijingAt(date));

    public static DateTimeOffset BeijingAt(DateOnly date, int hour = 10) =>
        new(date.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8));
}
