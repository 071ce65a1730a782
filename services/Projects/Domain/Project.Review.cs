using Union.Shared.Errors;

namespace Union.Projects.Domain;

/// <summary>One committee member's score of one application (000 §四(一)2: 必要性、可行性及前景).</summary>
public sealed class ReviewScore
{
    public const int MaxPoints = 100;

    public string ReviewerSubject { get; private set; } = string.Empty;
    public string ReviewerName { get; private set; } = string.Empty;
    public int Necessity { get; private set; }
    public int Feasibility { get; private set; }
    public int Prospects { get; private set; }
    /// <summary>The weighted score in hundredths of a point, with the round's weights at scoring time.</summary>
    public int WeightedCenti { get; private set; }
    public string Comments { get; private set; } = string.Empty;
    public DateTime ScoredAt { get; private set; }

    private ReviewScore() { }

    public ReviewScore(RoundReviewer reviewer, int necessity, int feasibility, int prospects, ReviewWeights weights, string comments, DateTime now)
    {
        ReviewerSubject = reviewer.Subject;
        ReviewerName = reviewer.Name;
        Necessity = necessity;
        Feasibility = feasibility;
        Prospects = prospects;
        WeightedCenti = weights.WeightedCenti(necessity, feasibility, prospects);
        Comments = comments.Trim();
        ScoredAt = now;
    }
}

/// <summary>
/// How the committee's scores become one: the mean of the weighted scores, after dropping the
/// single highest and the single lowest when there are five or more (the usual rule of Chinese
/// review panels, 去掉一个最高分和一个最低分, which keeps one generous or harsh reviewer from
/// deciding). Rounded half away from zero to hundredths.
/// </summary>
public static class ReviewAggregate
{
    public const int TrimFrom = 5;

    /// <summary>The aggregate and, per score in the given order, whether it counted.</summary>
    public static (int AggregateCenti, bool[] Counted) Compute(IReadOnlyList<int> weightedCenti)
    {
        var counted = Enumerable.Repeat(true, weightedCenti.Count).ToArray();
        if (weightedCenti.Count == 0) return (0, counted);
        if (weightedCenti.Count >= TrimFrom)
        {
            var order = Enumerable.Range(0, weightedCenti.Count).OrderBy(i => weightedCenti[i]).ToArray();
            counted[order[0]] = false;
            counted[order[^1]] = false;
        }
        var kept = weightedCenti.Where((_, i) => counted[i]).ToArray();
        var mean = Math.Round(kept.Sum(v => (decimal)v) / kept.Length, MidpointRounding.AwayFromZero);
        return ((int)mean, counted);
    }
}

public sealed partial class Project
{
    private readonly List<ReviewScore> _reviewScores = [];

    public IReadOnlyList<ReviewScore> ReviewScores => _reviewScores;
    /// <summary>The aggregate of <see cref="ReviewScores"/>, kept for ranking and listing.</summary>
    public int ReviewScoreCenti { get; private set; }
    public int ReviewCount { get; private set; }
    public Guid? DecisionId { get; private set; }
    public DateOnly? DecidedOn { get; private set; }
    public long? ApprovedSubsidyFen { get; private set; }
    public string? RejectionReason { get; private set; }
    public DateOnly? PaperCopyReceivedOn { get; private set; }
    public string? PaperCopySignedBy { get; private set; }

    /// <summary>
    /// A committee member scores the application. A reviewer from the applicant's own subtree may
    /// not score it (回避); scoring again replaces the reviewer's own earlier score.
    /// </summary>
    public void Score(RoundReviewer reviewer, int necessity, int feasibility, int prospects, string comments, ReviewWeights weights, DateTime now)
    {
        EnsureStatus("评审打分", ProjectStatus.Submitted, ProjectStatus.UnderReview);
        if (OrganisationTree.IsWithin(OrganisationPath, reviewer.OrganisationPath))
            throw new DomainRuleException("REVIEWER_FROM_APPLICANT", "评审人来自申报单位或其下级单位，应当回避",
                new Dictionary<string, string> { ["reviewer_organisation_path"] = reviewer.OrganisationPath });
        foreach (var (name, value) in new[] { ("necessity", necessity), ("feasibility", feasibility), ("prospects", prospects) })
        {
            if (value is < 0 or > ReviewScore.MaxPoints)
                throw new DomainRuleException("SCORE_OUT_OF_RANGE", $"{name} 评分应在0到{ReviewScore.MaxPoints}之间");
        }
        _reviewScores.RemoveAll(s => s.ReviewerSubject == reviewer.Subject);
        _reviewScores.Add(new ReviewScore(reviewer, necessity, feasibility, prospects, weights, comments, now));
        (ReviewScoreCenti, _) = ReviewAggregate.Compute(_reviewScores.Select(s => s.WeightedCenti).ToList());
        ReviewCount = _reviewScores.Count;
        Status = ProjectStatus.UnderReview;
        Touch(reviewer.Subject, now);
    }

    /// <summary>
    /// The collective decision approves the project with an approved subsidy that may be less than
    /// requested, never more (立项, 000 §四(一)2). Only a reviewed application can be approved.
    /// </summary>
    public void Approve(Guid decisionId, DateOnly decidedOn, long approvedSubsidyFen, string actor, DateTime now)
    {
        EnsureApprovable(approvedSubsidyFen);
        DecisionId = decisionId;
        DecidedOn = decidedOn;
        ApprovedSubsidyFen = approvedSubsidyFen;
        CurrentSubsidyFen = approvedSubsidyFen;
        Status = ProjectStatus.Approved;
        Touch(actor, now);
    }

