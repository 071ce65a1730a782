using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Persistence;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Shared.Auth;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using DomainCategory = Union.Archives.Domain.HardshipCategory;
using Household = Union.Archives.Domain.Household;
using HouseholdDto = Union.Contracts.Archives.V1.Household;

namespace Union.Archives.Grpc;

/// <summary>
/// Thin RPC handlers for dynamic management (动态管理) and the monitoring figures (数据监测),
/// 004_f7c3dcaac4584c61.txt §三(二). Every list shows only files within the caller's subtree.
/// </summary>
public sealed class ArchiveMonitoringService(ArchivesDbContext db, HouseholdCache cache, CallerContext caller, TimeProvider clock)
    : ArchiveMonitoring.ArchiveMonitoringBase
{
    public const int DefaultStaleDays = 180;
    public const int DefaultPhaseOutDays = 30;
    public const int MaxDays = 3660;
    public const int MaxFlagReasonLength = 500;

    public override Task<ListHouseholdsResponse> ListOverdueVisits(MonitoringListRequest request, ServerCallContext context)
    {
        var today = clock.Today();
        return ListAsync(request, "overdue", days: null, q => q.OverdueVisits(today),
            q => q.OrderBy(h => h.NextVisitDueOn == null ? 0 : 1).ThenBy(h => h.NextVisitDueOn), context);
    }

    public override Task<ListHouseholdsResponse> ListStaleFiles(MonitoringListRequest request, ServerCallContext context)
    {
        var now = clock.UtcNowForStorage();
        return ListAsync(request, "stale", DefaultStaleDays, (q, days) => q.StaleSince(now.AddDays(-days)),
            q => q.OrderBy(h => h.UpdatedAt), context);
    }

    public override Task<ListHouseholdsResponse> ListPhaseOutsEnding(MonitoringListRequest request, ServerCallContext context)
    {
        var today = clock.Today();
        return ListAsync(request, "phase-outs", DefaultPhaseOutDays, (q, days) => q.PhaseOutsEndingBy(today.AddDays(days)),
            q => q.OrderBy(h => h.PhaseOutEndsOn), context);
    }

    public override Task<ListHouseholdsResponse> ListFlagged(MonitoringListRequest request, ServerCallContext context) =>
        ListAsync(request, "flagged", days: null, q => q.Flagged(), q => q.OrderByDescending(h => h.UpdatedAt), context);

    public override async Task<HouseholdDto> SetMonitoringFlags(SetMonitoringFlagsRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole(DynamicManagementAccess.Keepers);
        new RequestValidator()
            .Id("household_id", request.HouseholdId)
            .RequiredText("reason", request.Reason, MaxFlagReasonLength)
            .ThrowIfInvalid();

        var household = await db.WholeHouseholds.FirstOrDefaultAsync(h => h.Id == Guid.Parse(request.HouseholdId), context.CancellationToken);
        caller.EnsureSees(household);

        // The row change is audited by SaveChanges; the request's reason goes with it.
        caller.Reason = request.Reason.Trim();
        household.SetMonitoringFlags(request.Unstable, request.Marginal, request.RecordsMismatch, caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(context.CancellationToken);
        await cache.InvalidateAsync(household.Id, context.CancellationToken);
        return household.ToDto(clock.Today());
    }

    public override async Task<MonitoringFigures> GetMonitoringFigures(GetMonitoringFiguresRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        var today = clock.Today();
        var from = HouseholdMapping.ParseDate(request.From);
        var to = HouseholdMapping.ParseDate(request.To);
        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Check(request.From.Length == 0 || from is not null, "from", "INVALID_DATE", "日期格式应为 YYYY-MM-DD")
            .Check(request.To.Length == 0 || to is not null, "to", "INVALID_DATE", "日期格式应为 YYYY-MM-DD");
        var start = from ?? new DateOnly(today.Year, 1, 1);
        var end = to ?? today;
        if ((request.From.Length == 0 || from is not null) && (request.To.Length == 0 || to is not null))
        {
            validator.Check(start <= end, "to", "PERIOD_REVERSED", "结束日期不能早于开始日期")
                .Check(start.Year >= 2000 && end.Year <= 2100, "from", "OUT_OF_RANGE", "统计期间应在2000年至2100年之间");
        }
        validator.ThrowIfInvalid();

        var path = Ownership.Resolve(caller, request.OrganisationPath);
        var counts = await db.FiguresAsync(path, start, end, context.CancellationToken);
        return new MonitoringFigures
        {
            OrganisationPath = path,
            From = HouseholdMapping.Format(start),
            To = HouseholdMapping.Format(end),
            FilesOpened = counts.FilesOpened,
            FilesAdjusted = counts.FilesAdjusted,
            FilesExited = counts.FilesExited,
            FilesCancelled = counts.FilesCancelled,
            FilesDeArchived = counts.FilesDeArchived,
            Relapses = counts.Relapses,
            ActiveFiles = counts.ActiveFiles,
            // Every category, with zero counts too, so a table of figures has the same rows each time.
            ActiveByCategory =
            {
                counts.ActiveByCategory.Keys.Concat([DomainCategory.Deep, DomainCategory.Relative, DomainCategory.AccidentInduced])
                    .Distinct().Order()
                    .Select(c => new CategoryCount { Category = (HardshipCategory)(int)c, Count = counts.ActiveByCategory.GetValueOrDefault(c) }),
            },
            VisitCoveragePermille = counts.VisitCoveragePermille,
            MedianDaysToArchive = counts.MedianDaysToArchive,
        };
    }

    private Task<ListHouseholdsResponse> ListAsync(MonitoringListRequest request, string list, int? days,
        Func<IQueryable<Household>, IQueryable<Household>> select, Func<IQueryable<Household>, IOrderedQueryable<Household>> order,
        ServerCallContext context) =>
        ListAsync(request, list, days, (q, _) => select(q), order, context);

    private async Task<ListHouseholdsResponse> ListAsync(MonitoringListRequest request, string list, int? defaultDays,
        Func<IQueryable<Household>, int, IQueryable<Household>> select, Func<IQueryable<Household>, IOrderedQueryable<Household>> order,
        ServerCallContext context)
    {
        caller.RequireStaff();
        var validator = new RequestValidator().OrganisationPathOrEmpty("organisation_path", request.OrganisationPath);
        var page = MonitoringQueries.ReadPage(request.Page, list, out var pageProblem);
        if (pageProblem == "page.page_size") validator.Add(pageProblem, "OUT_OF_RANGE", $"每页条数应在1到{MonitoringQueries.MaxPageSize}之间");
        if (pageProblem == "page.page_token") validator.Add(pageProblem, "INVALID_PAGE_TOKEN", "分页标记无效，请从第一页重新查询");
        if (defaultDays is not null) validator.Range("days", request.Days, 0, MaxDays);
        validator.ThrowIfInvalid();

        var path = Ownership.Resolve(caller, request.OrganisationPath);
        var days = request.Days == 0 ? defaultDays ?? 0 : request.Days;
        var query = select(db.Households.AsNoTracking().InSubtree(path), days);
        var (households, total, next) = await db.PageAsync(query, order, page!, context.CancellationToken);
        var today = clock.Today();
        return new ListHouseholdsResponse
        {
            Households = { households.Select(h => h.ToDto(today)) },
            Page = new PageResponse { NextPageToken = next, TotalSize = total },
        };
    }
}
