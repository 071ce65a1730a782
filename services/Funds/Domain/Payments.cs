using System.Globalization;
using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

public enum PaymentBatchStatus { Draft = 1, Exported = 2 }

/// <summary>Where one payment stands; numbered like union.funds.v1.PaymentStatus.</summary>
public enum PaymentStatus
{
    /// <summary>In a batch not yet exported: nothing posted.</summary>
    Pending = 1,
    /// <summary>Exported for the bank: posted from the source account to payments in transit.</summary>
    InTransit = 2,
    /// <summary>The bank's return file says it reached the household (发放成功).</summary>
    Paid = 3,
    /// <summary>The bank could not pay (e.g. a closed card); the posting was reversed.</summary>
    Failed = 4,
    /// <summary>Paid, then returned by the bank (退汇); the posting was reversed.</summary>
    Returned = 5,
}

/// <summary>
/// A batch of payments handed to the bank in one file (银行代发), the 发放 step after the notice
/// (Hainan 003_eca3cf9f3ec4784d.txt §二(三)三). One payment per instalment; an instalment whose
/// payment failed or was returned may be issued again in a later batch (its next attempt).
/// <para>
/// Ledger (see <see cref="AccountKind.PaymentsInTransit"/>): exporting the batch posts, for each
/// payment, credit the decision's source account −amount and debit the source organisation's
/// payments-in-transit account of the same year and source +amount. A failed or returned payment
/// posts the reversal of that transaction. A paid payment posts nothing more: the in-transit
/// account keeps what was paid out.
/// </para>
/// Bank card numbers are never stored here: the export joins them at export time through
/// <see cref="IBankCardDirectory"/>.
/// </summary>
public sealed class PaymentBatch : IOrganisationOwned
{
    public const int MaxPayments = 2000;

    private readonly PaymentList _payments = new();

    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    /// <summary>The due day the batch was made up to.</summary>
    public DateOnly DueOnOrBefore { get; private set; }
    public PaymentBatchStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime? ExportedAt { get; private set; }
    public string? ExportedBy { get; private set; }

    public IReadOnlyList<Payment> Payments => _payments;

    private PaymentBatch() { }

    /// <summary>
    /// Makes up a batch of instalments the caller has found payable, each with its attempt number
    /// (1, or one more than its failed and returned payments). Refuses an empty batch.
    /// </summary>
    public static PaymentBatch Create(string organisationPath, DateOnly dueOnOrBefore, IReadOnlyList<(AssistanceDecision Decision, DecisionInstalment Instalment, int Attempt)> items, string actor, DateTime now) =>
        Create(organisationPath, dueOnOrBefore, items, actor, now, MaxPayments);

    /// <summary>
    /// The same with another limit, for bulk runs outside the API (bench/PaymentBatchBenchmarks
    /// makes one batch of 100,000). The API keeps <see cref="MaxPayments"/>: a batch is one file a
    /// finance officer checks and hands to the bank, one gRPC answer lists every payment, and the
    /// return file is capped at <see cref="BankReturnFile.MaxLines"/> lines.
    /// </summary>
    public static PaymentBatch Create(string organisationPath, DateOnly dueOnOrBefore, IReadOnlyList<(AssistanceDecision Decision, DecisionInstalment Instalment, int Attempt)> items, string actor, DateTime now, int maxPayments)
    {
        if (items.Count == 0)
            throw new DomainRuleException("NOTHING_TO_PAY", "没有可发放的分期");
        if (items.Count > maxPayments)
            throw new DomainRuleException("BATCH_TOO_LARGE", $"一批最多发放{maxPayments}笔");
        if (items.GroupBy(i => (i.Instalment.DecisionId, i.Instalment.Number)).Any(g => g.Count() > 1))
            throw new DomainRuleException("INSTALMENT_REPEATED", "同一分期在一批中只能出现一次");
        var batch = new PaymentBatch
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = organisationPath,
            DueOnOrBefore = dueOnOrBefore,
            Status = PaymentBatchStatus.Draft,
            CreatedAt = now,
            CreatedBy = actor,
        };
        var serial = 0;
        foreach (var (decision, instalment, attempt) in items.OrderBy(i => i.Instalment.DueOn).ThenBy(i => i.Decision.Id).ThenBy(i => i.Instalment.Number))
            batch._payments.Add(Payment.For(batch.Id, ++serial, decision, instalment, attempt));
        return batch;
    }

    /// <summary>Marks the batch exported; the caller has posted each payment (<see cref="Payment.Posted"/>).</summary>
    public void MarkExported(string actor, DateTime now)
    {
        if (Status == PaymentBatchStatus.Exported) return;
        Status = PaymentBatchStatus.Exported;
        ExportedAt = now;
        ExportedBy = actor;
    }
}

