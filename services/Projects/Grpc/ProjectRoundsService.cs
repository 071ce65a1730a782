using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Projects.V1;
using Union.Projects.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using Domain = Union.Projects.Domain;

namespace Union.Projects.Grpc;

/// <summary>Thin handlers for rounds, committees and funder rules: validate, call the domain, save, map.</summary>
public sealed class ProjectRoundsService(ProjectsDbContext db, CallerContext caller, TimeProvider clock) : ProjectRounds.ProjectRoundsBase
{
    public const int MaxTitleLength = 100;
    public const int MaxEventLength = 200;

    public override async Task<Round> OpenRound(OpenRoundRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("funder_path", request.FunderPath)
            .Year("year", request.Year)
            .Enum("kind", request.Kind)
            .MaxLength("title", request.Title, MaxTitleLength)
            .MaxLength("emergency_event", request.EmergencyEvent, MaxEventLength)
            .Date("due_on", request.DueOn, required: false, out var dueOn);
        if (request.Kind == ApplicationKind.Emergency)
        {
            validator.Required("emergency_event", request.EmergencyEvent);
            validator.Check(dueOn is null, "due_on", "NOT_ALLOWED", "应急申报随时受理，不设截止日期");
        }
        validator.ThrowIfInvalid();

        var funder = Ownership.Resolve(caller, request.FunderPath);
        var rules = await db.RulesOfAsync(funder, context.CancellationToken);
        var round = Domain.FundingRound.Open(funder, request.Year, (Domain.ApplicationKind)(int)request.Kind, dueOn,
            request.EmergencyEvent, request.Title, rules.ReviewWeights, caller.Subject, clock.UtcNowForStorage());
        db.Rounds.Add(round);
        await db.SaveChangesAsync(context.CancellationToken);
        return round.ToDto();
    }

    public override async Task<Round> GetRound(GetRoundRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("round_id", request.RoundId).ThrowIfInvalid();
        return (await VisibleRoundAsync(Guid.Parse(request.RoundId), tracked: false, context.CancellationToken)).ToDto();
    }

    public override async Task<ListRoundsResponse> ListRounds(ListRoundsRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        if (request.Year != 0) validator.Year("year", request.Year);
        if (request.Kind != ApplicationKind.Unspecified) validator.Enum("kind", request.Kind);
        validator.ThrowIfInvalid();

        var query = db.Rounds.AsNoTracking();
        if (request.Year != 0) query = query.Where(r => r.Year == request.Year);
        if (request.Kind != ApplicationKind.Unspecified)
        {
            // Converted outside the expression: EF would otherwise send the contract's number to a column stored as a name.
            var kind = (Domain.ApplicationKind)(int)request.Kind;
            query = query.Where(r => r.Kind == kind);
        }
        var rounds = await query.OrderByDescending(r => r.Year).ThenBy(r => r.Kind).ThenBy(r => r.Id).ToListAsync(context.CancellationToken);
        return new ListRoundsResponse { Rounds = { rounds.Where(IsVisible).Select(r => r.ToDto()) } };
    }

    public override async Task<Round> ChangeRoundDeadline(ChangeRoundDeadlineRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        new RequestValidator().Id("round_id", request.RoundId).Date("due_on", request.DueOn, required: true, out var dueOn).ThrowIfInvalid();
        var round = await OwnRoundAsync(Guid.Parse(request.RoundId), context.CancellationToken);
        round.ChangeDeadline(dueOn!.Value, caller.Subject, clock.UtcNowForStorage());
        db.Audit("ChangeRoundDeadline", "FundingRound", round.Id.ToString(), round.FunderPath, $"due_on={request.DueOn}");
        await db.SaveChangesAsync(context.CancellationToken);
        return round.ToDto();
    }

