using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Union.Shared.Time;

/// <summary>
/// Where a Development or Testing host's clock starts: <c>Clock:Start</c>, an ISO 8601 date-time
/// with its offset (Beijing time, e.g. "2026-03-02T09:00:00+08:00"). Production must not set it:
/// a production host refuses to start with it.
/// </summary>
public sealed class ClockOptions
{
    public const string Section = "Clock";
    public string? Start { get; set; }
}

/// <summary>
/// The clock of a Development or Testing run: the system's time shifted by an offset that an admin
/// sets or moves (DevClock), so a run can walk through a year (a notice period ending, a phase-out
/// running out, the fiscal year closing) without waiting for it. It keeps running forward from
/// where it was set. Timers and timestamps stay the system's, so background work (outbox polling,
/// retries, caches) keeps its pace.
/// </summary>
public sealed class SettableClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>A clock that reads <paramref name="start"/> now and runs on from there; the system's time when null.</summary>
    public SettableClock(DateTimeOffset? start = null)
    {
        if (start is { } at) Set(at);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>How far this clock is from the system's time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>From now on the clock reads <paramref name="now"/> and runs on from it.</summary>
    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - System.GetUtcNow()).Ticks);

    /// <summary>Moves the clock by <paramref name="by"/>, forwards or back.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Parses <c>Clock:Start</c>: an ISO 8601 date-time that must carry its offset (a bare time is ambiguous).</summary>
    public static DateTimeOffset ParseStart(string value)
    {
        var text = value.Trim();
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z')
            || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            throw new InvalidOperationException(
                $"Clock:Start must be an ISO 8601 date-time with its offset, e.g. 2026-03-02T09:00:00+08:00 (Beijing time), not \"{value}\".");
        return start;
    }
}

public static class SettableClockExtensions
{
    /// <summary>Environments in which the clock may be set: local runs and test hosts.</summary>
    public static bool AllowsSettableClock(this IHostEnvironment environment) => AllowsSettableClock(environment.EnvironmentName);

    /// <inheritdoc cref="AllowsSettableClock(IHostEnvironment)"/>
    public static bool AllowsSettableClock(string environmentName) =>
        string.Equals(environmentName, Environments.Development, StringComparison.OrdinalIgnoreCase)
        || string.Equals(environmentName, "Testing", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The host's TimeProvider: in Development or Testing a <see cref="SettableClock"/> (started at
    /// <c>Clock:Start</c> when given; <paramref name="shared"/> when the suite host shares one clock
    /// among its services), elsewhere the system clock. <c>Clock:Start</c> outside Development or
    /// Testing stops the host: a production run on a made-up date would post, pay and archive on it.
    /// </summary>
    public static IServiceCollection AddUnionClock(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment, SettableClock? shared = null)
    {
        var options = configuration.GetSection(ClockOptions.Section).Get<ClockOptions>() ?? new ClockOptions();
        if (!environment.AllowsSettableClock())
        {
            if (!string.IsNullOrWhiteSpace(options.Start))
                throw new InvalidOperationException(
                    $"Clock:Start is set, but environment {environment.EnvironmentName} runs on the system clock: the clock may be set only in Development or Testing. Remove Clock:Start.");
            if (shared is not null)
                throw new InvalidOperationException($"A shared settable clock is for Development or Testing, not environment {environment.EnvironmentName}.");
            services.AddSingleton(TimeProvider.System);
            return services;
        }
        var clock = shared ?? new SettableClock();
        // The suite host sets its one shared clock from its own Clock:Start, before any service starts.
        if (shared is null && !string.IsNullOrWhiteSpace(options.Start)) clock.Set(SettableClock.ParseStart(options.Start));
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        return services;
    }
}
