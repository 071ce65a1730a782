using Union.Funds.Domain;
using Union.Shared.Calendar;

namespace Union.Funds.Tests;

/// <summary>The pure rules of decisions and notices: schedules, caps per year and notice periods.</summary>
public sealed class AssistanceDecisionRuleTests
{
    private static readonly DateOnly October = new(2021, 10, 15);

    [Fact]
    public void A_schedule_adds_up_to_the_amount_and_differs_by_at_most_one_fen()
    {
        var schedule = AssistanceDecision.Schedule(100_000, InstalmentFrequency.Monthly, 3, October);

        Assert.Equal([33_334L, 33_333L, 33_333L], schedule.Select(i => i.AmountFen));
        Assert.Equal([October, new DateOnly(2021, 11, 15), new DateOnly(2021, 12, 15)], schedule.Select(i => i.DueOn));
    }

    [Fact]
    public void A_one_off_decision_is_one_instalment()
    {
        var schedule = AssistanceDecision.Schedule(5_000, InstalmentFrequency.Once, 0, October);

        Assert.Equal([(October, 5_000L)], schedule);
    }

    [Fact]
    public void Quarterly_instalments_running_into_the_next_year_count_against_each_years_cap()
    {
        var schedule = AssistanceDecision.Schedule(790_800, InstalmentFrequency.Quarterly, 4, October);
        // 2022 already holds 593,101 fen of another decision: its three instalments of 2022 (593,100) do not fit.
        (DateOnly, long)[] earlier = [(new DateOnly(2022, 3, 1), 197_701), (new DateOnly(2021, 3, 1), 593_100)];

        var refusal = DecisionCaps.FirstRefusal(AidType.Living, false, 65_900, null, earlier, schedule);

        Assert.NotNull(refusal);
        Assert.Equal(593_100, refusal.AmountFen);
        Assert.Equal(197_701, refusal.EarlierFen);
        Assert.Equal(593_099, refusal.RemainingFen);
        Assert.Null(DecisionCaps.FirstRefusal(AidType.Living, false, 65_900, null, earlier[1..], schedule));
    }

    [Fact]
    public void Condolence_and_schooling_below_higher_education_have_no_cap()
    {
        var schedule = AssistanceDecision.Schedule(10_000_000, InstalmentFrequency.Once, 1, October);

        Assert.Null(DecisionCaps.FirstRefusal(AidType.WinterWarmth, false, null, null, [], schedule));
        Assert.Null(DecisionCaps.FirstRefusal(AidType.Education, false, null, null, [], schedule));
    }

    [Theory]
    [InlineData("2024-09-27", "2024-10-09")] // across National Day, counting the swapped Sunday 09-29
    [InlineData("2024-09-28", "2024-10-10")] // a Saturday first day does not count
    [InlineData("2024-11-04", "2024-11-08")] // a plain Monday to Friday
    public void A_notice_ends_on_the_fifth_working_day_from_its_first(string starts, string ends)
    {
        var end = PublicNotice.EndOf(DateOnly.Parse(starts), 5, WorkingDayCalendar.Official);

        Assert.Equal(DateOnly.Parse(ends), end.Value);
        Assert.False(end.Provisional);
    }

    [Fact]
    public void A_notice_in_a_year_without_a_calendar_is_provisional()
    {
        var end = PublicNotice.EndOf(new DateOnly(2031, 3, 3), 5, WorkingDayCalendar.Official);

        Assert.Equal(new DateOnly(2031, 3, 7), end.Value);
        Assert.True(end.Provisional);
    }
}
