using System.Globalization;
using Union.Shared.Errors;

namespace Union.Archives.Domain;

/// <summary>What an exit from ACTIVE led to: a six-month phase-out (deep hardship) or a plain exit.</summary>
public enum ExitOutcome { PhaseOutStarted = 1, Exited = 2 }

/// <summary>
/// The closed-loop flow of a file (004_f7c3dcaac4584c61.txt, Annex 2): one method per transition,
/// each guarded by the file's status and refused with a stable code (FAILED_PRECONDITION) from any
/// other; each records who, when, why and on what evidence, and marks the file changed.
/// The rules decided here where the sources are silent:
/// <list type="bullet">
/// <item>A review that does not pass sends the file back to APPLIED with its reason (recorded as a transition).</item>
/// <item>A comparison may be asked again while the first is unanswered; only the answer to the latest request counts.</item>
/// <item>The category may be decided again before approval, and adjusted while the file is ACTIVE (应调则调, 004 §三(四)).</item>
/// <item>A public notice may be recorded after it was posted (paper notice boards), but it cannot start before the collective decision.</item>
/// <item>A file with an upheld objection stays IN_NOTICE until it is cancelled (EXCLUDED): the objection found it ineligible.</item>
/// <item>A phase-out exit is refused while the household is still helpable, i.e. up to and including its last day.</item>
/// <item>Maker and checker are two people: the county review is refused to whoever created, submitted or did the
///   initial review of the file in this round, and the approval to whoever made, reviewed or categorised it (SAME_PERSON).</item>
/// <item>A relapse re-opens the file as APPLIED: it goes through review, approval and notice again (对返困的按照规定重新建档,
///   004 §三(四)); the dates of the previous round are cleared on the file and kept in its transitions.</item>
/// </list>
/// </summary>
public sealed partial class Household
{
    /// <summary>DRAFT → APPLIED: the application is submitted, by the worker or for him.</summary>
    public void SubmitApplication(string actor, DateTime now, string? reason, string? evidence)
    {
        Require(Status is ArchiveStatus.Draft, ArchiveStatus.Applied);
        AppliedAt = now;
        MoveTo(ArchiveStatus.Applied, TransitionActions.Submit, actor, now, reason, evidence);
    }

    /// <summary>APPLIED → VISITED: the grassroots union visited and reviewed; not passed keeps it APPLIED with the reason.</summary>
    public void RecordInitialReview(bool passed, string actor, DateTime now, string? reason, string? evidence)
    {
        Require(Status is ArchiveStatus.Applied, ArchiveStatus.Visited);
        if (passed) MoveTo(ArchiveStatus.Visited, TransitionActions.InitialReview, actor, now, reason, evidence);
        else MoveTo(ArchiveStatus.Applied, TransitionActions.InitialReviewReturned, actor, now, reason, evidence);
    }

    /// <summary>VISITED → REVIEWED: the county review; not passed returns the file to APPLIED with the reason.</summary>
    public void RecordCountyReview(bool passed, string actor, DateTime now, string? reason, string? evidence)
    {
        Require(Status is ArchiveStatus.Visited, ArchiveStatus.Reviewed);
        RequireAnotherPerson(actor, CountyReviewMakers);
        if (passed) MoveTo(ArchiveStatus.Reviewed, TransitionActions.CountyReview, actor, now, reason, evidence);
        else MoveTo(ArchiveStatus.Applied, TransitionActions.CountyReviewReturned, actor, now, reason, evidence);
    }

    /// <summary>REVIEWED (or still waiting) → COMPARISON_REQUESTED: asks the agencies; the check is answered later.</summary>
    public ComparisonCheck RequestComparison(string actor, DateTime now, string? reason)
    {
        Require(Status is ArchiveStatus.Reviewed or ArchiveStatus.ComparisonRequested, ArchiveStatus.ComparisonRequested);
        var check = ComparisonCheck.Request(Id, actor, now);
        Comparisons.Add(check);
        MoveTo(ArchiveStatus.ComparisonRequested, TransitionActions.RequestComparison, actor, now, reason, $"comparison:{check.Id}");
        return check;
    }

