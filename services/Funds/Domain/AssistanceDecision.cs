using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

/// <summary>How a decision's amount is paid out; numbered like union.funds.v1.InstalmentFrequency.</summary>
public enum InstalmentFrequency
{
    Once = 1,
    /// <summary>按月发放.</summary>
    Monthly = 2,
    /// <summary>按季度发放 (Yu'an 002_98225e89925c6ce6.txt: 生活救助原则上按季度发放).</summary>
    Quarterly = 3,
}

public enum DecisionStatus { Decided = 1, Cancelled = 2 }

/// <summary>
/// What a collective meeting decided to pay to one household, or to one worker helped without an
/// archive (Yu'an 2021 helped 22 non-archived students, 002_98225e89925c6ce6.txt 指标3). Hainan's
/// procedure (003_eca3cf9f3ec4784d.txt §二(三)三): 申请、审核、公示、建档、审批、再公示和发放 — this is the
/// 审批 step; <see cref="PublicNotice"/> is the 再公示 that must end before anything is paid.
/// <para>
/// Personal data: funds keeps none. A household is named by its id (the archives hold the names);
/// a non-archived recipient by a reference to the paper case file and the reason, never by a name,
/// ID number or bank card. The real-name list posted on notice is printed by joining these ids
/// with the archives at print time, as card numbers are joined at export time.
/// </para>
/// <para>
/// Caps count by instalment: every instalment counts in the calendar year it falls due, so a
/// quarterly living-aid decision of October running into the next year uses part of each year's
/// cap. A one-off decision is one instalment due on the decision date (or the chosen first day).
/// </para>
/// </summary>
public sealed class AssistanceDecision : IOrganisationOwned
{
    public const int MaxReferenceLength = 200;
    public const int MaxReasonLength = 500;
    /// <summary>A sanity bound on one decision: 1,000,000 yuan.</summary>
    public const long MaxAmountFen = 100_000_000;
    public const int MaxMonthlyInstalments = 12;
    public const int MaxQuarterlyInstalments = 4;

    private readonly List<DecisionInstalment> _instalments = [];

    public Guid Id { get; private set; }
    /// <summary>The household's organisation (from its standing), or the organisation handling a non-archived case.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    public Guid? HouseholdId { get; private set; }
    /// <summary>The case-file reference of a non-archived recipient; null for a household.</summary>
    public string? RecipientReference { get; private set; }
    public string? NonArchivedReason { get; private set; }
    /// <summary>Which student of the household an education decision is for ("" when not said).</summary>
    public string StudentReference { get; private set; } = string.Empty;
    public AidType AidType { get; private set; }
    public long AmountFen { get; private set; }
    public Guid SourceAccountId { get; private set; }
    public FundSource Source { get; private set; }
    public string MeetingReference { get; private set; } = string.Empty;
    public DateOnly DecidedOn { get; private set; }
    /// <summary>The day the application was complete (资料齐全): "help within 30 working days" counts from it (002 指标13).</summary>
    public DateOnly ApplicationCompletedOn { get; private set; }
    public bool HigherEducation { get; private set; }
    public long? CompliantCostsFen { get; private set; }
    public long? BasicInsuranceFen { get; private set; }
    public long? SeriousIllnessInsuranceFen { get; private set; }
    public long? SupplementaryInsuranceFen { get; private set; }
    public long? WorkerMutualAidFen { get; private set; }
    public InstalmentFrequency Frequency { get; private set; }
    public DecisionStatus Status { get; private set; }
    public string? CancelReason { get; private set; }
    public Guid? NoticeId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    public IReadOnlyList<DecisionInstalment> Instalments => _instalments;

    public bool NonArchived => HouseholdId is null;

    public MedicalBurden? Medical => CompliantCostsFen is { } costs
        ? new MedicalBurden(costs, BasicInsuranceFen ?? 0, SeriousIllnessInsuranceFen ?? 0, SupplementaryInsuranceFen ?? 0, WorkerMutualAidFen ?? 0)
        : null;

    private AssistanceDecision() { }

    /// <summary>Who the aid is for, and the case facts the meeting decided on.</summary>
    public sealed record Recipient(Guid? HouseholdId, string? Reference, string? NonArchivedReason, string StudentReference);

    /// <summary>What was decided: kind, amount, source, meeting and schedule.</summary>
    public sealed record Terms(
        AidType AidType,
        long AmountFen,
        FundAccount SourceAccount,
        string MeetingReference,
        DateOnly DecidedOn,
        DateOnly ApplicationCompletedOn,
        bool HigherEducation,
        MedicalBurden? Medical,
        IReadOnlyList<(DateOnly DueOn, long AmountFen)> Schedule,
        InstalmentFrequency Frequency);

