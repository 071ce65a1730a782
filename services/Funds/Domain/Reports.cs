using System.Globalization;

namespace Union.Funds.Domain;

// The funds reports (Hainan 003_eca3cf9f3ec4784d.txt §二(二); Yu'an 002_98225e89925c6ce6.txt §一):
// pure functions over the rows of one organisation's own books (本级) for one fiscal year, which the
// handler loads read-only. Every ledger entry on the organisation's accounts of the year is
// explained by what posted it (a receipt, transfer, pass-through or carry-over movement, a payment,
// an allocation, a project tranche); an entry nothing explains is a reconciliation difference.

/// <summary>One of the organisation's accounts of the year.</summary>
public sealed record ReportAccount(Guid Id, FundSource Source, string SpecialFund, AccountKind Kind);

/// <summary>One ledger entry on one of those accounts, with its transaction's memo and Beijing posting date.</summary>
public sealed record ReportEntry(Guid TransactionId, Guid AccountId, long AmountFen, string Memo, DateOnly PostedOn);

/// <summary>A stored money movement into or out of one of those accounts (or passed through below the organisation).</summary>
public sealed record ReportMovement(
    Guid TransactionId, MovementKind Kind, Guid FromAccountId, Guid ToAccountId, string PayerPath, string ReceiverPath,
    string? ExternalPayer, string? Reference, string Memo, DateOnly OccurredOn, long AmountFen, FundSource Source, string SpecialFund);

/// <summary>A payment from one of the accounts: the batch's export day is when it was handed to the bank, the settlement day when the bank's return was recorded.</summary>
public sealed record ReportPayment(
    Guid PaymentId, Guid DecisionId, string RecipientKey, AidType AidType, FundSource Source, Guid SourceAccountId, long AmountFen,
    PaymentStatus Status, Guid? PostingTransactionId, Guid? ReversalTransactionId, DateOnly? HandedToBankOn, DateOnly? SettledOn);

/// <summary>A decision paid from one of the accounts.</summary>
public sealed record ReportDecision(Guid DecisionId, AidType AidType, FundSource Source, DateOnly ApplicationCompletedOn, bool Cancelled);

/// <summary>A posted project tranche (001 第六条) whose transaction touches the accounts.</summary>
public sealed record ReportTranche(Guid TransactionId, TrancheStage Stage);

/// <summary>
/// Everything the reports read. <see cref="PassedThroughBelow"/> are the pass-throughs (转拨) of the
/// year by a level above the organisation straight to units below it (Hainan's 24万元).
/// </summary>
public sealed record ReportBook(
    string OrganisationPath,
    int FiscalYear,
    bool Closed,
    IReadOnlyList<ReportAccount> Accounts,
    IReadOnlyList<ReportEntry> Entries,
    IReadOnlyList<ReportMovement> Movements,
    IReadOnlyList<ReportPayment> Payments,
    IReadOnlyList<ReportDecision> Decisions,
    IReadOnlyList<ReportTranche> Tranches,
    IReadOnlyList<Guid> AllocationTransactions,
    IReadOnlyList<ReportMovement> PassedThroughBelow);

/// <summary>How money came in; numbered like union.funds.v1.ReceiptKind.</summary>
public enum ReceiptKind { External = 1, Transfer = 2, PassThrough = 3, Allocation = 4, ProjectTranche = 5 }

/// <summary>How money left other than by payment; numbered like union.funds.v1.TransferOutKind.</summary>
public enum TransferOutKind { Transfer = 1, PassThrough = 2, Allocation = 3, ProjectTranches = 4 }

/// <summary>What one entry on an earmarked account means for the year's books.</summary>
public enum EntryMeaning { Opening, Received, Payment, TransferredOut, CarriedOver, Unexplained }

public sealed record ClassifiedEntry(ReportEntry Entry, ReportAccount Account, EntryMeaning Meaning, ReceiptKind? Receipt, TransferOutKind? TransferOut, ReportMovement? Movement);