    /// <summary>
    /// COMPARISON_REQUESTED → COMPARISON_RETURNED with the agencies' figures. An answer for a file no
    /// longer waiting, or to a request that was superseded, changes nothing and returns false.
    /// </summary>
    public bool RecordComparisonResult(Guid comparisonId, long verifiedIncomePerPersonFen, bool receivesAllowance,
        long medicalOutOfPocketFen, string? note, string actor, DateTime now)
    {
        if (Status != ArchiveStatus.ComparisonRequested) return false;
        var latest = Comparisons.OrderByDescending(c => c.RequestedAt).ThenByDescending(c => c.Id).FirstOrDefault();
        if (latest is null || latest.Id != comparisonId || latest.ReturnedAt is not null) return false;
        latest.Return(verifiedIncomePerPersonFen, receivesAllowance, medicalOutOfPocketFen, note, now);
        MoveTo(ArchiveStatus.ComparisonReturned, TransitionActions.ComparisonReturned, actor, now, note, $"comparison:{comparisonId}");
        return true;
    }

    /// <summary>
    /// COMPARISON_RETURNED → CATEGORY_SET: the caseworker decides the category and says why (the
    /// eligibility assessment only advises, 003_eca3cf9f3ec4784d.txt). Returns the previous category.
    /// </summary>
    public HardshipCategory DecideCategory(HardshipCategory category, string reason, string actor, DateTime now)
    {
        Require(Status is ArchiveStatus.ComparisonReturned or ArchiveStatus.CategorySet or ArchiveStatus.Active, ArchiveStatus.CategorySet);
        if (category == HardshipCategory.Unspecified) throw new DomainRuleException("CATEGORY_REQUIRED", "请选择困难类别");
        var previous = Category;
        Category = category;
        CategoryReason = reason.Trim();
        var action = Status == ArchiveStatus.Active ? TransitionActions.CategoryChange : TransitionActions.DecideCategory;
        MoveTo(Status == ArchiveStatus.Active ? ArchiveStatus.Active : ArchiveStatus.CategorySet, action, actor, now, reason,
            $"category:{previous}->{category}");
        return previous;
    }

    /// <summary>
    /// CATEGORY_SET → APPROVED: the collective decision (集体审批), only with every proof the application
    /// type requires (004 Annex 1) and at least one recorded home visit.
    /// </summary>
    public void Approve(DateOnly decidedOn, string meetingReference, string actor, DateTime now, string? reason)
    {
        Require(Status is ArchiveStatus.CategorySet, ArchiveStatus.Approved);
        if (Category == HardshipCategory.Unspecified) throw new DomainRuleException("CATEGORY_REQUIRED", "审批前须先认定困难类别");
        RequireAnotherPerson(actor, ApprovalMakers);
        var missing = DocumentRequirements.Missing(RequiredDocuments, Documents);
        if (missing.Count > 0)
        {
            throw new DomainRuleException("REQUIRED_DOCUMENT_MISSING", "申报材料不齐全，不能审批",
                new Dictionary<string, string> { ["missing"] = string.Join(",", missing.Select(ScreamingSnake)) });
        }
        if (Visits.Count == 0) throw new DomainRuleException("VISIT_MISSING", "尚无入户走访记录，不能审批");
        ApprovedOn = decidedOn;
        MeetingReference = meetingReference.Trim();
        MoveTo(ArchiveStatus.Approved, TransitionActions.Approve, actor, now, reason, $"meeting:{MeetingReference};decided_on:{Iso(decidedOn)}");
    }

    /// <summary>APPROVED → IN_NOTICE: the public notice (公示) from its first to its last day.</summary>
    public void StartPublicNotice(DateOnly startsOn, DateOnly endsOn, string? place, string actor, DateTime now)
    {
        Require(Status is ArchiveStatus.Approved, ArchiveStatus.InNotice);
        if (endsOn <= startsOn) throw new DomainRuleException("NOTICE_PERIOD_INVALID", "公示结束日期应晚于开始日期");
        if (ApprovedOn is { } approved && startsOn < approved)
        {
            throw new DomainRuleException("NOTICE_BEFORE_APPROVAL", "公示不能早于集体审批日期",
                new Dictionary<string, string> { ["approved_on"] = Iso(approved) });
        }
        NoticeStartsOn = startsOn;
        NoticeEndsOn = endsOn;
        NoticePlace = string.IsNullOrWhiteSpace(place) ? null : place.Trim();
        MoveTo(ArchiveStatus.InNotice, TransitionActions.StartNotice, actor, now, null, $"notice:{Iso(startsOn)}..{Iso(endsOn)};place:{NoticePlace}");
    }

