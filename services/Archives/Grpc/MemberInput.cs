using Union.Archives.Domain;
using Union.Shared.PersonalData;
using Union.Shared.Validation;
using Dto = Union.Contracts.Archives.V1;

namespace Union.Archives.Grpc;

/// <summary>Validation and protection of the members of a request (create and update alike).</summary>
public static class MemberInput
{
    /// <summary>
    /// Checks every member's fields; <paramref name="idNumberRequired"/> tells, per member, whether
    /// its ID number must be sent (kept members on update need not resend theirs).
    /// </summary>
    public static RequestValidator Members(this RequestValidator v, IReadOnlyList<Dto.Member> members, Func<Dto.Member, bool> idNumberRequired)
    {
        v.Check(members.Count <= Household.MaxMembers, "members", "TOO_MANY_MEMBERS", $"家庭成员不能超过{Household.MaxMembers}人");
        for (var i = 0; i < members.Count; i++)
        {
            var m = members[i];
            var field = $"members[{i}]";
            v.RequiredText($"{field}.name", m.Name, 50)
                .Enum($"{field}.relation", m.Relation)
                .Enum($"{field}.health", m.Health)
                .Enum($"{field}.schooling", m.Schooling)
                .Enum($"{field}.employment", m.Employment)
                .Money($"{field}.monthly_income", m.MonthlyIncome, required: false);
            if (idNumberRequired(m) || !string.IsNullOrEmpty(m.IdNumber)) v.IdNumber($"{field}.id_number", m.IdNumber);
        }
        return v;
    }

    /// <summary>The normalised ID number (GB 11643) of a validated value.</summary>
    public static string NormalisedIdNumber(string value)
    {
        ChineseIdNumber.TryNormalise(value, out var normalised);
        return normalised;
    }

    public static ProtectedValue ProtectIdNumber(this PersonalDataProtector protector, string normalised) =>
        new(protector.Protect(normalised), protector.LookupHash(normalised), Mask.IdNumber(normalised));

    public static ProtectedValue? ProtectPhone(this PersonalDataProtector protector, string? value)
    {
        var phone = (value ?? string.Empty).Trim();
        return phone.Length == 0 ? null : new ProtectedValue(protector.Protect(phone), protector.LookupHash(phone), Mask.Phone(phone));
    }

    public static ProtectedValue? ProtectBankCard(this PersonalDataProtector protector, string? value)
    {
        var card = BankCard.Normalise(value);
        return card.Length == 0 ? null : new ProtectedValue(protector.Protect(card), protector.LookupHash(card), Mask.BankCard(card));
    }

    /// <summary>The domain draft of a validated member whose ID number is already protected.</summary>
    public static MemberDraft ToDraft(this Dto.Member m, ProtectedValue idNumber, DateOnly birthDate) => new(
        m.Name,
        (Relation)(int)m.Relation,
        idNumber,
        birthDate,
        (MemberHealth)(int)m.Health,
        m.Disabled,
        (Schooling)(int)m.Schooling,
        (Employment)(int)m.Employment,
        m.MonthlyIncome?.Fen ?? 0);
}
