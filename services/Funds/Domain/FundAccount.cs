using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

/// <summary>
/// Where assistance money comes from (Hainan fund self-evaluation, 003_eca3cf9f3ec4784d.txt:
/// 中央财政, 省财政, 省总工会经费); numbered like union.common.v1.FundSource.
/// </summary>
public enum FundSource { CentralFinance = 1, ProvincialFinance = 2, UnionFunds = 3, Other = 4 }

/// <summary>What an account is for; numbered like union.funds.v1.AccountKind.</summary>
public enum AccountKind
{
    /// <summary>An earmarked account (专账) holding money for assistance.</summary>
    Earmarked = 1,
    /// <summary>
    /// The organisation's counterpart for money from outside the union tree (e.g. 省财政厅), one per
    /// organisation, fiscal year and source. A receipt from outside debits the receiving earmarked
    /// account and credits this one, so the ledger stays balanced: its balance is what the
    /// organisation received from outside in that year and source, <b>negative</b>. It is not money
    /// to spend: no transfer leaves it and the year end carries nothing over from it.
    /// </summary>
    ExternalClearing = 2,
    /// <summary>
    /// The organisation's payments in transit (bank clearing, 银行代发在途), one per organisation,
    /// fiscal year and source. Exporting a payment batch for the bank credits the decision's source
    /// account and debits this one; a failed or returned payment reverses that posting, restoring
    /// the source. Its balance is what the organisation has handed to the bank for payment in that
    /// year and source, <b>positive</b>. No transfer leaves it and the year end carries nothing over.
    /// </summary>
    PaymentsInTransit = 3,
}

/// <summary>
/// An earmarked account (专账): one per organisation, fiscal year, fund source and named special
/// fund, so that each source's money is kept and reported apart (专款专用, 003_eca3cf9f3ec4784d.txt).
/// A named special fund (专项: 金秋助学, 送温暖, 女职工关爱 …) is a sub-account of its source; the
/// empty name is the source's general account. The balance is not a column: it is the sum of the
/// account's ledger entries (see <see cref="LedgerEntry"/>).
/// </summary>
public sealed class FundAccount : IOrganisationOwned
{
    public const int FirstFiscalYear = 2000;
    public const int LastFiscalYear = 2100;
    public const int MaxSpecialFundLength = 50;

    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public int FiscalYear { get; private set; }
    public FundSource Source { get; private set; }
    /// <summary>The named special fund (专项) within the source; empty for the source's general account.</summary>
    public string SpecialFund { get; private set; } = string.Empty;
    public AccountKind Kind { get; private set; } = AccountKind.Earmarked;
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;

    private FundAccount() { }

    /// <summary>Opens an empty account. The caller has validated the request and resolved the owner.</summary>
    public static FundAccount Open(string organisationPath, int fiscalYear, FundSource source, string actor, DateTime now, string? specialFund = null) =>
        Open(organisationPath, fiscalYear, source, NormaliseSpecialFund(specialFund), AccountKind.Earmarked, actor, now);

    /// <summary>Opens the organisation's clearing account for receipts from outside the tree (see <see cref="AccountKind.ExternalClearing"/>).</summary>
    public static FundAccount OpenExternalClearing(string organisationPath, int fiscalYear, FundSource source, string actor, DateTime now) =>
        Open(organisationPath, fiscalYear, source, string.Empty, AccountKind.ExternalClearing, actor, now);

    /// <summary>Opens the organisation's payments-in-transit account (see <see cref="AccountKind.PaymentsInTransit"/>).</summary>
    public static FundAccount OpenPaymentsInTransit(string organisationPath, int fiscalYear, FundSource source, string actor, DateTime now) =>
        Open(organisationPath, fiscalYear, source, string.Empty, AccountKind.PaymentsInTransit, actor, now);

    /// <summary>The same source and special fund's account of another year for the same organisation (the year end's carry-over).</summary>
    public FundAccount OpenSuccessor(string actor, DateTime now) =>
        Open(OrganisationPath, FiscalYear + 1, Source, SpecialFund, Kind, actor, now);

    /// <summary>Special-fund names are compared trimmed; null and blank mean the general account.</summary>
    public static string NormaliseSpecialFund(string? name) => name?.Trim() ?? string.Empty;

    private static FundAccount Open(string organisationPath, int fiscalYear, FundSource source, string specialFund, AccountKind kind, string actor, DateTime now)
    {
        if (fiscalYear is < FirstFiscalYear or > LastFiscalYear)
            throw new DomainRuleException("FISCAL_YEAR_OUT_OF_RANGE", $"会计年度应在{FirstFiscalYear}到{LastFiscalYear}之间");
        if (!Enum.IsDefined(source))
            throw new DomainRuleException("UNKNOWN_FUND_SOURCE", "不支持的资金来源");
        if (specialFund.Length > MaxSpecialFundLength)
            throw new DomainRuleException("SPECIAL_FUND_TOO_LONG", $"专项名称不能超过{MaxSpecialFundLength}个字符");
        return new FundAccount
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = organisationPath,
            FiscalYear = fiscalYear,
            Source = source,
            SpecialFund = specialFund,
            Kind = kind,
            CreatedAt = now,
            CreatedBy = actor,
        };
    }
}