    /// <summary>Records an objection raised during the notice; the file stays IN_NOTICE.</summary>
    public NoticeObjection RecordObjection(string content, string actor, DateTime now)
    {
        Require(Status is ArchiveStatus.InNotice, ArchiveStatus.InNotice);
        var objection = NoticeObjection.Raise(Id, content, actor, now);
        Objections.Add(objection);
        MoveTo(ArchiveStatus.InNotice, TransitionActions.Objection, actor, now, null, $"objection:{objection.Id}");
        return objection;
    }

    /// <summary>Resolves an objection of this notice: upheld (the objection is right) or dismissed.</summary>
    public NoticeObjection ResolveObjection(Guid objectionId, bool upheld, string resolution, string actor, DateTime now)
    {
        Require(Status is ArchiveStatus.InNotice, ArchiveStatus.InNotice);
        var objection = CurrentObjections.FirstOrDefault(o => o.Id == objectionId)
            ?? throw new DomainRuleException("OBJECTION_NOT_FOUND", "未找到本次公示中的该条异议");
        if (objection.Resolved) throw new DomainRuleException("OBJECTION_ALREADY_RESOLVED", "该异议已处理");
        objection.Resolve(upheld, resolution);
        MoveTo(ArchiveStatus.InNotice, upheld ? TransitionActions.ObjectionUpheld : TransitionActions.ObjectionDismissed, actor, now, resolution, $"objection:{objection.Id}");
        return objection;
    }

    /// <summary>IN_NOTICE → ACTIVE (建档): only after the notice's last day, with no objection upheld or open.</summary>
    public void Archive(DateOnly today, string actor, DateTime now, string? reason, string? evidence)
    {
        Require(Status is ArchiveStatus.InNotice, ArchiveStatus.Active);
        if (NoticeEndsOn is not { } ends || today <= ends)
        {
            throw new DomainRuleException("NOTICE_NOT_ENDED", "公示期尚未结束，不能建档",
                new Dictionary<string, string> { ["notice_ends_on"] = NoticeEndsOn is { } e ? Iso(e) : string.Empty });
        }
        if (CurrentObjections.Any(o => o.Resolved && o.Upheld))
            throw new DomainRuleException("OBJECTION_UPHELD", "公示期间有异议成立，不能建档");
        if (CurrentObjections.Any(o => !o.Resolved))
            throw new DomainRuleException("OBJECTION_UNRESOLVED", "公示期间的异议尚未处理，不能建档");
        ArchivedOn = today;
        ArchivedAt = now;
        MoveTo(ArchiveStatus.Active, TransitionActions.Archive, actor, now, reason, evidence);
    }

    /// <summary>
    /// ACTIVE → PHASE_OUT for deep hardship (六个月渐退期，渐退期内正常帮扶, 004 §三(四)), the last day of help
    /// being <see cref="PhaseOutEnd"/>; ACTIVE → EXITED for the other categories;
    /// PHASE_OUT → EXITED once the phase-out is over (not while the household is still helpable).
    /// </summary>
    public ExitOutcome Exit(DateOnly today, string actor, DateTime now, string reason, string? evidence)
    {
        Require(Status is ArchiveStatus.Active or ArchiveStatus.PhaseOut, ArchiveStatus.Exited);
        if (Status == ArchiveStatus.Active && Category == HardshipCategory.Deep)
        {
            PhaseOutEndsOn = PhaseOutEnd(today);
            MoveTo(ArchiveStatus.PhaseOut, TransitionActions.PhaseOut, actor, now, reason, AppendEvidence(evidence, $"phase_out_ends_on:{Iso(PhaseOutEndsOn.Value)}"));
            return ExitOutcome.PhaseOutStarted;
        }
        if (Status == ArchiveStatus.PhaseOut && PhaseOutEndsOn is { } end && today <= end)
        {
            throw new DomainRuleException("PHASE_OUT_NOT_ENDED", "渐退期尚未结束，渐退期内正常帮扶",
                new Dictionary<string, string> { ["phase_out_ends_on"] = Iso(end) });
        }
        ExitedOn = today;
        MoveTo(ArchiveStatus.Exited, TransitionActions.Exit, actor, now, reason, evidence);
        return ExitOutcome.Exited;
    }

