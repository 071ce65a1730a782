using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Projects.Domain;

/// <summary>One line of the budget by fund source, in integer fen (001 附件1 (五) 资金预算).</summary>
public sealed class BudgetLine
{
    public FundSource Source { get; private set; }
    public long AmountFen { get; private set; }

    private BudgetLine() { }

    public BudgetLine(FundSource source, long amountFen)
    {
        Source = source;
        AmountFen = amountFen;
    }
}

/// <summary>项目内容 (001 附件1 (三)): who is served, how, targets, standards and scope.</summary>
public sealed record ProjectContent(string ServedGroups, string ServiceMethod, string Targets, string Standards, string Scope);

/// <summary>绩效目标 (001 第五条(八)): workers covered, workers directly served, satisfaction %.</summary>
public sealed record PerformanceTargets(int WorkersCovered, int WorkersDirectlyServed, int SatisfactionPercent);

/// <summary>The project's contact (项目负责人、联系电话、电子邮箱 on the report's cover).</summary>
public sealed record ProjectContact(string Name, string Phone, string Email);

/// <summary>推进方案: a dated milestone with its progress.</summary>
public sealed class Milestone
{
    public int Number { get; private set; }
    public string Description { get; private set; } = string.Empty;
    public DateOnly DueOn { get; private set; }
    public int ProgressPercent { get; private set; }
    public string ProgressNote { get; private set; } = string.Empty;
    public DateOnly? CompletedOn { get; private set; }

    private Milestone() { }

    public Milestone(int number, string description, DateOnly dueOn)
    {
        Number = number;
        Description = description;
        DueOn = dueOn;
    }

    internal void Record(int percent, string note, DateOnly? completedOn)
    {
        if (percent == 100 && completedOn is null)
            throw new DomainRuleException("COMPLETION_DATE_REQUIRED", "进度达到100%时须填写完成日期");
        ProgressPercent = percent;
        ProgressNote = note.Trim();
        CompletedOn = percent == 100 ? completedOn : null;
    }
}

/// <summary>责任分工: a named role and who holds it (001 附件1 (八)).</summary>
public sealed class Responsibility
{
    public int Number { get; private set; }
    public string Role { get; private set; } = string.Empty;
    public string Person { get; private set; } = string.Empty;

    private Responsibility() { }

    public Responsibility(int number, string role, string person)
    {
        Number = number;
        Role = role;
        Person = person;
    }
}

/// <summary>What an applicant files; the handler has validated its shape.</summary>
public sealed record ProjectApplicationDraft(
    string OrganisationPath,
    ProjectLevel Level,
    ProjectCategory Category,
    ProjectSubcategory Subcategory,
    string Title,
    string Background,
    ProjectContent Content,
    IReadOnlyList<(string Description, DateOnly DueOn)> Milestones,
    IReadOnlyList<BudgetLine> Budget,
    long SubsidyRequestedFen,
    PerformanceTargets Targets,
    string Safeguards,
    IReadOnlyList<(string Role, string Person)> Responsibilities,
    ProjectContact Contact);

/// <summary>
/// An assistance project from its application to its closing (帮扶项目). The applicant files it
/// into a funder's round; the committee scores it; the collective decision approves it (立项) and
/// the signed paper copy puts it in the library (入库); the approved launch form starts it and
/// releases the first tranche; the accepted acceptance form releases the rest; final accounts and
/// a complete archive close it (结项). Every transition is guarded here; the handlers only load,
/// call and save.
/// </summary>
public sealed partial class Project : IOrganisationOwned
{
    /// <summary>The largest budget total the platform accepts: 10^12 fen (10 billion yuan).</summary>
    public const long MaxTotalFen = 1_000_000_000_000L;

    private readonly List<BudgetLine> _budget = [];
    private readonly List<Milestone> _milestones = [];
    private readonly List<Responsibility> _responsibilities = [];

