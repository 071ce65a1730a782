namespace Union.Shared.Time;

/// <summary>
/// Calendar dates as the unions live them: China Standard Time (UTC+8, no daylight saving). A
/// deadline "by 20 November" or a notice "ending on 3 May" means the Beijing day, whatever the server's zone.
/// </summary>
public static class BeijingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