    /// <summary>
    /// The last day of normal help in a phase-out decided on <paramref name="start"/>, by the Civil Code's rule
    /// for periods in months (民法典 第二百零一条: 开始的当日不计入，自下一日开始计算; 第二百零二条: 到期月的对应日为
    /// 期间的最后一日，没有对应日的，月末日为期间的最后一日): the corresponding day six months on, or that
    /// month's last day when it has none (31 March → 30 September, 31 August → 28 or 29 February).
    /// The household is helped on that day in full (第二百零三条: 截止时间为二十四时), see <see cref="IsHelpable(DateOnly)"/>.
    /// </summary>
    public static DateOnly PhaseOutEnd(DateOnly start) => start.AddMonths(6);

    /// <summary>
    /// ACTIVE/PHASE_OUT → DE_ARCHIVED (退档): only on a recorded visit of this file by two or more union
    /// staff after which the household was told (002_98225e89925c6ce6.txt: 由两名以上工会工作人员入户…履行相应的告知程序).
    /// </summary>
    public void DeArchive(Guid visitId, DateOnly notifiedOn, string? notification, string actor, DateTime now, string reason)
    {
        Require(Status is ArchiveStatus.Active or ArchiveStatus.PhaseOut, ArchiveStatus.DeArchived);
        var visit = Visits.FirstOrDefault(v => v.Id == visitId);
        if (visit is null || visit.Visitors.Count < 2 || !visit.HouseholdNotified)
        {
            throw new DomainRuleException("DE_ARCHIVE_VISIT_REQUIRED", "退档须经两名以上工会工作人员入户走访并告知本人",
                new Dictionary<string, string> { ["visit_id"] = visitId.ToString() });
        }
        var told = string.IsNullOrWhiteSpace(notification) ? string.Empty : $";{notification.Trim()}";
        MoveTo(ArchiveStatus.DeArchived, TransitionActions.DeArchive, actor, now, reason, $"visit:{visit.Id};notified_on:{Iso(notifiedOn)}{told}");
    }

    /// <summary>Any open state → CANCELLED (注销: retired, died, employment ended, excluded).</summary>
    public void Cancel(CancelReason cancelReason, string actor, DateTime now, string reason, string? evidence)
    {
        Require(IsOpen, ArchiveStatus.Cancelled);
        if (cancelReason == CancelReason.None) throw new DomainRuleException("CANCEL_REASON_REQUIRED", "请选择注销原因");
        CancelReason = cancelReason;
        MoveTo(ArchiveStatus.Cancelled, TransitionActions.Cancel, actor, now, reason, AppendEvidence(evidence, $"cancel_reason:{ScreamingSnake(cancelReason)}"));
    }

    /// <summary>
    /// EXITED/DE_ARCHIVED/PHASE_OUT → APPLIED (返困): the file re-opens with its history; the caller
    /// re-claims the people's identities for the file before saving.
    /// </summary>
    public void Relapse(string actor, DateTime now, string reason, string? evidence)
    {
        Require(Status is ArchiveStatus.Exited or ArchiveStatus.DeArchived or ArchiveStatus.PhaseOut, ArchiveStatus.Applied);
        // A new round: its dates are set again as it goes through the flow; the old ones stay in the transitions.
        ApprovedOn = null;
        MeetingReference = null;
        NoticeStartsOn = null;
        NoticeEndsOn = null;
        NoticePlace = null;
        ArchivedOn = null;
        ArchivedAt = null;
        PhaseOutEndsOn = null;
        ExitedOn = null;
        AppliedAt = now;
        MoveTo(ArchiveStatus.Applied, TransitionActions.Relapse, actor, now, reason, evidence);
    }

