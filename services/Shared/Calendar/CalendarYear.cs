namespace Union.Shared.Calendar;

/// <summary>
/// One year of the official calendar as a State Council notice sets it (国务院办公厅关于XXXX年部分节假日安排的通知):
/// the holiday days (放假, weekend days inside a holiday period included) and the swapped working
/// weekend days (调休上班). A notice may reach back into the last days of December of the year
/// before: the 2019 notice made 2018-12-29 a working Saturday and 2018-12-31 a holiday.
/// </summary>
public sealed record CalendarYear(int Year, IReadOnlySet<DateOnly> Holidays, IReadOnlySet<DateOnly> WorkingWeekends, string NoticeReference)
{
    /// <summary>The first day of December a New Year holiday period may reach back to.</summary>
    public const int LateDecemberFrom = 25;

    /// <summary>The first date a notice for <paramref name="year"/> may name: 25 December of the year before.</summary>
    public static DateOnly FirstDate(int year) => new(year - 1, 12, LateDecemberFrom);

    public static DateOnly LastDate(int year) => new(year, 12, 31);

    /// <summary>Whether a date lies in the stretch the notice for <paramref name="year"/> may name.</summary>
    public static bool Covers(int year, DateOnly date) => date >= FirstDate(year) && date <= LastDate(year);

    /// <summary>True for the last days of December, which the next year's notice may still change.</summary>
    public static bool InLateDecember(DateOnly date) => date.Month == 12 && date.Day >= LateDecemberFrom;

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}

/// <summary>An answer of the calendar, with the years it had to count as weekends only.</summary>
/// <param name="UnloadedYears">Years whose notice the answer needed and the calendar does not hold, ascending.</param>
public readonly record struct CalendarAnswer<T>(T Value, IReadOnlyList<int> UnloadedYears)
{
    /// <summary>True when a date the answer touched lies in a year with no loaded calendar: weekends only were counted there.</summary>
    public bool Provisional => UnloadedYears.Count > 0;
}

/// <summary>
/// The calendar years a service has added or replaced (an admin enters a new State Council notice),
/// laid over the years shipped with the platform. Each service that measures working days provides one.
/// </summary>
public interface IWorkingCalendarSource
{
    Task<IReadOnlyList<CalendarYear>> AddedYearsAsync(CancellationToken cancellationToken);
}
