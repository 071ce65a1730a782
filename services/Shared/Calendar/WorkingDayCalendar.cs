namespace Union.Shared.Calendar;

/// <summary>
/// The official Chinese working-day calendar (工作日). A day is a working day when a loaded notice
/// makes it a swapped working weekend day (调休上班), is not one when a notice makes it a holiday
/// (放假, even a holiday that falls on a weekend), and otherwise is one from Monday to Friday.
/// Outside the loaded years only weekends are known: every answer that touched such a date is
/// provisional and names the years missing. Funds, projects and evaluation measure their deadlines
/// ("within 30 working days") with this one calendar.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly Dictionary<int, CalendarYear> _years;
    // true: a swapped working day; false: a holiday. Dates not listed follow the weekday.
    private readonly Dictionary<DateOnly, bool> _days = [];

    public WorkingDayCalendar(IEnumerable<CalendarYear> years)
    {
        _years = years.ToDictionary(y => y.Year);
        // A later notice wins on a date two notices name (the New Year period reaching back into December).
        foreach (var year in _years.Values.OrderBy(y => y.Year))
        {
            foreach (var day in year.Holidays) _days[day] = false;
            foreach (var day in year.WorkingWeekends) _days[day] = true;
        }
    }

    /// <summary>The years shipped with the platform (2015 to 2026), without any added by an admin.</summary>
    public static WorkingDayCalendar Official { get; } = new(OfficialCalendarData.Load());

    /// <summary>The official calendar with a service's added years laid over it (an added year replaces a shipped one).</summary>
    public static async Task<WorkingDayCalendar> LoadAsync(IWorkingCalendarSource source, CancellationToken cancellationToken) =>
        Official.WithOverlay(await source.AddedYearsAsync(cancellationToken));

    /// <summary>This calendar with <paramref name="added"/> years added, each replacing a loaded year of the same number.</summary>
    public WorkingDayCalendar WithOverlay(IEnumerable<CalendarYear> added)
    {
        var merged = new Dictionary<int, CalendarYear>(_years);
        foreach (var year in added) merged[year.Year] = year;
        return new WorkingDayCalendar(merged.Values);
    }

    public IReadOnlyCollection<int> LoadedYears => _years.Keys.Order().ToList();

    public bool IsLoaded(int year) => _years.ContainsKey(year);

    public CalendarYear? Year(int year) => _years.GetValueOrDefault(year);

    public CalendarAnswer<bool> IsWorkingDay(DateOnly date)
    {
        var unloaded = new SortedSet<int>();
        Touch(date, unloaded);
        return new(IsWorking(date), unloaded.ToList());
    }

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day after <paramref name="start"/>: the start
    /// itself is never counted, whether or not it is a working day, and 0 answers the start. From
    /// Friday 2024-09-20, 1 working day is Monday 09-23; 30 working days is 2024-11-06, counting the
    /// swapped Sunday 09-29 and Saturday 10-12 and skipping the National Day week.
    /// </summary>
    public CalendarAnswer<DateOnly> AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var unloaded = new SortedSet<int>();
        var date = start;
        for (var counted = 0; counted < workingDays;)
        {
            date = date.AddDays(1);
            Touch(date, unloaded);
            if (IsWorking(date)) counted++;
        }
        return new(date, unloaded.ToList());
    }

    /// <summary>
    /// The number of working days after <paramref name="from"/> up to and including
    /// <paramref name="to"/> (so <c>WorkingDaysBetween(d, AddWorkingDays(d, n)) == n</c>); negative
    /// when <paramref name="to"/> is before <paramref name="from"/>, zero on the same day. "Paid within
    /// 30 working days of the complete application" means <c>WorkingDaysBetween(complete, paid) &lt;= 30</c>.
    /// </summary>
    public CalendarAnswer<int> WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            var reverse = WorkingDaysBetween(to, from);
            return reverse with { Value = -reverse.Value };
        }
        var unloaded = new SortedSet<int>();
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            Touch(date, unloaded);
            if (IsWorking(date)) count++;
        }
        return new(count, unloaded.ToList());
    }

    /// <summary>
    /// True from 1 December when next year's calendar is not loaded (the State Council usually
    /// publishes it in November or December), and all year when this year's own calendar is missing.
    /// </summary>
    public bool MissingNextYearWarning(DateOnly today) =>
        !IsLoaded(today.Year) || (today.Month == 12 && !IsLoaded(today.Year + 1));

    private bool IsWorking(DateOnly date) =>
        _days.TryGetValue(date, out var working) ? working : !CalendarYear.IsWeekend(date);

    /// <summary>Notes the years a date needs: its own, and in late December also the next (its New Year period may reach back).</summary>
    private void Touch(DateOnly date, SortedSet<int> unloaded)
    {
        if (!IsLoaded(date.Year)) unloaded.Add(date.Year);
        if (CalendarYear.InLateDecember(date) && !IsLoaded(date.Year + 1)) unloaded.Add(date.Year + 1);
    }
}
