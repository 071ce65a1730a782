using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Archives.Domain;

public enum ArchiveStatus
{
    Draft = 1, Applied = 2, Active = 3, PhaseOut = 4, Exited = 5, DeArchived = 6, Cancelled = 7,
    Visited = 8, Reviewed = 9, ComparisonRequested = 10, ComparisonReturned = 11, CategorySet = 12, Approved = 13, InNotice = 14,
}

public enum HardshipCategory { Unspecified = 0, Deep = 1, Relative = 2, AccidentInduced = 3 }

public enum HardshipCause { Illness = 1, Disability = 2, Education = 3, AccidentOrDisaster = 4, Unemployment = 5, LowIncome = 6, Other = 7 }

public enum Channel { SelfApplication = 1, GrassrootsVisit = 2, DataComparison = 3 }

public enum ApplicationType { NewArchive = 1, AidOnFile = 2 }

public enum CancelReason { None = 0, Retired = 1, Died = 2, EmploymentEnded = 3, Excluded = 4 }

/// <summary>
/// One household's hardship file (一户一档). Personal data is held only in protected form: the
/// ciphertext, a keyed hash for look-ups, and the masked form callers see. The behaviour lives in
/// the partial files beside this one: the life cycle (Household.Lifecycle.cs), visits and
/// monitoring (Household.Visits.cs), details and members (Household.Details.cs).
/// </summary>
public sealed partial class Household : IOrganisationOwned
{
    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public string HeadName { get; private set; } = string.Empty;
    public string HeadIdNumberProtected { get; private set; } = string.Empty;
    public string HeadIdNumberHash { get; private set; } = string.Empty;
    public string HeadIdNumberMasked { get; private set; } = string.Empty;
    public string? HeadPhoneProtected { get; private set; }
    public string? HeadPhoneMasked { get; private set; }
    public string? BankCardProtected { get; private set; }
    public string? BankCardMasked { get; private set; }
    public string Employer { get; private set; } = string.Empty;
    public List<HardshipCause> Causes { get; private set; } = [];
    public long MonthlyIncomePerPersonFen { get; private set; }
    public long LocalMonthlyAllowanceFen { get; private set; }
    public bool MigrantWorker { get; private set; }
    public Channel Channel { get; private set; }
    public ApplicationType ApplicationType { get; private set; }
    /// <summary>The worker who applied through the mobile app (token subject); only he sees it besides staff.</summary>
    public string? WorkerSubject { get; private set; }

    public ArchiveStatus Status { get; private set; }
    public HardshipCategory Category { get; private set; }
    public string? CategoryReason { get; private set; }
    public DateOnly? ApprovedOn { get; private set; }
    public string? MeetingReference { get; private set; }
    public DateOnly? NoticeStartsOn { get; private set; }
    public DateOnly? NoticeEndsOn { get; private set; }
    public string? NoticePlace { get; private set; }
    public DateOnly? ArchivedOn { get; private set; }
    public DateOnly? PhaseOutEndsOn { get; private set; }
    public DateOnly? ExitedOn { get; private set; }
    public CancelReason CancelReason { get; private set; }
    public DateOnly? LastVisitedOn { get; private set; }
    public DateOnly? NextVisitDueOn { get; private set; }
    public bool Unstable { get; private set; }
    public bool Marginal { get; private set; }
    public bool RecordsMismatch { get; private set; }
    /// <summary>When the application was submitted (for the time from application to archive).</summary>
    public DateTime? AppliedAt { get; private set; }
    public DateTime? ArchivedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;
    /// <summary>Optimistic concurrency: two caseworkers changing one file cannot overwrite each other.</summary>
    public int Version { get; private set; }

    public List<HouseholdMember> Members { get; private set; } = [];
    public List<StatusTransition> Transitions { get; private set; } = [];
    public List<HomeVisit> Visits { get; private set; } = [];
    public List<NoticeObjection> Objections { get; private set; } = [];
    public List<HouseholdDocument> Documents { get; private set; } = [];
    public List<ComparisonCheck> Comparisons { get; private set; } = [];

    private Household() { }

    /// <summary>Opens a draft file. The caller has validated the input and protected the personal data.</summary>
    public static Household OpenDraft(HouseholdDraft draft, string actor, DateTime now)
    {
        if (draft.MonthlyIncomePerPersonFen < 0 || draft.LocalMonthlyAllowanceFen < 0)
            throw new DomainRuleException("NEGATIVE_AMOUNT", "金额不能为负数");
        var household = new Household
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = draft.OrganisationPath,
            HeadName = draft.HeadName.Trim(),
            HeadIdNumberProtected = draft.HeadIdNumber.Protected,
            HeadIdNumberHash = draft.HeadIdNumber.LookupHash,
            HeadIdNumberMasked = draft.HeadIdNumber.Masked,
            HeadPhoneProtected = draft.HeadPhone?.Protected,
            HeadPhoneMasked = draft.HeadPhone?.Masked,
            BankCardProtected = draft.BankCard?.Protected,
            BankCardMasked = draft.BankCard?.Masked,
            Employer = draft.Employer.Trim(),
            Causes = draft.Causes.Distinct().Order().ToList(),
            MonthlyIncomePerPersonFen = draft.MonthlyIncomePerPersonFen,
            LocalMonthlyAllowanceFen = draft.LocalMonthlyAllowanceFen,
            MigrantWorker = draft.MigrantWorker,
            Channel = draft.Channel,
            ApplicationType = draft.ApplicationType,
            WorkerSubject = draft.WorkerSubject,
            Status = ArchiveStatus.Draft,
            Category = HardshipCategory.Unspecified,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
        household.Members.AddRange(draft.Members.Select(m => HouseholdMember.Create(household.Id, m)));
        household.Transitions.Add(StatusTransition.Record(household, null, ArchiveStatus.Draft, "CREATE", actor, now, null, null));
        return household;
    }

