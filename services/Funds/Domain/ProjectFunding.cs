using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

/// <summary>The moments at which a funder's subsidy moves (001 第六条), and the return at closing.</summary>
public enum TrancheStage
{
    /// <summary>The launch form was approved: the first part of the subsidy (40 % by default).</summary>
    Launch = 1,
    /// <summary>The acceptance form was accepted: the rest of the subsidy after adjustments.</summary>
    Acceptance = 2,
    /// <summary>The project was closed: the unspent subsidy goes back to the funder.</summary>
    Return = 3,
}

public enum TrancheStatus
{
    /// <summary>Posted to the ledger.</summary>
    Released = 1,
    /// <summary>Due but not posted (the funder's account is missing or short): finance retries it.</summary>
    Pending = 2,
    /// <summary>Nothing was due at this stage (the subsidy was already released in full).</summary>
    NothingDue = 3,
}

/// <summary>
/// What funds knows of one co-funded project (扶助实事项目, 001_ab13bea91fa8b22f.txt 第六条), kept
/// from the projects' events: who applied (the owner, so the applicant and its ancestors, the funder
/// among them, see it), who pays, the subsidy approved and as adjusted, and every tranche. The
/// projects service decides when a tranche is due; funds decides how much may move, and never
/// moves more than the subsidy in force (nor more than the project's total) in all, nor the same
/// stage twice.
/// </summary>
public sealed class ProjectFunding : IOrganisationOwned
{
    public const int MaxReasonLength = 300;
    /// <summary>Projects scores out of 100 points; the bound keeps a malformed event out of the allocation.</summary>
    public const decimal MaxReviewScore = 100m;

    private readonly List<ProjectTranche> _tranches = [];

