namespace Union.YearWalk;

/// <summary>Which year make run's demo seeder walks.</summary>
public static class DemoYear
{
    /// <summary>
    /// The latest year whose step 5 (payments to 28 September) lies behind <paramref name="today"/>:
    /// this year from 1 October, last year before. Every date the walk records is then in the past,
    /// and with the clock back at today the demo reads as a province that has paid its households and
    /// has the year end (1 October's unused money, January's closing and evaluation) before it.
    /// </summary>
    public static int For(DateOnly today) => today >= new DateOnly(today.Year, 10, 1) ? today.Year : today.Year - 1;
}
