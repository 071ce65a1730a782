using Union.Shared.Calendar;
using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

/// <summary>The notice period, a setting (Funds:PublicNotice:WorkingDays) rather than code.</summary>
public sealed class PublicNoticeOptions
{
    public const string Section = "Funds:PublicNotice";
    public const int MaxWorkingDays = 30;

    /// <summary>How many working days a real-name list stays posted; 5 unless configured.</summary>
    public int WorkingDays { get; set; } = 5;
}

public enum ObjectionStatus { Pending = 1, Upheld = 2, Dismissed = 3 }

/// <summary>
/// The public notice of a real-name assistance list (实名制救助表, Yu'an 002_98225e89925c6ce6.txt:
/// 经党组会议审定……编制困难职工实名制救助表; Hainan 003 §二(三)三: 再公示). The list is the decisions that
/// name this notice (<see cref="AssistanceDecision.NoticeId"/>). It runs from its first day for a
/// number of working days of the official calendar, the first day counting when it is a working
/// day; the decisions are payable from the day after <see cref="EndsOn"/>. Objections raised while
/// it runs are recorded and decided; an upheld one blocks the decision it names and no other.
/// </summary>
public sealed class PublicNotice : IOrganisationOwned
{
    public const int MaxPlaceLength = 200;
    public const int MaxTextLength = 1000;
    public const int MaxDecisions = 500;

    private readonly List<NoticeObjection> _objections = [];

    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public string Place { get; private set; } = string.Empty;
    public DateOnly StartsOn { get; private set; }
    /// <summary>The last day of the notice.</summary>
    public DateOnly EndsOn { get; private set; }
    public int WorkingDays { get; private set; }
    /// <summary>A year the notice spans had no loaded calendar: only weekends were skipped there.</summary>
    public bool EndsOnProvisional { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    public IReadOnlyList<NoticeObjection> Objections => _objections;

    private PublicNotice() { }

    public static PublicNotice Start(string organisationPath, string place, DateOnly startsOn, int workingDays, WorkingDayCalendar calendar, string actor, DateTime now)
    {
        if (workingDays is < 1 or > PublicNoticeOptions.MaxWorkingDays)
            throw new DomainRuleException("NOTICE_PERIOD_OUT_OF_RANGE", $"公示期应为1到{PublicNoticeOptions.MaxWorkingDays}个工作日");
        var end = EndOf(startsOn, workingDays, calendar);
        return new PublicNotice
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = organisationPath,
            Place = place.Trim(),
            StartsOn = startsOn,
            EndsOn = end.Value,
            WorkingDays = workingDays,
            EndsOnProvisional = end.Provisional,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
    }

    /// <summary>
    /// The last day of a notice of <paramref name="workingDays"/> working days from
    /// <paramref name="startsOn"/>: the <paramref name="workingDays"/>-th working day on or after it.
    /// Posted Friday 2024-09-27 for 5 days: 09-27, Sunday 09-29 (swapped working day), 09-30, then
    /// after the National Day holiday 10-08 and 10-09, the last day.
    /// </summary>
    public static CalendarAnswer<DateOnly> EndOf(DateOnly startsOn, int workingDays, WorkingDayCalendar calendar) =>
        calendar.AddWorkingDays(startsOn.AddDays(-1), workingDays);

    public bool HasEnded(DateOnly today) => today > EndsOn;

    public bool IsRunning(DateOnly today) => today >= StartsOn && today <= EndsOn;

    /// <summary>Records an objection to one decision of the list; only while the notice runs.</summary>
    public NoticeObjection RecordObjection(Guid decisionId, string text, DateOnly today, string actor, DateTime now)
    {
        if (!IsRunning(today))
            throw new DomainRuleException("NOTICE_NOT_RUNNING", "只能在公示期内登记异议",
                new Dictionary<string, string> { ["starts_on"] = StartsOn.ToString("yyyy-MM-dd"), ["ends_on"] = EndsOn.ToString("yyyy-MM-dd") });
        var objection = new NoticeObjection(Id, decisionId, text.Trim(), actor, now);
        _objections.Add(objection);
        UpdatedAt = now;
        UpdatedBy = actor;
        return objection;
    }

    /// <summary>Decides a pending objection, during or after the notice; a decided one stays decided.</summary>
    public NoticeObjection DecideObjection(Guid objectionId, bool upheld, string reason, string actor, DateTime now)
    {
        var objection = _objections.FirstOrDefault(o => o.Id == objectionId)
            ?? throw new KeyNotFoundException($"Objection {objectionId} is not on notice {Id}.");
        objection.Decide(upheld, reason, actor, now);
        UpdatedAt = now;
        UpdatedBy = actor;
        return objection;
    }
}

/// <summary>An objection raised against one decision of a notice (群众异议), and how it was decided.</summary>
public sealed class NoticeObjection
{
    public Guid Id { get; private set; }
    public Guid NoticeId { get; private set; }
    public Guid DecisionId { get; private set; }
    public string Text { get; private set; } = string.Empty;
    public ObjectionStatus Status { get; private set; }
    public string? DecisionReason { get; private set; }
    public DateTime RecordedAt { get; private set; }
    public string RecordedBy { get; private set; } = string.Empty;
    public DateTime? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }

    private NoticeObjection() { }

    internal NoticeObjection(Guid noticeId, Guid decisionId, string text, string actor, DateTime now)
    {
        Id = Guid.CreateVersion7();
        NoticeId = noticeId;
        DecisionId = decisionId;
        Text = text;
        Status = ObjectionStatus.Pending;
        RecordedAt = now;
        RecordedBy = actor;
    }

    internal void Decide(bool upheld, string reason, string actor, DateTime now)
    {
        if (Status != ObjectionStatus.Pending)
            throw new DomainRuleException("OBJECTION_ALREADY_DECIDED", "该异议已处理",
                new Dictionary<string, string> { ["objection_id"] = Id.ToString(), ["status"] = Status.ToString().ToUpperInvariant() });
        Status = upheld ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed;
        DecisionReason = reason.Trim();
        DecidedAt = now;
        DecidedBy = actor;
    }
}
