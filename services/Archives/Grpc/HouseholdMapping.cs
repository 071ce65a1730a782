using Google.Protobuf.WellKnownTypes;
using Union.Archives.Domain;
using Union.Contracts.Common.V1;
using Union.Shared.Tenancy;
using Dto = Union.Contracts.Archives.V1;

namespace Union.Archives.Grpc;

/// <summary>Domain to contract: one place, so every RPC shows a file the same way (always masked).</summary>
public static class HouseholdMapping
{
    public const string DateFormat = "yyyy-MM-dd";

    public static Dto.Household ToDto(this Household h, DateOnly today) => new()
    {
        HouseholdId = h.Id.ToString(),
        Owner = new OrganisationRef { Code = OrganisationPath.Code(h.OrganisationPath), Path = h.OrganisationPath },
        HeadName = h.HeadName,
        HeadIdNumberMasked = h.HeadIdNumberMasked,
        HeadPhoneMasked = h.HeadPhoneMasked ?? string.Empty,
        BankCardMasked = h.BankCardMasked ?? string.Empty,
        Employer = h.Employer,
        Causes = { h.Causes.Select(c => (Dto.HardshipCause)(int)c) },
        MonthlyIncomePerPerson = new Money { Fen = h.MonthlyIncomePerPersonFen },
        LocalMonthlyAllowance = new Money { Fen = h.LocalMonthlyAllowanceFen },
        MigrantWorker = h.MigrantWorker,
        Status = (Dto.ArchiveStatus)(int)h.Status,
        Category = (Dto.HardshipCategory)(int)h.Category,
        CategoryReason = h.CategoryReason ?? string.Empty,
        Channel = (Dto.Channel)(int)h.Channel,
        ApplicationType = (Dto.ApplicationType)(int)h.ApplicationType,
        Members = { h.Members.OrderBy(m => m.BirthDate).Select(m => m.ToDto(today)) },
        ApprovedOn = Format(h.ApprovedOn),
        MeetingReference = h.MeetingReference ?? string.Empty,
        NoticeStartsOn = Format(h.NoticeStartsOn),
        NoticeEndsOn = Format(h.NoticeEndsOn),
        Objections = { h.Objections.OrderBy(o => o.RaisedAt).Select(ToDto) },
        ArchivedOn = Format(h.ArchivedOn),
        PhaseOutEndsOn = Format(h.PhaseOutEndsOn),
        ExitedOn = Format(h.ExitedOn),
        CancelReason = (Dto.CancelReason)(int)h.CancelReason,
        LastVisitedOn = Format(h.LastVisitedOn),
        NextVisitDueOn = Format(h.NextVisitDueOn),
        Unstable = h.Unstable,
        Marginal = h.Marginal,
        RecordsMismatch = h.RecordsMismatch,
        Helpable = h.IsHelpable(today),
        Comparison = h.Comparisons.OrderByDescending(c => c.RequestedAt).FirstOrDefault()?.ToDto(),
        MembersConfirmed = h.MembersConfirmed,
        Audit = new AuditStamp
        {
            CreatedAt = Timestamp(h.CreatedAt),
            CreatedBy = h.CreatedBy,
            UpdatedAt = Timestamp(h.UpdatedAt),
            UpdatedBy = h.UpdatedBy,
        },
    };

    public static Dto.Member ToDto(this HouseholdMember m, DateOnly today) => new()
    {
        MemberId = m.Id.ToString(),
        Name = m.Name,
        Relation = (Dto.Relation)(int)m.Relation,
        IdNumberMasked = m.IdNumberMasked,
        // No birth date beside the masked number: the mask hides little else, so the two together
        // rebuild the number. The age is what eligibility needs; the full number (birth date
        // included) comes only from the audited RevealPersonalData.
        Age = m.AgeOn(today),
        Health = (Dto.Health)(int)m.Health,
        Disabled = m.Disabled,
        Schooling = (Dto.Schooling)(int)m.Schooling,
        Employment = (Dto.Employment)(int)m.Employment,
        MonthlyIncome = new Money { Fen = m.MonthlyIncomeFen },
    };

    public static Dto.Objection ToDto(this NoticeObjection o) => new()
    {
        ObjectionId = o.Id.ToString(),
        Content = o.Content,
        RaisedAt = Timestamp(o.RaisedAt),
        Resolved = o.Resolved,
        Upheld = o.Upheld,
        Resolution = o.Resolution ?? string.Empty,
    };

    public static Dto.ComparisonResult ToDto(this ComparisonCheck c) => new()
    {
        RequestedAt = Timestamp(c.RequestedAt),
        ReturnedAt = c.ReturnedAt is { } returned ? Timestamp(returned) : null,
        VerifiedIncomePerPerson = c.VerifiedIncomePerPersonFen is { } income ? new Money { Fen = income } : null,
        ReceivesAllowance = c.ReceivesAllowance ?? false,
        MedicalOutOfPocket = c.MedicalOutOfPocketFen is { } medical ? new Money { Fen = medical } : null,
        Note = c.Note ?? string.Empty,
    };

    public static Dto.Transition ToDto(this StatusTransition t) => new()
    {
        From = t.From is { } from ? (Dto.ArchiveStatus)(int)from : Dto.ArchiveStatus.Unspecified,
        To = (Dto.ArchiveStatus)(int)t.To,
        Action = t.Action,
        Actor = t.Actor,
        At = Timestamp(t.At),
        Reason = t.Reason ?? string.Empty,
        Evidence = t.Evidence ?? string.Empty,
    };

    public static string Format(DateOnly? date) =>
        date?.ToString(DateFormat, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>Parses a "YYYY-MM-DD" request field; null when empty or malformed (validation reports it).</summary>
    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, DateFormat, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    private static Google.Protobuf.WellKnownTypes.Timestamp Timestamp(DateTime at) =>
        Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
