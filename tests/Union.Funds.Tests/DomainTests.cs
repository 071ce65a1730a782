using Union.Funds.Domain;
using Union.Shared.Errors;

namespace Union.Funds.Tests;

/// <summary>The ledger's and the standing's rules, without a database.</summary>
public sealed class LedgerTransactionTests
{
    private static readonly DateTime Now = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly FundAccount Province = FundAccount.Open("51", 2025, FundSource.CentralFinance, "test", Now);
    private static readonly FundAccount City = FundAccount.Open("51/5115", 2025, FundSource.CentralFinance, "test", Now);
    private static readonly FundAccount District = FundAccount.Open("51/5115/511502", 2025, FundSource.CentralFinance, "test", Now);

    private static LedgerTransaction Post(params LedgerLine[] lines) => LedgerTransaction.Post(lines, "下拨", "finance", "51", Now);

    [Fact]
    public void Post_of_a_balanced_transaction_makes_one_entry_per_line()
    {
        var t = Post(new(City, 60_000), new(District, 40_000), new(Province, -100_000));

        Assert.Equal(LedgerTransactionKind.Posting, t.Kind);
        Assert.Null(t.ReversesTransactionId);
        Assert.Equal([1, 2, 3], t.Entries.Select(e => e.Line));
        Assert.Equal([City.Id, District.Id, Province.Id], t.Entries.Select(e => e.AccountId));
        Assert.Equal([60_000L, 40_000L, -100_000L], t.Entries.Select(e => e.AmountFen));
        Assert.All(t.Entries, e => Assert.Equal(t.Id, e.TransactionId));
        Assert.Equal(0, t.Entries.Sum(e => e.AmountFen));
    }

    [Fact]
    public void Entries_carry_their_accounts_organisation_for_tenancy()
    {
        var t = Post(new(District, 1), new(Province, -1));

        Assert.Equal(["51/5115/511502", "51"], t.Entries.Select(e => e.OrganisationPath));
    }

    [Theory]
    [InlineData(100_000, -99_999, "1")]
    [InlineData(100_000, 100_000, "200000")]
    [InlineData(-1, -1, "-2")]
    public void Post_is_refused_unless_the_entries_sum_to_zero(long debit, long credit, string difference)
    {
        var e = Assert.Throws<DomainRuleException>(() => Post(new(City, debit), new(Province, credit)));

        Assert.Equal("UNBALANCED_TRANSACTION", e.Code);
        Assert.Equal(difference, e.Metadata!["difference_fen"]);
    }

    [Fact]
    public void Post_is_refused_with_fewer_than_two_lines()
    {
        Assert.Equal("TOO_FEW_ENTRIES", Assert.Throws<DomainRuleException>(() => Post()).Code);
        Assert.Equal("TOO_FEW_ENTRIES", Assert.Throws<DomainRuleException>(() => Post(new LedgerLine(City, 0))).Code);
    }

    [Fact]
    public void Post_is_refused_for_a_line_of_zero()
    {
        var e = Assert.Throws<DomainRuleException>(() => Post(new(City, 100), new(District, 0), new(Province, -100)));

        Assert.Equal("ZERO_AMOUNT", e.Code);
    }

    [Fact]
    public void Post_is_refused_for_an_amount_beyond_the_bound()
    {
        var tooMuch = LedgerTransaction.MaxAmountFen + 1;

        var e = Assert.Throws<DomainRuleException>(() => Post(new(City, tooMuch), new(Province, -tooMuch)));

        Assert.Equal("AMOUNT_TOO_LARGE", e.Code);
    }

    [Fact]
    public void Post_is_refused_for_a_memo_beyond_its_length()
    {
        var e = Assert.Throws<DomainRuleException>(() =>
            LedgerTransaction.Post([new(City, 1), new(Province, -1)], new string('摘', LedgerTransaction.MaxMemoLength + 1), "finance", "51", Now));

        Assert.Equal("MEMO_TOO_LONG", e.Code);
    }

