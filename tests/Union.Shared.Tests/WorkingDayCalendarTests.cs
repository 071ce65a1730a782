using Union.Shared.Calendar;
using Union.Shared.Validation;

namespace Union.Shared.Tests;

/// <summary>The official working-day calendar (002 指标7, 13): State Council notices 2015–2026, weekends only elsewhere.</summary>
public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Official = WorkingDayCalendar.Official;

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static WorkingDayCalendar Without(int year) =>
        new(OfficialCalendarData.Load().Where(y => y.Year != year));

    [Fact]
    public void Thirty_working_days_from_20_September_2024_land_on_6_November_after_the_National_Day_week()
    {
        // From Friday 2024-09-20, the start not counted (国办发明电〔2023〕7号):
        //  1–5   09-23 Mon … 09-27 Fri
        //  6     09-29 Sun, a swapped working day (调休上班); 09-28 Sat is a rest day
        //  7     09-30 Mon
        //        10-01 … 10-07 National Day holiday
        //  8–11  10-08 Tue … 10-11 Fri
        //  12    10-12 Sat, a swapped working day
        //  13–17 10-14 … 10-18;  18–22 10-21 … 10-25;  23–27 10-28 … 11-01
        //  28–30 11-04 Mon, 11-05 Tue, 11-06 Wed
        var answer = Official.AddWorkingDays(D("2024-09-20"), 30);

        Assert.Equal(D("2024-11-06"), answer.Value);
        Assert.False(answer.Provisional);
        Assert.Equal(30, Official.WorkingDaysBetween(D("2024-09-20"), D("2024-11-06")).Value);
        // Without the swapped Sunday and Saturday it would be two working days later (Friday 11-08).
        Assert.True(Official.IsWorkingDay(D("2024-09-29")).Value);
        Assert.True(Official.IsWorkingDay(D("2024-10-12")).Value);
    }

    [Fact]
    public void The_start_is_never_counted_and_zero_days_answer_the_start()
    {
        Assert.Equal(D("2024-09-23"), Official.AddWorkingDays(D("2024-09-20"), 1).Value);
        Assert.Equal(D("2024-10-08"), Official.AddWorkingDays(D("2024-10-01"), 1).Value);
        Assert.Equal(D("2024-10-01"), Official.AddWorkingDays(D("2024-10-01"), 0).Value);
        Assert.Equal(0, Official.WorkingDaysBetween(D("2024-10-01"), D("2024-10-01")).Value);
        Assert.Equal(0, Official.WorkingDaysBetween(D("2024-09-30"), D("2024-10-07")).Value);
        Assert.Equal(-30, Official.WorkingDaysBetween(D("2024-11-06"), D("2024-09-20")).Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => Official.AddWorkingDays(D("2024-10-01"), -1));
    }

    [Theory]
    [InlineData("2020-04-04")] // 清明, a Saturday
    [InlineData("2015-04-05")] // 清明, a Sunday (补休 on Monday 04-06)
    [InlineData("2024-10-05")] // National Day week, a Saturday
    [InlineData("2025-05-31")] // 端午, a Saturday
    public void A_holiday_falling_on_a_weekend_is_still_not_a_working_day(string date)
    {
        var answer = Official.IsWorkingDay(D(date));

        Assert.False(answer.Value);
        Assert.False(answer.Provisional);
    }

    [Theory]
    [InlineData("2024-10-01", false)] // National Day, a Tuesday
    [InlineData("2024-10-08", true)]
    [InlineData("2024-02-09", true)]  // 除夕 2024 was a working day; the notice only encouraged leave
    [InlineData("2020-01-31", false)] // Spring Festival extended to 02-02 by 国办发明电〔2020〕1号
    [InlineData("2020-02-01", false)] // the Saturday the extension took back from the swapped working days
    [InlineData("2019-05-02", false)] // 劳动节 widened to four days by 国办发明电〔2019〕3号
    [InlineData("2019-05-05", true)]
    [InlineData("2015-09-03", false)] // 抗战胜利70周年, 国发明电〔2015〕1号
    [InlineData("2015-09-06", true)]
    [InlineData("2018-12-29", true)]  // a Saturday the 2019 notice made a working day
    [InlineData("2018-12-31", false)] // a Monday the 2019 notice made a holiday
    [InlineData("2026-02-28", true)]  // 国办发明电〔2025〕7号
    public void Notices_decide_holidays_and_swapped_working_days(string date, bool working) =>
        Assert.Equal(working, Official.IsWorkingDay(D(date)).Value);

    [Fact]
    public void Outside_the_loaded_years_only_weekends_count_and_the_answer_is_provisional()
    {
        // 2030 has no notice: National Day is unknown, so Mon 09-30 … Fri 10-04 count as working days.
        var added = Official.AddWorkingDays(D("2030-09-27"), 5);
        Assert.Equal(D("2030-10-04"), added.Value);
        Assert.True(added.Provisional);
        Assert.Equal([2030], added.UnloadedYears);

        // The same count with 2024 taken away: weekends only, six weeks of weekdays.
        var weekendsOnly = Without(2024).AddWorkingDays(D("2024-09-20"), 30);
        Assert.Equal(D("2024-11-01"), weekendsOnly.Value);
        Assert.True(weekendsOnly.Provisional);
        Assert.Equal([2024], weekendsOnly.UnloadedYears);

        // A weekend outside the loaded years is still a rest day, just provisionally.
        var saturday = Official.IsWorkingDay(D("2031-03-01"));
        Assert.False(saturday.Value);
        Assert.True(saturday.Provisional);
    }

    [Fact]
    public void A_count_reaching_into_an_unloaded_year_is_provisional_and_names_that_year()
    {
        var within = Official.WorkingDaysBetween(D("2026-01-05"), D("2026-12-24"));
        Assert.False(within.Provisional);

        var across = Official.WorkingDaysBetween(D("2026-12-01"), D("2027-01-15"));
        Assert.True(across.Provisional);
        Assert.Equal([2027], across.UnloadedYears);
    }

    [Fact]
    public void The_last_days_of_December_wait_for_the_next_years_notice()
    {
        // The 2019 notice reached back to 2018-12-29: late December is settled only with the next year loaded.
        Assert.False(Official.IsWorkingDay(D("2025-12-29")).Provisional);
        Assert.False(Official.IsWorkingDay(D("2026-12-24")).Provisional);
        var late = Official.IsWorkingDay(D("2026-12-28"));
        Assert.True(late.Value);
        Assert.Equal([2027], late.UnloadedYears);
    }

    [Fact]
    public void From_1_December_a_missing_next_year_raises_the_warning()
    {
        Assert.False(Official.MissingNextYearWarning(D("2026-11-30")));
        Assert.True(Official.MissingNextYearWarning(D("2026-12-01")));
        Assert.True(Official.MissingNextYearWarning(D("2026-12-31")));
        Assert.False(Official.MissingNextYearWarning(D("2025-12-01")));
        // Once the year has begun without its calendar the warning stays on.
        Assert.True(Official.MissingNextYearWarning(D("2027-03-01")));

        var with2027 = Official.WithOverlay([new CalendarYear(2027, new HashSet<DateOnly> { D("2027-01-01") }, new HashSet<DateOnly>(), "test")]);
        Assert.False(with2027.MissingNextYearWarning(D("2026-12-01")));
    }

    [Fact]
    public void An_added_year_lays_over_the_official_ones()
    {
        var added = new CalendarYear(2027,
            new HashSet<DateOnly> { D("2027-10-01"), D("2027-10-04"), D("2027-10-05") },
            new HashSet<DateOnly> { D("2027-10-09") }, "test notice");
        var calendar = Official.WithOverlay([added]);

        var count = calendar.WorkingDaysBetween(D("2027-09-30"), D("2027-10-11"));
        // 10-01 Fri, 10-04 Mon, 10-05 Tue are holidays; 10-06 … 10-08 and Sat 10-09 and Mon 10-11 work.
        Assert.Equal(5, count.Value);
        Assert.False(count.Provisional);
        Assert.Contains(2027, calendar.LoadedYears);
        Assert.DoesNotContain(2027, Official.LoadedYears);

        // A replaced year replaces the whole notice: 2024 without its swapped days.
        var replaced = Official.WithOverlay([new CalendarYear(2024, Official.Year(2024)!.Holidays, new HashSet<DateOnly>(), "corrected")]);
        Assert.Equal(D("2024-11-08"), replaced.AddWorkingDays(D("2024-09-20"), 30).Value);
    }

    // Lunar and solar-term festival dates, independent of the notices: each must lie inside a holiday.
    public static TheoryData<int, string, string, string, string, string> Festivals() => new()
    {
        // year, 春节 (正月初一), 清明, 端午, 中秋, number of swapped working days
        { 2015, "2015-02-19", "2015-04-05", "2015-06-20", "2015-09-27", "5" },
        { 2016, "2016-02-08", "2016-04-04", "2016-06-09", "2016-09-15", "6" },
        { 2017, "2017-01-28", "2017-04-04", "2017-05-30", "2017-10-04", "5" },
        { 2018, "2018-02-16", "2018-04-05", "2018-06-18", "2018-09-24", "6" },
        { 2019, "2019-02-05", "2019-04-05", "2019-06-07", "2019-09-13", "7" },
        { 2020, "2020-01-25", "2020-04-04", "2020-06-25", "2020-10-01", "6" },
        { 2021, "2021-02-12", "2021-04-04", "2021-06-14", "2021-09-21", "7" },
        { 2022, "2022-02-01", "2022-04-05", "2022-06-03", "2022-09-10", "7" },
        { 2023, "2023-01-22", "2023-04-05", "2023-06-22", "2023-09-29", "7" },
        { 2024, "2024-02-10", "2024-04-04", "2024-06-10", "2024-09-17", "8" },
        { 2025, "2025-01-29", "2025-04-04", "2025-05-31", "2025-10-06", "5" },
        { 2026, "2026-02-17", "2026-04-05", "2026-06-19", "2026-09-25", "6" },
    };

    [Theory]
    [MemberData(nameof(Festivals))]
    public void Every_year_from_2015_to_2026_holds_its_festivals_and_only_weekend_swaps(
        int year, string springFestival, string qingming, string duanwu, string midAutumn, string swaps)
    {
        var notice = Official.Year(year);

        Assert.NotNull(notice);
        Assert.Contains("国办发明电", notice.NoticeReference);
        // The Spring Festival week: at least seven holidays in a row around 正月初一.
        var first = D(springFestival);
        while (notice.Holidays.Contains(first.AddDays(-1))) first = first.AddDays(-1);
        var last = D(springFestival);
        while (notice.Holidays.Contains(last.AddDays(1))) last = last.AddDays(1);
        Assert.True(last.DayNumber - first.DayNumber + 1 >= 7, $"{year}: Spring Festival {first}–{last}");
        // National Day: 1 to 3 October are statutory holidays every year, and so are New Year's Day and 1 May.
        foreach (var day in new[] { $"{year}-10-01", $"{year}-10-02", $"{year}-10-03", $"{year}-01-01", $"{year}-05-01", qingming, duanwu, midAutumn })
            Assert.True(notice.Holidays.Contains(D(day)), $"{year}: {day} should be a holiday");
        // Swapped working days are weekend days, never holidays, and lie in the notice's stretch.
        Assert.Equal(int.Parse(swaps, System.Globalization.CultureInfo.InvariantCulture), notice.WorkingWeekends.Count);
        Assert.All(notice.WorkingWeekends, d =>
        {
            Assert.True(d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"{d} is a {d.DayOfWeek}");
            Assert.DoesNotContain(d, notice.Holidays);
            Assert.True(CalendarYear.Covers(year, d));
        });
        Assert.All(notice.Holidays, d => Assert.True(CalendarYear.Covers(year, d), $"{d} outside {year}"));
    }

    [Fact]
    public void The_shipped_calendar_holds_every_year_from_2015_to_2026()
    {
        Assert.Equal(Enumerable.Range(2015, 12), Official.LoadedYears);
    }

    [Fact]
    public void An_entered_notice_is_checked_date_by_date()
    {
        var validator = new RequestValidator().CalendarNotice(2027,
            ["2027-02-06", "2027-13-01", "2028-01-01", "2027-02-06", "2027-10-09"],
            ["2027-02-08", "2027-10-09", "2026-12-19"],
            "", out var parsed);

        Assert.Null(parsed);
        var found = validator.Violations.Select(v => (v.Field, v.Reason)).ToList();
        Assert.Contains(("notice_reference", "REQUIRED"), found);
        Assert.Contains(("holidays[1]", "INVALID_DATE"), found);
        Assert.Contains(("holidays[2]", "DATE_OUTSIDE_YEAR"), found);
        Assert.Contains(("holidays[3]", "DUPLICATE_DATE"), found);
        Assert.Contains(("working_weekends[0]", "WORKING_DAY_NOT_WEEKEND"), found); // a Monday
        Assert.Contains(("working_weekends[1]", "DAY_BOTH_HOLIDAY_AND_WORKING"), found);
        Assert.Contains(("working_weekends[2]", "DATE_OUTSIDE_YEAR"), found);
        Assert.Equal(7, found.Count);

        new RequestValidator().CalendarNotice(2027, ["2026-12-31", "2027-01-01"], ["2026-12-26"], "国办发明电〔2026〕X号", out var ok);
        Assert.NotNull(ok);
        Assert.Equal(2, ok.Holidays.Count);
    }
}
