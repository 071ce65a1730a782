using Union.Shared.Errors;
using Union.Shared.Persistence;
using Paths = Union.Shared.Tenancy.OrganisationPath;

namespace Union.Funds.Domain;

/// <summary>
/// A closed fiscal year of one organisation (年终结账). Closing year Y moves each of the
/// organisation's earmarked balances of Y into the same source and special fund's account of Y+1
/// (结转) in one ledger transaction, and locks Y: no entry, reversals included, is posted to any of
/// its Y accounts afterwards (FISCAL_YEAR_CLOSED). One row per organisation and year: closing twice
/// is refused, and the unique index holds the line under races.
/// </summary>
public sealed class FiscalYearClosing : IOrganisationOwned
{
    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public int FiscalYear { get; private set; }
    /// <summary>The carry-over transaction; null when every balance was zero.</summary>
    public Guid? TransactionId { get; private set; }
    /// <summary>The sum of the balances carried over.</summary>
    public long CarriedOverFen { get; private set; }
    public DateTime ClosedAt { get; private set; }
    public string ClosedBy { get; private set; } = string.Empty;

    private FiscalYearClosing() { }

    /// <summary>
    /// Closes the year: the accounts are the organisation's own of that year with their balances
    /// (clearing accounts stay behind as the record of what came from outside); successors are the
    /// next year's accounts by (source, special fund), opened by the caller when missing.
    /// </summary>
    public static (FiscalYearClosing Closing, LedgerTransaction? CarryOver, IReadOnlyList<FundMovement> Movements) Close(
        string organisationPath, int fiscalYear, IReadOnlyList<(FundAccount Account, long BalanceFen)> accounts,
        Func<FundAccount, FundAccount> successorOf, string actor, string? actorOrganisation, DateTime now)
    {
        if (fiscalYear >= FundAccount.LastFiscalYear)
            throw new DomainRuleException("FISCAL_YEAR_OUT_OF_RANGE", "该年度之后没有可结转的会计年度");
        if (accounts.Any(a => a.Account.OrganisationPath != organisationPath || a.Account.FiscalYear != fiscalYear))
            throw new InvalidOperationException("Only the organisation's own accounts of the closing year are carried over.");

        var carried = accounts.Where(a => a.Account.Kind == AccountKind.Earmarked && a.BalanceFen != 0)
            .OrderBy(a => a.Account.Source).ThenBy(a => a.Account.SpecialFund, StringComparer.Ordinal).ToList();
        var closing = new FiscalYearClosing
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = organisationPath,
            FiscalYear = fiscalYear,
            CarriedOverFen = carried.Sum(a => a.BalanceFen),
            ClosedAt = now,
            ClosedBy = actor,
        };
        if (carried.Count == 0) return (closing, null, []);

        var lines = new List<LedgerLine>();
        var pairs = new List<(FundAccount From, FundAccount To, long Fen)>();
        foreach (var (account, balance) in carried)
        {
            var next = successorOf(account);
            if (next.OrganisationPath != organisationPath || next.FiscalYear != fiscalYear + 1 || next.Source != account.Source
                || next.SpecialFund != account.SpecialFund || next.Kind != AccountKind.Earmarked)
                throw new InvalidOperationException("A balance is carried over to the same source and special fund's account of the next year.");
            lines.Add(new LedgerLine(account, -balance));
            lines.Add(new LedgerLine(next, balance));
            pairs.Add((account, next, balance));
        }
        var transaction = LedgerTransaction.Post(lines, $"{fiscalYear}年度结余结转{fiscalYear + 1}年度", actor, actorOrganisation, now);
        closing.TransactionId = transaction.Id;
        var on = new DateOnly(fiscalYear, 12, 31);
        return (closing, transaction, pairs.Select(p => FundMovement.CarryOver(p.From, p.To, p.Fen, transaction, on, actor, now)).ToList());
    }
}

/// <summary>
/// By when a source's money of a fiscal year must be used (000 §四(三): central and provincial
/// special funds are used within the year; 002 指标10: Yu'an's superiors allowed until February of
/// the next year). The default is 31 December of the year; an organisation sets an override for
/// its subtree, and the nearest one above an account applies.
/// </summary>
public sealed class UseDeadline : IOrganisationOwned
{
    public Guid Id { get; private set; }
    /// <summary>The organisation whose subtree the override applies to.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    public FundSource Source { get; private set; }
    public int FiscalYear { get; private set; }
    public DateOnly Deadline { get; private set; }
    public DateTime SetAt { get; private set; }
    public string SetBy { get; private set; } = string.Empty;

    private UseDeadline() { }

    /// <summary>The sources whose money must be used within the year (中央、省财政专项).</summary>
    public static bool MustBeUsedWithinYear(FundSource source) => source is FundSource.CentralFinance or FundSource.ProvincialFinance;

    public static DateOnly Default(int fiscalYear) => new(fiscalYear, 12, 31);

    /// <summary>The at-risk report's window opens on 1 October of the fiscal year (002 指标10).</summary>
    public static DateOnly WarningFrom(int fiscalYear) => new(fiscalYear, 10, 1);

    public static UseDeadline Set(string organisationPath, FundSource source, int fiscalYear, DateOnly deadline, string actor, DateTime now)
    {
        var d = new UseDeadline { Id = Guid.CreateVersion7(), OrganisationPath = organisationPath, Source = source, FiscalYear = fiscalYear };
        d.Change(deadline, actor, now);
        return d;
    }

    public void Change(DateOnly deadline, string actor, DateTime now)
    {
        if (!MustBeUsedWithinYear(Source))
            throw new DomainRuleException("NO_USE_DEADLINE", "只有中央和省财政专项资金有当年使用期限");
        if (deadline < new DateOnly(FiscalYear, 1, 1) || deadline > new DateOnly(FiscalYear + 1, 12, 31))
            throw new DomainRuleException("DEADLINE_OUT_OF_RANGE", "使用期限应在该会计年度内或次年内");
        Deadline = deadline;
        SetAt = now;
        SetBy = actor;
    }

    /// <summary>The deadline that applies to an organisation's account: the nearest override at or above it, else 31 December.</summary>
    public static DateOnly For(string accountPath, FundSource source, int fiscalYear, IEnumerable<UseDeadline> overrides) =>
        overrides.Where(o => o.Source == source && o.FiscalYear == fiscalYear && Paths.Covers(o.OrganisationPath, accountPath))
            .OrderByDescending(o => o.OrganisationPath.Length).Select(o => (DateOnly?)o.Deadline).FirstOrDefault()
        ?? Default(fiscalYear);

    /// <summary>
    /// Whether an account is at risk on a day: its source must be used within the year, it still
    /// holds money, the year's warning window has opened (1 October), and its deadline falls in
    /// the day's year or before (so an account allowed until February appears from 1 January).
    /// </summary>
    public static bool IsAtRisk(FundSource source, int fiscalYear, long balanceFen, DateOnly deadline, DateOnly asOf) =>
        MustBeUsedWithinYear(source) && balanceFen > 0 && asOf >= WarningFrom(fiscalYear) && deadline.Year <= asOf.Year;
}
