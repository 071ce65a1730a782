using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Projects.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using Domain = Union.Projects.Domain;

namespace Union.Projects.Grpc;

/// <summary>
/// Thin handlers for implementation: the forms (ProjectFormsHandlers.cs), milestones, the overdue
/// mid-term list, adjustments (ProjectAdjustmentsHandlers.cs) and worker surveys (ProjectSurveysHandlers.cs).
/// </summary>
public sealed partial class ProjectImplementationService(ProjectsDbContext db, CallerContext caller, TimeProvider clock)
    : ProjectImplementation.ProjectImplementationBase
{
    public const int MaxMilestones = 100;

    /// <summary>推进方案: the applicant records how far a milestone has come while the project runs.</summary>
    public override async Task<ProjectApplication> RecordMilestoneProgress(RecordMilestoneProgressRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var validator = new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Range("number", request.Number, 1, MaxMilestones)
            .Range("progress_percent", request.ProgressPercent, 0, 100)
            .MaxLength("progress_note", request.ProgressNote, 500)
            .Date("completed_on", request.CompletedOn, required: request.ProgressPercent == 100, out var completedOn);
        validator.Check(completedOn is null || completedOn <= clock.Today(), "completed_on", "DATE_IN_FUTURE", "完成日期不能晚于今天");
        validator.ThrowIfInvalid();

        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: true, context.CancellationToken);
        RequireApplicant(project);
        project.RecordMilestoneProgress(request.Number, request.ProgressPercent, request.ProgressNote ?? string.Empty, completedOn,
            caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(context.CancellationToken);
        return project.ToDto();
    }

    /// <summary>
    /// 中期推进情况表 due by the funder's date ("每年度8月中旬前", 001_ab13bea91fa8b22f.txt 第五条(八)): the
    /// launched projects of the year whose funder's due date has passed and that have not reported.
    /// Kept simple on purpose: a project has reported once a mid-term form of it is fully signed
    /// (waiting for the funder) or accepted; the date it was filed is not compared with the due date,
    /// and a form still collecting signatures or sent back does not count.
    /// </summary>
    public override async Task<ListProjectsResponse> ListOverdueMidTermReports(ListOverdueMidTermReportsRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        var page = request.Page ?? new PageRequest();
        var validator = new RequestValidator()
            .Range("page.page_size", page.PageSize, 0, ProjectQueries.MaxPageSize)
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath);
        if (request.Year != 0) validator.Year("year", request.Year);
        if (!string.IsNullOrEmpty(page.PageToken))
            validator.Check(int.TryParse(page.PageToken, out var offset) && offset >= 0, "page.page_token", "INVALID_PAGE_TOKEN", "分页标记无效");
        validator.ThrowIfInvalid();

        var today = clock.Today();
        var year = request.Year == 0 ? today.Year : request.Year;
        var query = db.Projects.AsNoTracking().Where(p => p.Year == year && p.Status == Domain.ProjectStatus.Launched);
        if (!string.IsNullOrEmpty(request.OrganisationPath))
        {
            query = query.Where(OrganisationPath.InSubtree<Domain.Project>(p => p.OrganisationPath, request.OrganisationPath));
        }

        // Each funder sets its own due date: keep the funders whose date is behind us.
        var funders = await query.Select(p => p.FunderPath).Distinct().ToListAsync(context.CancellationToken);
        var due = new List<string>();
        foreach (var funder in funders)
        {
            var rules = await db.RulesOfAsync(funder, context.CancellationToken);
            if (today > rules.MidTermDueOn(year)) due.Add(funder);
        }
        query = query.Where(p => due.Contains(p.FunderPath)
            && !db.Forms.Any(f => f.ProjectId == p.Id && f.Kind == Domain.FormKind.MidTerm
                && (f.Status == Domain.FormStatus.Signed || f.Status == Domain.FormStatus.Accepted)));

        var (rows, response) = await ProjectQueries.PageAsync(query, page.PageSize == 0 ? ProjectQueries.DefaultPageSize : page.PageSize,
            page.PageToken, context.CancellationToken);
        return new ListProjectsResponse { Projects = { rows.Select(p => p.ToDto()) }, Page = response };
    }

    /// <summary>
    /// What the applicant itself decides or reports (milestones, adjustments by its own meeting) is
    /// recorded by the applicant's staff, not by the funder that can also read the project.
    /// </summary>
    private void RequireApplicant(Domain.Project project)
    {
        if (!caller.IsSystem && !OrganisationPath.Covers(project.OrganisationPath, caller.OrganisationPath!))
            UnionErrors.PermissionDenied("NOT_THE_APPLICANT", "此操作须由项目申报单位办理");
    }
}