public sealed record ReceiptRow(ReceiptKind Kind, FundSource Source, string SpecialFund, DateOnly ReceivedOn, long AmountFen, string Payer, string Reference, string Memo, Guid TransactionId);

/// <summary>A total of a source (special fund "") or of one named special fund within it.</summary>
public sealed record SourceAmount(FundSource Source, string SpecialFund, long AmountFen);

public sealed record ReceiptsResult(IReadOnlyList<SourceAmount> BySource, long TotalFen, long OpeningFen, IReadOnlyList<ReceiptRow> Receipts);

/// <summary>Aid type null on a source's subtotal line.</summary>
public sealed record ExpenditureRow(FundSource Source, AidType? AidType, long AmountFen, int PersonTimes, int Households);

public sealed record TransferOutRow(TransferOutKind Kind, FundSource Source, long AmountFen, int Count);

public sealed record ExpenditureResult(IReadOnlyList<ExpenditureRow> Lines, long TotalFen, int PersonTimes, int Households, long InTransitFen, IReadOnlyList<TransferOutRow> TransfersOut);

/// <summary>Special fund "" on a source's total line; planned and rates only on total lines.</summary>
public sealed record BalanceRow(
    FundSource? Source, string SpecialFund, long OpeningFen, long ReceivedFen, long SpentFen, long InTransitFen, long TransferredOutFen,
    long CarriedOverFen, long ClosingFen, long? PlannedFen = null)
{
    /// <summary>结余: opening + received − spent − in transit − transferred out.</summary>
    public long YearEndBalanceFen => OpeningFen + ReceivedFen - SpentFen - InTransitFen - TransferredOutFen;

    /// <summary>到位率 = received / planned (003 评分表: 实际到位/计划到位×100%).</summary>
    public string ArrivalRate => Reports.Percent(ReceivedFen, PlannedFen);

    /// <summary>使用率 = spent / received (002 §一: 使用中央和省财政专项帮扶资金 against what was received).</summary>
    public string UseRate => Reports.Percent(SpentFen, ReceivedFen);
}

public sealed record BalanceResult(bool Closed, IReadOnlyList<BalanceRow> Lines, BalanceRow Total);

public sealed record ReconciliationSource(FundSource Source, long BySourceFen, long ByAidTypeFen, long LedgerFen);

public sealed record ReconciliationDifference(
    string Code, FundSource? Source, Guid? AccountId, Guid? TransactionId, Guid? PaymentId, long ExpectedFen, long FoundFen, string Description)
{
    public long DifferenceFen => ExpectedFen - FoundFen;
}

public sealed record ReconciliationResult(IReadOnlyList<ReconciliationSource> Sources, IReadOnlyList<ReconciliationDifference> Differences)
{
    public bool Ok => Differences.Count == 0;
}

