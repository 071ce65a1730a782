using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Projects.V1;
using Union.Projects.Exchange;
using Union.Projects.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Time;
using Union.Shared.Validation;
using Domain = Union.Projects.Domain;

namespace Union.Projects.Grpc;

/// <summary>
/// Thin handlers for ProjectExchange: the workbooks unions still print, sign, stamp and mail. The
/// library export selects exactly what ListProjects lists (same filter, same tenancy, same order),
/// all pages at once; a form export lays out one project's form like the seed's paper form.
/// </summary>
public sealed partial class ProjectExchangeService(ProjectsDbContext db, CallerContext caller, TimeProvider clock)
    : ProjectExchange.ProjectExchangeBase
{
    public override async Task<ExportedWorkbook> ExportProjectLibrary(ExportProjectLibraryRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        var filter = request.Filter ?? new ListProjectsRequest();
        var (query, _, validator) = ProjectQueries.Filter(db, caller, filter);
        // The filter's fields sit under "filter" in this request.
        var violations = new RequestValidator();
        foreach (var v in validator.Violations) violations.Add($"filter.{v.Field}", v.Reason, v.Description);
        violations.ThrowIfInvalid();

        // Every page: the page size and token of the filter are ignored, the size is capped instead.
        var count = await query.CountAsync(context.CancellationToken);
        if (count > LibraryWorkbook.MaxRows)
            UnionErrors.InvalidArgument("filter", "EXPORT_TOO_LARGE",
                $"符合条件的项目有{count}个，一次最多导出{LibraryWorkbook.MaxRows}个，请缩小筛选范围（如按年度、组织、状态）");
        var rows = await query
            .OrderByDescending(p => p.Year).ThenBy(p => p.FunderPath).ThenBy(p => p.OrganisationPath).ThenBy(p => p.Id)
            .Select(p => new LibraryRow(p.Id, p.OrganisationPath, p.FunderPath, p.Year, p.Kind, p.Level, p.Category, p.Subcategory, p.Title,
                p.TotalFen, p.SubsidyRequestedFen, p.ApprovedSubsidyFen, p.CurrentSubsidyFen, p.ReleasedFen, p.ReviewScoreCenti, p.ReviewCount,
                p.Status, p.PaperCopyReceivedOn, p.LaunchedOn, p.AcceptedOn, p.ClosedOn))
            .Take(LibraryWorkbook.MaxRows)
            .ToListAsync(context.CancellationToken);

        var workbook = LibraryWorkbook.Write(rows);
        if (workbook.Length > LibraryWorkbook.MaxWorkbookBytes)
            UnionErrors.InvalidArgument("filter", "EXPORT_TOO_LARGE", "导出文件过大，请缩小筛选范围（如按年度、组织、状态）分批导出");
        // Who took which part of the library out of the platform, for the auditor.
        db.Audit("EXPORT", "ProjectLibraryWorkbook", string.Empty,
            string.IsNullOrEmpty(filter.OrganisationPath) ? caller.OrganisationPath : filter.OrganisationPath, $"{rows.Count} projects");
        await db.SaveChangesAsync(context.CancellationToken);
        return new ExportedWorkbook
        {
            Workbook = ByteString.CopyFrom(workbook),
            FileName = $"帮扶项目库-{ExchangeText.Date(clock.Today())}.xlsx",
            Rows = rows.Count,
        };
    }

    public override async Task<ExportedWorkbook> ExportProjectForm(ExportProjectFormRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        var validator = new RequestValidator().Id("project_id", request.ProjectId).Enum("form", request.Form);
        if (!string.IsNullOrEmpty(request.FormId)) validator.Id("form_id", request.FormId);
        validator.ThrowIfInvalid();

        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: false, context.CancellationToken);
        Domain.FormKind? kind = request.Form switch
        {
            ExportedForm.Launch => Domain.FormKind.Launch,
            ExportedForm.MidTerm => Domain.FormKind.MidTerm,
            ExportedForm.Acceptance => Domain.FormKind.Acceptance,
            _ => null,
        };
        FormSheet sheet;
        if (kind is not { } formKind)
        {
            sheet = FormLayouts.Application(project);
        }
        else
        {
            var form = await FindFormAsync(project.Id, formKind, request.FormId, context.CancellationToken);
            sheet = formKind switch
            {
                Domain.FormKind.Launch => FormLayouts.Launch(project, form),
                Domain.FormKind.MidTerm => FormLayouts.MidTerm(project, form, await LaunchEndsOnAsync(project.Id, context.CancellationToken)),
                _ => FormLayouts.Acceptance(project, form, await LaunchEndsOnAsync(project.Id, context.CancellationToken)),
            };
        }

        var name = FormLayouts.Name(kind);
        db.Audit("EXPORT", "ProjectFormWorkbook", project.Id.ToString(), project.OrganisationPath, name);
        await db.SaveChangesAsync(context.CancellationToken);
        return new ExportedWorkbook
        {
            Workbook = ByteString.CopyFrom(FormWorkbook.Write(sheet, name)),
            FileName = ExchangeText.FileName(project.Title, name),
            Rows = sheet.Lines.Count + 1,
        };
    }

    /// <summary>The given form of the project, or its latest of the kind; NotFound when there is none.</summary>
    private async Task<Domain.ProjectForm> FindFormAsync(Guid projectId, Domain.FormKind kind, string formId, CancellationToken cancellationToken)
    {
        var forms = db.Forms.AsNoTracking().Where(f => f.ProjectId == projectId && f.Kind == kind);
        if (!string.IsNullOrEmpty(formId))
        {
            var id = Guid.Parse(formId);
            forms = forms.Where(f => f.Id == id);
        }
        var form = await forms.OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id).FirstOrDefaultAsync(cancellationToken);
        if (form is null) UnionErrors.NotFound("FORM_NOT_FOUND", $"未找到该项目的{FormLayouts.Name(kind)}");
        return form;
    }

    /// <summary>项目结束时间 of the mid-term and acceptance forms: from the launch form that started the project.</summary>
    private async Task<DateOnly?> LaunchEndsOnAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var launches = await db.Forms.AsNoTracking()
            .Where(f => f.ProjectId == projectId && f.Kind == Domain.FormKind.Launch)
            .ToListAsync(cancellationToken);
        return launches
            .OrderByDescending(f => f.Status == Domain.FormStatus.Accepted).ThenByDescending(f => f.CreatedAt)
            .FirstOrDefault()?.Launch?.EndsOn;
    }
}
