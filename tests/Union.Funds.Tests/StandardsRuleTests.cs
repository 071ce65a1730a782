using Union.Funds.Domain;
using Union.Shared.Errors;

namespace Union.Funds.Tests;

/// <summary>
/// The caps of Yu'an 2021 (002_98225e89925c6ce6.txt 指标2, 10) at Lu'an's allowance of 659 yuan a
/// month from 2021-07-01; 620 yuan from 2020-07-01 stands in for the previous standard.
/// </summary>
public sealed class AidCapRuleTests
{
    private const long Allowance659 = 65_900;

    [Fact]
    public void Living_aid_of_twelve_months_of_the_allowance_is_accepted()
    {
        var check = AidCaps.Living(Allowance659, [], 790_800);

        Assert.True(check.Allowed);
        Assert.Equal(790_800, check.CapFen);
        Assert.Equal(790_800, check.RemainingFen);
        Assert.Null(check.Reason);
    }

    [Fact]
    public void Living_aid_one_fen_over_twelve_months_is_refused_naming_the_cap()
    {
        var check = AidCaps.Living(Allowance659, [], 790_801);

        Assert.False(check.Allowed);
        Assert.Equal("LIVING_AID_CAP_EXCEEDED", check.Reason);
        Assert.Equal(790_800, check.RemainingFen);
    }

    [Fact]
    public void A_second_living_aid_payment_counts_the_first()
    {
        // Quarterly payments: three of 1,977 yuan leave 1,977 yuan of the year's 7,908.
        var fourth = AidCaps.Living(Allowance659, [197_700, 197_700, 197_700], 197_700);
        var tooMuch = AidCaps.Living(Allowance659, [600_000], 190_801);

        Assert.True(fourth.Allowed);
        Assert.Equal(0, fourth.RemainingFen - fourth.AmountFen);
        Assert.Equal(593_100, fourth.EarlierFen);
        Assert.False(tooMuch.Allowed);
        Assert.Equal(190_800, tooMuch.RemainingFen);
    }

    [Fact]
    public void Earlier_payments_above_the_cap_leave_nothing_not_a_negative_remainder()
    {
        var check = AidCaps.Living(Allowance659, [800_000], 1);

        Assert.False(check.Allowed);
        Assert.Equal(0, check.RemainingFen);
    }

    [Fact]
    public void Education_aid_in_higher_education_is_capped_at_ten_months_per_student_year()
    {
        Assert.True(AidCaps.HigherEducation(Allowance659, [], 659_000).Allowed);
        var over = AidCaps.HigherEducation(Allowance659, [], 659_001);
        Assert.False(over.Allowed);
        Assert.Equal("EDUCATION_AID_CAP_EXCEEDED", over.Reason);
        Assert.Equal(659_000, over.CapFen);
        Assert.True(AidCaps.HigherEducation(Allowance659, [300_000], 359_000).Allowed);
        Assert.False(AidCaps.HigherEducation(Allowance659, [300_000], 359_001).Allowed);
    }

    [Fact]
    public void Medical_aid_is_capped_at_the_personal_burden_after_insurance_and_mutual_aid()
    {
        // 50,000 yuan of compliant costs; insurance and mutual aid paid 42,000: 8,000 remain.
        var burden = new MedicalBurden(5_000_000, 3_000_000, 800_000, 200_000, 200_000);

        Assert.Equal(800_000, burden.PersonalBurdenFen);
        Assert.True(AidCaps.Medical(burden, [], 800_000).Allowed);
        var over = AidCaps.Medical(burden, [300_000], 500_001);
        Assert.False(over.Allowed);
        Assert.Equal("MEDICAL_AID_CAP_EXCEEDED", over.Reason);
        Assert.Equal(500_000, over.RemainingFen);
    }

    [Fact]
    public void Insurance_that_paid_everything_leaves_no_burden()
    {
        var burden = new MedicalBurden(100_000, 90_000, 20_000, 0, 0);

        Assert.Equal(0, burden.PersonalBurdenFen);
        Assert.False(AidCaps.Medical(burden, [], 1).Allowed);
    }
}