    /// <summary>
    /// Files the decision. The handler has checked the household's standing and the cap; here the
    /// rules that need no database: non-archived recipients only for education, medical aid only
    /// with its burden, a schedule that adds up to the amount.
    /// </summary>
    public static AssistanceDecision Decide(string organisationPath, Recipient recipient, Terms terms, string actor, DateTime now)
    {
        if (recipient.HouseholdId is null && !AllowsNonArchived(terms.AidType))
            throw new DomainRuleException("NON_ARCHIVED_NOT_ALLOWED", "只有助学救助可以救助未建档职工");
        if (terms.AidType == AidType.Medical && terms.Medical is null)
            throw new DomainRuleException("MEDICAL_BURDEN_REQUIRED", "医疗救助须填写合规医疗费用及各项保险已支付金额");
        if (terms.AmountFen is <= 0 or > MaxAmountFen)
            throw new DomainRuleException("AMOUNT_OUT_OF_RANGE", "救助金额应大于零且不超过一百万元");
        if (terms.Schedule.Count == 0 || terms.Schedule.Sum(i => i.AmountFen) != terms.AmountFen)
            throw new DomainRuleException("SCHEDULE_MISMATCH", "分期金额合计应等于救助金额");
        if (terms.ApplicationCompletedOn > terms.DecidedOn)
            throw new DomainRuleException("APPLICATION_AFTER_DECISION", "申请资料齐全日期不能晚于决定日期");

        var decision = new AssistanceDecision
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = organisationPath,
            HouseholdId = recipient.HouseholdId,
            RecipientReference = recipient.HouseholdId is null ? recipient.Reference?.Trim() : null,
            NonArchivedReason = recipient.HouseholdId is null ? recipient.NonArchivedReason?.Trim() : null,
            StudentReference = terms.AidType == AidType.Education ? recipient.StudentReference.Trim() : string.Empty,
            AidType = terms.AidType,
            AmountFen = terms.AmountFen,
            SourceAccountId = terms.SourceAccount.Id,
            Source = terms.SourceAccount.Source,
            MeetingReference = terms.MeetingReference.Trim(),
            DecidedOn = terms.DecidedOn,
            ApplicationCompletedOn = terms.ApplicationCompletedOn,
            HigherEducation = terms.AidType == AidType.Education && terms.HigherEducation,
            Frequency = terms.Frequency,
            Status = DecisionStatus.Decided,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
        if (terms.AidType == AidType.Medical && terms.Medical is { } m)
        {
            decision.CompliantCostsFen = m.CompliantCostsFen;
            decision.BasicInsuranceFen = m.BasicInsuranceFen;
            decision.SeriousIllnessInsuranceFen = m.SeriousIllnessInsuranceFen;
            decision.SupplementaryInsuranceFen = m.SupplementaryInsuranceFen;
            decision.WorkerMutualAidFen = m.WorkerMutualAidFen;
        }
        for (var i = 0; i < terms.Schedule.Count; i++)
            decision._instalments.Add(new DecisionInstalment(decision.Id, i + 1, terms.Schedule[i].DueOn, terms.Schedule[i].AmountFen));
        return decision;
    }

    /// <summary>Only education aid may go to a worker without an archive (Yu'an's 22 non-archived students).</summary>
    public static bool AllowsNonArchived(AidType aidType) => aidType == AidType.Education;

    /// <summary>
    /// The instalments of a decision: <paramref name="count"/> payments a month or a quarter apart
    /// from <paramref name="firstDueOn"/>. The amount is split evenly in fen; the fen left over go
    /// one each to the first instalments, so the total is exact and no instalment differs from
    /// another by more than one fen (1,000.00 yuan in 3 → 333.34, 333.33, 333.33).
    /// </summary>
    public static IReadOnlyList<(DateOnly DueOn, long AmountFen)> Schedule(long amountFen, InstalmentFrequency frequency, int count, DateOnly firstDueOn)
    {
        if (frequency == InstalmentFrequency.Once) count = 1;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
        var months = frequency == InstalmentFrequency.Quarterly ? 3 : 1;
        var share = amountFen / count;
        var left = amountFen % count;
        return Enumerable.Range(0, count)
            .Select(i => (firstDueOn.AddMonths(i * months), share + (i < left ? 1L : 0L)))
            .ToList();
    }

