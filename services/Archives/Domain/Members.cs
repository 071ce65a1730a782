namespace Union.Archives.Domain;

public enum Relation { Spouse = 1, Child = 2, Parent = 3, Sibling = 4, Grandchild = 5, Other = 6 }

public enum MemberHealth { Healthy = 1, ChronicIllness = 2, SeriousIllness = 3 }

public enum Schooling { None = 1, Preschool = 2, Compulsory = 3, SeniorSecondary = 4, Higher = 5 }

public enum Employment { Employed = 1, Unemployed = 2, Retired = 3, Student = 4, UnableToWork = 5 }

/// <summary>A member of the household besides its head; the birth date is read from the ID number.</summary>
public sealed class HouseholdMember
{
    public Guid Id { get; private set; }
    public Guid HouseholdId { get; private set; }
    public string Name { get; private set; } = string.Empty;
    public Relation Relation { get; private set; }
    public string IdNumberProtected { get; private set; } = string.Empty;
    public string IdNumberHash { get; private set; } = string.Empty;
    public string IdNumberMasked { get; private set; } = string.Empty;
    public DateOnly BirthDate { get; private set; }
    public MemberHealth Health { get; private set; }
    public bool Disabled { get; private set; }
    public Schooling Schooling { get; private set; }
    public Employment Employment { get; private set; }
    public long MonthlyIncomeFen { get; private set; }

    private HouseholdMember() { }

    public static HouseholdMember Create(Guid householdId, MemberDraft draft) => new()
    {
        Id = Guid.CreateVersion7(),
        HouseholdId = householdId,
        Name = draft.Name.Trim(),
        Relation = draft.Relation,
        IdNumberProtected = draft.IdNumber.Protected,
        IdNumberHash = draft.IdNumber.LookupHash,
        IdNumberMasked = draft.IdNumber.Masked,
        BirthDate = draft.BirthDate,
        Health = draft.Health,
        Disabled = draft.Disabled,
        Schooling = draft.Schooling,
        Employment = draft.Employment,
        MonthlyIncomeFen = draft.MonthlyIncomeFen,
    };

    /// <summary>Age in whole years on <paramref name="today"/>.</summary>
    public int AgeOn(DateOnly today) => AgeOn(BirthDate, today);

    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        return birthDate.AddYears(age) > today ? age - 1 : age;
    }

    /// <summary>Re-protects the ID number (key rotation); the hash and masked form stay. Whether it changed.</summary>
    public bool ReprotectIdNumber(Func<string, string> reprotect)
    {
        var result = reprotect(IdNumberProtected);
        if (string.Equals(result, IdNumberProtected, StringComparison.Ordinal)) return false;
        IdNumberProtected = result;
        return true;
    }

    /// <summary>Updates what may change about a member; the person (ID number) stays the same.</summary>
    public void Update(MemberDraft draft)
    {
        Name = draft.Name.Trim();
        Relation = draft.Relation;
        Health = draft.Health;
        Disabled = draft.Disabled;
        Schooling = draft.Schooling;
        Employment = draft.Employment;
        MonthlyIncomeFen = draft.MonthlyIncomeFen;
    }
}
