namespace Union.Archives.Domain;

/// <summary>
/// The two yearly campaigns of dynamic management (004_f7c3dcaac4584c61.txt, §三(二) 规范档案):
/// "在三、四月份对在档困难职工走访全覆盖" — every file on record visited in March and April — and
/// "九、十月及时更新档案信息" — files brought up to date in September and October. Pure date
/// arithmetic on Beijing calendar dates; no clock, no I/O.
/// </summary>
public static class VisitCampaigns
{
    public enum Campaign { Spring = 1, Autumn = 2 }

    /// <summary>A campaign of one year: first and last day, both inclusive.</summary>
    public sealed record Window(Campaign Campaign, int Year, DateOnly Starts, DateOnly Ends)
    {
        public bool Contains(DateOnly date) => date >= Starts && date <= Ends;
    }

    /// <summary>1 March – 30 April (spring visits) or 1 September – 31 October (autumn update).</summary>
    public static Window Of(Campaign campaign, int year) => campaign switch
    {
        Campaign.Spring => new Window(campaign, year, new DateOnly(year, 3, 1), new DateOnly(year, 4, 30)),
        Campaign.Autumn => new Window(campaign, year, new DateOnly(year, 9, 1), new DateOnly(year, 10, 31)),
        _ => throw new ArgumentOutOfRangeException(nameof(campaign)),
    };

    /// <summary>Both windows of a year, in calendar order.</summary>
    public static IReadOnlyList<Window> OfYear(int year) => [Of(Campaign.Spring, year), Of(Campaign.Autumn, year)];

    /// <summary>The window <paramref name="date"/> falls in, or null between campaigns.</summary>
    public static Window? Containing(DateOnly date) => OfYear(date.Year).FirstOrDefault(w => w.Contains(date));

    public static bool IsInCampaign(DateOnly date) => Containing(date) is not null;

    /// <summary>
    /// The latest window of <paramref name="today"/>'s year that has started by then (running or over),
    /// or null in January and February. A file on record not visited since its start is overdue.
    /// </summary>
    public static Window? LatestStartedOn(DateOnly today) => OfYear(today.Year).LastOrDefault(w => w.Starts <= today);

    /// <summary>
    /// When the next visit falls due after a visit on <paramref name="visitedOn"/> when the visitors
    /// named no date: the start of the next campaign strictly after it (1 March or 1 September).
    /// </summary>
    public static DateOnly NextDueAfter(DateOnly visitedOn) =>
        OfYear(visitedOn.Year).Concat(OfYear(visitedOn.Year + 1)).First(w => w.Starts > visitedOn).Starts;
}