    public Guid Id { get; private set; }
    public Guid RoundId { get; private set; }
    /// <summary>The round's funder: the applicant's parent organisation.</summary>
    public string FunderPath { get; private set; } = string.Empty;
    /// <summary>The applicant organisation.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    public int Year { get; private set; }
    public ApplicationKind Kind { get; private set; }
    public ProjectLevel Level { get; private set; }
    public ProjectCategory Category { get; private set; }
    public ProjectSubcategory Subcategory { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public string Background { get; private set; } = string.Empty;
    public ProjectContent Content { get; private set; } = new("", "", "", "", "");
    public IReadOnlyList<Milestone> Milestones => _milestones;
    public IReadOnlyList<BudgetLine> Budget => _budget;
    /// <summary>The sum of the budget lines, kept for reports; never set on its own.</summary>
    public long TotalFen { get; private set; }
    public long SubsidyRequestedFen { get; private set; }
    public PerformanceTargets Targets { get; private set; } = new(0, 0, 0);
    public string Safeguards { get; private set; } = string.Empty;
    public IReadOnlyList<Responsibility> Responsibilities => _responsibilities;
    public ProjectContact Contact { get; private set; } = new("", "", "");
    public ProjectStatus Status { get; private set; }
    /// <summary>
    /// Bumped by every change: the concurrency token that keeps two people deciding on the same
    /// project at once (say, approving the launch form twice) from both winning and releasing a
    /// tranche twice. The loser gets ABORTED / CONCURRENT_CHANGE and retries on fresh data.
    /// </summary>
    public int Version { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    private Project() { }

    /// <summary>
    /// Files an application into <paramref name="round"/> on <paramref name="today"/> (Beijing). Refuses
    /// a late one, an applicant the round's funder does not fund, a sub-kind that is not of the
    /// category and a subsidy above the funder's cap. One per category per applicant per round
    /// needs the database and is the handler's to check.
    /// </summary>
    public static Project Submit(ProjectApplicationDraft draft, FundingRound round, FunderRules rules, string actor, DateTime now, DateOnly today)
    {
        round.EnsureOpenOn(today);
        if (!round.IsFunderOf(draft.OrganisationPath))
            throw new DomainRuleException("NOT_THE_APPLICANTS_FUNDER",
                "申报单位只能向上一级工会申报（市州、省产业工会和企业集团向省总，区县和市产业工会向市总）",
                new Dictionary<string, string> { ["funder_path"] = round.FunderPath, ["organisation_path"] = draft.OrganisationPath });
        if (!ProjectCategories.Fits(draft.Category, draft.Subcategory))
            throw new DomainRuleException("SUBCATEGORY_NOT_OF_CATEGORY", "项目子类与项目类别不符");
        if (draft.Budget.Count == 0)
            throw new DomainRuleException("BUDGET_REQUIRED", "预算至少需要一项");
        if (draft.Budget.Any(l => l.AmountFen <= 0))
            throw new DomainRuleException("AMOUNT_NOT_POSITIVE", "预算金额必须大于0");
        if (draft.Budget.Select(l => l.Source).Distinct().Count() != draft.Budget.Count)
            throw new DomainRuleException("DUPLICATE_FUND_SOURCE", "同一资金来源只能填写一项");
        var total = draft.Budget.Aggregate(0m, (sum, l) => sum + l.AmountFen);
        if (total > MaxTotalFen)
            throw new DomainRuleException("BUDGET_TOO_LARGE", "预算总额超出允许范围");
        if (SubsidyViolation(rules, (long)total, draft.SubsidyRequestedFen) is { } violation)
            throw new DomainRuleException(violation.Code, violation.Message);

        var project = new Project
        {
            Id = Guid.CreateVersion7(),
            RoundId = round.Id,
            FunderPath = round.FunderPath,
            OrganisationPath = draft.OrganisationPath,
            Year = round.Year,
            Kind = round.Kind,
            Level = draft.Level,
            Category = draft.Category,
            Subcategory = draft.Subcategory,
            Title = draft.Title.Trim(),
            Background = draft.Background.Trim(),
            Content = draft.Content,
            TotalFen = (long)total,
            SubsidyRequestedFen = draft.SubsidyRequestedFen,
            Targets = draft.Targets,
            Safeguards = draft.Safeguards.Trim(),
            Contact = draft.Contact,
            Status = ProjectStatus.Submitted,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
        project._budget.AddRange(draft.Budget.OrderBy(l => l.Source).Select(l => new BudgetLine(l.Source, l.AmountFen)));
        project._milestones.AddRange(draft.Milestones.Select((m, i) => new Milestone(i + 1, m.Description.Trim(), m.DueOn)));
        project._responsibilities.AddRange(draft.Responsibilities.Select((r, i) => new Responsibility(i + 1, r.Role.Trim(), r.Person.Trim())));
        return project;
    }

    /// <summary>
    /// The subsidy asked of the funder must be positive, within the project total and within the
    /// funder's cap (Dalian: "原则上不超过项目总投入的50%", 001 第六条). Null when it is right.
    /// </summary>
    public static (string Code, string Message)? SubsidyViolation(FunderRules rules, long totalFen, long subsidyFen)
    {
        if (subsidyFen <= 0) return ("AMOUNT_NOT_POSITIVE", "申请扶助资金必须大于0");
        if (subsidyFen > totalFen) return ("SUBSIDY_EXCEEDS_TOTAL", "申请扶助资金不能超过项目总预算");
        if (rules.MaxSubsidyFen(totalFen) is { } max && subsidyFen > max)
            return ("SUBSIDY_EXCEEDS_CAP", $"扶助资金原则上不超过项目总投入的{rules.SubsidyCapPercent}%（最多{max / 100m:0.##}元）");
        return null;
    }

    private void Touch(string actor, DateTime now)
    {
        UpdatedAt = now;
        UpdatedBy = actor;
        Version++;
    }

    private void EnsureStatus(string action, params ProjectStatus[] allowed)
    {
        if (allowed.Contains(Status)) return;
        throw new DomainRuleException("PROJECT_STATUS_FORBIDS", $"项目当前状态（{Status}）不能{action}",
            new Dictionary<string, string> { ["status"] = Status.ToString(), ["action"] = action });
    }
}
