using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Projects.Messaging;
using Union.Projects.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using Domain = Union.Projects.Domain;

namespace Union.Projects.Grpc;

/// <summary>Thin handlers for the application and the library: validate, call the domain, save, map.</summary>
public sealed class ProjectApplicationsService(ProjectsDbContext db, CallerContext caller, TimeProvider clock)
    : ProjectApplications.ProjectApplicationsBase
{
    public override async Task<ProjectApplication> CreateProjectApplication(CreateProjectApplicationRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var validator = ApplicationValidation.Validate(request, out var milestones);
        validator.ThrowIfInvalid();

        var owner = Ownership.Resolve(caller, request.OrganisationPath);
        var roundId = Guid.Parse(request.RoundId);
        // Rounds are the funder's, outside the applicant's subtree: read past the tenancy filter,
        // then let the domain check that this round's funder is the applicant's parent.
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, context.CancellationToken);
        if (round is null || !OrganisationPath.Covers(round.FunderPath, owner))
            UnionErrors.NotFound("ROUND_NOT_FOUND", "未找到该申报批次");
        var rules = await db.RulesOfAsync(round.FunderPath, context.CancellationToken);

        // The funder's cap is a rule about one field: answer it as that field's violation.
        var total = request.Budget.Sum(l => l.Amount.Fen);
        if (Domain.Project.SubsidyViolation(rules, total, request.SubsidyRequested.Fen) is { } violation)
            UnionErrors.InvalidArgument("subsidy_requested", violation.Code, violation.Message);

        var project = Domain.Project.Submit(new Domain.ProjectApplicationDraft(
            owner,
            (Domain.ProjectLevel)(int)request.Level,
            (Domain.ProjectCategory)(int)request.Category,
            (Domain.ProjectSubcategory)(int)request.Subcategory,
            request.Title,
            request.Background,
            new Domain.ProjectContent(request.Content.ServedGroups.Trim(), request.Content.ServiceMethod.Trim(), request.Content.Targets.Trim(),
                request.Content.Standards.Trim(), request.Content.Scope.Trim()),
            milestones,
            request.Budget.Select(l => new Domain.BudgetLine((Domain.FundSource)(int)l.Source, l.Amount.Fen)).ToList(),
            request.SubsidyRequested.Fen,
            new Domain.PerformanceTargets(request.Targets.WorkersCovered, request.Targets.WorkersDirectlyServed, request.Targets.SatisfactionPercent),
            request.Safeguards,
            request.Responsibilities.Select(r => (r.Role, r.Person)).ToList(),
            new Domain.ProjectContact(request.Contact.Name.Trim(), request.Contact.Phone.Trim(), request.Contact.Email.Trim())),
            round, rules, caller.Subject, clock.UtcNowForStorage(), clock.Today());

        var existing = await FindSameRoundAsync(project, context.CancellationToken);
        if (existing is not null) RefuseDuplicate(existing.Value);

        db.Add(project);
        db.Publish(ProjectEvents.Submitted(project), owner);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race with an application for the same round filed a moment ago: the unique
            // index refused this one. Inside a caller's transaction EF rolled back to its savepoint,
            // so the winner can still be read.
            var winner = await FindSameRoundAsync(project, CancellationToken.None);
            if (winner is not null) RefuseDuplicate(winner.Value);
            throw;
        }
        return project.ToDto();
    }

    public override async Task<ProjectApplication> GetProjectApplication(GetProjectApplicationRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("project_id", request.ProjectId).ThrowIfInvalid();
        return (await ProjectQueries.FindForReaderAsync(db, caller, Guid.Parse(request.ProjectId), context.CancellationToken)).ToDto();
    }

    public override async Task<ListProjectsResponse> ListProjects(ListProjectsRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        var (query, size, validator) = ProjectQueries.Filter(db, caller, request);
        validator.ThrowIfInvalid();
        var (rows, page) = await ProjectQueries.PageAsync(query, size, request.Page?.PageToken, context.CancellationToken);
        return new ListProjectsResponse { Projects = { rows.Select(p => p.ToDto()) }, Page = page };
    }

    private async Task<Guid?> FindSameRoundAsync(Domain.Project p, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking().IgnoreQueryFilters()
            .Where(x => x.RoundId == p.RoundId && x.OrganisationPath == p.OrganisationPath && x.Category == p.Category && x.Id != p.Id)
            .Select(x => (Guid?)x.Id)
            .FirstOrDefaultAsync(cancellationToken);

    private static void RefuseDuplicate(Guid existingId) =>
        UnionErrors.AlreadyExists("PROJECT_APPLICATION_EXISTS", "本轮申报中该单位已申报过同类项目（同类项目只申报一次）",
            new Dictionary<string, string> { ["project_id"] = existingId.ToString() });
}

