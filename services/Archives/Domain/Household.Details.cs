using Union.Shared.Errors;

namespace Union.Archives.Domain;

/// <summary>A value to set; a null <see cref="Set{T}"/> leaves the field as it is.</summary>
public sealed record Set<T>(T Value);

/// <summary>
/// An adjustment of a file's details (档案调整). Only the fields given change; <see cref="Members"/>,
/// when given, replaces the members.
/// </summary>
public sealed record HouseholdAdjustment
{
    public Set<string>? HeadName { get; init; }
    public Set<ProtectedValue?>? HeadPhone { get; init; }
    public Set<string>? Employer { get; init; }
    public Set<IReadOnlyList<HardshipCause>>? Causes { get; init; }
    public Set<long>? MonthlyIncomePerPersonFen { get; init; }
    public Set<long>? LocalMonthlyAllowanceFen { get; init; }
    public Set<bool>? MigrantWorker { get; init; }
    public Set<ProtectedValue?>? BankCard { get; init; }
    public IReadOnlyList<MemberReplacement>? Members { get; init; }
}

/// <summary>One member of a replacement list: an existing member (by id) kept and updated, or a new one.</summary>
public sealed record MemberReplacement(Guid? MemberId, MemberDraft Draft);

/// <summary>Who joined and who left the household in an adjustment, for the one-file-per-person rows.</summary>
public sealed record MemberChanges(IReadOnlyList<HouseholdMember> Added, IReadOnlyList<HouseholdMember> Removed);

public sealed partial class Household
{
    /// <summary>The most members a household file holds besides its head.</summary>
    public const int MaxMembers = 20;

    /// <summary>
    /// Changes the household's details while the file is open, and records the adjustment as an
    /// UPDATE transition (from = to = the current status) so monitoring counts it (004: 调整档案数量).
    /// The caller has validated the input, checked member ids belong to this file and that no
    /// added person is in another open file.
    /// </summary>
    public MemberChanges Adjust(HouseholdAdjustment adjustment, string actor, DateTime now, string reason, string? evidence)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        if (!IsOpen)
            throw new DomainRuleException("HOUSEHOLD_CLOSED", "档案已脱困、退档或注销，不能调整；如再次困难请办理返困");
        UpdateDetails(adjustment);
        var changes = adjustment.Members is { } members ? ReplaceMembers(members) : new MemberChanges([], []);
        Touch(actor, now);
        Transitions.Add(StatusTransition.Record(this, Status, Status, "UPDATE", actor, now, reason, evidence));
        return changes;
    }

    private void UpdateDetails(HouseholdAdjustment a)
    {
        if (a.MonthlyIncomePerPersonFen is { Value: < 0 } || a.LocalMonthlyAllowanceFen is { Value: < 0 })
            throw new DomainRuleException("NEGATIVE_AMOUNT", "金额不能为负数");
        if (a.HeadName is { } name) HeadName = name.Value.Trim();
        if (a.HeadPhone is { } phone)
        {
            HeadPhoneProtected = phone.Value?.Protected;
            HeadPhoneMasked = phone.Value?.Masked;
        }
        if (a.Employer is { } employer) Employer = employer.Value.Trim();
        if (a.Causes is { } causes) Causes = causes.Value.Distinct().Order().ToList();
        if (a.MonthlyIncomePerPersonFen is { } income) MonthlyIncomePerPersonFen = income.Value;
        if (a.LocalMonthlyAllowanceFen is { } allowance) LocalMonthlyAllowanceFen = allowance.Value;
        if (a.MigrantWorker is { } migrant) MigrantWorker = migrant.Value;
        if (a.BankCard is { } card)
        {
            BankCardProtected = card.Value?.Protected;
            BankCardMasked = card.Value?.Masked;
        }
    }

    /// <summary>
    /// Replaces the members: listed existing members keep their id and are updated (the person, i.e.
    /// the ID number, stays), new ones are added, unlisted ones are removed.
    /// </summary>
    private MemberChanges ReplaceMembers(IReadOnlyList<MemberReplacement> replacements)
    {
        if (replacements.Count > MaxMembers)
            throw new DomainRuleException("TOO_MANY_MEMBERS", $"家庭成员不能超过{MaxMembers}人");
        var kept = new HashSet<Guid>();
        var added = new List<HouseholdMember>();
        foreach (var replacement in replacements)
        {
            if (replacement.MemberId is { } id)
            {
                var member = Members.SingleOrDefault(m => m.Id == id)
                             ?? throw new DomainRuleException("MEMBER_NOT_FOUND", "该家庭成员不属于本档案");
                if (member.IdNumberHash != replacement.Draft.IdNumber.LookupHash)
                    throw new DomainRuleException("MEMBER_ID_NUMBER_CHANGED", "已有成员的身份证号码不能更改；其他人请作为新成员添加");
                member.Update(replacement.Draft);
                kept.Add(id);
            }
            else
            {
                added.Add(HouseholdMember.Create(Id, replacement.Draft));
            }
        }
        var removed = Members.Where(m => !kept.Contains(m.Id)).ToList();
        foreach (var member in removed) Members.Remove(member);
        Members.AddRange(added);
        var hashes = IdNumberHashes.ToList();
        if (hashes.Count != hashes.Distinct(StringComparer.Ordinal).Count())
            throw new DomainRuleException("DUPLICATE_ID_NUMBER", "同一身份证号码在本档案中出现多次");
        return new MemberChanges(added, removed);
    }
}
