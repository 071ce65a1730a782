using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

/// <summary>
/// Where assistance money comes from (Hainan fund self-evaluation, 003_eca3cf9f3ec4784d.txt:
/// 中央财政, 省财政, 省总工会经费); numbered like union.common.v1.FundSource.
/// </summary>
public enum FundSource { CentralFinance = 1, ProvincialFinance = 2, UnionFunds = 3, Other = 4 }

/// <summary>
/// An earmarked account (专账): one per organisation, fiscal year and fund source, so that each
/// source's money is kept and reported apart (专款专用, 003_eca3cf9f3ec4784d.txt). The balance is
/// not a column: it is the sum of the account's ledger entries (see <see cref="LedgerEntry"/>).
/// </summary>
public sealed class FundAccount : IOrganisationOwned
{
    public const int FirstFiscalYear = 2000;
    public const int LastFiscalYear = 2100;

    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public int FiscalYear { get; private set; }
    public FundSource Source { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;

    private FundAccount() { }

    /// <summary>Opens an empty account. The caller has validated the request and resolved the owner.</summary>
    public static FundAccount Open(string organisationPath, int fiscalYear, FundSource source, string actor, DateTime now)
    {
        if (fiscalYear is < FirstFiscalYear or > LastFiscalYear)
            throw new DomainRuleException("FISCAL_YEAR_OUT_OF_RANGE", $"会计年度应在{FirstFiscalYear}到{LastFiscalYear}之间");
        if (!Enum.IsDefined(source))
            throw new DomainRuleException("UNKNOWN_FUND_SOURCE", "不支持的资金来源");
        return new FundAccount
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = organisationPath,
            FiscalYear = fiscalYear,
            Source = source,
            CreatedAt = now,
            CreatedBy = actor,
        };
    }
}