    /// <summary>Refuses an approval the project cannot take, without changing it.</summary>
    public void EnsureApprovable(long approvedSubsidyFen)
    {
        EnsureStatus("立项", ProjectStatus.Submitted, ProjectStatus.UnderReview);
        if (ReviewCount == 0)
            throw new DomainRuleException("PROJECT_NOT_REVIEWED", "项目尚未经评审委员会评审，不能立项",
                new Dictionary<string, string> { ["project_id"] = Id.ToString() });
        if (approvedSubsidyFen <= 0)
            throw new DomainRuleException("AMOUNT_NOT_POSITIVE", "核定扶助资金必须大于0");
        if (approvedSubsidyFen > SubsidyRequestedFen)
            throw new DomainRuleException("APPROVED_EXCEEDS_REQUESTED", "核定扶助资金不能超过申请金额",
                new Dictionary<string, string> { ["project_id"] = Id.ToString() });
    }

    public void Reject(Guid decisionId, DateOnly decidedOn, string reason, string actor, DateTime now)
    {
        EnsureRejectable();
        DecisionId = decisionId;
        DecidedOn = decidedOn;
        RejectionReason = reason.Trim();
        Status = ProjectStatus.Rejected;
        Touch(actor, now);
    }

    public void EnsureRejectable() => EnsureStatus("不予立项", ProjectStatus.Submitted, ProjectStatus.UnderReview);

    /// <summary>
    /// "评审通过后，项目申报单位将纸质申报书经主要负责人签字盖章后，寄送省总保障部存档，进入省总帮扶项目库"
    /// (000 §四(一)2): the project enters the library when the signed and stamped copy arrives.
    /// </summary>
    public void RecordPaperCopyReceived(DateOnly receivedOn, string signedByName, string actor, DateTime now)
    {
        EnsureStatus("登记纸质申报书", ProjectStatus.Approved);
        if (receivedOn < DecidedOn)
            throw new DomainRuleException("DATE_BEFORE_DECISION", "收到纸质申报书的日期不能早于立项日期");
        PaperCopyReceivedOn = receivedOn;
        PaperCopySignedBy = signedByName.Trim();
        Status = ProjectStatus.InLibrary;
        Touch(actor, now);
    }
}

/// <summary>
/// One collective decision on a round (主席办公会 / 党组会): the approved projects with their
/// approved subsidies and the rejected ones with reasons, recorded as one act.
/// </summary>
public sealed class ApprovalDecision
{
    private readonly List<DecisionLine> _lines = [];

    public Guid Id { get; private set; }
    public Guid RoundId { get; private set; }
    /// <summary>The funder whose meeting decided.</summary>
    public string FunderPath { get; private set; } = string.Empty;
    public DecisionBody Body { get; private set; }
    public DateOnly DecidedOn { get; private set; }
    public string MeetingReference { get; private set; } = string.Empty;
    public IReadOnlyList<DecisionLine> Lines => _lines;
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;

    private ApprovalDecision() { }

    /// <summary>
    /// Records the decision and applies it to every project it names, all or nothing: one project
    /// the decision cannot apply to refuses the whole decision, so the minutes and the library agree.
    /// </summary>
    public static ApprovalDecision Record(FundingRound round, DecisionBody body, DateOnly decidedOn, string meetingReference,
        IReadOnlyList<(Project Project, long ApprovedSubsidyFen)> approved, IReadOnlyList<(Project Project, string Reason)> rejected,
        string actor, DateTime now)
    {
        if (approved.Count + rejected.Count == 0)
            throw new DomainRuleException("DECISION_EMPTY", "集体决策至少应包含一个项目");
        var all = approved.Select(a => a.Project).Concat(rejected.Select(r => r.Project)).ToList();
        if (all.Select(p => p.Id).Distinct().Count() != all.Count)
            throw new DomainRuleException("PROJECT_DECIDED_TWICE", "同一项目在一次决策中只能出现一次");
        if (all.FirstOrDefault(p => p.RoundId != round.Id) is { } stranger)
            throw new DomainRuleException("PROJECT_NOT_IN_ROUND", "项目不属于本申报批次",
                new Dictionary<string, string> { ["project_id"] = stranger.Id.ToString() });

        // Every line is checked before any is applied, so a refused decision leaves every project as it was.
        foreach (var (project, amount) in approved) project.EnsureApprovable(amount);
        foreach (var (project, _) in rejected) project.EnsureRejectable();

        var decision = new ApprovalDecision
        {
            Id = Guid.CreateVersion7(),
            RoundId = round.Id,
            FunderPath = round.FunderPath,
            Body = body,
            DecidedOn = decidedOn,
            MeetingReference = meetingReference.Trim(),
            CreatedAt = now,
            CreatedBy = actor,
        };
        foreach (var (project, amount) in approved)
        {
            project.Approve(decision.Id, decidedOn, amount, actor, now);
            decision._lines.Add(new DecisionLine(project.Id, true, amount, null));
        }
        foreach (var (project, reason) in rejected)
        {
            project.Reject(decision.Id, decidedOn, reason, actor, now);
            decision._lines.Add(new DecisionLine(project.Id, false, null, reason.Trim()));
        }
        return decision;
    }
}

public sealed class DecisionLine
{
    public Guid ProjectId { get; private set; }
    public bool Approved { get; private set; }
    public long? ApprovedSubsidyFen { get; private set; }
    public string? Reason { get; private set; }

    private DecisionLine() { }

    public DecisionLine(Guid projectId, bool approved, long? approvedSubsidyFen, string? reason)
    {
        ProjectId = projectId;
        Approved = approved;
        ApprovedSubsidyFen = approvedSubsidyFen;
        Reason = reason;
    }
}
