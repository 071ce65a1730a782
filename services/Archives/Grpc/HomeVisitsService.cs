using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Persistence;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Shared.Auth;
using Union.Shared.Time;
using Union.Shared.Validation;
using Household = Union.Archives.Domain.Household;
using DomainVisit = Union.Archives.Domain.HomeVisit;
using DomainVisitKind = Union.Archives.Domain.VisitKind;

namespace Union.Archives.Grpc;

/// <summary>
/// Thin RPC handlers for home visits (走访) and the yearly campaigns (004_f7c3dcaac4584c61.txt:
/// 三、四月份对在档困难职工走访全覆盖; 九、十月及时更新档案信息).
/// </summary>
public sealed class HomeVisitsService(ArchivesDbContext db, HouseholdCache cache, CallerContext caller, TimeProvider clock)
    : HomeVisits.HomeVisitsBase
{
    public const int MaxVisitors = 10;
    public const int MaxVisitorLength = 50;
    public const int MaxFindingsLength = 2000;

    public override async Task<HomeVisit> RecordVisit(RecordVisitRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole(DynamicManagementAccess.Keepers);
        var today = clock.Today();
        var visitedOn = HouseholdMapping.ParseDate(request.VisitedOn);
        var nextDueOn = HouseholdMapping.ParseDate(request.NextDueOn);

        var validator = new RequestValidator()
            .Id("household_id", request.HouseholdId)
            .Enum("kind", request.Kind)
            .MaxLength("findings", request.Findings, MaxFindingsLength);
        if (string.IsNullOrWhiteSpace(request.VisitedOn)) validator.Required("visited_on", request.VisitedOn);
        else if (visitedOn is not { } visited) validator.Add("visited_on", "INVALID_DATE", "日期格式应为 YYYY-MM-DD");
        else
        {
            validator.Check(visited <= today, "visited_on", "DATE_IN_FUTURE", "走访日期不能晚于今天")
                .Check(visited.Year >= 2000, "visited_on", "OUT_OF_RANGE", "走访日期不能早于2000年");
        }
        if (!string.IsNullOrEmpty(request.NextDueOn))
        {
            if (nextDueOn is null) validator.Add("next_due_on", "INVALID_DATE", "日期格式应为 YYYY-MM-DD");
            else if (visitedOn is { } visited2)
                validator.Check(nextDueOn > visited2, "next_due_on", "NOT_AFTER_VISIT", "下次走访日期应晚于本次走访日期");
        }
        ValidateVisitors(validator, request.Visitors);
        validator.ThrowIfInvalid();

        var household = await db.WholeHouseholds.FirstOrDefaultAsync(h => h.Id == Guid.Parse(request.HouseholdId), context.CancellationToken);
        caller.EnsureSees(household);

        var visit = household.RecordVisit(visitedOn!.Value, (DomainVisitKind)(int)request.Kind, request.Visitors, request.Findings,
            nextDueOn, request.HouseholdNotified, caller.Subject, clock.UtcNowForStorage());
        // In the visit's own transaction (outbox): evaluation counts campaign visits from it (002 指标8).
        db.Publish(new HouseholdVisited
        {
            VisitId = visit.Id.ToString(),
            HouseholdId = household.Id.ToString(),
            VisitedOn = HouseholdMapping.Format(visit.VisitedOn),
            VisitKind = Household.ScreamingSnake(visit.Kind),
        }, household.OrganisationPath);
        await db.SaveChangesAsync(context.CancellationToken);
        await cache.InvalidateAsync(household.Id, context.CancellationToken);
        return ToDto(visit);
    }

    public override async Task<ListVisitsResponse> ListVisits(ListVisitsRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().Id("household_id", request.HouseholdId).ThrowIfInvalid();

        var id = Guid.Parse(request.HouseholdId);
        var household = await db.Households.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, context.CancellationToken);
        caller.EnsureSees(household);

        var visits = await db.Visits.AsNoTracking().Where(v => v.HouseholdId == id).ToListAsync(context.CancellationToken);
        return new ListVisitsResponse
        {
            // Newest first: by the day of the visit, then by when it was entered.
            Visits = { visits.OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Select(ToDto) },
        };
    }

    private static void ValidateVisitors(RequestValidator validator, IReadOnlyList<string> visitors)
    {
        if (!visitors.Any(v => !string.IsNullOrWhiteSpace(v)))
        {
            validator.Add("visitors", "REQUIRED", "至少填写一名走访人员");
            return;
        }
        validator.Check(visitors.Count <= MaxVisitors, "visitors", "TOO_MANY", $"走访人员不能超过{MaxVisitors}名");
        for (var i = 0; i < visitors.Count && i < MaxVisitors; i++)
        {
            var field = $"visitors[{i}]";
            var name = visitors[i];
            if (string.IsNullOrWhiteSpace(name)) validator.Required(field, name);
            else
            {
                validator.MaxLength(field, name.Trim(), MaxVisitorLength)
                    .Check(!name.Any(char.IsControl), field, "INVALID_CHARACTERS", "姓名不能包含换行等控制字符");
            }
        }
    }

    internal static HomeVisit ToDto(DomainVisit v) => new()
    {
        VisitId = v.Id.ToString(),
        HouseholdId = v.HouseholdId.ToString(),
        VisitedOn = HouseholdMapping.Format(v.VisitedOn),
        Kind = (VisitKind)(int)v.Kind,
        Visitors = { v.Visitors },
        Findings = v.Findings,
        NextDueOn = HouseholdMapping.Format(v.NextDueOn),
        HouseholdNotified = v.HouseholdNotified,
        Audit = new AuditStamp
        {
            CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(v.CreatedAt, DateTimeKind.Utc)),
            CreatedBy = v.CreatedBy,
            UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(v.CreatedAt, DateTimeKind.Utc)),
            UpdatedBy = v.CreatedBy,
        },
    };
}
