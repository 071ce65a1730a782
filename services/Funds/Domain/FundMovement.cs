using System.Globalization;
using Union.Shared.Errors;
using Union.Shared.Persistence;
using Paths = Union.Shared.Tenancy.OrganisationPath;

namespace Union.Funds.Domain;

/// <summary>What moved money (003 §二(一)); numbered like union.funds.v1.MovementKind.</summary>
public enum MovementKind
{
    /// <summary>Money from outside the union tree (e.g. 省财政厅) into an account.</summary>
    Receipt = 1,
    /// <summary>Money from the level above's account to its direct child's (逐级下拨).</summary>
    Transfer = 2,
    /// <summary>
    /// Money a higher level passed straight to a named unit further down (转拨, Hainan: 省总直接划拨
    /// 24万元送温暖资金 to five industry unions); reported apart from the receipts of the level between.
    /// </summary>
    PassThrough = 3,
    /// <summary>A closed year's balance moved to the next year's account of the same source and special fund.</summary>
    CarryOver = 4,
}

/// <summary>
/// One stored money movement: what the ledger transaction it posted means, so reports can sum
/// receipts by source and show pass-through apart. Owned by the receiving organisation, so the
/// receiver and every level above it (the payer among them) see it. Never changed once recorded.
/// </summary>
public sealed class FundMovement : IOrganisationOwned
{
    public const int MaxPayerLength = 100;
    public const int MaxReferenceLength = 100;

    public Guid Id { get; private set; }
    public MovementKind Kind { get; private set; }
    /// <summary>The receiver's path.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    /// <summary>The paying account's owner; for a receipt from outside, the receiver itself.</summary>
    public string PayerPath { get; private set; } = string.Empty;
    /// <summary>The account credited: the payer's, or the receiver's external clearing account.</summary>
    public Guid FromAccountId { get; private set; }
    /// <summary>The account debited (the money arrived there).</summary>
    public Guid ToAccountId { get; private set; }
    /// <summary>For a receipt from outside, who paid (e.g. 省财政厅).</summary>
    public string? ExternalPayer { get; private set; }
    /// <summary>The document the money came with (文号, bank slip), if any.</summary>
    public string? Reference { get; private set; }
    public string Memo { get; private set; } = string.Empty;
    /// <summary>When the money arrived (Beijing date).</summary>
    public DateOnly OccurredOn { get; private set; }
    public long AmountFen { get; private set; }
    /// <summary>The receiving account's fiscal year, source and special fund, copied for reports.</summary>
    public int FiscalYear { get; private set; }
    public FundSource Source { get; private set; }
    public string SpecialFund { get; private set; } = string.Empty;
    public Guid TransactionId { get; private set; }
    public DateTime RecordedAt { get; private set; }
    public string RecordedBy { get; private set; } = string.Empty;

    private FundMovement() { }

    /// <summary>
    /// Money from outside the tree: debits the receiving account and credits the organisation's
    /// external clearing account of the same year and source (its balance is what came from outside, negative).
    /// </summary>
    public static (LedgerTransaction Transaction, FundMovement Movement) Receive(
        FundAccount to, FundAccount clearing, long amountFen, DateOnly receivedOn, string payer, string? reference, string memo,
        string actor, string? actorOrganisation, DateTime now)
    {
        RequireEarmarked(to, "to_account_id");
        if (clearing.Kind != AccountKind.ExternalClearing || clearing.OrganisationPath != to.OrganisationPath
            || clearing.FiscalYear != to.FiscalYear || clearing.Source != to.Source)
            throw new InvalidOperationException("The clearing account must be the receiver's own for the same year and source.");
        RequirePositive(amountFen);
        var text = string.IsNullOrWhiteSpace(memo) ? $"收到{payer.Trim()}拨入资金" : memo;
        var transaction = LedgerTransaction.Post([new LedgerLine(to, amountFen), new LedgerLine(clearing, -amountFen)], text, actor, actorOrganisation, now);
        return (transaction, Record(MovementKind.Receipt, clearing, to, to.OrganisationPath, payer.Trim(), reference, transaction, receivedOn, amountFen, actor, now));
    }

