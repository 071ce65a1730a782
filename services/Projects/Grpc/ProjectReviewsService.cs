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

/// <summary>Thin handlers for review, ranking, the collective decision and entry into the library.</summary>
public sealed class ProjectReviewsService(ProjectsDbContext db, CallerContext caller, TimeProvider clock) : ProjectReviews.ProjectReviewsBase
{
    public const int MaxCommentsLength = 1000;
    public const int MaxDecisionLines = 500;

    public override async Task<ProjectReview> ScoreProject(ScoreProjectRequest request, ServerCallContext context)
    {
        caller.Require([Roles.Reviewer]);
        new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Range("necessity", request.Necessity, 0, Domain.ReviewScore.MaxPoints)
            .Range("feasibility", request.Feasibility, 0, Domain.ReviewScore.MaxPoints)
            .Range("prospects", request.Prospects, 0, Domain.ReviewScore.MaxPoints)
            .MaxLength("comments", request.Comments, MaxCommentsLength)
            .ThrowIfInvalid();
        // A committee may seat experts from outside the funder's subtree: membership of the round's
        // committee, not the tenancy filter, lets a reviewer reach a project. Anyone else who cannot
        // see the project learns nothing of it.
        var id = Guid.Parse(request.ProjectId);
        var project = await db.Projects.IgnoreQueryFilters().FirstOrDefaultAsync(p => p.Id == id, context.CancellationToken);
        var round = project is null ? null : await db.Rounds.AsNoTracking().FirstAsync(r => r.Id == project.RoundId, context.CancellationToken);
        var reviewer = round?.Reviewer(caller.Subject);
        if (project is null || reviewer is null && !caller.IsSystem && !OrganisationPath.Covers(caller.OrganisationPath!, project.OrganisationPath))
            UnionErrors.NotFound("PROJECT_NOT_FOUND", "未找到该帮扶项目");
        if (reviewer is null)
            UnionErrors.PermissionDenied("NOT_ON_COMMITTEE", "您不是本批次评审委员会成员");
        project.Score(reviewer, request.Necessity, request.Feasibility, request.Prospects, request.Comments ?? string.Empty,
            round!.Weights, clock.UtcNowForStorage());
        await db.SaveChangesAsync(context.CancellationToken);
        return ToReview(project, round.Weights);
    }