public static class Reports
{
    /// <summary>
    /// What each entry on the organisation's earmarked accounts means. Money moved to another
    /// organisation (down the tree, passed through, allocated, released to a project) is a transfer
    /// out, never spending: Hainan counts as spent only what reached workers (2,059 person-times,
    /// 003 §二(二)1), and lists the 24万元 passed to industry unions apart (§二(二)2).
    /// </summary>
    public static IReadOnlyList<ClassifiedEntry> Classify(ReportBook book)
    {
        var accounts = book.Accounts.ToDictionary(a => a.Id);
        var movements = book.Movements.GroupBy(m => m.TransactionId).ToDictionary(g => g.Key, g => g.ToList());
        var paymentTransactions = book.Payments.SelectMany(p => new[] { p.PostingTransactionId, p.ReversalTransactionId })
            .Where(t => t is not null).Select(t => t!.Value).ToHashSet();
        var tranches = book.Tranches.ToDictionary(t => t.TransactionId);
        var allocations = book.AllocationTransactions.ToHashSet();
        var result = new List<ClassifiedEntry>();
        foreach (var e in book.Entries)
        {
            if (!accounts.TryGetValue(e.AccountId, out var account) || account.Kind != AccountKind.Earmarked) continue;
            var incoming = e.AmountFen > 0;
            var movement = movements.TryGetValue(e.TransactionId, out var ms)
                ? ms.FirstOrDefault(m => incoming ? m.ToAccountId == e.AccountId : m.FromAccountId == e.AccountId)
                : null;
            ClassifiedEntry Mean(EntryMeaning meaning, ReceiptKind? receipt = null, TransferOutKind? transfer = null) =>
                new(e, account, meaning, receipt, transfer, movement);
            result.Add(movement?.Kind switch
            {
                MovementKind.Receipt when incoming => Mean(EntryMeaning.Received, ReceiptKind.External),
                MovementKind.Transfer => incoming ? Mean(EntryMeaning.Received, ReceiptKind.Transfer) : Mean(EntryMeaning.TransferredOut, transfer: TransferOutKind.Transfer),
                MovementKind.PassThrough => incoming ? Mean(EntryMeaning.Received, ReceiptKind.PassThrough) : Mean(EntryMeaning.TransferredOut, transfer: TransferOutKind.PassThrough),
                MovementKind.CarryOver => incoming ? Mean(EntryMeaning.Opening) : Mean(EntryMeaning.CarriedOver),
                _ when paymentTransactions.Contains(e.TransactionId) => Mean(EntryMeaning.Payment),
                _ when allocations.Contains(e.TransactionId) => incoming ? Mean(EntryMeaning.Received, ReceiptKind.Allocation) : Mean(EntryMeaning.TransferredOut, transfer: TransferOutKind.Allocation),
                // A funder's launch and acceptance tranches leave it, a closing return comes back: both
                // are the funder's transfers to projects (the return negative). The applicant receives.
                _ when tranches.TryGetValue(e.TransactionId, out var tranche) =>
                    (tranche.Stage == TrancheStage.Return) == incoming
                        ? Mean(EntryMeaning.TransferredOut, transfer: TransferOutKind.ProjectTranches)
                        : Mean(EntryMeaning.Received, ReceiptKind.ProjectTranche),
                _ => Mean(EntryMeaning.Unexplained),
            });
        }
        return result;
    }

