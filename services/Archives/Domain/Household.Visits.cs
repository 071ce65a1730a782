using Union.Shared.Errors;

namespace Union.Archives.Domain;

/// <summary>Dynamic management of a file (动态管理): home visits, monitoring flags, attached proofs.</summary>
public sealed partial class Household
{
    /// <summary>
    /// Records a home visit on an open file. The file's schedule follows its latest visit: the visit's
    /// own next-due date, or else the start of the next yearly campaign (1 March or 1 September,
    /// 004_f7c3dcaac4584c61.txt: 三、四月份走访全覆盖, 九、十月及时更新档案信息). A visit entered late,
    /// older than the latest one on file, is kept in the history but does not move the schedule back.
    /// A household that left hardship (EXITED, DE_ARCHIVED) is still visited to follow it up (定期跟踪回访,
    /// 004 §三(二)): such a file takes follow-up visits only, which change nothing else on it, and its next
    /// follow-up is the date the visit names (the campaigns are for files on record). A cancelled file takes none.
    /// The caller has validated the input (date not in the future, next due after the visit, visitors).
    /// </summary>
    public HomeVisit RecordVisit(DateOnly visitedOn, VisitKind kind, IEnumerable<string> visitors, string findings,
        DateOnly? nextDueOn, bool householdNotified, string actor, DateTime now)
    {
        var followUp = kind == VisitKind.FollowUp && Status is ArchiveStatus.Exited or ArchiveStatus.DeArchived;
        if (!IsOpen && !followUp)
        {
            throw new DomainRuleException("HOUSEHOLD_CLOSED", Status == ArchiveStatus.Cancelled
                ? "档案已注销，不能再登记走访"
                : "档案已脱困或退档，只能登记跟踪回访（VISIT_KIND_FOLLOW_UP）");
        }
        if (nextDueOn is { } asked && asked <= visitedOn)
            throw new DomainRuleException("NEXT_DUE_NOT_AFTER_VISIT", "下次走访日期应晚于本次走访日期");

        var due = IsOpen ? nextDueOn ?? VisitCampaigns.NextDueAfter(visitedOn) : nextDueOn;
        var visit = HomeVisit.Create(Id, visitedOn, kind, visitors, findings, due, householdNotified, actor, now);
        Visits.Add(visit);
        if (LastVisitedOn is not { } last || visitedOn >= last)
        {
            LastVisitedOn = visitedOn;
            NextVisitDueOn = due;
        }
        Touch(actor, now);
        return visit;
    }

    /// <summary>
    /// Sets or clears the monitoring flags (004 §三(二) 防止返困: 脱困不稳定户、边缘易致困户; and paper
    /// records found to differ from the electronic file). Allowed in every status: an exited household
    /// is exactly the one watched as unstable.
    /// </summary>
    public void SetMonitoringFlags(bool unstable, bool marginal, bool recordsMismatch, string actor, DateTime now)
    {
        Unstable = unstable;
        Marginal = marginal;
        RecordsMismatch = recordsMismatch;
        Touch(actor, now);
    }

    /// <summary>The attachment with this SHA-256 (any case), if the file already holds it.</summary>
    public HouseholdDocument? FindDocument(string sha256) =>
        Documents.FirstOrDefault(d => string.Equals(d.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Attaches a proof held in object storage. Allowed in every status: the exit registration form is
    /// filed when the household exits (004 Annex 1 三.6 困难职工脱困时归档). The same bytes twice are refused.
    /// </summary>
    public HouseholdDocument AttachDocument(DocumentKind kind, string objectKey, string sha256, long sizeBytes, string mediaType,
        string? description, string actor, DateTime now)
    {
        if (FindDocument(sha256) is not null)
            throw new DomainRuleException("DOCUMENT_ALREADY_ATTACHED", "该文件已附在本档案中");
        var document = HouseholdDocument.Attach(Id, kind, objectKey, sha256, sizeBytes, mediaType, description, actor, now);
        Documents.Add(document);
        Touch(actor, now);
        return document;
    }
}