/// <summary>
/// A batch's payments in serial order, with a set beside the list. EF Core checks that a payment
/// is not in its batch's collection before it adds it there, for every payment it starts
/// tracking; on a plain list that check is a scan, so tracking a new batch of n payments cost
/// n²/2 comparisons (9 of the 32 seconds of a 100,000-payment batch, bench/README.md). The set
/// answers it at once; the list keeps the order the bank file and the API show.
/// </summary>
internal sealed class PaymentList : ICollection<Payment>, IReadOnlyList<Payment>
{
    private readonly List<Payment> _items = [];
    private readonly HashSet<Payment> _held = new(ReferenceEqualityComparer.Instance);

    public int Count => _items.Count;
    public bool IsReadOnly => false;
    public Payment this[int index] => _items[index];

    /// <summary>Adds the payment unless the batch holds it already, as EF does for any collection.</summary>
    public void Add(Payment item)
    {
        if (_held.Add(item)) _items.Add(item);
    }

    public bool Contains(Payment item) => _held.Contains(item);

    public bool Remove(Payment item) => _held.Remove(item) && _items.Remove(item);

    public void Clear()
    {
        _held.Clear();
        _items.Clear();
    }

    public void CopyTo(Payment[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);
    public IEnumerator<Payment> GetEnumerator() => _items.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One payment of one instalment to one household (or non-archived recipient).</summary>
public sealed class Payment : IOrganisationOwned
{
    public const int MaxReasonLength = 200;

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    /// <summary>The payment's line in the bank file, from 1; the return file names payments by it.</summary>
    public int Serial { get; private set; }
    public Guid DecisionId { get; private set; }
    public int InstalmentNumber { get; private set; }
    /// <summary>1 for the first payment of the instalment, one more for each re-issue after a failure or return.</summary>
    public int Attempt { get; private set; }
    /// <summary>The decision's organisation.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    public Guid? HouseholdId { get; private set; }
    public string? RecipientReference { get; private set; }
    public AidType AidType { get; private set; }
    public FundSource Source { get; private set; }
    public Guid SourceAccountId { get; private set; }
    public long AmountFen { get; private set; }
    public DateOnly DueOn { get; private set; }
    public PaymentStatus Status { get; private set; }
    public Guid? PostingTransactionId { get; private set; }
    public Guid? ReversalTransactionId { get; private set; }
    public string? SettlementReason { get; private set; }
    public DateTime? SettledAt { get; private set; }

    private Payment() { }

    internal static Payment For(Guid batchId, int serial, AssistanceDecision decision, DecisionInstalment instalment, int attempt) => new()
    {
        Id = Guid.CreateVersion7(),
        BatchId = batchId,
        Serial = serial,
        DecisionId = decision.Id,
        InstalmentNumber = instalment.Number,
        Attempt = attempt,
        OrganisationPath = decision.OrganisationPath,
        HouseholdId = decision.HouseholdId,
        RecipientReference = decision.RecipientReference,
        AidType = decision.AidType,
        Source = decision.Source,
        SourceAccountId = decision.SourceAccountId,
        AmountFen = instalment.AmountFen,
        DueOn = instalment.DueOn,
        Status = PaymentStatus.Pending,
    };

    /// <summary>Whether the payment holds its instalment: every payment but a failed or returned one.</summary>
    public bool HoldsInstalment => Status is not (PaymentStatus.Failed or PaymentStatus.Returned);

    public bool Settled => Status is PaymentStatus.Paid or PaymentStatus.Failed or PaymentStatus.Returned;

    /// <summary>The reference the bank file carries for the recipient: the household id, or the case reference.</summary>
    public string RecipientKey => HouseholdId?.ToString() ?? RecipientReference ?? string.Empty;

    /// <summary>Records the posting made when the batch was exported.</summary>
    public void Posted(Guid transactionId)
    {
        if (Status != PaymentStatus.Pending) return;
        PostingTransactionId = transactionId;
        Status = PaymentStatus.InTransit;
    }

    /// <summary>
    /// Settles the payment from the bank's return; a payment is settled once, so a repeated line
    /// changes nothing (returns false). Failed and returned payments need a reversal, which the
    /// caller posts and records in <paramref name="reversalId"/>.
    /// </summary>
    public bool Settle(PaymentStatus outcome, string? reason, Guid? reversalId, DateTime now)
    {
        if (outcome is not (PaymentStatus.Paid or PaymentStatus.Failed or PaymentStatus.Returned))
            throw new ArgumentOutOfRangeException(nameof(outcome));
        if (Settled) return false;
        if (Status != PaymentStatus.InTransit)
            throw new DomainRuleException("PAYMENT_NOT_EXPORTED", "该批次尚未导出给银行，不能登记回盘",
                new Dictionary<string, string> { ["serial"] = Serial.ToString(CultureInfo.InvariantCulture) });
        if (outcome != PaymentStatus.Paid && reversalId is null)
            throw new InvalidOperationException("A failed or returned payment is settled with its reversal.");
        Status = outcome;
        SettlementReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        ReversalTransactionId = outcome == PaymentStatus.Paid ? null : reversalId;
        SettledAt = now;
        return true;
    }

    /// <summary>Whether a settlement outcome needs the posting reversed.</summary>
    public static bool NeedsReversal(PaymentStatus outcome) => outcome is PaymentStatus.Failed or PaymentStatus.Returned;
}

/// <summary>One line of the bank's return file (回盘文件): serial, status, reason.</summary>
public sealed record BankReturnLine(int LineNumber, int Serial, PaymentStatus Outcome, string Reason);

/// <summary>Reads the bank's return file: CSV of serial, status (paid/failed/returned), reason; an optional header line.</summary>
public static class BankReturnFile
{
    public const int MaxLines = 10_000;

    /// <summary>The lines, or the problems found (line number and what is wrong); nothing is read when any line is wrong.</summary>
    public static (IReadOnlyList<BankReturnLine> Lines, IReadOnlyList<string> Problems) Parse(string text)
    {
        var lines = new List<BankReturnLine>();
        var problems = new List<string>();
        var raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < raw.Length; i++)
        {
            var line = raw[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0) continue;
            var cells = line.Split(',').Select(c => c.Trim().Trim('"').Trim()).ToArray();
            if (i == 0 && cells[0].Equals("serial", StringComparison.OrdinalIgnoreCase)) continue;
            var number = i + 1;
            if (cells.Length < 2)
            {
                problems.Add($"第{number}行应为：序号,状态,原因");
                continue;
            }
            if (!int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var serial) || serial < 1)
            {
                problems.Add($"第{number}行序号无效");
                continue;
            }
            PaymentStatus? outcome = cells[1].ToLowerInvariant() switch
            {
                "paid" => PaymentStatus.Paid,
                "failed" => PaymentStatus.Failed,
                "returned" => PaymentStatus.Returned,
                _ => null,
            };
            if (outcome is null)
            {
                problems.Add($"第{number}行状态应为 paid、failed 或 returned");
                continue;
            }
            var reason = cells.Length > 2 ? string.Join(",", cells.Skip(2)).Trim() : string.Empty;
            if (reason.Length > Payment.MaxReasonLength)
            {
                problems.Add($"第{number}行原因不能超过{Payment.MaxReasonLength}个字符");
                continue;
            }
            lines.Add(new BankReturnLine(number, serial, outcome.Value, reason));
        }
        if (lines.Count == 0 && problems.Count == 0) problems.Add("回盘文件没有内容");
        if (lines.Count > MaxLines) problems.Add($"回盘文件最多{MaxLines}行");
        return problems.Count > 0 ? ([], problems) : (lines, []);
    }
}