    public override async Task<ProjectReview> GetProjectReview(GetProjectReviewRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("project_id", request.ProjectId).ThrowIfInvalid();
        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: false, context.CancellationToken);
        var round = await db.Rounds.AsNoTracking().FirstAsync(r => r.Id == project.RoundId, context.CancellationToken);
        return ToReview(project, round.Weights);
    }

    public override async Task<RoundRanking> RankRound(RankRoundRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        var validator = new RequestValidator().Id("round_id", request.RoundId);
        if (request.Category != ProjectCategory.Unspecified) validator.Enum("category", request.Category);
        validator.ThrowIfInvalid();
        var round = await FunderRoundAsync(Guid.Parse(request.RoundId), context.CancellationToken);
        var query = db.Projects.AsNoTracking().Where(p => p.RoundId == round.Id);
        if (request.Category != ProjectCategory.Unspecified)
        {
            // Converted outside the expression: EF would otherwise send the contract's number to a column stored as a name.
            var category = (Domain.ProjectCategory)(int)request.Category;
            query = query.Where(p => p.Category == category);
        }
        var projects = await query.ToListAsync(context.CancellationToken);
        var ranking = new RoundRanking { RoundId = round.Id.ToString() };
        foreach (var group in projects.GroupBy(p => p.Category).OrderBy(g => g.Key))
        {
            // Highest aggregate first; ties go to more reviews, then to the earlier application.
            var ordered = group.OrderByDescending(p => p.ReviewScoreCenti).ThenByDescending(p => p.ReviewCount).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id);
            ranking.Categories.Add(new CategoryRanking
            {
                Category = (ProjectCategory)(int)group.Key,
                Projects =
                {
                    ordered.Select((p, i) => new RankedProject
                    {
                        Rank = i + 1,
                        ProjectId = p.Id.ToString(),
                        Owner = ProjectMapping.Organisation(p.OrganisationPath),
                        Title = p.Title,
                        AggregateCenti = p.ReviewScoreCenti,
                        ReviewCount = p.ReviewCount,
                        SubsidyRequested = ProjectMapping.Fen(p.SubsidyRequestedFen),
                        Status = (ProjectStatus)(int)p.Status,
                    }),
                },
            });
        }
        return ranking;
    }

    public override async Task<ApprovalDecision> RecordApprovalDecision(RecordApprovalDecisionRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Deciders);
        var validator = new RequestValidator()
            .Id("round_id", request.RoundId)
            .Enum("body", request.Body)
            .Date("decided_on", request.DecidedOn, required: true, out var decidedOn)
            .RequiredText("meeting_reference", request.MeetingReference, 100)
            .Check(request.Approved.Count + request.Rejected.Count > 0, "approved", "REQUIRED", "集体决策至少应包含一个项目")
            .Check(request.Approved.Count + request.Rejected.Count <= MaxDecisionLines, "approved", "TOO_MANY", $"一次决策最多{MaxDecisionLines}个项目");
        for (var i = 0; i < request.Approved.Count; i++)
        {
            validator.Id($"approved[{i}].project_id", request.Approved[i].ProjectId)
                .Money($"approved[{i}].approved_subsidy", request.Approved[i].ApprovedSubsidy);
        }
        for (var i = 0; i < request.Rejected.Count; i++)
        {
            validator.Id($"rejected[{i}].project_id", request.Rejected[i].ProjectId)
                .RequiredText($"rejected[{i}].reason", request.Rejected[i].Reason, 500);
        }
        validator.Check(decidedOn is null || decidedOn <= clock.Today(), "decided_on", "DATE_IN_FUTURE", "决策日期不能晚于今天");
        validator.ThrowIfInvalid();

        var round = await FunderRoundAsync(Guid.Parse(request.RoundId), context.CancellationToken);
        // The decision is the funder's own meeting (主席办公会/党组会, 000 §四(一)2): a union above it may
        // read the ranking but does not decide for it.
        if (!caller.IsSystem && caller.OrganisationPath != round.FunderPath)
            UnionErrors.PermissionDenied("NOT_THE_FUNDER", "集体决策由开设本批次的工会作出");
        var ids = request.Approved.Select(a => Guid.Parse(a.ProjectId)).Concat(request.Rejected.Select(r => Guid.Parse(r.ProjectId))).ToList();
        var projects = await db.Projects.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, context.CancellationToken);
        if (ids.FirstOrDefault(id => !projects.ContainsKey(id)) is var missing && missing != Guid.Empty)
            UnionErrors.NotFound("PROJECT_NOT_FOUND", $"未找到帮扶项目 {missing}");

        var now = clock.UtcNowForStorage();
        var decision = Domain.ApprovalDecision.Record(round, (Domain.DecisionBody)(int)request.Body, decidedOn!.Value, request.MeetingReference,
            request.Approved.Select(a => (projects[Guid.Parse(a.ProjectId)], a.ApprovedSubsidy.Fen)).ToList(),
            request.Rejected.Select(r => (projects[Guid.Parse(r.ProjectId)], r.Reason)).ToList(),
            caller.Subject, now);
        db.Decisions.Add(decision);
        foreach (var line in decision.Lines.Where(l => l.Approved))
        {
            var project = projects[line.ProjectId];
            db.Publish(ProjectEvents.Approved(project), project.OrganisationPath);
        }
        db.Audit("RecordApprovalDecision", "ApprovalDecision", decision.Id.ToString(), round.FunderPath, request.MeetingReference);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToDto(decision);
    }

    public override async Task<ApprovalDecision> GetApprovalDecision(GetApprovalDecisionRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("decision_id", request.DecisionId).ThrowIfInvalid();
        var id = Guid.Parse(request.DecisionId);
        var decision = await db.Decisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, context.CancellationToken);
        if (decision is null || !caller.IsSystem && !OrganisationPath.Covers(caller.OrganisationPath!, decision.FunderPath))
            UnionErrors.NotFound("DECISION_NOT_FOUND", "未找到该集体决策");
        return ToDto(decision);
    }

    public override async Task<ProjectApplication> RecordPaperCopyReceived(RecordPaperCopyReceivedRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Date("received_on", request.ReceivedOn, required: true, out var receivedOn)
            .RequiredText("signed_by_name", request.SignedByName, 50)
            .ThrowIfInvalid();
        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: true, context.CancellationToken);
        if (!caller.IsSystem && !OrganisationPath.Covers(caller.OrganisationPath!, project.FunderPath))
            UnionErrors.PermissionDenied("NOT_THE_FUNDER", "纸质申报书由立项的工会登记收到");
        project.RecordPaperCopyReceived(receivedOn!.Value, request.SignedByName, caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(context.CancellationToken);
        return project.ToDto();
    }

    /// <summary>A round the caller's organisation funds (or lies above): ranking and decisions are the funder's.</summary>
    private async Task<Domain.FundingRound> FunderRoundAsync(Guid id, CancellationToken cancellationToken)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (round is null || !caller.IsSystem && !OrganisationPath.Covers(caller.OrganisationPath!, round.FunderPath))
            UnionErrors.NotFound("ROUND_NOT_FOUND", "未找到该申报批次，或不是本单位开设的批次");
        return round;
    }

    private static ProjectReview ToReview(Domain.Project project, Domain.ReviewWeights weights)
    {
        var scores = project.ReviewScores.OrderBy(s => s.ScoredAt).ThenBy(s => s.ReviewerSubject).ToList();
        var (aggregate, counted) = Domain.ReviewAggregate.Compute(scores.Select(s => s.WeightedCenti).ToList());
        return new ProjectReview
        {
            ProjectId = project.Id.ToString(),
            AggregateCenti = aggregate,
            Weights = weights.ToDto(),
            Scores =
            {
                scores.Select((s, i) => new ReviewScore
                {
                    ReviewerSubject = s.ReviewerSubject,
                    ReviewerName = s.ReviewerName,
                    Necessity = s.Necessity,
                    Feasibility = s.Feasibility,
                    Prospects = s.Prospects,
                    WeightedCenti = s.WeightedCenti,
                    Comments = s.Comments,
                    ScoredAt = ProjectMapping.Time(s.ScoredAt),
                    Counted = counted[i],
                }),
            },
        };
    }

    private static ApprovalDecision ToDto(Domain.ApprovalDecision d) => new()
    {
        DecisionId = d.Id.ToString(),
        RoundId = d.RoundId.ToString(),
        Body = (DecisionBody)(int)d.Body,
        DecidedOn = ProjectMapping.Date(d.DecidedOn),
        MeetingReference = d.MeetingReference,
        Approved = { d.Lines.Where(l => l.Approved).Select(l => new ApprovedLine { ProjectId = l.ProjectId.ToString(), ApprovedSubsidy = ProjectMapping.Fen(l.ApprovedSubsidyFen!.Value) }) },
        Rejected = { d.Lines.Where(l => !l.Approved).Select(l => new RejectedLine { ProjectId = l.ProjectId.ToString(), Reason = l.Reason ?? string.Empty }) },
        Audit = ProjectMapping.Audit(d.CreatedAt, d.CreatedBy, d.CreatedAt, d.CreatedBy),
    };
}
