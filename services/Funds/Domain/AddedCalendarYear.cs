using System.Globalization;
using Union.Shared.Calendar;

namespace Union.Funds.Domain;

/// <summary>
/// A year of the working-day calendar an admin entered from a State Council notice, laid over the
/// years shipped with the platform (it adds a year, or replaces a shipped one). The calendar is
/// national: no organisation owns it. A year's days are kept as one row, so a replacement is a
/// single update.
/// </summary>
public sealed class AddedCalendarYear
{
    public const int MaxDaysLength = 4000;

    public int Year { get; private set; }
    /// <summary>Ascending "YYYY-MM-DD" dates separated by commas.</summary>
    public string Holidays { get; private set; } = string.Empty;
    public string WorkingWeekends { get; private set; } = string.Empty;
    public string NoticeReference { get; private set; } = string.Empty;
    public string SetBy { get; private set; } = string.Empty;
    public DateTime SetAt { get; private set; }

    private AddedCalendarYear() { }

    public static AddedCalendarYear From(CalendarYear year, string actor, DateTime now)
    {
        var added = new AddedCalendarYear { Year = year.Year };
        added.Replace(year, actor, now);
        return added;
    }

    /// <summary>Replaces the whole notice: an amended notice is entered again in full.</summary>
    public void Replace(CalendarYear year, string actor, DateTime now)
    {
        if (year.Year != Year) throw new InvalidOperationException("A calendar year is replaced only by the same year.");
        Holidays = Join(year.Holidays);
        WorkingWeekends = Join(year.WorkingWeekends);
        NoticeReference = year.NoticeReference;
        SetBy = actor;
        SetAt = now;
    }

    public CalendarYear ToCalendarYear() => new(Year, Split(Holidays), Split(WorkingWeekends), NoticeReference);

    private static string Join(IEnumerable<DateOnly> dates) =>
        string.Join(",", dates.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static HashSet<DateOnly> Split(string dates) =>
        dates.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
}
