using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

/// <summary>
/// One line of the double-entry ledger, in integer fen (分), never floating point.
/// <para>
/// Sign convention: <see cref="AmountFen"/> is signed, <b>debit positive, credit negative</b>.
/// An earmarked account holds money for its purpose, so money arriving in it is a debit (+) and
/// money leaving it a credit (−); its balance is the plain sum of its entries. Every transaction's
/// entries sum to zero, so the whole ledger always sums to zero.
/// </para>
/// Entries are never edited or deleted (the DbContext refuses it); a mistake is corrected by a
/// reversal, a new transaction with every amount negated.
/// </summary>
public sealed class LedgerEntry : IOrganisationOwned
{
    public Guid Id { get; private set; }
    public Guid TransactionId { get; private set; }
    /// <summary>The entry's position within its transaction, from 1.</summary>
    public int Line { get; private set; }
    public Guid AccountId { get; private set; }
    /// <summary>The account owner's path, copied so the tenancy filter applies to entries too.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    /// <summary>Debit positive, credit negative.</summary>
    public long AmountFen { get; private set; }
    public DateTime PostedAt { get; private set; }

    private LedgerEntry() { }

    internal static LedgerEntry For(Guid transactionId, int line, Guid accountId, string organisationPath, long amountFen, DateTime postedAt) => new()
    {
        Id = Guid.CreateVersion7(),
        TransactionId = transactionId,
        Line = line,
        AccountId = accountId,
        OrganisationPath = organisationPath,
        AmountFen = amountFen,
        PostedAt = postedAt,
    };
}

public enum LedgerTransactionKind { Posting = 1, Reversal = 2 }

/// <summary>A line of a transaction to be posted: the account and the signed amount (debit +, credit −).</summary>
public sealed record LedgerLine(FundAccount Account, long AmountFen);

/// <summary>
/// A balanced set of ledger entries posted together. It refuses to exist unless its entries sum
/// to zero; once posted it is never changed. A reversal is another transaction that negates it.
/// </summary>
public sealed class LedgerTransaction
{
    /// <summary>The largest amount one line may carry: 10 billion yuan, the suite's sanity bound for money.</summary>
    public const long MaxAmountFen = 1_000_000_000_000L;

    public const int MaxMemoLength = 200;

    private readonly List<LedgerEntry> _entries = [];

    public Guid Id { get; private set; }
    public LedgerTransactionKind Kind { get; private set; }
    /// <summary>For a reversal, the transaction it negates (a transaction is reversed at most once).</summary>
    public Guid? ReversesTransactionId { get; private set; }
    public string Memo { get; private set; } = string.Empty;
    public DateTime PostedAt { get; private set; }
    public string PostedBy { get; private set; } = string.Empty;
    /// <summary>The organisation the poster acted for; null when the system posted.</summary>
    public string? PostedByOrganisation { get; private set; }

    public IReadOnlyList<LedgerEntry> Entries => _entries;

    private LedgerTransaction() { }

    /// <summary>Posts a balanced transaction: at least two lines, none zero, summing to zero.</summary>
    public static LedgerTransaction Post(IReadOnlyList<LedgerLine> lines, string memo, string actor, string? actorOrganisation, DateTime now)
    {
        if (lines.Count < 2)
            throw new DomainRuleException("TOO_FEW_ENTRIES", "一笔记账至少包含借贷两条分录");
        if (lines.Any(l => l.AmountFen == 0))
            throw new DomainRuleException("ZERO_AMOUNT", "分录金额不能为零");
        if (lines.Any(l => l.AmountFen is > MaxAmountFen or < -MaxAmountFen))
            throw new DomainRuleException("AMOUNT_TOO_LARGE", "分录金额超出允许范围");
        // Bounded lines cannot overflow a long in any realistic count; checked arithmetic makes sure.
        var sum = lines.Aggregate(0L, (total, l) => checked(total + l.AmountFen));
        if (sum != 0)
            throw new DomainRuleException("UNBALANCED_TRANSACTION", "借贷不平衡：分录金额合计必须为零",
                new Dictionary<string, string> { ["difference_fen"] = sum.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var transaction = New(LedgerTransactionKind.Posting, null, memo, actor, actorOrganisation, now);
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            transaction._entries.Add(LedgerEntry.For(transaction.Id, i + 1, l.Account.Id, l.Account.OrganisationPath, l.AmountFen, now));
        }
        return transaction;
    }

    /// <summary>
    /// The correction of this transaction: the same lines with every amount negated, so each
    /// account's balance returns to what it was before. A reversal itself is not reversed (post
    /// the correct transaction instead), and whether this one was already reversed is for the
    /// ledger to check against what is stored.
    /// </summary>
    public LedgerTransaction Reverse(string reason, string actor, string? actorOrganisation, DateTime now)
    {
        if (Kind == LedgerTransactionKind.Reversal)
            throw new DomainRuleException("CANNOT_REVERSE_A_REVERSAL", "冲销记录不能再冲销，请重新登记正确的记账");
        if (_entries.Count == 0)
            throw new InvalidOperationException("Load the transaction's entries before reversing it.");
        var memo = string.IsNullOrWhiteSpace(reason) ? throw new DomainRuleException("REASON_REQUIRED", "冲销必须说明原因") : reason.Trim();

        var reversal = New(LedgerTransactionKind.Reversal, Id, memo, actor, actorOrganisation, now);
        foreach (var e in _entries.OrderBy(e => e.Line))
        {
            reversal._entries.Add(LedgerEntry.For(reversal.Id, e.Line, e.AccountId, e.OrganisationPath, -e.AmountFen, now));
        }
        return reversal;
    }

    private static LedgerTransaction New(LedgerTransactionKind kind, Guid? reverses, string memo, string actor, string? actorOrganisation, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = kind,
        ReversesTransactionId = reverses,
        Memo = memo.Trim().Length <= MaxMemoLength ? memo.Trim()
            : throw new DomainRuleException("MEMO_TOO_LONG", $"摘要长度不能超过{MaxMemoLength}个字符"),
        PostedAt = now,
        PostedBy = actor,
        PostedByOrganisation = actorOrganisation,
    };
}