    /// <summary>
    /// Money down the tree, same source, special fund and year, from an account that holds it:
    /// a plain transfer goes to a direct child (逐级下拨); a pass-through (转拨) to any unit below the payer.
    /// </summary>
    public static (LedgerTransaction Transaction, FundMovement Movement) Transfer(
        FundAccount from, long fromBalanceFen, FundAccount to, long amountFen, bool passThrough, DateOnly transferredOn,
        string? reference, string memo, string actor, string? actorOrganisation, DateTime now)
    {
        RequireEarmarked(from, "from_account_id");
        RequireEarmarked(to, "to_account_id");
        RequirePositive(amountFen);
        if (from.Source != to.Source || from.SpecialFund != to.SpecialFund)
            throw new DomainRuleException("SOURCE_MISMATCH", "专款专用：拨付只能在同一资金来源、同一专项的专账之间进行",
                new Dictionary<string, string> { ["from_source"] = from.Source.ToString(), ["to_source"] = to.Source.ToString(), ["from_special_fund"] = from.SpecialFund, ["to_special_fund"] = to.SpecialFund });
        if (from.FiscalYear != to.FiscalYear)
            throw new DomainRuleException("FISCAL_YEAR_MISMATCH", "拨付只能在同一会计年度的专账之间进行");
        var below = to.OrganisationPath.Length > from.OrganisationPath.Length && Paths.Covers(from.OrganisationPath, to.OrganisationPath);
        if (!below)
            throw new DomainRuleException("NOT_BELOW_PAYER", "资金只能向下级拨付");
        var directChild = below && !to.OrganisationPath[(from.OrganisationPath.Length + 1)..].Contains('/');
        if (!passThrough && !directChild)
            throw new DomainRuleException("NOT_A_DIRECT_CHILD", "逐级下拨只能拨给直接下级；越级直接划拨请按转拨登记",
                new Dictionary<string, string> { ["to_organisation_path"] = to.OrganisationPath });
        if (fromBalanceFen < amountFen)
            throw new DomainRuleException("INSUFFICIENT_FUNDS", "拨出专账余额不足",
                new Dictionary<string, string> { ["balance_fen"] = fromBalanceFen.ToString(CultureInfo.InvariantCulture), ["amount_fen"] = amountFen.ToString(CultureInfo.InvariantCulture) });

        var kind = passThrough ? MovementKind.PassThrough : MovementKind.Transfer;
        var text = string.IsNullOrWhiteSpace(memo) ? (passThrough ? "直接划拨（转拨）" : "下拨") : memo;
        var transaction = LedgerTransaction.Post([new LedgerLine(to, amountFen), new LedgerLine(from, -amountFen)], text, actor, actorOrganisation, now);
        return (transaction, Record(kind, from, to, from.OrganisationPath, null, reference, transaction, transferredOn, amountFen, actor, now));
    }

    /// <summary>The record of one account's carry-over line within a year-end transaction.</summary>
    internal static FundMovement CarryOver(FundAccount from, FundAccount to, long amountFen, LedgerTransaction transaction, DateOnly on, string actor, DateTime now) =>
        Record(MovementKind.CarryOver, from, to, from.OrganisationPath, null, null, transaction, on, amountFen, actor, now);

    private static FundMovement Record(MovementKind kind, FundAccount from, FundAccount to, string payerPath, string? externalPayer, string? reference,
        LedgerTransaction transaction, DateOnly on, long amountFen, string actor, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = kind,
        OrganisationPath = to.OrganisationPath,
        PayerPath = payerPath,
        FromAccountId = from.Id,
        ToAccountId = to.Id,
        ExternalPayer = externalPayer,
        Reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(),
        Memo = transaction.Memo,
        OccurredOn = on,
        AmountFen = amountFen,
        FiscalYear = to.FiscalYear,
        Source = to.Source,
        SpecialFund = to.SpecialFund,
        TransactionId = transaction.Id,
        RecordedAt = now,
        RecordedBy = actor,
    };

    private static void RequireEarmarked(FundAccount account, string field)
    {
        if (account.Kind != AccountKind.Earmarked)
            throw new DomainRuleException("NOT_AN_EARMARKED_ACCOUNT", "外部来源过渡账户不能直接收付资金",
                new Dictionary<string, string> { ["field"] = field, ["account_id"] = account.Id.ToString() });
    }

    private static void RequirePositive(long amountFen)
    {
        if (amountFen <= 0) throw new DomainRuleException("ZERO_AMOUNT", "金额必须大于零");
    }
}
