using Domain = Union.Projects.Domain;
using Dto = Union.Contracts.Projects.V1;

namespace Union.Projects.Grpc;

/// <summary>Domain → contract for supervision and closing. Enums share their numbers with the proto enums.</summary>
public static class SupervisionMapping
{
    /// <summary>An item as of <paramref name="today"/> (Beijing): overdue is computed, never stored.</summary>
    public static Dto.Rectification ToDto(this Domain.Rectification r, DateOnly today) => new()
    {
        RectificationId = r.Id.ToString(),
        ProjectId = r.ProjectId.ToString(),
        Source = (Dto.RectificationSource)(int)r.Source,
        SourceId = r.SourceId.ToString(),
        Finding = r.Finding,
        OpenedOn = ProjectMapping.Date(r.OpenedOn),
        DueOn = ProjectMapping.Date(r.DueOn),
        Closed = r.IsClosed,
        ClosedOn = ProjectMapping.Date(r.ClosedOn),
        Resolution = r.Resolution ?? string.Empty,
        Overdue = r.IsOverdue(today),
    };

    public static Dto.Inspection ToDto(this Domain.Inspection i, IEnumerable<Domain.Rectification> items, DateOnly today) => new()
    {
        InspectionId = i.Id.ToString(),
        ProjectId = i.ProjectId.ToString(),
        Kind = (Dto.InspectionKind)(int)i.Kind,
        InspectedOn = ProjectMapping.Date(i.InspectedOn),
        Inspectors = i.Inspectors,
        Summary = i.Summary,
        // The same order as ListRectifications: soonest due first.
        Rectifications = { items.OrderBy(r => r.DueOn).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => r.ToDto(today)) },
        SpotCheckId = i.SpotCheckId?.ToString() ?? string.Empty,
        Audit = ProjectMapping.Audit(i.CreatedAt, i.CreatedBy, i.CreatedAt, i.CreatedBy),
    };

    public static Dto.SpotCheck ToDto(this Domain.SpotCheck s) => new()
    {
        SpotCheckId = s.Id.ToString(),
        Year = s.Year,
        OrganisationPath = s.OrganisationPath,
        Percent = s.Percent,
        Seed = s.Seed,
        Population = s.Population,
        ProjectIds = { s.ProjectIds.Select(id => id.ToString()) },
        DrawnAt = ProjectMapping.Time(s.DrawnAt),
        DrawnBy = s.DrawnBy,
    };

    /// <summary>Every kind of document, present or missing, so a screen can show the whole checklist.</summary>
    public static Dto.ProjectArchive ArchiveDto(this Domain.Project p)
    {
        var dto = new Dto.ProjectArchive { ProjectId = p.Id.ToString() };
        foreach (var kind in Enum.GetValues<Domain.ArchiveDocumentKind>())
        {
            var document = p.Archive.FirstOrDefault(d => d.Kind == kind);
            dto.Documents.Add(document is null
                ? new Dto.ArchiveDocument { Kind = (Dto.ArchiveDocumentKind)(int)kind }
                : new Dto.ArchiveDocument
                {
                    Kind = (Dto.ArchiveDocumentKind)(int)kind,
                    Present = document.Present,
                    Reference = document.Reference,
                    RecordedAt = ProjectMapping.Time(document.RecordedAt),
                    RecordedBy = document.RecordedBy,
                });
        }
        if (p.FinalAccounts is { } f)
            dto.FinalAccounts = new Dto.FinalAccounts
            {
                SpentTotal = ProjectMapping.Fen(f.SpentTotalFen),
                SpentSubsidy = ProjectMapping.Fen(f.SpentSubsidyFen),
                ReturnedSubsidy = ProjectMapping.Fen(f.ReturnedSubsidyFen),
                ReportReference = f.ReportReference,
                ReportedOn = ProjectMapping.Date(f.ReportedOn),
            };
        var missing = p.MissingDocuments;
        dto.Missing.AddRange(missing.Select(k => (Dto.ArchiveDocumentKind)(int)k));
        dto.Complete = missing.Count == 0 && p.FinalAccounts is not null;
        return dto;
    }
}