public sealed class StandardsInForceRuleTests
{
    private const string Anhui = "34";
    private const string Luan = "34/3415";
    private const string Yuan = "34/3415/341502";
    private static readonly DateTime Now = new(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static AllowanceStandard Standard(string path, long fen, int y, int m, int d) =>
        AllowanceStandard.Set(path, fen, new DateOnly(y, m, d), "通知", "test", Now);

    private static readonly AllowanceStandard[] LuanHistory =
    [
        Standard(Luan, 62_000, 2020, 7, 1),
        Standard(Luan, 65_900, 2021, 7, 1),
    ];

    [Theory]
    [InlineData(2021, 7, 1, 65_900)]
    [InlineData(2021, 12, 31, 65_900)]
    [InlineData(2021, 6, 30, 62_000)]
    [InlineData(2020, 7, 1, 62_000)]
    public void The_standard_in_force_is_the_latest_that_took_effect_on_or_before_the_day(int y, int m, int d, long expected)
    {
        var found = StandardsInForce.Find(LuanHistory, Luan, new DateOnly(y, m, d));

        Assert.Equal(expected, found!.MonthlyFen);
    }

    [Fact]
    public void Before_the_first_standard_none_is_in_force()
    {
        Assert.Null(StandardsInForce.Find(LuanHistory, Luan, new DateOnly(2020, 6, 30)));
    }

    [Fact]
    public void A_county_without_its_own_standard_takes_its_citys()
    {
        var found = StandardsInForce.Find(LuanHistory, Yuan, new DateOnly(2021, 8, 1));

        Assert.Equal(Luan, found!.OrganisationPath);
        Assert.Equal(65_900, found.MonthlyFen);
    }

    [Fact]
    public void A_countys_own_standard_wins_over_a_newer_one_of_its_city_from_its_first_day()
    {
        var standards = LuanHistory.Append(Standard(Yuan, 64_000, 2021, 3, 1)).Append(Standard(Anhui, 70_000, 2021, 1, 1)).ToList();

        Assert.Equal(64_000, StandardsInForce.Find(standards, Yuan, new DateOnly(2021, 8, 1))!.MonthlyFen);
        Assert.Equal(62_000, StandardsInForce.Find(standards, Yuan, new DateOnly(2021, 2, 28))!.MonthlyFen);
        Assert.Equal(65_900, StandardsInForce.Find(standards, Luan, new DateOnly(2021, 8, 1))!.MonthlyFen);
    }

    [Fact]
    public void A_sibling_or_a_code_that_merely_starts_alike_does_not_apply()
    {
        var standards = new[] { Standard("34/3415/341503", 1, 2020, 1, 1), Standard("34/34150", 2, 2020, 1, 1) };

        Assert.Null(StandardsInForce.Find(standards, Yuan, new DateOnly(2021, 8, 1)));
    }

    [Fact]
    public void The_chain_runs_from_the_locality_up_to_the_province()
    {
        Assert.Equal([Yuan, Luan, Anhui], StandardsInForce.Chain(Yuan));
        Assert.Equal([Anhui], StandardsInForce.Chain(Anhui));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(AllowanceStandard.MaxMonthlyFen + 1)]
    public void An_allowance_of_nothing_or_beyond_any_bound_is_refused(long fen)
    {
        var e = Assert.Throws<DomainRuleException>(() => Standard(Luan, fen, 2021, 7, 1));
        Assert.Equal("ALLOWANCE_OUT_OF_RANGE", e.Code);
    }

    [Fact]
    public void A_payment_standard_needs_a_known_aid_type_and_a_positive_amount()
    {
        Assert.Equal("UNKNOWN_AID_TYPE", Assert.Throws<DomainRuleException>(() =>
            PaymentStandard.Set(Luan, (AidType)9, 100_000, new DateOnly(2015, 1, 1), "r", "t", Now)).Code);
        Assert.Equal("PAYMENT_STANDARD_OUT_OF_RANGE", Assert.Throws<DomainRuleException>(() =>
            PaymentStandard.Set(Luan, AidType.Living, 0, new DateOnly(2015, 1, 1), "r", "t", Now)).Code);
    }
}
