using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
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

/// <summary>
/// Thin handlers for ProjectSupervision (supervision.proto): inspections and their rectification
/// items, spot checks, and projects at risk of not using their subsidy within the year
/// (000_001fd36b94af060d.txt §四(二)3 督导检查, §四(三) 资金监管).
/// </summary>
public sealed partial class ProjectSupervisionService(ProjectsDbContext db, CallerContext caller, TimeProvider clock)
    : ProjectSupervision.ProjectSupervisionBase
{
    public const int MaxFindings = 50;

    public override async Task<Inspection> RecordInspection(RecordInspectionRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var spotCheck = request.Kind == InspectionKind.SpotCheck;
        var validator = new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Enum("kind", request.Kind)
            .Date("inspected_on", request.InspectedOn, required: true, out var inspectedOn)
            .RequiredText("inspectors", request.Inspectors, 200)
            .RequiredText("summary", request.Summary, 2000)
            .Check(request.Findings.Count <= MaxFindings, "findings", "TOO_MANY", $"发现的问题不能超过{MaxFindings}项");
        if (spotCheck) validator.Id("spot_check_id", request.SpotCheckId);
        else validator.Check(string.IsNullOrEmpty(request.SpotCheckId), "spot_check_id", "ONLY_FOR_SPOT_CHECK", "只有抽查才关联抽查批次");
        validator.Check(inspectedOn is null || inspectedOn <= clock.Today(), "inspected_on", "DATE_IN_FUTURE", "检查日期不能晚于今天");
        var findings = new List<(string, DateOnly)>();
        for (var i = 0; i < request.Findings.Count; i++)
        {
            validator.RequiredText($"findings[{i}].description", request.Findings[i].Description, 1000)
                .Date($"findings[{i}].rectify_by", request.Findings[i].RectifyBy, required: true, out var due);
            if (due is { } d) findings.Add((request.Findings[i].Description, d));
        }
        validator.ThrowIfInvalid();

        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: true, context.CancellationToken);
        // 上级督导 and 抽查 are a higher union's checks; the applicant records only its own self-inspection.
        if (request.Kind != InspectionKind.Self && !caller.IsSystem && caller.OrganisationPath == project.OrganisationPath)
            UnionErrors.PermissionDenied("NOT_A_HIGHER_UNION", "督导检查和抽查须由上级工会记录");
        Domain.SpotCheck? draw = null;
        if (spotCheck)
        {
            // The draw is the drawing union's record: only it (and those above it) can cite it.
            var drawId = Guid.Parse(request.SpotCheckId);
            draw = await db.SpotChecks.AsNoTracking().FirstOrDefaultAsync(s => s.Id == drawId, context.CancellationToken);
            if (draw is null) UnionErrors.NotFound("SPOT_CHECK_NOT_FOUND", "未找到该抽查批次");
        }
        var (inspection, items) = Domain.Inspection.Record(project, (Domain.InspectionKind)(int)request.Kind, inspectedOn!.Value,
            request.Inspectors, request.Summary, draw, findings, caller.Subject, clock.UtcNowForStorage());
        db.Inspections.Add(inspection);
        foreach (var item in items)
        {
            db.Rectifications.Add(item);
            db.Publish(ProjectEvents.RectificationOpened(item), project.OrganisationPath);
        }
        await db.SaveChangesAsync(context.CancellationToken);
        return inspection.ToDto(items, clock.Today());
    }

    public override async Task<ListInspectionsResponse> ListInspections(ListInspectionsRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("project_id", request.ProjectId).ThrowIfInvalid();
        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: false, context.CancellationToken);
        var inspections = await db.Inspections.AsNoTracking().Where(i => i.ProjectId == project.Id)
            .OrderBy(i => i.InspectedOn).ThenBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync(context.CancellationToken);
        var items = await db.Rectifications.AsNoTracking()
            .Where(r => r.ProjectId == project.Id && r.Source == Domain.RectificationSource.Inspection).ToListAsync(context.CancellationToken);
        var today = clock.Today();
        return new ListInspectionsResponse { Inspections = { inspections.Select(i => i.ToDto(items.Where(r => r.SourceId == i.Id), today)) } };
    }

    /// <summary>
    /// A spot check is a decision about whom to inspect, so approvers and administrators draw it
    /// ("省总工会将适时对实施中的项目进行抽查", 000_001fd36b94af060d.txt §四(二)3; a city may check its
    /// own funded projects the same way). Auditors read the draw and recompute it from its seed.
    /// </summary>
    public override async Task<SpotCheck> DrawSpotCheck(DrawSpotCheckRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Deciders);
        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Range("percent", request.Percent, 0, 100);
        if (request.Year != 0) validator.Year("year", request.Year);
        validator.ThrowIfInvalid();

        var path = Ownership.Resolve(caller, request.OrganisationPath);
        var year = request.Year == 0 ? clock.Today().Year : request.Year;
        var percent = request.Percent == 0 ? (await db.RulesOfAsync(path, context.CancellationToken)).SpotCheckPercent : request.Percent;
        var seed = request.Seed == 0 ? FreshSeed() : request.Seed;
        // Running projects funded within the organisation; the tenancy filter (owner within the
        // caller's subtree) holds them all, since an owner lies below its funder.
        var population = await db.Projects.AsNoTracking()
            .Where(p => p.Year == year && p.Status == Domain.ProjectStatus.Launched)
            .Where(OrganisationPath.InSubtree<Domain.Project>(p => p.FunderPath, path))
            .Select(p => p.Id).ToListAsync(context.CancellationToken);
        var draw = Domain.SpotCheck.Draw(path, year, percent, seed, population, caller.Subject, clock.UtcNowForStorage());
        db.SpotChecks.Add(draw);
        await db.SaveChangesAsync(context.CancellationToken);
        return draw.ToDto();
    }

    public override async Task<SpotCheck> GetSpotCheck(GetSpotCheckRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("spot_check_id", request.SpotCheckId).ThrowIfInvalid();
        var id = Guid.Parse(request.SpotCheckId);
        var draw = await db.SpotChecks.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, context.CancellationToken);
        if (draw is null) UnionErrors.NotFound("SPOT_CHECK_NOT_FOUND", "未找到该抽查批次");
        return draw.ToDto();
    }

    public override async Task<Rectification> CloseRectification(CloseRectificationRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var validator = new RequestValidator()
            .Id("rectification_id", request.RectificationId)
            .Date("closed_on", request.ClosedOn, required: true, out var closedOn)
            .RequiredText("resolution", request.Resolution, 1000);
        validator.Check(closedOn is null || closedOn <= clock.Today(), "closed_on", "DATE_IN_FUTURE", "销号日期不能晚于今天");
        validator.ThrowIfInvalid();

        var id = Guid.Parse(request.RectificationId);
        var item = await db.Rectifications.FirstOrDefaultAsync(r => r.Id == id, context.CancellationToken);
        if (item is null) UnionErrors.NotFound("RECTIFICATION_NOT_FOUND", "未找到该整改事项");
        var project = await ProjectQueries.FindAsync(db, item.ProjectId, tracked: true, context.CancellationToken);
        var late = item.Close(project, closedOn!.Value, request.Resolution, caller.Subject, clock.UtcNowForStorage());
        db.Publish(ProjectEvents.RectificationClosed(item, late), project.OrganisationPath);
        await db.SaveChangesAsync(context.CancellationToken);
        return item.ToDto(clock.Today());
    }

    public override async Task<ListRectificationsResponse> ListRectifications(ListRectificationsRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        var validator = new RequestValidator().OrganisationPathOrEmpty("organisation_path", request.OrganisationPath);
        if (!string.IsNullOrEmpty(request.ProjectId)) validator.Id("project_id", request.ProjectId);
        validator.ThrowIfInvalid();

        // The tenancy filter keeps every item within the caller's subtree whatever is asked.
        var query = db.Rectifications.AsNoTracking();
        if (!string.IsNullOrEmpty(request.ProjectId))
        {
            var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: false, context.CancellationToken);
            query = query.Where(r => r.ProjectId == project.Id);
        }
        else if (!string.IsNullOrEmpty(request.OrganisationPath))
        {
            query = query.Where(OrganisationPath.InSubtree<Domain.Rectification>(r => r.OrganisationPath, request.OrganisationPath));
        }
        var today = clock.Today();
        if (request.OpenOnly || request.OverdueOnly) query = query.Where(r => r.ClosedOn == null);
        if (request.OverdueOnly) query = query.Where(r => r.DueOn < today);
        var items = await query.OrderBy(r => r.DueOn).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(context.CancellationToken);
        return new ListRectificationsResponse { Rectifications = { items.Select(r => r.ToDto(today)) } };
    }

    /// <summary>
    /// "项目资金必须…在年度内及时有效使用完毕" (000_001fd36b94af060d.txt §四(三)): from 1 November of the
    /// year the running projects still holding released subsidy not reported spent. Before then the list is empty.
    /// </summary>
    public override async Task<ListAtRiskProjectsResponse> ListAtRiskProjects(ListAtRiskProjectsRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        var validator = new RequestValidator().OrganisationPathOrEmpty("organisation_path", request.OrganisationPath);
        if (request.Year != 0) validator.Year("year", request.Year);
        validator.ThrowIfInvalid();

        var today = clock.Today();
        var year = request.Year == 0 ? today.Year : request.Year;
        var response = new ListAtRiskProjectsResponse();
        if (today < Domain.Project.AtRiskFrom(year)) return response;

        var query = db.Projects.AsNoTracking().Where(p => p.Year == year && p.ReleasedFen > 0
            && (p.Status == Domain.ProjectStatus.Launched || p.Status == Domain.ProjectStatus.Accepted));
        if (!string.IsNullOrEmpty(request.OrganisationPath))
        {
            query = query.Where(OrganisationPath.InSubtree<Domain.Project>(p => p.OrganisationPath, request.OrganisationPath));
        }
        var candidates = await query.OrderBy(p => p.FunderPath).ThenBy(p => p.OrganisationPath).ThenBy(p => p.Id).ToListAsync(context.CancellationToken);
        foreach (var p in candidates.Where(p => p.IsAtRisk(today)))
        {
            response.Projects.Add(new AtRiskProject
            {
                Project = p.ToDto(),
                Released = ProjectMapping.Fen(p.ReleasedFen),
                SpentSubsidy = ProjectMapping.Fen(p.SpentSubsidyFen ?? 0),
                Unused = ProjectMapping.Fen(p.UnusedSubsidyFen),
            });
        }
        return response;
    }

    /// <summary>A fresh positive seed from the system's cryptographic generator: nobody chooses whom the draw picks.</summary>
    private static long FreshSeed()
    {
        long seed;
        do seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long))) & long.MaxValue;
        while (seed == 0);
        return seed;
    }
}
