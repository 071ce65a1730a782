using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Persistence;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using ProjectFundingDto = Union.Contracts.Funds.V1.ProjectFunding;
using ProjectFunding = Union.Funds.Domain.ProjectFunding;
using TrancheDto = Union.Contracts.Funds.V1.Tranche;
using TrancheStatus = Union.Funds.Domain.TrancheStatus;
using TrancheStageDto = Union.Contracts.Funds.V1.TrancheStage;
using TrancheStatusDto = Union.Contracts.Funds.V1.TrancheStatus;

namespace Union.Funds.Grpc;

/// <summary>
/// What funds released of each project's subsidy, and the pending tranches finance acts on. The
/// applicant and every organisation above it (the funder among them) see a project; others get
/// NotFound.
/// </summary>
public sealed class ProjectTranchesService(FundsDbContext db, TrancheReleases releases, CallerContext caller, TimeProvider clock)
    : Contracts.Funds.V1.ProjectTranches.ProjectTranchesBase
{
    /// <summary>The most pending tranches one answer lists: a queue for finance, not a report.</summary>
    public const int MaxPendingListed = 500;

    public override async Task<ProjectFundingDto> GetProjectFunding(GetProjectFundingRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().Id("project_id", request.ProjectId).ThrowIfInvalid();
        var funding = await FindAsync(Guid.Parse(request.ProjectId), tracking: false, context.CancellationToken);
        return ToDto(funding);
    }

    public override async Task<ListPendingTranchesResponse> ListPendingTranches(ListPendingTranchesRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().OrganisationPathOrEmpty("organisation_path", request.OrganisationPath).ThrowIfInvalid();
        var scope = Ownership.Resolve(caller, request.OrganisationPath);
        // The tenancy filter keeps the caller to projects in its subtree; the scope narrows to one
        // organisation's: those it applied for (itself or below) or funds.
        var fundings = await db.ProjectFundings.AsNoTracking().Include(p => p.Tranches)
            .Where(OrganisationPath.InSubtree<Domain.ProjectFunding>(p => p.OrganisationPath, scope).Or(p => p.FunderPath == scope))
            .Where(p => p.Tranches.Any(t => t.Status == TrancheStatus.Pending))
            .OrderBy(p => p.ProjectId)
            .Take(MaxPendingListed)
            .ToListAsync(context.CancellationToken);
        return new ListPendingTranchesResponse
        {
            Tranches =
            {
                fundings.SelectMany(p => p.Tranches.Where(t => t.Status == TrancheStatus.Pending).OrderBy(t => t.Stage).Select(t => new PendingTranche
                {
                    ProjectId = p.ProjectId.ToString(),
                    Applicant = Ref(p.OrganisationPath),
                    Funder = Ref(p.FunderPath),
                    Year = p.Year,
                    Tranche = ToDto(t),
                })),
            },
        };
    }

    public override async Task<ProjectFundingDto> RetryTranche(RetryTrancheRequest request, ServerCallContext context)
    {
        if (!caller.IsInRole(Roles.Finance)) UnionErrors.PermissionDenied("ROLE_REQUIRED", "重新拨付需要财务角色");
        new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Enum("stage", request.Stage)
            .ThrowIfInvalid();
        var ct = context.CancellationToken;
        var funding = await FindAsync(Guid.Parse(request.ProjectId), tracking: true, ct);
        // The payer posts: the funder's finance for a tranche, the applicant's for a return. Both see the applicant's record.
        var payer = request.Stage == TrancheStageDto.Return ? funding.OrganisationPath : funding.FunderPath;
        if (payer.Length == 0 || !caller.Sees(payer))
            UnionErrors.PermissionDenied("NOT_THE_PAYER", "只有出资单位的财务人员可以拨付该笔资金");

        var tranche = funding.Retry((Domain.TrancheStage)(int)request.Stage, clock.UtcNowForStorage());
        await releases.ReleaseAsync(funding, tranche, ct);
        if (tranche.Status == TrancheStatus.Pending)
        {
            // Nothing is saved: the tranche waits as it did, and the caller learns why.
            throw new DomainRuleException(tranche.PendingReason!.Split(':')[0], tranche.PendingReason,
                new Dictionary<string, string> { ["project_id"] = funding.ProjectId.ToString(), ["amount_fen"] = tranche.AmountFen.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        await db.SaveChangesAsync(ct);
        return ToDto(funding);
    }

    private async Task<ProjectFunding> FindAsync(Guid projectId, bool tracking, CancellationToken ct)
    {
        var query = db.ProjectFundings.Include(p => p.Tranches).AsQueryable();
        if (!tracking) query = query.AsNoTracking();
        // The tenancy filter hides projects outside the caller's subtree: they answer NotFound like missing ones.
        var funding = await query.FirstOrDefaultAsync(p => p.ProjectId == projectId, ct);
        if (funding is null) UnionErrors.NotFound("PROJECT_FUNDING_NOT_FOUND", "资金系统中没有该项目的拨付记录");
        return funding;
    }

    private static OrganisationRef Ref(string path) =>
        path.Length == 0 ? new OrganisationRef() : new OrganisationRef { Code = OrganisationPath.Code(path), Path = path };

    private static Money Fen(long fen) => new() { Fen = fen };

    private static ProjectFundingDto ToDto(ProjectFunding p)
    {
        var dto = new ProjectFundingDto
        {
            ProjectId = p.ProjectId.ToString(),
            Applicant = Ref(p.OrganisationPath),
            Funder = Ref(p.FunderPath),
            Year = p.Year,
            Released = Fen(p.ReleasedFen),
            Tranches = { p.Tranches.OrderBy(t => t.Stage).Select(ToDto) },
        };
        if (p.TotalFen is { } total) dto.Total = Fen(total);
        if (p.ApprovedSubsidyFen is { } approved) dto.ApprovedSubsidy = Fen(approved);
        if (p.CurrentSubsidyFen is { } current) dto.CurrentSubsidy = Fen(current);
        return dto;
    }

    private static TrancheDto ToDto(ProjectTranche t) => new()
    {
        Stage = (TrancheStageDto)(int)t.Stage,
        Amount = Fen(t.AmountFen),
        Status = (TrancheStatusDto)(int)t.Status,
        PendingReason = t.PendingReason ?? string.Empty,
        Note = t.Note ?? string.Empty,
        TransactionId = t.TransactionId?.ToString() ?? string.Empty,
        PostedAt = t.PostedAt is { } at ? Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
        EventId = t.EventId.ToString(),
        RecordedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(t.RecordedAt, DateTimeKind.Utc)),
    };
}