    /// <summary>The steps whose author may not do the county review: the file's making and its initial review.</summary>
    private static readonly string[] CountyReviewMakers =
        [TransitionActions.Create, TransitionActions.Submit, TransitionActions.Relapse, TransitionActions.InitialReview];

    /// <summary>The steps whose author may not record the collective approval: making, reviewing and proposing the category.</summary>
    private static readonly string[] ApprovalMakers =
    [
        .. CountyReviewMakers, TransitionActions.InitialReviewReturned, TransitionActions.CountyReview,
        TransitionActions.CountyReviewReturned, TransitionActions.DecideCategory,
    ];

    /// <summary>
    /// Maker and checker are two people: the check (county review, collective approval) is refused to
    /// whoever did one of <paramref name="makerSteps"/> in the file's current round, even when one person
    /// holds both roles. The round starts at the file's creation, or at its latest relapse (a new round of
    /// review and approval, 004 §三(二) 对返困的按照规定重新建档).
    /// </summary>
    private void RequireAnotherPerson(string actor, IReadOnlyCollection<string> makerSteps)
    {
        var roundStart = Transitions.Where(t => t.Action == TransitionActions.Relapse).Select(t => (DateTime?)t.At).Max();
        var own = Transitions
            .Where(t => (roundStart is null || t.At >= roundStart) && makerSteps.Contains(t.Action) && t.Actor == actor)
            .OrderByDescending(t => t.At).ThenByDescending(t => t.Id)
            .FirstOrDefault();
        if (own is null) return;
        throw new DomainRuleException("SAME_PERSON", "审核、审批须由不同人员办理：您已办理本档案的前一环节，不能再办理此环节",
            new Dictionary<string, string> { ["step"] = own.Action }) { Field = "actor" };
    }

    /// <summary>Objections of the current round (raised since the application was last submitted).</summary>
    private IEnumerable<NoticeObjection> CurrentObjections => Objections.Where(o => AppliedAt is null || o.RaisedAt >= AppliedAt);

    private void Require(bool allowed, ArchiveStatus to)
    {
        if (allowed) return;
        throw new DomainRuleException("INVALID_TRANSITION", $"档案当前状态（{StatusLabel(Status)}）不能办理此操作",
            new Dictionary<string, string> { ["from"] = ScreamingSnake(Status), ["to"] = ScreamingSnake(to) });
    }

    private void MoveTo(ArchiveStatus to, string action, string actor, DateTime now, string? reason, string? evidence)
    {
        Transitions.Add(StatusTransition.Record(this, Status, to, action, actor, now, Trim(reason, 500), Trim(evidence, 1000)));
        Status = to;
        Touch(actor, now);
    }

    private static string? Trim(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        return trimmed.Length > max ? trimmed[..max] : trimmed;
    }

    private static string AppendEvidence(string? evidence, string fact) =>
        string.IsNullOrWhiteSpace(evidence) ? fact : $"{evidence.Trim()};{fact}";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An enum value as events and metadata name it: PhaseOut → TransitionActions.PhaseOut, as in the proto without its prefix.</summary>
    public static string ScreamingSnake<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) builder.Append('_');
            builder.Append(char.ToUpperInvariant(name[i]));
        }
        return builder.ToString();
    }

    private static string StatusLabel(ArchiveStatus status) => status switch
    {
        ArchiveStatus.Draft => "草稿",
        ArchiveStatus.Applied => "已申请",
        ArchiveStatus.Visited => "已走访初审",
        ArchiveStatus.Reviewed => "县级已审核",
        ArchiveStatus.ComparisonRequested => "信息比对中",
        ArchiveStatus.ComparisonReturned => "信息比对已返回",
        ArchiveStatus.CategorySet => "已认定类别",
        ArchiveStatus.Approved => "已集体审批",
        ArchiveStatus.InNotice => "公示中",
        ArchiveStatus.Active => "在档",
        ArchiveStatus.PhaseOut => "渐退期",
        ArchiveStatus.Exited => "已脱困",
        ArchiveStatus.DeArchived => "已退档",
        ArchiveStatus.Cancelled => "已注销",
        _ => status.ToString(),
    };
}
