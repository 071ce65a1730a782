using Union.Shared.Errors;

namespace Union.Projects.Domain;

public sealed partial class Project
{
    /// <summary>The approved subsidy after effective adjustments.</summary>
    public long? CurrentSubsidyFen { get; private set; }
    /// <summary>Tranches released so far (announced on the launched and accepted events).</summary>
    public long ReleasedFen { get; private set; }
    /// <summary>Spending as last reported (mid-term form, acceptance form, final accounts).</summary>
    public long? SpentTotalFen { get; private set; }
    public long? SpentSubsidyFen { get; private set; }
    public DateOnly? LaunchedOn { get; private set; }
    public DateOnly? AcceptedOn { get; private set; }
    /// <summary>An adjustment waiting for the province's written approval; at most one at a time.</summary>
    public Guid? PendingAdjustmentId { get; private set; }
    public int OpenRectifications { get; private set; }

    /// <summary>Whether a form of the kind may be filed now.</summary>
    public void EnsureCanFile(FormKind kind)
    {
        switch (kind)
        {
            case FormKind.Launch: EnsureStatus("填报启动申报表", ProjectStatus.InLibrary); break;
            case FormKind.MidTerm: EnsureStatus("填报中期推进情况表", ProjectStatus.Launched); break;
            default: EnsureStatus("填报验收申报表", ProjectStatus.Launched); break;
        }
    }

    /// <summary>
    /// The funder approved the launch form: the project starts and the first tranche is released
    /// ("在审核通过扶助实事项目启动申报表后拨付40%扶助资金", 001 第六条). Returns the tranche in fen.
    /// </summary>
    public long Launch(DateOnly launchedOn, FunderRules rules, string actor, DateTime now)
    {
        EnsureStatus("启动实施", ProjectStatus.InLibrary);
        var tranche = rules.LaunchTrancheFen(CurrentSubsidyFen!.Value);
        ReleasedFen = tranche;
        LaunchedOn = launchedOn;
        Status = ProjectStatus.Launched;
        Touch(actor, now);
        return tranche;
    }

    public void RecordMidTerm(long spentTotalFen, long spentSubsidyFen, string actor, DateTime now)
    {
        EnsureStatus("登记中期推进情况", ProjectStatus.Launched);
        RecordSpending(spentTotalFen, spentSubsidyFen);
        Touch(actor, now);
    }

    /// <summary>
    /// The funder accepted the project: the rest of the (adjusted) subsidy is released ("项目验收合格
    /// 后拨付剩余的60%部分", 001 第六条). Returns that second tranche in fen.
    /// </summary>
    public long Accept(DateOnly acceptedOn, long spentTotalFen, long spentSubsidyFen, string actor, DateTime now)
    {
        EnsureStatus("验收", ProjectStatus.Launched);
        if (PendingAdjustmentId is not null)
            throw new DomainRuleException("ADJUSTMENT_PENDING", "项目调整尚待省总工会批准，不能验收");
        RecordSpending(spentTotalFen, spentSubsidyFen);
        var tranche = Math.Max(0, CurrentSubsidyFen!.Value - ReleasedFen);
        ReleasedFen += tranche;
        AcceptedOn = acceptedOn;
        Status = ProjectStatus.Accepted;
        Touch(actor, now);
        return tranche;
    }

    private void RecordSpending(long spentTotalFen, long spentSubsidyFen)
    {
        if (spentTotalFen < 0 || spentSubsidyFen < 0)
            throw new DomainRuleException("AMOUNT_NEGATIVE", "支出金额不能为负");
        if (spentSubsidyFen > spentTotalFen)
            throw new DomainRuleException("SUBSIDY_SPENT_EXCEEDS_TOTAL", "扶助资金支出不能超过资金实际使用总额");
        SpentTotalFen = spentTotalFen;
        SpentSubsidyFen = spentSubsidyFen;
    }

    public void RecordMilestoneProgress(int number, int percent, string note, DateOnly? completedOn, string actor, DateTime now)
    {
        EnsureStatus("登记节点进度", ProjectStatus.Launched);
        var milestone = _milestones.FirstOrDefault(m => m.Number == number)
            ?? throw new DomainRuleException("MILESTONE_NOT_FOUND", $"推进方案中没有第{number}个节点");
        if (percent is < 0 or > 100)
            throw new DomainRuleException("PROGRESS_OUT_OF_RANGE", "进度应在0到100之间");
        milestone.Record(percent, note, completedOn);
        Touch(actor, now);
    }