/// <summary>The holder's name and bank card of a household, as the archives have them now.</summary>
public sealed record BankCardHolder(string Name, string Card);

/// <summary>
/// Where names and bank card numbers come from at export time. Funds never stores them: the
/// archives hold them with the household file (the 工会会员服务卡, 003_eca3cf9f3ec4784d.txt §二(三)四).
/// Answers the households that have a card on file; one without is simply absent.
/// Throws <see cref="PaymentDetailsUnavailableException"/> when the archives cannot answer.
/// </summary>
public interface IBankCardDirectory
{
    Task<IReadOnlyDictionary<Guid, BankCardHolder>> CardsAsync(IReadOnlyCollection<Guid> householdIds, string purpose, CancellationToken cancellationToken);
}

/// <summary>Where the phone for the notice after payment comes from, at send time; absent when none is on file.</summary>
public interface IRecipientPhoneDirectory
{
    Task<IReadOnlyDictionary<Guid, string>> PhonesAsync(IReadOnlyCollection<Guid> householdIds, string purpose, CancellationToken cancellationToken);
}

/// <summary>The archives could not answer (down, too slow, breaker open).</summary>
public sealed class PaymentDetailsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Which lines of a batch cannot go into the bank's file, for want of a card on file.</summary>
public static class BankFileRules
{
    /// <summary>
    /// The payments without a card: households the archives know no card for, and recipients who
    /// are not archived at all (no card on file anywhere; such aid is paid outside the bank batch).
    /// </summary>
    public static IReadOnlyList<Payment> WithoutCard(IEnumerable<Payment> payments, IReadOnlyDictionary<Guid, BankCardHolder> cards) =>
        payments.Where(p => p.HouseholdId is not { } h || !cards.ContainsKey(h)).OrderBy(p => p.Serial).ToList();
}