    /// <summary>Cancels before payment; a cancelled decision no longer counts toward the caps and is never paid.</summary>
    public void Cancel(string reason, string actor, DateTime now)
    {
        if (Status == DecisionStatus.Cancelled)
            throw new DomainRuleException("DECISION_CANCELLED", "该救助决定已撤销");
        Status = DecisionStatus.Cancelled;
        CancelReason = reason.Trim();
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    /// <summary>Lists the decision on a public notice; a decision goes on one notice only.</summary>
    public void PutOnNotice(PublicNotice notice, string actor, DateTime now)
    {
        if (Status == DecisionStatus.Cancelled)
            throw new DomainRuleException("DECISION_CANCELLED", "已撤销的救助决定不能公示",
                new Dictionary<string, string> { ["decision_id"] = Id.ToString() });
        if (NoticeId is not null)
            throw new DomainRuleException("DECISION_ALREADY_NOTICED", "该救助决定已在公示名单中",
                new Dictionary<string, string> { ["decision_id"] = Id.ToString(), ["notice_id"] = NoticeId.Value.ToString() });
        if (notice.StartsOn < DecidedOn)
            throw new DomainRuleException("NOTICE_BEFORE_DECISION", "公示开始日期不能早于救助决定日期",
                new Dictionary<string, string> { ["decision_id"] = Id.ToString() });
        NoticeId = notice.Id;
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    /// <summary>
    /// Why the decision may not be paid on <paramref name="today"/>, as stable codes; empty when it
    /// may. Payment waits for the end of its notice (today after ends_on) with no upheld and no
    /// undecided objection against it, and for a household still payable today.
    /// </summary>
    public IReadOnlyList<string> NotPayableReasons(PublicNotice? notice, bool householdPayableToday, DateOnly today)
    {
        var reasons = new List<string>();
        if (Status == DecisionStatus.Cancelled) reasons.Add(NotPayable.Cancelled);
        if (notice is null) reasons.Add(NotPayable.NotNoticed);
        else
        {
            if (!notice.HasEnded(today)) reasons.Add(NotPayable.NoticeRunning);
            var objections = notice.Objections.Where(o => o.DecisionId == Id).ToList();
            if (objections.Any(o => o.Status == ObjectionStatus.Upheld)) reasons.Add(NotPayable.ObjectionUpheld);
            if (objections.Any(o => o.Status == ObjectionStatus.Pending)) reasons.Add(NotPayable.ObjectionPending);
        }
        if (!NonArchived && !householdPayableToday) reasons.Add(NotPayable.HouseholdNotPayable);
        return reasons;
    }
}

/// <summary>The stable codes of <see cref="AssistanceDecision.NotPayableReasons"/>.</summary>
public static class NotPayable
{
    public const string Cancelled = "CANCELLED";
    public const string NotNoticed = "NOT_NOTICED";
    public const string NoticeRunning = "NOTICE_RUNNING";
    public const string ObjectionUpheld = "OBJECTION_UPHELD";
    public const string ObjectionPending = "OBJECTION_PENDING";
    public const string HouseholdNotPayable = "HOUSEHOLD_NOT_PAYABLE";
}

/// <summary>One payment of a decision: its number, due day and amount.</summary>
public sealed class DecisionInstalment
{
    public Guid DecisionId { get; private set; }
    public int Number { get; private set; }
    public DateOnly DueOn { get; private set; }
    public long AmountFen { get; private set; }

    private DecisionInstalment() { }

    internal DecisionInstalment(Guid decisionId, int number, DateOnly dueOn, long amountFen)
    {
        DecisionId = decisionId;
        Number = number;
        DueOn = dueOn;
        AmountFen = amountFen;
    }
}

/// <summary>
/// The caps of <see cref="AidCaps"/> applied to a decision's schedule: for each calendar year its
/// instalments fall in, the instalments of that year against the cap, counting the instalments
/// of the same year of every earlier decision that is not cancelled (from every source). The
/// allowance is the one in force on the decision date, for every year the schedule touches.
/// </summary>
public static class DecisionCaps
{
    /// <summary>The first year's check that refuses, else null (also null for aid types without a cap).</summary>
    public static CapCheck? FirstRefusal(
        AidType aidType,
        bool higherEducation,
        long? monthlyAllowanceFen,
        MedicalBurden? burden,
        IEnumerable<(DateOnly DueOn, long AmountFen)> earlier,
        IEnumerable<(DateOnly DueOn, long AmountFen)> schedule)
    {
        var earlierList = earlier.ToList();
        foreach (var year in schedule.GroupBy(i => i.DueOn.Year).OrderBy(g => g.Key))
        {
            var amount = year.Sum(i => i.AmountFen);
            var before = earlierList.Where(e => e.DueOn.Year == year.Key).Select(e => e.AmountFen).ToList();
            var check = aidType switch
            {
                AidType.Living => AidCaps.Living(Required(monthlyAllowanceFen), before, amount),
                AidType.Education when higherEducation => AidCaps.HigherEducation(Required(monthlyAllowanceFen), before, amount),
                AidType.Medical => AidCaps.Medical(burden ?? throw new ArgumentNullException(nameof(burden)), before, amount),
                _ => null,
            };
            if (check is { Allowed: false }) return check;
        }
        return null;
    }

    /// <summary>Whether the cap of this aid type is in months of the allowance (and so needs one in force).</summary>
    public static bool NeedsAllowance(AidType aidType, bool higherEducation) =>
        aidType == AidType.Living || (aidType == AidType.Education && higherEducation);

    private static long Required(long? allowance) =>
        allowance ?? throw new InvalidOperationException("The caller looks up the allowance in force before checking a capped aid type.");
}
