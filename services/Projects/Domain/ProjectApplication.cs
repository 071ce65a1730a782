using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Projects.Domain;

/// <summary>The eight project categories of the Sichuan plan (000_001fd36b94af060d.txt, 三、帮扶项目类别).</summary>
public enum ProjectCategory
{
    LivingSecurity = 1,     // 生活保障
    Medical = 2,            // 医疗帮扶
    LegalAid = 3,           // 法律援助
    VocationalTraining = 4, // 职业培训
    Employment = 5,         // 就业促进
    Education = 6,          // 助学帮扶
    Entrepreneurship = 7,   // 创业帮扶
    Special = 8,            // 特殊帮扶
}

/// <summary>The application rounds (000_001fd36b94af060d.txt, 四（一）1 项目申报).</summary>
public enum ApplicationKind
{
    /// <summary>本年度计划实施的项目: due 20 November of the year before.</summary>
    Annual = 1,
    /// <summary>需要补充申报的项目: due 20 May of the year itself.</summary>
    Supplementary = 2,
    /// <summary>应对突发事件和意外灾害的帮扶项目: any time, each application on its own.</summary>
    Emergency = 3,
}

public enum ProjectStatus { Submitted = 1, UnderReview = 2, Approved = 3, Rejected = 4 }

/// <summary>Where a project's money comes from (003_eca3cf9f3ec4784d.txt).</summary>
public enum FundSource { CentralFinance = 1, ProvincialFinance = 2, UnionFunds = 3, Other = 4 }

/// <summary>One line of the budget by fund source, in integer fen (Dalian feasibility report, 001_ab13bea91fa8b22f.txt).</summary>
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

/// <summary>What an organisation files; the handler has validated its shape.</summary>
public sealed record ProjectApplicationDraft(
    string OrganisationPath,
    int Year,
    ProjectCategory Category,
    ApplicationKind Kind,
    string Title,
    string Background,
    IReadOnlyList<BudgetLine> Budget,
    int TargetBeneficiaries);

/// <summary>
/// An organisation's application for an assistance project in one year and category (项目申报书).
/// It starts SUBMITTED; review, approval into the project library and implementation follow.
/// </summary>
public sealed class ProjectApplication : IOrganisationOwned
{
    /// <summary>The largest budget total the platform accepts: 10^12 fen (10 billion yuan).</summary>
    public const long MaxTotalFen = 1_000_000_000_000L;

    private readonly List<BudgetLine> _budget = [];

    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public int Year { get; private set; }
    public ProjectCategory Category { get; private set; }
    public ApplicationKind Kind { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public string Background { get; private set; } = string.Empty;
    public IReadOnlyList<BudgetLine> Budget => _budget;
    /// <summary>The sum of the budget lines, kept for reports; never set on its own.</summary>
    public long TotalFen { get; private set; }
    public int TargetBeneficiaries { get; private set; }
    public ProjectStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    private ProjectApplication() { }

    /// <summary>
    /// Files an application at <paramref name="now"/>. Refuses a late one (the round's deadline has
    /// passed) and a budget that breaks the rules; uniqueness within the round needs the database
    /// and is the handler's to check.
    /// </summary>
    public static ProjectApplication Submit(ProjectApplicationDraft draft, string actor, DateTimeOffset now)
    {
        if (ApplicationDeadlines.DueBy(draft.Kind, draft.Year) is { } due && now >= due)
        {
            throw new DomainRuleException("APPLICATION_DEADLINE_PASSED",
                $"{draft.Year}年度{ApplicationDeadlines.Describe(draft.Kind)}申报已于{due.AddDays(-1):yyyy年M月d日}截止",
                new Dictionary<string, string>
                {
                    ["deadline"] = due.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["kind"] = draft.Kind.ToString(),
                    ["year"] = draft.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
        }
        if (draft.Budget.Count == 0)
            throw new DomainRuleException("BUDGET_REQUIRED", "预算至少需要一项");
        if (draft.Budget.Any(l => l.AmountFen <= 0))
            throw new DomainRuleException("AMOUNT_NOT_POSITIVE", "预算金额必须大于0");
        if (draft.Budget.Select(l => l.Source).Distinct().Count() != draft.Budget.Count)
            throw new DomainRuleException("DUPLICATE_FUND_SOURCE", "同一资金来源只能填写一项");
        var total = draft.Budget.Aggregate(0m, (sum, l) => sum + l.AmountFen);
        if (total > MaxTotalFen)
            throw new DomainRuleException("BUDGET_TOO_LARGE", "预算总额超出允许范围");

        var utc = now.UtcDateTime;
        var application = new ProjectApplication
        {
            Id = Guid.CreateVersion7(now),
            OrganisationPath = draft.OrganisationPath,
            Year = draft.Year,
            Category = draft.Category,
            Kind = draft.Kind,
            Title = draft.Title.Trim(),
            Background = draft.Background.Trim(),
            TotalFen = (long)total,
            TargetBeneficiaries = draft.TargetBeneficiaries,
            Status = ProjectStatus.Submitted,
            CreatedAt = utc,
            CreatedBy = actor,
            UpdatedAt = utc,
            UpdatedBy = actor,
        };
        application._budget.AddRange(draft.Budget.OrderBy(l => l.Source).Select(l => new BudgetLine(l.Source, l.AmountFen)));
        return application;
    }

    /// <summary>
    /// Whether the one-application-per-category-per-round rule covers this application. The plan
    /// says "在每次申报中同类项目只填写一份申报书，申报一次" for the annual and supplementary rounds,
    /// while emergency projects "随时申报" (000_001fd36b94af060d.txt, 四（一）1): each emergency is its
    /// own round, so any number may be filed.
    /// </summary>
    public static bool IsLimitedToOnePerRound(ApplicationKind kind) => kind != ApplicationKind.Emergency;
}

/// <summary>
/// Application deadlines (000_001fd36b94af060d.txt, 四（一）1): "本年度计划实施的项目在上一年度11月20日前
/// 提交，需要补充申报的项目在本年度5月20日前提交；应对突发事件和意外灾害的帮扶项目随时申报". Read as
/// "by the end of that day", Beijing time (UTC+8, no daylight saving since 1991).
/// </summary>
public static class ApplicationDeadlines
{
    public static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    /// <summary>The first instant at which an application of the kind for the year is late; null when it never is.</summary>
    public static DateTimeOffset? DueBy(ApplicationKind kind, int year) => kind switch
    {
        ApplicationKind.Annual => new DateTimeOffset(year - 1, 11, 21, 0, 0, 0, BeijingOffset),
        ApplicationKind.Supplementary => new DateTimeOffset(year, 5, 21, 0, 0, 0, BeijingOffset),
        _ => null,
    };

    public static string Describe(ApplicationKind kind) => kind switch
    {
        ApplicationKind.Annual => "年度项目",
        ApplicationKind.Supplementary => "补充项目",
        _ => "应急项目",
    };
}