    public Guid ProjectId { get; private set; }
    /// <summary>The applicant's path: the project's owner, whose account receives the tranches.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    /// <summary>The funder's path (the round's opener), whose account pays; empty until an event names it.</summary>
    public string FunderPath { get; private set; } = string.Empty;
    /// <summary>The project's year: the fiscal year of the accounts the tranches move between.</summary>
    public int Year { get; private set; }
    /// <summary>The project's total investment as applied for, when the application event arrived.</summary>
    public long? TotalFen { get; private set; }
    public long? ApprovedSubsidyFen { get; private set; }
    /// <summary>
    /// The committee's aggregated review score the approval carried (ProjectApproved.review_score,
    /// two decimal places); null when the approval came before projects published it. The
    /// allocation reads it in place of a score the allocating clerk types.
    /// </summary>
    public decimal? ReviewScore { get; private set; }
    /// <summary>The subsidy in force: the approved one, or the latest adjustment's.</summary>
    public long? CurrentSubsidyFen { get; private set; }
    /// <summary>When the event that set <see cref="CurrentSubsidyFen"/> happened, so a late event does not undo a newer one.</summary>
    public DateTime? SubsidySince { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public IReadOnlyList<ProjectTranche> Tranches => _tranches;

    /// <summary>What has been posted to the applicant so far (returns are not counted back).</summary>
    public long ReleasedFen => _tranches.Where(t => t.Stage != TrancheStage.Return && t.Status == TrancheStatus.Released).Sum(t => t.AmountFen);

    /// <summary>What has been released or is waiting to be: a pending tranche keeps its place under the ceiling.</summary>
    public long CommittedFen => _tranches.Where(t => t.Stage != TrancheStage.Return && t.Status is TrancheStatus.Released or TrancheStatus.Pending).Sum(t => t.AmountFen);

    /// <summary>
    /// The most that may ever move to the applicant: the subsidy in force, and never more than the
    /// project's total investment. The funder's own share cap (Dalian: 50 % of the total) is held by
    /// projects at application and adjustment; funds knows only the figures the events carry.
    /// </summary>
    public long CeilingFen => Math.Min(CurrentSubsidyFen ?? 0, TotalFen ?? long.MaxValue);

    private ProjectFunding() { }

    public static ProjectFunding Start(Guid projectId, string applicantPath, DateTime now) => new()
    {
        ProjectId = projectId,
        OrganisationPath = applicantPath,
        UpdatedAt = now,
    };

    /// <summary>The application was filed: the project's total investment and year.</summary>
    public void RecordApplication(int year, long totalFen, DateTime now)
    {
        if (totalFen <= 0) throw new DomainRuleException("TOTAL_NOT_POSITIVE", "项目总投入必须大于零");
        if (Year == 0) Year = year;
        TotalFen = totalFen;
        UpdatedAt = now;
    }

    /// <summary>The project was approved with its subsidy, payable by the funder, and the committee's review score when the event carried one.</summary>
    public void RecordApproval(int year, string funderPath, long approvedSubsidyFen, DateTime occurredAt, DateTime now, decimal? reviewScore = null)
    {
        if (approvedSubsidyFen <= 0) throw new DomainRuleException("SUBSIDY_NOT_POSITIVE", "批准的扶助资金必须大于零");
        if (reviewScore is < 0 or > MaxReviewScore) throw new DomainRuleException("SCORE_OUT_OF_RANGE", $"评审得分应在0到{MaxReviewScore}之间");
        Year = year;
        FunderPath = funderPath;
        ApprovedSubsidyFen = approvedSubsidyFen;
        ReviewScore = reviewScore;
        RecordSubsidy(approvedSubsidyFen, occurredAt, now);
    }

    /// <summary>The subsidy in force as of an event; an older event than the one that set it changes nothing.</summary>
    public void RecordSubsidy(long subsidyFen, DateTime occurredAt, DateTime now)
    {
        if (subsidyFen < 0) throw new DomainRuleException("SUBSIDY_NEGATIVE", "扶助资金不能为负数");
        if (SubsidySince is null || occurredAt >= SubsidySince)
        {
            CurrentSubsidyFen = subsidyFen;
            SubsidySince = occurredAt;
        }
        UpdatedAt = now;
    }

    /// <summary>A tranche event names the year and the funder too, in case it arrives before the approval.</summary>
    public void RecordPayer(int year, string funderPath, DateTime now)
    {
        if (Year == 0) Year = year;
        if (FunderPath.Length == 0) FunderPath = funderPath;
        UpdatedAt = now;
    }

    /// <summary>
    /// The tranche due at a stage, not yet posted: what the event asks for, cut to what remains under
    /// the ceiling. Null when the stage already has its tranche (a second event for the same stage
    /// moves nothing). A tranche the event over-asks is flagged on the tranche for finance to see.
    /// </summary>
    public ProjectTranche? Plan(TrancheStage stage, long requestedFen, Guid eventId, DateTime now)
    {
        if (stage == TrancheStage.Return) throw new ArgumentOutOfRangeException(nameof(stage), "Use PlanReturn for the closing return.");
        if (_tranches.Any(t => t.Stage == stage)) return null;
        if (requestedFen < 0) throw new DomainRuleException("TRANCHE_NEGATIVE", "拨付金额不能为负数");
        var remaining = Math.Max(0, CeilingFen - CommittedFen);
        var amount = Math.Min(requestedFen, remaining);
        var note = amount != requestedFen
            ? $"TRANCHE_EXCEEDS_SUBSIDY: 项目申请拨付{requestedFen}分，扶助资金余额仅{remaining}分，按余额拨付"
            : null;
        var tranche = ProjectTranche.Plan(ProjectId, stage, amount, eventId, note, now);
        _tranches.Add(tranche);
        UpdatedAt = now;
        return tranche;
    }

    /// <summary>The unspent subsidy the closing returns to the funder, at most what was released. Null when already recorded.</summary>
    public ProjectTranche? PlanReturn(long returnedFen, Guid eventId, DateTime now)
    {
        if (_tranches.Any(t => t.Stage == TrancheStage.Return)) return null;
        if (returnedFen < 0) throw new DomainRuleException("TRANCHE_NEGATIVE", "退回金额不能为负数");
        var amount = Math.Min(returnedFen, ReleasedFen);
        var note = amount != returnedFen ? $"RETURN_EXCEEDS_RELEASED: 结项退回{returnedFen}分，超过已拨付的{ReleasedFen}分，按已拨付退回" : null;
        var tranche = ProjectTranche.Plan(ProjectId, TrancheStage.Return, amount, eventId, note, now);
        _tranches.Add(tranche);
        UpdatedAt = now;
        return tranche;
    }

    /// <summary>
    /// A pending tranche to post again, re-checked against the ceiling as it stands now (an
    /// adjustment may have lowered the subsidy while it waited).
    /// </summary>
    public ProjectTranche Retry(TrancheStage stage, DateTime now)
    {
        var tranche = _tranches.FirstOrDefault(t => t.Stage == stage);
        if (tranche is null)
            throw new DomainRuleException("TRANCHE_NOT_FOUND", "该项目在此阶段没有拨付记录");
        if (tranche.Status != TrancheStatus.Pending)
            throw new DomainRuleException("TRANCHE_NOT_PENDING", "该笔拨付不在待拨付状态",
                new Dictionary<string, string> { ["status"] = tranche.Status.ToString().ToUpperInvariant() });
        if (stage != TrancheStage.Return)
        {
            var others = CommittedFen - tranche.AmountFen;
            var allowed = Math.Max(0, CeilingFen - others);
            if (tranche.AmountFen > allowed) tranche.Reduce(allowed, $"TRANCHE_EXCEEDS_SUBSIDY: 扶助资金调整后仅余{allowed}分，按余额拨付", now);
        }
        UpdatedAt = now;
        return tranche;
    }
}

/// <summary>One movement of a project's subsidy: one per project and stage (unique), so no stage moves twice.</summary>
public sealed class ProjectTranche
{
    public const string FunderAccountMissing = "FUNDER_ACCOUNT_MISSING";
    public const string InsufficientFunds = "INSUFFICIENT_FUNDS";
    public const string ApplicantAccountMissing = "APPLICANT_ACCOUNT_MISSING";

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public TrancheStage Stage { get; private set; }
    public long AmountFen { get; private set; }
    public TrancheStatus Status { get; private set; }
    /// <summary>Why a pending tranche waits, e.g. INSUFFICIENT_FUNDS, with the figures.</summary>
    public string? PendingReason { get; private set; }
    /// <summary>A discrepancy between what the event asked and what funds released.</summary>
    public string? Note { get; private set; }
    /// <summary>The ledger transaction that posted it.</summary>
    public Guid? TransactionId { get; private set; }
    public DateTime? PostedAt { get; private set; }
    /// <summary>The projects event that made it due.</summary>
    public Guid EventId { get; private set; }
    public DateTime RecordedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    private ProjectTranche() { }