    [Fact]
    public void Reverse_negates_every_line_and_points_at_the_original()
    {
        var original = Post(new(City, 60_000), new(District, 40_000), new(Province, -100_000));

        var reversal = original.Reverse("金额录入错误", "finance", "51", Now.AddDays(1));

        Assert.Equal(LedgerTransactionKind.Reversal, reversal.Kind);
        Assert.Equal(original.Id, reversal.ReversesTransactionId);
        Assert.NotEqual(original.Id, reversal.Id);
        Assert.Equal("金额录入错误", reversal.Memo);
        Assert.Equal(original.Entries.Select(e => (e.AccountId, -e.AmountFen)), reversal.Entries.Select(e => (e.AccountId, e.AmountFen)));
        // Every account's balance is back where it was.
        var net = original.Entries.Concat(reversal.Entries).GroupBy(e => e.AccountId).Select(g => g.Sum(e => e.AmountFen));
        Assert.All(net, n => Assert.Equal(0, n));
    }

    [Fact]
    public void Reverse_of_a_reversal_is_refused()
    {
        var reversal = Post(new(City, 1), new(Province, -1)).Reverse("重复登记", "finance", "51", Now);

        var e = Assert.Throws<DomainRuleException>(() => reversal.Reverse("再冲销", "finance", "51", Now));

        Assert.Equal("CANNOT_REVERSE_A_REVERSAL", e.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Reverse_needs_a_reason(string reason)
    {
        var e = Assert.Throws<DomainRuleException>(() => Post(new(City, 1), new(Province, -1)).Reverse(reason, "finance", "51", Now));

        Assert.Equal("REASON_REQUIRED", e.Code);
    }
}

public sealed class FundAccountTests
{
    [Theory]
    [InlineData(1999)]
    [InlineData(2101)]
    public void Open_refuses_a_fiscal_year_out_of_range(int year)
    {
        var e = Assert.Throws<DomainRuleException>(() => FundAccount.Open("51", year, FundSource.UnionFunds, "test", DateTime.UtcNow));

        Assert.Equal("FISCAL_YEAR_OUT_OF_RANGE", e.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    public void Open_refuses_an_unknown_fund_source(int source)
    {
        var e = Assert.Throws<DomainRuleException>(() => FundAccount.Open("51", 2025, (FundSource)source, "test", DateTime.UtcNow));

        Assert.Equal("UNKNOWN_FUND_SOURCE", e.Code);
    }
}

public sealed class HouseholdStandingRuleTests
{
    private static readonly DateTime T0 = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);
    private const string Type = "union.events.v1.HouseholdRegistered";

    [Theory]
    [InlineData("DRAFT", false)]
    [InlineData("APPLIED", false)]
    [InlineData("ACTIVE", true)]
    [InlineData("active", true)]
    [InlineData("PHASE_OUT", false)]
    [InlineData("EXITED", false)]
    [InlineData("CANCELLED", false)]
    public void Only_an_active_archived_household_is_payable(string status, bool payable)
    {
        var standing = HouseholdStanding.Start(Guid.NewGuid(), "51/5115");

        standing.Apply(Guid.NewGuid(), Type, "51/5115", status, T0, T0);

        Assert.Equal(payable, standing.Payable);
        Assert.Equal(status.ToUpperInvariant(), standing.ArchiveStatus);
    }

    [Fact]
    public void A_late_event_is_kept_in_the_history_but_does_not_undo_a_newer_status()
    {
        var standing = HouseholdStanding.Start(Guid.NewGuid(), "51/5115");

        standing.Apply(Guid.NewGuid(), Type, "51/5115", "ACTIVE", T0.AddDays(10), T0.AddDays(10));
        standing.Apply(Guid.NewGuid(), Type, "51/5115", "DRAFT", T0, T0.AddDays(11));

        Assert.Equal("ACTIVE", standing.ArchiveStatus);
        Assert.True(standing.Payable);
        Assert.Equal(2, standing.Changes.Count);
    }

    [Fact]
    public void A_newer_event_moves_the_household_to_its_organisation()
    {
        var standing = HouseholdStanding.Start(Guid.NewGuid(), "51/5115/511502");

        standing.Apply(Guid.NewGuid(), Type, "51/5115/511502", "DRAFT", T0, T0);
        standing.Apply(Guid.NewGuid(), Type, "51/5101/510104", "APPLIED", T0.AddDays(1), T0.AddDays(1));

        Assert.Equal("51/5101/510104", standing.OrganisationPath);
    }
}