/// <summary>Project look-ups the handlers share; the tenancy filter answers NotFound outside the caller's subtree.</summary>
public static class ProjectQueries
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static async Task<Domain.Project> FindAsync(ProjectsDbContext db, Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var query = tracked ? db.Projects : db.Projects.AsNoTracking();
        var project = await query.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null) UnionErrors.NotFound("PROJECT_NOT_FOUND", "未找到该帮扶项目");
        return project;
    }

    /// <summary>
    /// A project for a reader: within the caller's subtree, or, for a member of its round's review
    /// committee seated from outside that subtree (an outside expert), the application they are to
    /// score. Anyone else who cannot see it learns nothing of it.
    /// </summary>
    public static async Task<Domain.Project> FindForReaderAsync(ProjectsDbContext db, CallerContext caller, Guid id, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null && caller.IsInRole(Roles.Reviewer))
        {
            var outside = await db.Projects.AsNoTracking().IgnoreQueryFilters().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            var onCommittee = outside is not null && await db.Rounds.AsNoTracking()
                .AnyAsync(r => r.Id == outside.RoundId && r.Reviewers.Any(v => v.Subject == caller.Subject), cancellationToken);
            project = onCommittee ? outside : null;
        }
        if (project is null) UnionErrors.NotFound("PROJECT_NOT_FOUND", "未找到该帮扶项目");
        return project;
    }

    /// <summary>The filtered query of a list request (without ordering), its page size and the validator holding any violation.</summary>
    public static (IQueryable<Domain.Project> Query, int Size, RequestValidator Validator) Filter(ProjectsDbContext db, CallerContext caller, ListProjectsRequest request)
    {
        var page = request.Page ?? new PageRequest();
        var validator = new RequestValidator()
            .Range("page.page_size", page.PageSize, 0, MaxPageSize)
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .OrganisationPathOrEmpty("funder_path", request.FunderPath)
            .Enums("statuses", request.Statuses, required: false);
        if (request.Year != 0) validator.Year("year", request.Year);
        if (request.Category != ProjectCategory.Unspecified) validator.Enum("category", request.Category);
        if (!string.IsNullOrEmpty(request.RoundId)) validator.Id("round_id", request.RoundId);
        if (!string.IsNullOrEmpty(page.PageToken))
            validator.Check(int.TryParse(page.PageToken, out var offset) && offset >= 0, "page.page_token", "INVALID_PAGE_TOKEN", "分页标记无效");

        var query = db.Projects.AsNoTracking();
        if (validator.Violations.Count > 0) return (query, 0, validator);
        if (!string.IsNullOrEmpty(request.OrganisationPath))
        {
            query = query.Where(OrganisationPath.InSubtree<Domain.Project>(p => p.OrganisationPath, request.OrganisationPath));
        }
        if (!string.IsNullOrEmpty(request.FunderPath)) query = query.Where(p => p.FunderPath == request.FunderPath);
        if (request.Year != 0) query = query.Where(p => p.Year == request.Year);
        if (request.Category != ProjectCategory.Unspecified)
        {
            // Converted outside the expression: EF would otherwise send the contract's number to a column stored as a name.
            var category = (Domain.ProjectCategory)(int)request.Category;
            query = query.Where(p => p.Category == category);
        }
        if (request.Statuses.Count > 0)
        {
            var statuses = request.Statuses.Select(s => (Domain.ProjectStatus)(int)s).ToList();
            query = query.Where(p => statuses.Contains(p.Status));
        }
        if (request.LibraryOnly) query = query.Where(p => LibraryStatuses.Contains(p.Status));
        if (!string.IsNullOrEmpty(request.RoundId))
        {
            var roundId = Guid.Parse(request.RoundId);
            query = query.Where(p => p.RoundId == roundId);
        }
        return (query, page.PageSize == 0 ? DefaultPageSize : page.PageSize, validator);
    }

    /// <summary>One page in a stable order (year, funder, applicant, id); the token is the next offset.</summary>
    public static async Task<(List<Domain.Project> Rows, PageResponse Page)> PageAsync(IQueryable<Domain.Project> query, int size,
        string? pageToken, CancellationToken cancellationToken)
    {
        var offset = string.IsNullOrEmpty(pageToken) ? 0 : int.Parse(pageToken, System.Globalization.CultureInfo.InvariantCulture);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(p => p.Year).ThenBy(p => p.FunderPath).ThenBy(p => p.OrganisationPath).ThenBy(p => p.Id)
            .Skip(offset).Take(size).ToListAsync(cancellationToken);
        var next = offset + rows.Count < total ? (offset + rows.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
        return (rows, new PageResponse { NextPageToken = next, TotalSize = total });
    }

    /// <summary>The project library (帮扶项目库): projects from their entry onwards.</summary>
    public static readonly Domain.ProjectStatus[] LibraryStatuses =
        [Domain.ProjectStatus.InLibrary, Domain.ProjectStatus.Launched, Domain.ProjectStatus.Accepted, Domain.ProjectStatus.Closed];
}