    /// <summary>
    /// 项目调整 (000 §四(二)4): "调整只能在同类帮扶项目中进行，资金变更比例不能高于20%（含20%）。资金变更比例高于20%
    /// 的应书面向省总工会提出申请，经省总工会批准后实施调整。" The ratio is cumulative against the originally
    /// approved subsidy, so two 15 % steps are a 30 % change. Up to the threshold the applicant's own
    /// meeting decides, it is filed with the level above and takes effect at once; above it nothing
    /// changes until the province approves.
    /// </summary>
    public Adjustment RequestAdjustment(AdjustmentRequest request, FunderRules rules, string actor, DateTime now)
    {
        EnsureStatus("调整", ProjectStatus.Approved, ProjectStatus.InLibrary, ProjectStatus.Launched);
        if (request.Category is { } category && category != Category)
            throw new DomainRuleException("ADJUSTMENT_CHANGES_CATEGORY", "项目调整只能在同类帮扶项目中进行",
                new Dictionary<string, string> { ["category"] = Category.ToString(), ["requested_category"] = category.ToString() });
        if (PendingAdjustmentId is { } pending)
            throw new DomainRuleException("ADJUSTMENT_PENDING", "已有项目调整尚待省总工会批准",
                new Dictionary<string, string> { ["adjustment_id"] = pending.ToString() });
        if (request.NewSubsidyFen <= 0)
            throw new DomainRuleException("AMOUNT_NOT_POSITIVE", "调整后的扶助资金必须大于0");
        if (request.NewSubsidyFen < ReleasedFen)
            throw new DomainRuleException("SUBSIDY_BELOW_RELEASED", "调整后的扶助资金不能少于已拨付的金额");
        if (SubsidyViolation(rules, TotalFen, request.NewSubsidyFen) is { } violation)
            throw new DomainRuleException(violation.Code, violation.Message);

        var original = ApprovedSubsidyFen!.Value;
        var basisPoints = Adjustment.ChangeBasisPoints(original, request.NewSubsidyFen);
        var needsProvince = basisPoints > rules.AdjustmentFilingPercent * 100;
        var adjustment = new Adjustment(this, request, CurrentSubsidyFen!.Value, original, basisPoints,
            needsProvince ? OrganisationTree.Province(OrganisationPath) : OrganisationTree.Parent(OrganisationPath) ?? OrganisationPath,
            needsProvince, actor, now);
        if (needsProvince) PendingAdjustmentId = adjustment.Id;
        else CurrentSubsidyFen = request.NewSubsidyFen;
        Touch(actor, now);
        return adjustment;
    }

    /// <summary>The province's written reply to a pending adjustment: approved, it takes effect; refused, nothing changes.</summary>
    public void DecideAdjustment(Adjustment adjustment, bool approve, DateOnly decidedOn, string reference, string comment, string actor, DateTime now)
    {
        if (adjustment.ProjectId != Id || PendingAdjustmentId != adjustment.Id)
            throw new DomainRuleException("ADJUSTMENT_NOT_PENDING", "该项目调整不在待批状态");
        adjustment.Decide(approve, decidedOn, reference, comment, actor, now);
        PendingAdjustmentId = null;
        if (approve) CurrentSubsidyFen = adjustment.NewSubsidyFen;
        Touch(actor, now);
    }

    // The open count is the project's own, so a change to it bumps the version like any other.
    internal void RectificationOpened()
    {
        OpenRectifications++;
        Version++;
    }

    internal void RectificationClosed()
    {
        OpenRectifications = Math.Max(0, OpenRectifications - 1);
        Version++;
    }
}

/// <summary>What an adjustment asks for; the handler has validated its shape.</summary>
public sealed record AdjustmentRequest(string Reason, string ChangedElements, long NewSubsidyFen, ProjectCategory? Category,
    string MeetingReference, DateOnly DecidedOn);

public enum AdjustmentStatus { Filed = 1, Pending = 2, Approved = 3, Refused = 4 }

/// <summary>One adjustment of a project (项目调整), filed upward or waiting for the province.</summary>
public sealed class Adjustment : Union.Shared.Persistence.IOrganisationOwned
{
    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public AdjustmentStatus Status { get; private set; }
    public string Reason { get; private set; } = string.Empty;
    public string ChangedElements { get; private set; } = string.Empty;
    public long PreviousSubsidyFen { get; private set; }
    public long NewSubsidyFen { get; private set; }
    public long OriginalSubsidyFen { get; private set; }
    public int CumulativeChangeBasisPoints { get; private set; }
    public string MeetingReference { get; private set; } = string.Empty;
    public DateOnly DecidedOn { get; private set; }
    /// <summary>The level above (filed) or the province (pending).</summary>
    public string FiledWith { get; private set; } = string.Empty;
    public string? ProvinceReference { get; private set; }
    public DateOnly? ProvinceDecidedOn { get; private set; }
    public string? Comment { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    private Adjustment() { }

    internal Adjustment(Project project, AdjustmentRequest request, long previousFen, long originalFen, int basisPoints,
        string filedWith, bool pending, string actor, DateTime now)
    {
        Id = Guid.CreateVersion7();
        ProjectId = project.Id;
        OrganisationPath = project.OrganisationPath;
        Status = pending ? AdjustmentStatus.Pending : AdjustmentStatus.Filed;
        Reason = request.Reason.Trim();
        ChangedElements = request.ChangedElements.Trim();
        PreviousSubsidyFen = previousFen;
        NewSubsidyFen = request.NewSubsidyFen;
        OriginalSubsidyFen = originalFen;
        CumulativeChangeBasisPoints = basisPoints;
        MeetingReference = request.MeetingReference.Trim();
        DecidedOn = request.DecidedOn;
        FiledWith = filedWith;
        CreatedAt = UpdatedAt = now;
        CreatedBy = UpdatedBy = actor;
    }

    /// <summary>|new − original| / original in hundredths of a percent, rounded up so 20.001 % is above 20 %.</summary>
    public static int ChangeBasisPoints(long originalFen, long newFen)
    {
        var change = Math.Abs((decimal)newFen - originalFen) * 10_000m / originalFen;
        return (int)Math.Min(int.MaxValue, Math.Ceiling(change));
    }

    internal void Decide(bool approve, DateOnly decidedOn, string reference, string comment, string actor, DateTime now)
    {
        Status = approve ? AdjustmentStatus.Approved : AdjustmentStatus.Refused;
        ProvinceDecidedOn = decidedOn;
        ProvinceReference = reference.Trim();
        Comment = comment.Trim();
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    public bool IsEffective => Status is AdjustmentStatus.Filed or AdjustmentStatus.Approved;
}
