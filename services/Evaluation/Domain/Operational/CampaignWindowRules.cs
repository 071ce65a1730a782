using System.Globalization;

namespace Union.Evaluation.Domain.Operational;

/// <summary>One window in which home visits count (中秋节, 元旦春节): inclusive Beijing dates.</summary>
public sealed record CampaignWindow(string Name, DateOnly From, DateOnly To)
{
    public bool Holds(DateOnly day) => day >= From && day <= To;
}

/// <summary>The windows in force for an organisation and year, and whose they are (empty: the default set).</summary>
public sealed record CampaignWindowSet(int Year, string SetBy, IReadOnlyList<CampaignWindow> Windows)
{
    public bool IsDefault => SetBy.Length == 0;
}

/// <summary>
/// The campaign windows of 002_98225e89925c6ce6.txt (line 58: 中秋节、元旦春节期间对困难职工入户慰问;
/// 指标8 ②: 定期开展困难职工家庭走访活动). Organisations set their own; without one, a year's default
/// set is derived from the lunar calendar, within the year evaluated:
/// 元旦春节 from 1 January to the 15th of the first lunar month (元宵节), covering New Year's Day and
/// the Spring Festival; 中秋节 from the 1st to the 15th of the eighth lunar month (the fortnight up
/// to and including the festival, when the visits with the festival's gifts are made).
/// </summary>
public static class CampaignWindowRules
{
    public const string MidAutumn = "中秋节";
    public const string NewYearAndSpringFestival = "元旦春节";
    public const int MaxWindows = 12;
    public const int MaxNameLength = 50;

    private static readonly ChineseLunisolarCalendar Lunar = new();

    public static IReadOnlyList<CampaignWindow> DefaultFor(int year) =>
    [
        new(NewYearAndSpringFestival, new DateOnly(year, 1, 1), LunarDay(year, 1, 15)),
        new(MidAutumn, LunarDay(year, 8, 1), LunarDay(year, 8, 15)),
    ];

    /// <summary>The Gregorian day of a lunar month and day of the lunar year starting in <paramref name="year"/>.</summary>
    public static DateOnly LunarDay(int year, int month, int day)
    {
        // A leap month takes the next index: after a leap 6th month, the 8th month is the 9th.
        var leap = Lunar.GetLeapMonth(year);
        var index = leap > 0 && leap <= month ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }

    /// <summary>
    /// The set in force for <paramref name="organisationPath"/>: the nearest organisation's own set
    /// on the path up (itself first), else the default.
    /// </summary>
    public static CampaignWindowSet InForce(string organisationPath, int year, IEnumerable<CampaignWindowSetting> settings)
    {
        var own = settings.Where(s => s.Year == year).GroupBy(s => s.OrganisationPath).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var path in PathUp(organisationPath))
            if (own.TryGetValue(path, out var set))
                return new CampaignWindowSet(year, path, set.OrderBy(s => s.FromDate).ThenBy(s => s.Name, StringComparer.Ordinal)
                    .Select(s => new CampaignWindow(s.Name, s.FromDate, s.ToDate)).ToList());
        return new CampaignWindowSet(year, string.Empty, DefaultFor(year));
    }

    /// <summary>"51/5115/511502", "51/5115", "51".</summary>
    public static IEnumerable<string> PathUp(string organisationPath)
    {
        for (var path = organisationPath; path.Length > 0; path = path.Contains('/') ? path[..path.LastIndexOf('/')] : string.Empty)
            yield return path;
    }
}
