using Union.Archives.Domain;

namespace Union.Archives.Tests;

/// <summary>The hardship definitions of 003_eca3cf9f3ec4784d.txt (困难职工范围), with their boundaries.</summary>
public class EligibilityTests
{
    private const long Allowance = 65_900;

    private static EligibilityResult Assess(long income, params HardshipCause[] causes) => Eligibility.Assess(income, Allowance, causes);

    [Fact]
    public void Income_below_the_allowance_is_eligible_and_suggests_deep_hardship_whatever_the_cause()
    {
        var result = Assess(Allowance - 1, HardshipCause.LowIncome);
        Assert.True(result.Eligible);
        Assert.Equal(HardshipCategory.Deep, result.SuggestedCategory);
        Assert.Equal(999, result.IncomeToAllowancePermille);
        Assert.Contains("低于当地最低生活保障线", result.Basis);
        Assert.Contains("003_eca3cf9f3ec4784d.txt", result.Basis);
    }

    [Fact]
    public void Income_exactly_at_the_allowance_is_not_below_it_and_needs_a_cause()
    {
        var without = Assess(Allowance, HardshipCause.LowIncome);
        Assert.False(without.Eligible);
        Assert.Equal(HardshipCategory.Unspecified, without.SuggestedCategory);
        Assert.Equal(1000, without.IncomeToAllowancePermille);

        var withIllness = Assess(Allowance, HardshipCause.Illness);
        Assert.True(withIllness.Eligible);
        Assert.Equal(HardshipCategory.Relative, withIllness.SuggestedCategory);
    }

    [Theory]
    [InlineData(HardshipCause.Illness)]
    [InlineData(HardshipCause.Education)]
    [InlineData(HardshipCause.Disability)]
    public void Up_to_half_above_the_allowance_with_illness_or_schooling_suggests_relative_hardship(HardshipCause cause)
    {
        var result = Assess(Allowance * 3 / 2, cause);
        Assert.True(result.Eligible);
        Assert.Equal(HardshipCategory.Relative, result.SuggestedCategory);
        Assert.Equal(1500, result.IncomeToAllowancePermille);
        Assert.Contains("不高于50%", result.Basis);
    }

    [Fact]
    public void Exactly_150_percent_is_still_within_and_one_fen_more_is_not()
    {
        const long allowance = 60_000; // 150 % = 90 000 fen exactly
        Assert.True(Eligibility.Assess(90_000, allowance, [HardshipCause.Illness]).Eligible);
        var above = Eligibility.Assess(90_001, allowance, [HardshipCause.Illness]);
        Assert.False(above.Eligible);
        Assert.Equal(1500, above.IncomeToAllowancePermille);
        Assert.Contains("50%以上", above.Basis);
    }

    [Fact]
    public void Illness_does_not_help_a_household_more_than_half_above_the_allowance()
    {
        Assert.False(Assess(Allowance * 2, HardshipCause.Illness, HardshipCause.Education).Eligible);
    }

    [Fact]
    public void Unemployment_or_low_income_alone_above_the_allowance_is_not_eligible()
    {
        Assert.False(Assess(Allowance + 100, HardshipCause.Unemployment, HardshipCause.LowIncome, HardshipCause.Other).Eligible);
    }

    [Theory]
    [InlineData(65_900)]
    [InlineData(90_000)]
    [InlineData(500_000)]
    public void A_disaster_or_accident_is_eligible_at_any_income_and_suggests_accident_induced(long income)
    {
        var result = Assess(income, HardshipCause.AccidentOrDisaster);
        Assert.True(result.Eligible);
        Assert.Equal(HardshipCategory.AccidentInduced, result.SuggestedCategory);
        Assert.Contains("意外", result.Basis);
    }

    [Fact]
    public void Below_the_allowance_deep_hardship_wins_over_an_accident()
    {
        Assert.Equal(HardshipCategory.Deep, Assess(10_000, HardshipCause.AccidentOrDisaster).SuggestedCategory);
    }

    [Fact]
    public void Without_an_allowance_only_an_accident_can_be_judged()
    {
        Assert.False(Eligibility.Assess(10_000, 0, [HardshipCause.Illness]).Eligible);
        Assert.True(Eligibility.Assess(10_000, 0, [HardshipCause.AccidentOrDisaster]).Eligible);
    }
}