    public override async Task<Round> AddReviewer(AddReviewerRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var reviewer = request.Reviewer ?? new Reviewer();
        new RequestValidator()
            .Id("round_id", request.RoundId)
            .RequiredText("reviewer.subject", reviewer.Subject, 200)
            .RequiredText("reviewer.name", reviewer.Name, 50)
            .Required("reviewer.organisation_path", reviewer.OrganisationPath)
            .OrganisationPathOrEmpty("reviewer.organisation_path", reviewer.OrganisationPath)
            .ThrowIfInvalid();
        var round = await OwnRoundAsync(Guid.Parse(request.RoundId), context.CancellationToken);
        round.AddReviewer(new Domain.RoundReviewer(reviewer.Subject.Trim(), reviewer.Name.Trim(), reviewer.OrganisationPath),
            caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(context.CancellationToken);
        return round.ToDto();
    }

    public override async Task<FunderRules> SetFunderRules(FunderRules request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Deciders);
        var weights = request.ReviewWeights ?? Domain.ReviewWeights.Default.ToDto();
        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("funder_path", request.FunderPath)
            .Range("subsidy_cap_percent", request.SubsidyCapPercent, 0, 100)
            .Range("launch_tranche_percent", request.LaunchTranchePercent, 0, 100)
            .Range("adjustment_filing_percent", request.AdjustmentFilingPercent, 0, 100)
            .Range("spot_check_percent", request.SpotCheckPercent, 0, 100);
        var domainWeights = new Domain.ReviewWeights(weights.Necessity, weights.Feasibility, weights.Prospects);
        validator.Check(domainWeights.IsValid, "review_weights", "WEIGHTS_MUST_SUM_TO_100", "三项评审权重之和应为100");
        var midTerm = ParseMonthDay(validator, request.MidTermDue);
        validator.ThrowIfInvalid();

        var funder = Ownership.Resolve(caller, request.FunderPath);
        var defaults = Domain.FunderRules.Defaults(funder);
        var rules = Domain.FunderRules.Set(funder,
            request.SubsidyCapPercent == 0 ? null : request.SubsidyCapPercent,
            request.LaunchTranchePercent == 0 ? defaults.LaunchTranchePercent : request.LaunchTranchePercent,
            midTerm?.Month ?? defaults.MidTermDueMonth, midTerm?.Day ?? defaults.MidTermDueDay,
            request.AdjustmentFilingPercent == 0 ? defaults.AdjustmentFilingPercent : request.AdjustmentFilingPercent,
            domainWeights,
            request.SpotCheckPercent == 0 ? defaults.SpotCheckPercent : request.SpotCheckPercent,
            caller.Subject, clock.UtcNowForStorage());
        var existing = await db.FunderRules.FirstOrDefaultAsync(r => r.FunderPath == funder, context.CancellationToken);
        if (existing is null) db.FunderRules.Add(rules);
        else existing.CopyFrom(rules);
        db.Audit("SetFunderRules", "FunderRules", funder, funder);
        await db.SaveChangesAsync(context.CancellationToken);
        return (existing ?? rules).ToDto();
    }

    public override async Task<FunderRules> GetFunderRules(GetFunderRulesRequest request, ServerCallContext context)
    {
        new RequestValidator().OrganisationPathOrEmpty("funder_path", request.FunderPath).ThrowIfInvalid();
        var funder = string.IsNullOrEmpty(request.FunderPath) ? caller.OrganisationPath! : request.FunderPath;
        // Rules are read by the funder and by those who apply to it, so an applicant knows the cap before it files.
        if (!IsVisibleFunder(funder)) UnionErrors.NotFound("ORGANISATION_NOT_FOUND", "未找到该组织，或不在您的管辖范围内");
        return (await db.RulesOfAsync(funder, context.CancellationToken)).ToDto();
    }

    private static (int Month, int Day)? ParseMonthDay(RequestValidator validator, string value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var ok = DateOnly.TryParseExact($"2024-{value.Trim()}", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var date);
        validator.Check(ok, "mid_term_due", "INVALID_MONTH_DAY", "格式应为 MM-DD，例如 08-15");
        return ok ? (date.Month, date.Day) : null;
    }

    /// <summary>A round is visible to its funder's subtree and to the funder's ancestors.</summary>
    private bool IsVisible(Domain.FundingRound round) => IsVisibleFunder(round.FunderPath);

    private bool IsVisibleFunder(string funderPath) =>
        caller.IsSystem || caller.OrganisationPath is { } own && (OrganisationPath.Covers(own, funderPath) || OrganisationPath.Covers(funderPath, own));

    private async Task<Domain.FundingRound> VisibleRoundAsync(Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var query = tracked ? db.Rounds : db.Rounds.AsNoTracking();
        var round = await query.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (round is null || !IsVisible(round)) UnionErrors.NotFound("ROUND_NOT_FOUND", "未找到该申报批次");
        return round;
    }

    /// <summary>Only the funder (or those above it) change a round.</summary>
    private async Task<Domain.FundingRound> OwnRoundAsync(Guid id, CancellationToken cancellationToken)
    {
        var round = await VisibleRoundAsync(id, tracked: true, cancellationToken);
        if (!caller.IsSystem && !OrganisationPath.Covers(caller.OrganisationPath!, round.FunderPath))
            UnionErrors.PermissionDenied("NOT_THE_FUNDER", "只有开设本批次的工会可以修改它");
        return round;
    }
}