    /// <summary>Whether the file still holds its people: an exited, de-archived or cancelled file frees them to be archived again.</summary>
    public bool IsOpen => Status is not (ArchiveStatus.Exited or ArchiveStatus.DeArchived or ArchiveStatus.Cancelled);

    /// <summary>
    /// Whether the household may be helped on <paramref name="today"/>: an active file, or a deep-hardship
    /// household within its six-month phase-out (004: "渐退期内正常帮扶"), and not a day after it.
    /// </summary>
    public bool IsHelpable(DateOnly today) => IsHelpable(Status, PhaseOutEndsOn, today);

    public static bool IsHelpable(ArchiveStatus status, DateOnly? phaseOutEndsOn, DateOnly today) =>
        status == ArchiveStatus.Active || (status == ArchiveStatus.PhaseOut && phaseOutEndsOn is { } end && today <= end);

    /// <summary>
    /// Whether the household is or has been on record (在档): active or phasing out now, or archived in an
    /// earlier round (its ARCHIVE step is in the history, which must be loaded). Only such a household
    /// applies as one already on file (004 Annex 1 二).
    /// </summary>
    public bool HasBeenOnRecord =>
        Status is ArchiveStatus.Active or ArchiveStatus.PhaseOut || Transitions.Any(t => t.Action == TransitionActions.Archive);

    /// <summary>The proofs this file needs before its approval (004 Annex 1).</summary>
    public IReadOnlyList<DocumentKind> RequiredDocuments => DocumentRequirements.Required(ApplicationType, HasBeenOnRecord);

    /// <summary>
    /// Whether the file holds its people (一户一档): from the submission until it closes. A draft
    /// holds nobody, so an unsubmitted draft (anyone's, a worker's from the app included) cannot keep
    /// a person from being archived by the union that visits him. Which people: <see cref="HeldIdNumberHashes"/>.
    /// </summary>
    public bool HoldsIdentities => IsOpen && Status != ArchiveStatus.Draft;

    /// <summary>Every ID number hash the file names (head and members), held or not.</summary>
    public IEnumerable<string> IdNumberHashes => Members.Select(m => m.IdNumberHash).Prepend(HeadIdNumberHash);

    /// <summary>
    /// Whether the members are the union's word and not only the applicant's: always on a file staff
    /// opened, and on a worker's application from the app once staff passed its initial review, the step
    /// at which the grassroots union visits and sees the household register (004 Annex 2 基层工会走访、
    /// 收集资料、初审; Annex 1 身份类资料：户口簿). Until then the file holds its head alone: a worker naming a
    /// stranger as a member must not keep the stranger's own household from being archived, nor learn
    /// whether the stranger is on file. Reads the history, which must be loaded.
    /// </summary>
    public bool MembersConfirmed => WorkerSubject is null || Transitions.Any(t => t.Action == TransitionActions.InitialReview);

    /// <summary>
    /// The ID number hashes the file holds for the province now (一户一档): nobody while a draft or once
    /// closed, the head alone while the members are not <see cref="MembersConfirmed"/>, everyone otherwise.
    /// </summary>
    public IEnumerable<string> HeldIdNumberHashes =>
        !HoldsIdentities ? [] : MembersConfirmed ? IdNumberHashes : [HeadIdNumberHash];

    /// <summary>Marks the file changed by <paramref name="actor"/>; called by every behaviour that changes it.</summary>
    private void Touch(string actor, DateTime now)
    {
        UpdatedAt = now;
        UpdatedBy = actor;
        Version++;
    }
}

/// <summary>A piece of personal data in the three forms the platform keeps.</summary>
public sealed record ProtectedValue(string Protected, string LookupHash, string Masked);

public sealed record MemberDraft(
    string Name,
    Relation Relation,
    ProtectedValue IdNumber,
    DateOnly BirthDate,
    MemberHealth Health,
    bool Disabled,
    Schooling Schooling,
    Employment Employment,
    long MonthlyIncomeFen);

public sealed record HouseholdDraft(
    string OrganisationPath,
    string HeadName,
    ProtectedValue HeadIdNumber,
    ProtectedValue? HeadPhone,
    string Employer,
    IReadOnlyList<HardshipCause> Causes,
    long MonthlyIncomePerPersonFen,
    long LocalMonthlyAllowanceFen,
    bool MigrantWorker)
{
    public ProtectedValue? BankCard { get; init; }
    public IReadOnlyList<MemberDraft> Members { get; init; } = [];
    public Channel Channel { get; init; } = Channel.GrassrootsVisit;
    public ApplicationType ApplicationType { get; init; } = ApplicationType.NewArchive;
    public string? WorkerSubject { get; init; }
}

/// <summary>
/// Holds an ID number for exactly one open file across the province (一户一档、实名制), head or
/// member alike. The key is the keyed hash, so the uniqueness is enforced by the database on every
/// provider; the row is added when the application is submitted (a draft holds nobody; a worker's
/// application holds his members only from its passed initial review, <see cref="Household.MembersConfirmed"/>),
/// removed when the file closes (exit, de-archive, cancel) and re-added on relapse.
/// </summary>
public sealed class OpenIdentity
{
    public string IdNumberHash { get; set; } = string.Empty;
    public Guid HouseholdId { get; set; }
    public string OrganisationPath { get; set; } = string.Empty;
}
