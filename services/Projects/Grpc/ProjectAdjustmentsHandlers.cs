using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Projects.V1;
using Union.Projects.Messaging;
using Union.Shared.Errors;
using Union.Shared.Time;
using Union.Shared.Validation;
using Domain = Union.Projects.Domain;

namespace Union.Projects.Grpc;

/// <summary>
/// 项目调整 (000_001fd36b94af060d.txt §四(二)4): the applicant's own meeting decides an adjustment
/// in the same category; up to the funder's threshold it is filed with the level above and takes
/// effect at once, above it the province approves or refuses it in writing.
/// </summary>
public sealed partial class ProjectImplementationService
{
    public const int MaxAdjustmentText = 1000;

    public override async Task<Adjustment> RequestAdjustment(RequestAdjustmentRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var validator = new RequestValidator()
            .Id("project_id", request.ProjectId)
            .RequiredText("reason", request.Reason, MaxAdjustmentText)
            .RequiredText("changed_elements", request.ChangedElements, MaxAdjustmentText)
            .Money("new_subsidy", request.NewSubsidy)
            .RequiredText("meeting_reference", request.MeetingReference, 100)
            .Date("decided_on", request.DecidedOn, required: true, out var decidedOn);
        if (request.NewSubsidy is { Fen: 0 }) validator.Add("new_subsidy", "AMOUNT_NOT_POSITIVE", "调整后的扶助资金必须大于0");
        // Unspecified keeps the category; an unknown number is bad input, a known other category is the rule's to refuse.
        if (request.Category != ProjectCategory.Unspecified) validator.Enum("category", request.Category);
        validator.Check(decidedOn is null || decidedOn <= clock.Today(), "decided_on", "DATE_IN_FUTURE", "办公会日期不能晚于今天");
        validator.ThrowIfInvalid();

        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: true, context.CancellationToken);
        RequireApplicant(project);
        var rules = await db.RulesOfAsync(project.FunderPath, context.CancellationToken);
        var adjustment = project.RequestAdjustment(new Domain.AdjustmentRequest(
                request.Reason, request.ChangedElements, request.NewSubsidy.Fen,
                request.Category == ProjectCategory.Unspecified ? null : (Domain.ProjectCategory)(int)request.Category,
                request.MeetingReference, decidedOn!.Value),
            rules, caller.Subject, clock.UtcNowForStorage());
        db.Adjustments.Add(adjustment);
        // Only an adjustment that takes effect changes the money funds will release.
        if (adjustment.IsEffective) db.Publish(ProjectEvents.Adjusted(adjustment), project.OrganisationPath);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToDto(adjustment);
    }

    public override async Task<Adjustment> DecideAdjustment(DecideAdjustmentRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Deciders);
        var validator = new RequestValidator()
            .Id("adjustment_id", request.AdjustmentId)
            .Date("decided_on", request.DecidedOn, required: true, out var decidedOn)
            .RequiredText("reference", request.Reference, 100)
            .MaxLength("comment", request.Comment, MaxAdjustmentText);
        validator.Check(decidedOn is null || decidedOn <= clock.Today(), "decided_on", "DATE_IN_FUTURE", "批复日期不能晚于今天");
        validator.ThrowIfInvalid();

        var id = Guid.Parse(request.AdjustmentId);
        var adjustment = await db.Adjustments.FirstOrDefaultAsync(a => a.Id == id, context.CancellationToken);
        if (adjustment is null) UnionErrors.NotFound("ADJUSTMENT_NOT_FOUND", "未找到该项目调整");
        // "资金变更比例高于20%的应书面向省总工会提出申请，经省总工会批准后实施调整": the province itself, not a level between.
        if (!caller.IsSystem && caller.OrganisationPath != Domain.OrganisationTree.Province(adjustment.OrganisationPath))
            UnionErrors.PermissionDenied("NOT_THE_PROVINCE", "超过备案比例的项目调整须由省总工会批准");
        var project = await ProjectQueries.FindAsync(db, adjustment.ProjectId, tracked: true, context.CancellationToken);
        project.DecideAdjustment(adjustment, request.Approve, decidedOn!.Value, request.Reference, request.Comment ?? string.Empty,
            caller.Subject, clock.UtcNowForStorage());
        if (adjustment.IsEffective) db.Publish(ProjectEvents.Adjusted(adjustment), project.OrganisationPath);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToDto(adjustment);
    }

    public override async Task<ListAdjustmentsResponse> ListAdjustments(ListAdjustmentsRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("project_id", request.ProjectId).ThrowIfInvalid();
        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: false, context.CancellationToken);
        var adjustments = await db.Adjustments.AsNoTracking().Where(a => a.ProjectId == project.Id)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(context.CancellationToken);
        return new ListAdjustmentsResponse { Adjustments = { adjustments.Select(ToDto) } };
    }

    private static Adjustment ToDto(Domain.Adjustment a) => new()
    {
        AdjustmentId = a.Id.ToString(),
        ProjectId = a.ProjectId.ToString(),
        Status = (AdjustmentStatus)(int)a.Status,
        Reason = a.Reason,
        ChangedElements = a.ChangedElements,
        PreviousSubsidy = ProjectMapping.Fen(a.PreviousSubsidyFen),
        NewSubsidy = ProjectMapping.Fen(a.NewSubsidyFen),
        OriginalSubsidy = ProjectMapping.Fen(a.OriginalSubsidyFen),
        CumulativeChangeBasisPoints = a.CumulativeChangeBasisPoints,
        MeetingReference = a.MeetingReference,
        DecidedOn = ProjectMapping.Date(a.DecidedOn),
        FiledWith = ProjectMapping.Organisation(a.FiledWith),
        ProvinceReference = a.ProvinceReference ?? string.Empty,
        ProvinceDecidedOn = ProjectMapping.Date(a.ProvinceDecidedOn),
        Comment = a.Comment ?? string.Empty,
        Audit = ProjectMapping.Audit(a.CreatedAt, a.CreatedBy, a.UpdatedAt, a.UpdatedBy),
    };
}
