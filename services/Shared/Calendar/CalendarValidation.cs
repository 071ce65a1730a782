using System.Globalization;
using Union.Shared.Validation;

namespace Union.Shared.Calendar;

/// <summary>The checks on a calendar year an admin enters from a State Council notice.</summary>
public static class CalendarValidation
{
    public const int MaxNoticeReferenceLength = 200;

    /// <summary>
    /// Checks the year's dates: each "YYYY-MM-DD", within the stretch the year's notice may name
    /// (25 December of the year before to 31 December), no date twice, no date both a holiday and a
    /// working day, and every swapped working day a Saturday or Sunday. At least one holiday: every
    /// notice has the Spring Festival. The parsed year, or null with the violations added.
    /// </summary>
    public static RequestValidator CalendarNotice(this RequestValidator validator, int year, IReadOnlyList<string> holidays,
        IReadOnlyList<string> workingWeekends, string? noticeReference, out CalendarYear? parsed)
    {
        parsed = null;
        validator.Year("year", year).RequiredText("notice_reference", noticeReference, MaxNoticeReferenceLength);
        var yearValid = year is >= 2000 and <= 2100;
        var before = validator.Violations.Count;

        if (holidays.Count == 0) validator.Add("holidays", "REQUIRED", "至少填写一个放假日期");
        var holidayDates = Dates(validator, "holidays", holidays, year, yearValid, requireWeekend: false);
        var workingDates = Dates(validator, "working_weekends", workingWeekends, year, yearValid, requireWeekend: true);

        for (var i = 0; i < workingWeekends.Count; i++)
        {
            if (workingDates.TryGetValue(i, out var date) && holidayDates.ContainsValue(date))
                validator.Add($"working_weekends[{i}]", "DAY_BOTH_HOLIDAY_AND_WORKING", "同一日期不能既是放假日又是调休上班日");
        }

        if (validator.Violations.Count == before && yearValid && !string.IsNullOrWhiteSpace(noticeReference) && noticeReference.Length <= MaxNoticeReferenceLength)
            parsed = new CalendarYear(year, holidayDates.Values.ToHashSet(), workingDates.Values.ToHashSet(), noticeReference.Trim());
        return validator;
    }

    private static Dictionary<int, DateOnly> Dates(RequestValidator validator, string field, IReadOnlyList<string> values, int year, bool yearValid, bool requireWeekend)
    {
        var dates = new Dictionary<int, DateOnly>();
        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < values.Count; i++)
        {
            var name = $"{field}[{i}]";
            var count = validator.Violations.Count;
            validator.Date(name, values[i], required: true, out var date);
            if (validator.Violations.Count > count || date is not { } d) continue;
            if (yearValid && !CalendarYear.Covers(year, d))
            {
                validator.Add(name, "DATE_OUTSIDE_YEAR",
                    $"日期应在{CalendarYear.FirstDate(year).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}至{year}-12-31之间");
                continue;
            }
            if (!seen.Add(d))
            {
                validator.Add(name, "DUPLICATE_DATE", "日期重复");
                continue;
            }
            if (requireWeekend && !CalendarYear.IsWeekend(d))
            {
                validator.Add(name, "WORKING_DAY_NOT_WEEKEND", "调休上班日应为星期六或星期日");
                continue;
            }
            dates[i] = d;
        }
        return dates;
    }
}
