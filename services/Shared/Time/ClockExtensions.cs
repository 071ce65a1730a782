namespace Union.Shared.Time;

public static class ClockExtensions
{
    /// <summary>
    /// Now in UTC, cut to whole microseconds: the finest step every provider stores (PostgreSQL keeps
    /// microseconds), so a record reads back exactly as it was written.
    /// </summary>
    public static DateTime UtcNowForStorage(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
    }
}
