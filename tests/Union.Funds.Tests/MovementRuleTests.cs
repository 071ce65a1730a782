using Union.Funds.Domain;
using Union.Shared.Errors;

namespace Union.Funds.Tests;

/// <summary>The pure rules of money movements and the year end.</summary>
public sealed class MovementRuleTests
{
    private static readonly DateTime Now = new(2025, 5, 1, 2, 0, 0, DateTimeKind.Utc);

    private static FundAccount Account(string path, FundSource source = FundSource.CentralFinance, string? special = null, int year = 2025) =>
        FundAccount.Open(path, year, source, "test", Now, special);

    [Fact]
    public void A_transfer_posts_a_balanced_pair_and_records_the_movement()
    {
        var from = Account("46");
        var to = Account("46/4601");

        var (transaction, movement) = FundMovement.Transfer(from, 500, to, 300, passThrough: false, new DateOnly(2025, 4, 1), "文号", "", "test", "46", Now);

        Assert.Equal(0, transaction.Entries.Sum(e => e.AmountFen));
        Assert.Equal(300, transaction.Entries.Single(e => e.AccountId == to.Id).AmountFen);
        Assert.Equal(-300, transaction.Entries.Single(e => e.AccountId == from.Id).AmountFen);
        Assert.Equal(MovementKind.Transfer, movement.Kind);
        Assert.Equal("46/4601", movement.OrganisationPath);
        Assert.Equal("46", movement.PayerPath);
        Assert.Equal(transaction.Id, movement.TransactionId);
    }

    [Theory]
    [InlineData("46/4601", "46", false, "NOT_BELOW_PAYER")]
    [InlineData("46/4601", "46/4602", false, "NOT_BELOW_PAYER")]
    [InlineData("46/4601", "46/4601", true, "NOT_BELOW_PAYER")]
    [InlineData("46", "46/4601/460101", false, "NOT_A_DIRECT_CHILD")]
    [InlineData("46", "461/4601", false, "NOT_BELOW_PAYER")]
    public void A_transfer_goes_down_the_tree_to_a_direct_child_unless_it_is_a_pass_through(string payer, string receiver, bool passThrough, string code)
    {
        var e = Assert.Throws<DomainRuleException>(() =>
            FundMovement.Transfer(Account(payer), 1000, Account(receiver), 100, passThrough, new DateOnly(2025, 4, 1), null, "", "test", null, Now));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void The_external_clearing_account_takes_no_transfer()
    {
        var clearing = FundAccount.OpenExternalClearing("46", 2025, FundSource.CentralFinance, "test", Now);
        var e = Assert.Throws<DomainRuleException>(() =>
            FundMovement.Transfer(clearing, 1000, Account("46/4601"), 100, false, new DateOnly(2025, 4, 1), null, "", "test", null, Now));
        Assert.Equal("NOT_AN_EARMARKED_ACCOUNT", e.Code);
    }

    [Fact]
    public void Closing_carries_each_non_zero_earmarked_balance_to_the_same_fund_next_year()
    {
        var central = Account("46/4601");
        var autumn = Account("46/4601", FundSource.UnionFunds, "金秋助学");
        var empty = Account("46/4601", FundSource.ProvincialFinance);
        var clearing = FundAccount.OpenExternalClearing("46/4601", 2025, FundSource.CentralFinance, "test", Now);

        var (closing, transaction, movements) = FiscalYearClosing.Close("46/4601", 2025,
            [(central, 1200), (autumn, 8200), (empty, 0), (clearing, -9400)], a => a.OpenSuccessor("test", Now), "test", null, Now);

        Assert.NotNull(transaction);
        Assert.Equal(0, transaction.Entries.Sum(e => e.AmountFen));
        Assert.Equal(9400, closing.CarriedOverFen);
        Assert.Equal(transaction.Id, closing.TransactionId);
        Assert.Equal(2, movements.Count);
        Assert.All(movements, m => Assert.Equal(MovementKind.CarryOver, m.Kind));
        Assert.Equal([-1200, 1200, -8200, 8200], transaction.Entries.OrderBy(e => e.Line).Select(e => e.AmountFen));
        Assert.Equal("金秋助学", movements.Single(m => m.AmountFen == 8200).SpecialFund);
        Assert.Equal(2026, movements[0].FiscalYear);
    }

    [Fact]
    public void The_use_deadline_is_31_December_unless_the_nearest_override_above_says_otherwise()
    {
        var province = UseDeadline.Set("34", FundSource.ProvincialFinance, 2021, new DateOnly(2022, 2, 28), "test", Now);
        var city = UseDeadline.Set("34/3415", FundSource.ProvincialFinance, 2021, new DateOnly(2022, 1, 31), "test", Now);

        Assert.Equal(new DateOnly(2021, 12, 31), UseDeadline.For("34/3415/341503", FundSource.CentralFinance, 2021, [province, city]));
        Assert.Equal(new DateOnly(2022, 1, 31), UseDeadline.For("34/3415/341503", FundSource.ProvincialFinance, 2021, [province, city]));
        Assert.Equal(new DateOnly(2022, 2, 28), UseDeadline.For("34/3401", FundSource.ProvincialFinance, 2021, [province, city]));
        Assert.Equal(new DateOnly(2022, 12, 31), UseDeadline.For("34/3401", FundSource.ProvincialFinance, 2022, [province, city]));
        Assert.Throws<DomainRuleException>(() => UseDeadline.Set("34", FundSource.UnionFunds, 2021, new DateOnly(2021, 12, 31), "test", Now));
    }

    [Theory]
    [InlineData(FundSource.CentralFinance, 100, "2021-12-31", "2021-09-30", false)]
    [InlineData(FundSource.CentralFinance, 100, "2021-12-31", "2021-10-01", true)]
    [InlineData(FundSource.CentralFinance, 0, "2021-12-31", "2021-10-01", false)]
    [InlineData(FundSource.UnionFunds, 100, "2021-12-31", "2021-10-01", false)]
    [InlineData(FundSource.ProvincialFinance, 100, "2022-02-28", "2021-10-01", false)]
    [InlineData(FundSource.ProvincialFinance, 100, "2022-02-28", "2022-01-01", true)]
    [InlineData(FundSource.ProvincialFinance, 100, "2021-11-30", "2022-06-01", true)]
    public void An_account_is_at_risk_from_1_October_when_money_is_left_and_its_deadline_falls_in_the_year(
        FundSource source, long balance, string deadline, string asOf, bool atRisk) =>
        Assert.Equal(atRisk, UseDeadline.IsAtRisk(source, 2021, balance, DateOnly.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)));
}
