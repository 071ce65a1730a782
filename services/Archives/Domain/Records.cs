namespace Union.Archives.Domain;

/// <summary>One step of a file's life: who moved it from where to where, when, why, on what evidence.</summary>
public sealed class StatusTransition
{
    public long Id { get; private set; }
    public Guid HouseholdId { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    /// <summary>Null for the file's creation.</summary>
    public ArchiveStatus? From { get; private set; }
    public ArchiveStatus To { get; private set; }
    /// <summary>CREATE, SUBMIT, INITIAL_REVIEW, ..., UPDATE for an adjustment that keeps the status.</summary>
    public string Action { get; private set; } = string.Empty;
    public string Actor { get; private set; } = string.Empty;
    public DateTime At { get; private set; }
    public string? Reason { get; private set; }
    public string? Evidence { get; private set; }

    private StatusTransition() { }

    public static StatusTransition Record(Household household, ArchiveStatus? from, ArchiveStatus to, string action,
        string actor, DateTime at, string? reason, string? evidence) => new()
    {
        HouseholdId = household.Id,
        OrganisationPath = household.OrganisationPath,
        From = from,
        To = to,
        Action = action,
        Actor = actor,
        At = at,
        Reason = reason,
        Evidence = evidence,
    };
}

/// <summary>FollowUp: a visit after the household left hardship (定期跟踪回访, 004 §三(二)), the only kind an exited or de-archived file takes.</summary>
public enum VisitKind { Initial = 1, Routine = 2, SpringCampaign = 3, AutumnUpdate = 4, DeArchive = 5, FollowUp = 6 }

/// <summary>A home visit (走访): when, by whom, what was found, when the next is due.</summary>
public sealed class HomeVisit
{
    public Guid Id { get; private set; }
    public Guid HouseholdId { get; private set; }
    public DateOnly VisitedOn { get; private set; }
    public VisitKind Kind { get; private set; }
    public List<string> Visitors { get; private set; } = [];
    public string Findings { get; private set; } = string.Empty;
    public DateOnly? NextDueOn { get; private set; }
    public bool HouseholdNotified { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;

    private HomeVisit() { }

    public static HomeVisit Create(Guid householdId, DateOnly visitedOn, VisitKind kind, IEnumerable<string> visitors,
        string findings, DateOnly? nextDueOn, bool householdNotified, string actor, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        HouseholdId = householdId,
        VisitedOn = visitedOn,
        Kind = kind,
        Visitors = visitors.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct().ToList(),
        Findings = findings.Trim(),
        NextDueOn = nextDueOn,
        HouseholdNotified = householdNotified,
        CreatedAt = now,
        CreatedBy = actor,
    };
}

/// <summary>An objection raised during the public notice, and how it was resolved.</summary>
public sealed class NoticeObjection
{
    public Guid Id { get; private set; }
    public Guid HouseholdId { get; private set; }
    public string Content { get; private set; } = string.Empty;
    public DateTime RaisedAt { get; private set; }
    public string RaisedBy { get; private set; } = string.Empty;
    public bool Resolved { get; private set; }
    public bool Upheld { get; private set; }
    public string? Resolution { get; private set; }

    private NoticeObjection() { }

    public static NoticeObjection Raise(Guid householdId, string content, string actor, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), HouseholdId = householdId, Content = content.Trim(), RaisedAt = now, RaisedBy = actor,
    };

    public void Resolve(bool upheld, string resolution)
    {
        Resolved = true;
        Upheld = upheld;
        Resolution = resolution.Trim();
    }
}

public enum DocumentKind
{
    WorkerApplication = 1, EconomicCheckAuthorisation = 2, Identity = 3, Employment = 4, Income = 5, Hardship = 6,
    AidApplicationForm = 7, ArchiveForm = 8, VisitSurvey = 9, NoticeProof = 10, ComparisonReport = 11, ExitRegistration = 12,
}

/// <summary>An attachment held by reference: the bytes live in object storage, never in the database.</summary>
public sealed class HouseholdDocument
{
    public Guid Id { get; private set; }
    public Guid HouseholdId { get; private set; }
    public DocumentKind Kind { get; private set; }
    public string ObjectKey { get; private set; } = string.Empty;
    public string Sha256 { get; private set; } = string.Empty;
    public long SizeBytes { get; private set; }
    public string MediaType { get; private set; } = string.Empty;
    public string? Description { get; private set; }
    public DateTime AttachedAt { get; private set; }
    public string AttachedBy { get; private set; } = string.Empty;

    private HouseholdDocument() { }

    public static HouseholdDocument Attach(Guid householdId, DocumentKind kind, string objectKey, string sha256, long sizeBytes,
        string mediaType, string? description, string actor, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), HouseholdId = householdId, Kind = kind, ObjectKey = objectKey, Sha256 = sha256.ToLowerInvariant(),
        SizeBytes = sizeBytes, MediaType = mediaType, Description = description, AttachedAt = now, AttachedBy = actor,
    };
}

/// <summary>
/// The proofs a file needs (004_f7c3dcaac4584c61.txt, Annex 1): a new file (一、新建档申请人) needs the
/// worker's application, the economic-check authorisation, identity, employment, income and at least
/// one hardship proof; only a household already on file (二、已在档申请人) applying for aid needs no more
/// than the aid application form, its earlier proofs being on the file (what changed is added as it comes).
/// A file never on record is a new file whatever type it was opened with.
/// </summary>
public static class DocumentRequirements
{
    private static readonly DocumentKind[] NewArchive =
    [
        DocumentKind.WorkerApplication, DocumentKind.EconomicCheckAuthorisation, DocumentKind.Identity,
        DocumentKind.Employment, DocumentKind.Income, DocumentKind.Hardship,
    ];

    public static IReadOnlyList<DocumentKind> Required(ApplicationType type, bool onRecord) =>
        type == ApplicationType.AidOnFile && onRecord ? [DocumentKind.AidApplicationForm] : NewArchive;

    public static IReadOnlyList<DocumentKind> Missing(IReadOnlyList<DocumentKind> required, IEnumerable<HouseholdDocument> documents)
    {
        var present = documents.Select(d => d.Kind).ToHashSet();
        return required.Where(k => !present.Contains(k)).ToList();
    }
}

/// <summary>An information comparison with the agencies (信息比对): asked, and later answered.</summary>
public sealed class ComparisonCheck
{
    public Guid Id { get; private set; }
    public Guid HouseholdId { get; private set; }
    public DateTime RequestedAt { get; private set; }
    public string RequestedBy { get; private set; } = string.Empty;
    public DateTime? ReturnedAt { get; private set; }
    public long? VerifiedIncomePerPersonFen { get; private set; }
    public bool? ReceivesAllowance { get; private set; }
    public long? MedicalOutOfPocketFen { get; private set; }
    public string? Note { get; private set; }

    private ComparisonCheck() { }

    public static ComparisonCheck Request(Guid householdId, string actor, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), HouseholdId = householdId, RequestedAt = now, RequestedBy = actor,
    };

    public void Return(long verifiedIncomePerPersonFen, bool receivesAllowance, long medicalOutOfPocketFen, string? note, DateTime now)
    {
        ReturnedAt = now;
        VerifiedIncomePerPersonFen = verifiedIncomePerPersonFen;
        ReceivesAllowance = receivesAllowance;
        MedicalOutOfPocketFen = medicalOutOfPocketFen;
        Note = note;
    }
}