    internal static ProjectTranche Plan(Guid projectId, TrancheStage stage, long amountFen, Guid eventId, string? note, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        ProjectId = projectId,
        Stage = stage,
        AmountFen = amountFen,
        // Nothing to move is recorded as such, so the stage is settled and visible.
        Status = amountFen == 0 ? TrancheStatus.NothingDue : TrancheStatus.Pending,
        Note = Trim(note),
        EventId = eventId,
        RecordedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Whether it still waits to be posted.</summary>
    public bool IsDue => Status == TrancheStatus.Pending && AmountFen > 0;

    public void MarkReleased(Guid transactionId, DateTime now)
    {
        if (!IsDue) throw new InvalidOperationException("Only a due tranche is released.");
        Status = TrancheStatus.Released;
        PendingReason = null;
        TransactionId = transactionId;
        PostedAt = now;
        UpdatedAt = now;
    }

    public void MarkPending(string reason, DateTime now)
    {
        if (!IsDue) throw new InvalidOperationException("Only a due tranche waits.");
        PendingReason = Trim(reason);
        UpdatedAt = now;
    }

    internal void Reduce(long amountFen, string note, DateTime now)
    {
        AmountFen = amountFen;
        Note = Trim(note);
        if (amountFen == 0)
        {
            Status = TrancheStatus.NothingDue;
            PendingReason = null;
        }
        UpdatedAt = now;
    }

    private static string? Trim(string? text) =>
        text is { Length: > ProjectFunding.MaxReasonLength } ? text[..ProjectFunding.MaxReasonLength] : text;
}
