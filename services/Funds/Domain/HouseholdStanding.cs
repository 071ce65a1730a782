using System.Linq.Expressions;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

/// <summary>
/// What funds knows of a household it may pay, kept from the archives' events (funds never reads
/// the archives' database). Payments go only to active archived households (DESIGN §3 funds;
/// Hainan procedure 申请→审核→公示→建档→审批→再公示→发放, 003_eca3cf9f3ec4784d.txt), so a household
/// is payable while its archive status is ACTIVE (ARCHIVED is read the same way), and during a
/// deep-hardship phase-out up to and including its last day of normal help (004_f7c3dcaac4584c61.txt:
/// "渐退期内正常帮扶"). Exited, de-archived, cancelled and re-applying (relapsed) households are not.
/// </summary>
public sealed class HouseholdStanding : IOrganisationOwned
{
    public const string ActiveStatus = "ACTIVE";
    public const string ArchivedStatus = "ARCHIVED";
    public const string PhaseOutStatus = "PHASE_OUT";

    private readonly List<StandingChange> _changes = [];

    public Guid HouseholdId { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    /// <summary>The archive status as last reported, e.g. "DRAFT" or "ACTIVE".</summary>
    public string ArchiveStatus { get; private set; } = string.Empty;
    /// <summary>
    /// Whether the reported status allows payment at all. A phase-out stops being payable after its
    /// last day without another event, so callers ask <see cref="IsPayableOn"/> with today's date.
    /// </summary>
    public bool Payable { get; private set; }
    /// <summary>The last day of normal help of a phase-out (Beijing date); null in any other status.</summary>
    public DateOnly? PhaseOutEndsOn { get; private set; }
    /// <summary>When the event that set the current status happened (at the archives).</summary>
    public DateTime StatusSince { get; private set; }
    /// <summary>
    /// The archives' version of the file as of the event that set the current status. Archives raises
    /// it with every change of the file under its own concurrency token, so it orders a household's
    /// events where clocks cannot: two archives replicas stamp occurred_at from their own clocks.
    /// 0 for events published before archives stamped it (and for the file as first opened).
    /// </summary>
    public long HouseholdVersion { get; private set; }
    /// <summary>
    /// Raised by every applied event; a concurrency token, so two consumers that read the same row
    /// (e.g. "archived" and "exited" handled at once by two replicas) cannot both write it: the
    /// second save fails, its transaction rolls back and the retry reads what the first wrote.
    /// </summary>
    public int Revision { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>Every archive event applied, in the order they happened.</summary>
    public IReadOnlyList<StandingChange> Changes => _changes;

    private HouseholdStanding() { }

    public static HouseholdStanding Start(Guid householdId, string organisationPath) => new()
    {
        HouseholdId = householdId,
        OrganisationPath = organisationPath,
    };

    /// <summary>Whether funds may pay the household on <paramref name="today"/> (a Beijing date). The same rule as a query condition: <see cref="PayableOn"/>; change both together.</summary>
    public bool IsPayableOn(DateOnly today) =>
        Payable && (ArchiveStatus != PhaseOutStatus || (PhaseOutEndsOn is { } end && today <= end));

    /// <summary>
    /// <see cref="IsPayableOn"/> as a query condition, so households are counted in the database
    /// (the allocation's archived households of a subtree) rather than loaded one by one.
    /// </summary>
    public static Expression<Func<HouseholdStanding, bool>> PayableOn(DateOnly today) =>
        h => h.Payable && (h.ArchiveStatus != PhaseOutStatus || (h.PhaseOutEndsOn != null && h.PhaseOutEndsOn >= today));

    /// <summary>
    /// Applies one archive event. Every event is kept in the history; the current status follows
    /// the event that came last in the file's history, so an event delivered late does not undo a
    /// newer one: the higher household version wins, and between equal versions (events from before
    /// archives stamped them) the later occurred_at.
    /// </summary>
    public StandingChange Apply(Guid eventId, string eventType, string organisationPath, string archiveStatus, DateTime occurredAt, DateTime now,
        DateOnly? phaseOutEndsOn = null, long householdVersion = 0)
    {
        var status = archiveStatus.Trim().ToUpperInvariant();
        var change = new StandingChange(eventId, HouseholdId, eventType, status, occurredAt, now, householdVersion);
        _changes.Add(change);
        Revision++;
        if (householdVersion > HouseholdVersion || (householdVersion == HouseholdVersion && occurredAt >= StatusSince))
        {
            HouseholdVersion = householdVersion;
            OrganisationPath = organisationPath;
            ArchiveStatus = status;
            PhaseOutEndsOn = status == PhaseOutStatus ? phaseOutEndsOn : null;
            // A phase-out without its end date is never payable: fail closed.
            Payable = status is ActiveStatus or ArchivedStatus || (status == PhaseOutStatus && PhaseOutEndsOn is not null);
            StatusSince = occurredAt;
        }
        UpdatedAt = now;
        return change;
    }
}

/// <summary>One archive event funds applied to a household's standing.</summary>
public sealed class StandingChange
{
    public Guid EventId { get; private set; }
    public Guid HouseholdId { get; private set; }
    /// <summary>The event's proto full name, e.g. union.events.v1.HouseholdRegistered.</summary>
    public string EventType { get; private set; } = string.Empty;
    public string ArchiveStatus { get; private set; } = string.Empty;
    public DateTime OccurredAt { get; private set; }
    /// <summary>The archives' version of the file the event reported (0 when it carried none).</summary>
    public long HouseholdVersion { get; private set; }
    public DateTime AppliedAt { get; private set; }

    private StandingChange() { }

    internal StandingChange(Guid eventId, Guid householdId, string eventType, string archiveStatus, DateTime occurredAt, DateTime appliedAt,
        long householdVersion)
    {
        HouseholdVersion = householdVersion;
        EventId = eventId;
        HouseholdId = householdId;
        EventType = eventType;
        ArchiveStatus = archiveStatus;
        OccurredAt = occurredAt;
        AppliedAt = appliedAt;
    }
}
