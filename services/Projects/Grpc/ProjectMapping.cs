using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Union.Contracts.Common.V1;
using Union.Shared.Tenancy;
using Domain = Union.Projects.Domain;
using Dto = Union.Contracts.Projects.V1;

namespace Union.Projects.Grpc;

/// <summary>Domain → contract. Enums share their numbers with the proto enums, so they cast.</summary>
public static class ProjectMapping
{
    public const string DateFormat = "yyyy-MM-dd";

    public static string Date(DateOnly? date) => date?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? string.Empty;

    public static Timestamp Time(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static Money Fen(long fen) => new() { Fen = fen };

    public static OrganisationRef Organisation(string path) => new() { Code = OrganisationPath.Code(path), Path = path };

    public static AuditStamp Audit(DateTime createdAt, string createdBy, DateTime updatedAt, string updatedBy) => new()
    {
        CreatedAt = Time(createdAt),
        CreatedBy = createdBy,
        UpdatedAt = Time(updatedAt),
        UpdatedBy = updatedBy,
    };

    public static Dto.ProjectApplication ToDto(this Domain.Project p) => new()
    {
        ProjectId = p.Id.ToString(),
        RoundId = p.RoundId.ToString(),
        Owner = Organisation(p.OrganisationPath),
        Funder = Organisation(p.FunderPath),
        Year = p.Year,
        Kind = (Dto.ApplicationKind)(int)p.Kind,
        Level = (Dto.ProjectLevel)(int)p.Level,
        Category = (Dto.ProjectCategory)(int)p.Category,
        Subcategory = (Dto.ProjectSubcategory)(int)p.Subcategory,
        Title = p.Title,
        Background = p.Background,
        Content = new Dto.ProjectContent
        {
            ServedGroups = p.Content.ServedGroups,
            ServiceMethod = p.Content.ServiceMethod,
            Targets = p.Content.Targets,
            Standards = p.Content.Standards,
            Scope = p.Content.Scope,
        },
        Milestones = { p.Milestones.OrderBy(m => m.Number).Select(ToDto) },
        Budget = { p.Budget.OrderBy(l => l.Source).Select(l => new Dto.BudgetLine { Source = (FundSource)(int)l.Source, Amount = Fen(l.AmountFen) }) },
        Total = Fen(p.TotalFen),
        SubsidyRequested = Fen(p.SubsidyRequestedFen),
        Targets = new Dto.PerformanceTargets
        {
            WorkersCovered = p.Targets.WorkersCovered,
            WorkersDirectlyServed = p.Targets.WorkersDirectlyServed,
            SatisfactionPercent = p.Targets.SatisfactionPercent,
        },
        Safeguards = p.Safeguards,
        Responsibilities = { p.Responsibilities.OrderBy(r => r.Number).Select(r => new Dto.Responsibility { Role = r.Role, Person = r.Person }) },
        Contact = new Dto.Contact { Name = p.Contact.Name, Phone = p.Contact.Phone, Email = p.Contact.Email },
        Status = (Dto.ProjectStatus)(int)p.Status,
        ApprovedSubsidy = p.ApprovedSubsidyFen is { } approved ? Fen(approved) : null,
        CurrentSubsidy = p.CurrentSubsidyFen is { } current ? Fen(current) : null,
        Released = Fen(p.ReleasedFen),
        ReviewScoreCenti = p.ReviewScoreCenti,
        ReviewCount = p.ReviewCount,
        ApprovedOn = p.Status is Domain.ProjectStatus.Rejected ? string.Empty : Date(p.DecidedOn),
        RejectionReason = p.RejectionReason ?? string.Empty,
        PaperCopyReceivedOn = Date(p.PaperCopyReceivedOn),
        LaunchedOn = Date(p.LaunchedOn),
        AcceptedOn = Date(p.AcceptedOn),
        ClosedOn = Date(p.ClosedOn),
        PendingAdjustmentId = p.PendingAdjustmentId?.ToString() ?? string.Empty,
        OpenRectifications = p.OpenRectifications,
        Audit = Audit(p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy),
    };

    public static Dto.Milestone ToDto(this Domain.Milestone m) => new()
    {
        Number = m.Number,
        Description = m.Description,
        DueOn = Date(m.DueOn),
        ProgressPercent = m.ProgressPercent,
        ProgressNote = m.ProgressNote,
        CompletedOn = Date(m.CompletedOn),
    };

    public static Dto.ReviewWeights ToDto(this Domain.ReviewWeights w) => new() { Necessity = w.Necessity, Feasibility = w.Feasibility, Prospects = w.Prospects };

    public static Dto.Round ToDto(this Domain.FundingRound r) => new()
    {
        RoundId = r.Id.ToString(),
        Funder = Organisation(r.FunderPath),
        Year = r.Year,
        Kind = (Dto.ApplicationKind)(int)r.Kind,
        DueOn = Date(r.DueOn),
        EmergencyEvent = r.EmergencyEvent ?? string.Empty,
        Title = r.Title,
        Reviewers = { r.Reviewers.Select(v => new Dto.Reviewer { Subject = v.Subject, Name = v.Name, OrganisationPath = v.OrganisationPath }) },
        Weights = r.Weights.ToDto(),
        Audit = Audit(r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.UpdatedBy),
    };

    public static Dto.FunderRules ToDto(this Domain.FunderRules r) => new()
    {
        FunderPath = r.FunderPath,
        SubsidyCapPercent = r.SubsidyCapPercent ?? 0,
        LaunchTranchePercent = r.LaunchTranchePercent,
        MidTermDue = $"{r.MidTermDueMonth:00}-{r.MidTermDueDay:00}",
        AdjustmentFilingPercent = r.AdjustmentFilingPercent,
        ReviewWeights = r.ReviewWeights.ToDto(),
        SpotCheckPercent = r.SpotCheckPercent,
        Audit = Audit(r.UpdatedAt, r.UpdatedBy, r.UpdatedAt, r.UpdatedBy),
    };

    public static Dto.Signature ToDto(this Domain.Signature s) => new()
    {
        Level = (Dto.SignatureLevel)(int)s.Level,
        SignerName = s.SignerName,
        SignedBy = s.SignedBy,
        SignedAt = Time(s.SignedAt),
        Opinion = s.Opinion,
    };
}