    public static ReceiptsResult Receipts(ReportBook book)
    {
        var classified = Classify(book);
        var receipts = classified.Where(c => c.Meaning == EntryMeaning.Received)
            .Select(c => new ReceiptRow(
                c.Receipt!.Value,
                c.Account.Source,
                c.Account.SpecialFund,
                c.Movement?.OccurredOn ?? c.Entry.PostedOn,
                c.Entry.AmountFen,
                c.Movement is { } m ? m.ExternalPayer ?? m.PayerPath : string.Empty,
                c.Movement?.Reference ?? string.Empty,
                c.Movement?.Memo ?? c.Entry.Memo,
                c.Entry.TransactionId))
            .OrderBy(r => r.Source).ThenBy(r => r.SpecialFund, StringComparer.Ordinal).ThenBy(r => r.ReceivedOn).ThenBy(r => r.TransactionId)
            .ToList();
        var bySource = new List<SourceAmount>();
        foreach (var source in receipts.GroupBy(r => r.Source).OrderBy(g => g.Key))
        {
            bySource.Add(new SourceAmount(source.Key, string.Empty, source.Sum(r => r.AmountFen)));
            bySource.AddRange(source.Where(r => r.SpecialFund.Length > 0).GroupBy(r => r.SpecialFund).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new SourceAmount(source.Key, g.Key, g.Sum(r => r.AmountFen))));
        }
        var opening = classified.Where(c => c.Meaning == EntryMeaning.Opening).Sum(c => c.Entry.AmountFen);
        return new ReceiptsResult(bySource, receipts.Sum(r => r.AmountFen), opening, receipts);
    }

    /// <summary>
    /// Spending by source × aid type: a payment is spent when the bank paid it (PAID); one in transit
    /// is not spent yet, a failed or returned one never was. Person-times count paid payments,
    /// households the distinct recipients.
    /// </summary>
    public static ExpenditureResult Expenditure(ReportBook book)
    {
        var paid = book.Payments.Where(p => p.Status == PaymentStatus.Paid).ToList();
        var lines = new List<ExpenditureRow>();
        foreach (var source in paid.GroupBy(p => p.Source).OrderBy(g => g.Key))
        {
            lines.AddRange(source.GroupBy(p => p.AidType).OrderBy(g => g.Key)
                .Select(g => new ExpenditureRow(source.Key, g.Key, g.Sum(p => p.AmountFen), g.Count(), g.Select(p => p.RecipientKey).Distinct().Count())));
            lines.Add(new ExpenditureRow(source.Key, null, source.Sum(p => p.AmountFen), source.Count(), source.Select(p => p.RecipientKey).Distinct().Count()));
        }
        var transfers = Classify(book).Where(c => c.Meaning == EntryMeaning.TransferredOut)
            .GroupBy(c => (c.TransferOut!.Value, c.Account.Source)).OrderBy(g => g.Key.Value).ThenBy(g => g.Key.Source)
            .Select(g => new TransferOutRow(g.Key.Value, g.Key.Source, -g.Sum(c => c.Entry.AmountFen), g.Select(c => c.Entry.TransactionId).Distinct().Count()))
            .ToList();
        return new ExpenditureResult(
            lines,
            paid.Sum(p => p.AmountFen),
            paid.Count,
            paid.Select(p => p.RecipientKey).Distinct().Count(),
            book.Payments.Where(p => p.Status == PaymentStatus.InTransit).Sum(p => p.AmountFen),
            transfers);
    }

    /// <summary>
    /// Balance and carry-over per account (source and special fund), per source and in total. The
    /// payments' part comes from the payments, not the ledger, so that a ledger out of step with the
    /// payments shows in <see cref="Reconcile"/> rather than hiding in the closing figure.
    /// </summary>
    public static BalanceResult Balance(ReportBook book, IReadOnlyDictionary<FundSource, long> planned)
    {
        var rows = AccountRows(book, Classify(book)).Select(r => r.Row).ToList();
        var lines = new List<BalanceRow>();
        foreach (var source in rows.GroupBy(r => r.Source!.Value).OrderBy(g => g.Key))
        {
            lines.Add(Add(source, source.Key, planned.TryGetValue(source.Key, out var p) ? p : null));
            lines.AddRange(source.Where(r => r.SpecialFund.Length > 0));
        }
        var anyPlanned = rows.Select(r => r.Source!.Value).Distinct().Where(planned.ContainsKey).ToList();
        var total = Add(rows, null, anyPlanned.Count == 0 ? null : anyPlanned.Sum(s => planned[s]));
        return new BalanceResult(book.Closed, lines, total);
    }

    /// <summary>One balance row per earmarked account.</summary>
    private static List<(ReportAccount Account, BalanceRow Row)> AccountRows(ReportBook book, IReadOnlyList<ClassifiedEntry> classified)
    {
        var rows = new List<(ReportAccount, BalanceRow)>();
        foreach (var account in book.Accounts.Where(a => a.Kind == AccountKind.Earmarked).OrderBy(a => a.Source).ThenBy(a => a.SpecialFund, StringComparer.Ordinal))
        {
            var mine = classified.Where(c => c.Account.Id == account.Id).ToList();
            long Sum(EntryMeaning meaning) => mine.Where(c => c.Meaning == meaning).Sum(c => c.Entry.AmountFen);
            var payments = book.Payments.Where(p => p.SourceAccountId == account.Id).ToList();
            rows.Add((account, new BalanceRow(
                account.Source,
                account.SpecialFund,
                Sum(EntryMeaning.Opening),
                Sum(EntryMeaning.Received),
                payments.Where(p => p.Status == PaymentStatus.Paid).Sum(p => p.AmountFen),
                payments.Where(p => p.Status == PaymentStatus.InTransit).Sum(p => p.AmountFen),
                -Sum(EntryMeaning.TransferredOut),
                -Sum(EntryMeaning.CarriedOver),
                book.Entries.Where(e => e.AccountId == account.Id).Sum(e => e.AmountFen))));
        }
        return rows;
    }

    private static BalanceRow Add(IEnumerable<BalanceRow> rows, FundSource? source, long? plannedFen)
    {
        var list = rows.ToList();
        return new BalanceRow(source, string.Empty, list.Sum(r => r.OpeningFen), list.Sum(r => r.ReceivedFen), list.Sum(r => r.SpentFen),
            list.Sum(r => r.InTransitFen), list.Sum(r => r.TransferredOutFen), list.Sum(r => r.CarriedOverFen), list.Sum(r => r.ClosingFen), plannedFen);
    }

    /// <summary>
    /// The reconciliation: per source, paid payments by their account's source, the same money by
    /// the aid types of the decisions (summed by the decisions' source), and what the ledger says
    /// left for the bank and was not still in transit, must agree to the fen; every earmarked
    /// account's ledger balance must equal its balance from the movements and payments; every
    /// entry must be explained; every payment posted (and reversed when it failed) on the ledger.
    /// </summary>
    public static ReconciliationResult Reconcile(ReportBook book)
    {
        var accounts = book.Accounts.ToDictionary(a => a.Id);
        var decisions = book.Decisions.ToDictionary(d => d.DecisionId);
        var entriesByTransaction = book.Entries.ToLookup(e => e.TransactionId);
        var differences = new List<ReconciliationDifference>();
        var paid = book.Payments.Where(p => p.Status == PaymentStatus.Paid).ToList();
        var sources = book.Accounts.Select(a => a.Source).Concat(paid.Select(p => p.Source)).Distinct().Order().ToList();
        var lines = new List<ReconciliationSource>();
        foreach (var source in sources)
        {
            var bySource = paid.Where(p => accounts.TryGetValue(p.SourceAccountId, out var a) && a.Source == source).Sum(p => p.AmountFen);
            var byAidType = paid.Where(p => decisions.TryGetValue(p.DecisionId, out var d) && d.Source == source)
                .GroupBy(p => decisions[p.DecisionId].AidType).Sum(g => g.Sum(p => p.AmountFen));
            var inTransit = book.Payments.Where(p => p.Status == PaymentStatus.InTransit && p.Source == source).Sum(p => p.AmountFen);
            var ledger = book.Entries.Where(e => accounts.TryGetValue(e.AccountId, out var a) && a.Kind == AccountKind.PaymentsInTransit && a.Source == source)
                .Sum(e => e.AmountFen) - inTransit;
            lines.Add(new ReconciliationSource(source, bySource, byAidType, ledger));
            if (bySource != byAidType)
                differences.Add(new("SOURCE_VS_AID_TYPE", source, null, null, null, bySource, byAidType,
                    $"{SourceName(source)}：按来源统计支出{Yuan(bySource)}元，按救助类别统计{Yuan(byAidType)}元"));
            if (bySource != ledger)
                differences.Add(new("SOURCE_VS_LEDGER", source, null, null, null, bySource, ledger,
                    $"{SourceName(source)}：按来源统计支出{Yuan(bySource)}元，账簿（代发在途账户扣除在途）{Yuan(ledger)}元"));
        }

        var explained = Classify(book);
        foreach (var (account, row) in AccountRows(book, explained))
        {
            var expected = row.YearEndBalanceFen - row.CarriedOverFen;
            if (expected != row.ClosingFen)
                differences.Add(new("BALANCE_VS_LEDGER", account.Source, account.Id, null, null, expected, row.ClosingFen,
                    $"{SourceName(account.Source)}{Fund(account.SpecialFund)}：按收支计算余额{Yuan(expected)}元，账簿余额{Yuan(row.ClosingFen)}元"));
        }

        foreach (var c in explained.Where(c => c.Meaning == EntryMeaning.Unexplained).OrderBy(c => c.Entry.PostedOn).ThenBy(c => c.Entry.TransactionId))
            differences.Add(new("UNEXPLAINED_TRANSACTION", c.Account.Source, c.Account.Id, c.Entry.TransactionId, null, 0, c.Entry.AmountFen,
                $"{SourceName(c.Account.Source)}{Fund(c.Account.SpecialFund)}：记账“{c.Entry.Memo}”{Yuan(c.Entry.AmountFen)}元不来自收款、拨付、结转、发放或项目拨付"));
        // Entries on the payments-in-transit accounts must come from payments too.
        var paymentTransactions = book.Payments.SelectMany(p => new[] { p.PostingTransactionId, p.ReversalTransactionId })
            .Where(t => t is not null).Select(t => t!.Value).ToHashSet();
        foreach (var e in book.Entries.Where(e => accounts.TryGetValue(e.AccountId, out var a) && a.Kind == AccountKind.PaymentsInTransit && !paymentTransactions.Contains(e.TransactionId)))
        {
            var a = accounts[e.AccountId];
            differences.Add(new("UNEXPLAINED_TRANSACTION", a.Source, a.Id, e.TransactionId, null, 0, e.AmountFen,
                $"{SourceName(a.Source)}代发在途账户：记账“{e.Memo}”{Yuan(e.AmountFen)}元不来自发放批次"));
        }

        foreach (var p in book.Payments.OrderBy(p => p.PaymentId))
        {
            var posted = p.PostingTransactionId is { } t ? entriesByTransaction[t].Where(e => e.AccountId == p.SourceAccountId).Sum(e => e.AmountFen) : 0;
            if (p.Status != PaymentStatus.Pending && posted != -p.AmountFen)
                differences.Add(new("PAYMENT_NOT_POSTED", p.Source, p.SourceAccountId, p.PostingTransactionId, p.PaymentId, -p.AmountFen, posted,
                    $"发放{p.PaymentId}金额{Yuan(p.AmountFen)}元，账簿中对应的出账为{Yuan(-posted)}元"));
            if (p.Status is PaymentStatus.Failed or PaymentStatus.Returned)
            {
                var reversed = p.ReversalTransactionId is { } r ? entriesByTransaction[r].Where(e => e.AccountId == p.SourceAccountId).Sum(e => e.AmountFen) : 0;
                if (reversed != p.AmountFen)
                    differences.Add(new("PAYMENT_NOT_REVERSED", p.Source, p.SourceAccountId, p.ReversalTransactionId, p.PaymentId, p.AmountFen, reversed,
                        $"发放{p.PaymentId}失败或退汇{Yuan(p.AmountFen)}元，账簿中冲回{Yuan(reversed)}元"));
            }
        }
        return new ReconciliationResult(lines, differences);
    }

    /// <summary>
    /// A rate as a percentage to two places ("96.62%"), exact: the fraction is rounded half up in
    /// integer arithmetic. Empty when there is no denominator.
    /// </summary>
    public static string Percent(long numerator, long? denominator)
    {
        if (denominator is not > 0 || numerator < 0) return string.Empty;
        // Hundredths of a percent, rounded half up: (n × 10000 × 2 + d) / (2d).
        var hundredths = (System.Numerics.BigInteger)numerator * 20_000 + denominator.Value;
        hundredths /= 2 * (System.Numerics.BigInteger)denominator.Value;
        var value = (long)hundredths;
        return string.Create(CultureInfo.InvariantCulture, $"{value / 100}.{value % 100:00}%");
    }

    public static string SourceName(FundSource source) => source switch
    {
        FundSource.CentralFinance => "中央财政专项帮扶资金",
        FundSource.ProvincialFinance => "省财政专项帮扶资金",
        FundSource.UnionFunds => "工会经费",
        _ => "其他资金",
    };

    public static string AidTypeName(AidType aidType) => aidType switch
    {
        AidType.Living => "生活救助",
        AidType.Medical => "医疗救助",
        AidType.Education => "助学救助",
        AidType.WinterWarmth => "送温暖慰问",
        _ => "其他",
    };

    private static string Fund(string specialFund) => specialFund.Length == 0 ? string.Empty : $"（{specialFund}）";

    private static string Yuan(long fen) => Union.Shared.Formatting.YuanText.FromFen(fen);
}
