using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Archives.Domain;

public enum ArchiveStatus { Draft = 1, Applied = 2, Active = 3, PhaseOut = 4, Exited = 5, DeArchived = 6, Cancelled = 7 }

public enum HardshipCategory { Unspecified = 0, Deep = 1, Relative = 2, AccidentInduced = 3 }

public enum HardshipCause { Illness = 1, Disability = 2, Education = 3, AccidentOrDisaster = 4, Unemployment = 5, LowIncome = 6, Other = 7 }

/// <summary>
/// One household's hardship file (一户一档). Personal data is held only in protected form: the
/// ciphertext, a keyed hash for look-ups, and the masked form callers see.
/// </summary>
public sealed class Household : IOrganisationOwned
{
    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public string HeadName { get; private set; } = string.Empty;
    public string HeadIdNumberProtected { get; private set; } = string.Empty;
    public string HeadIdNumberHash { get; private set; } = string.Empty;
    public string HeadIdNumberMasked { get; private set; } = string.Empty;
    public string? HeadPhoneProtected { get; private set; }
    public string? HeadPhoneMasked { get; private set; }
    public string Employer { get; private set; } = string.Empty;
    public List<HardshipCause> Causes { get; private set; } = [];
    public long MonthlyIncomePerPersonFen { get; private set; }
    public long LocalMonthlyAllowanceFen { get; private set; }
    public bool MigrantWorker { get; private set; }
    public ArchiveStatus Status { get; private set; }
    public HardshipCategory Category { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    private Household() { }

    /// <summary>Opens a draft file. The caller has validated the input and protected the personal data.</summary>
    public static Household OpenDraft(HouseholdDraft draft, string actor, DateTime now)
    {
        if (draft.MonthlyIncomePerPersonFen < 0 || draft.LocalMonthlyAllowanceFen < 0)
            throw new DomainRuleException("NEGATIVE_AMOUNT", "金额不能为负数");
        return new Household
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = draft.OrganisationPath,
            HeadName = draft.HeadName.Trim(),
            HeadIdNumberProtected = draft.HeadIdNumber.Protected,
            HeadIdNumberHash = draft.HeadIdNumber.LookupHash,
            HeadIdNumberMasked = draft.HeadIdNumber.Masked,
            HeadPhoneProtected = draft.HeadPhone?.Protected,
            HeadPhoneMasked = draft.HeadPhone?.Masked,
            Employer = draft.Employer.Trim(),
            Causes = draft.Causes.Distinct().Order().ToList(),
            MonthlyIncomePerPersonFen = draft.MonthlyIncomePerPersonFen,
            LocalMonthlyAllowanceFen = draft.LocalMonthlyAllowanceFen,
            MigrantWorker = draft.MigrantWorker,
            Status = ArchiveStatus.Draft,
            Category = HardshipCategory.Unspecified,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
    }

    /// <summary>Whether the file still holds its people: an exited, de-archived or cancelled file frees them to be archived again.</summary>
    public bool IsOpen => Status is not (ArchiveStatus.Exited or ArchiveStatus.DeArchived or ArchiveStatus.Cancelled);
}

/// <summary>A piece of personal data in the three forms the platform keeps.</summary>
public sealed record ProtectedValue(string Protected, string LookupHash, string Masked);

public sealed record HouseholdDraft(
    string OrganisationPath,
    string HeadName,
    ProtectedValue HeadIdNumber,
    ProtectedValue? HeadPhone,
    string Employer,
    IReadOnlyList<HardshipCause> Causes,
    long MonthlyIncomePerPersonFen,
    long LocalMonthlyAllowanceFen,
    bool MigrantWorker);

/// <summary>
/// Holds an ID number for exactly one open file across the province (一户一档、实名制). The key is
/// the keyed hash, so the uniqueness is enforced by the database on every provider alike.
/// </summary>
public sealed class OpenIdentity
{
    public string IdNumberHash { get; set; } = string.Empty;
    public Guid HouseholdId { get; set; }
    public string OrganisationPath { get; set; } = string.Empty;
}
