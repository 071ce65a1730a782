using Union.Shared.Errors;
using Union.Shared.Tenancy;

namespace Union.Projects.Domain;

/// <summary>The weights of the three review criteria (000 §四(一)2: 必要性、可行性及前景), summing to 100.</summary>
public sealed record ReviewWeights(int Necessity, int Feasibility, int Prospects)
{
    /// <summary>
    /// The plan names the three criteria but not their weights (its 附件2 评审暂行办法 is not among
    /// the sources); necessity leads because the plan asks projects to start from workers' needs.
    /// </summary>
    public static readonly ReviewWeights Default = new(40, 30, 30);

    public bool IsValid => Necessity >= 0 && Feasibility >= 0 && Prospects >= 0 && Necessity + Feasibility + Prospects == 100;

    /// <summary>The weighted score of three 0–100 scores, in hundredths of a point, rounded half away from zero.</summary>
    public int WeightedCenti(int necessity, int feasibility, int prospects) =>
        // Σ score × weight is in hundredths already, because the weights sum to 100.
        necessity * Necessity + feasibility * Feasibility + prospects * Prospects;
}

/// <summary>A member of a round's review committee (评审委员会).</summary>
public sealed class RoundReviewer
{
    public string Subject { get; private set; } = string.Empty;
    public string Name { get; private set; } = string.Empty;
    public string OrganisationPath { get; private set; } = string.Empty;

    private RoundReviewer() { }

    public RoundReviewer(string subject, string name, string organisationPath)
    {
        Subject = subject;
        Name = name;
        OrganisationPath = organisationPath;
    }
}

/// <summary>
/// A funder's application round for a year (000 §四(一)1). The funder is the province, or a city
/// for its counties and industry unions (001 第四条(二)). The due date is data the funder may move;
/// <see cref="ApplicationDeadlines"/> gives the plan's defaults.
/// </summary>
public sealed class FundingRound
{
    private readonly List<RoundReviewer> _reviewers = [];

    public Guid Id { get; private set; }
    public string FunderPath { get; private set; } = string.Empty;
    public int Year { get; private set; }
    public ApplicationKind Kind { get; private set; }
    /// <summary>The last day (inclusive, Beijing calendar) an application is in time; null for emergency rounds.</summary>
    public DateOnly? DueOn { get; private set; }
    public string? EmergencyEvent { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public ReviewWeights Weights { get; private set; } = ReviewWeights.Default;
    public IReadOnlyList<RoundReviewer> Reviewers => _reviewers;
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    private FundingRound() { }

    public static FundingRound Open(string funderPath, int year, ApplicationKind kind, DateOnly? dueOn, string? emergencyEvent,
        string title, ReviewWeights weights, string actor, DateTime now)
    {
        if (kind == ApplicationKind.Emergency)
        {
            if (string.IsNullOrWhiteSpace(emergencyEvent))
                throw new DomainRuleException("EMERGENCY_EVENT_REQUIRED", "应急申报须写明突发事件或意外灾害");
            dueOn = null;
        }
        else
        {
            dueOn ??= ApplicationDeadlines.DefaultDueOn(kind, year);
            emergencyEvent = null;
        }
        return new FundingRound
        {
            Id = Guid.CreateVersion7(),
            FunderPath = funderPath,
            Year = year,
            Kind = kind,
            DueOn = dueOn,
            EmergencyEvent = emergencyEvent?.Trim(),
            Title = string.IsNullOrWhiteSpace(title) ? DefaultTitle(year, kind, emergencyEvent) : title.Trim(),
            Weights = weights,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
    }

    private static string DefaultTitle(int year, ApplicationKind kind, string? emergencyEvent) => kind switch
    {
        ApplicationKind.Emergency => $"{year}年度应急帮扶项目申报（{emergencyEvent?.Trim()}）",
        _ => $"{year}年度{ApplicationDeadlines.Describe(kind)}申报",
    };

    /// <summary>Whether an application filed on <paramref name="today"/> (Beijing) is in time: the due day itself is.</summary>
    public bool AcceptsOn(DateOnly today) => DueOn is null || today <= DueOn.Value;

    /// <summary>Refuses a late application with a stable code naming the deadline that passed.</summary>
    public void EnsureOpenOn(DateOnly today)
    {
        if (AcceptsOn(today)) return;
        var code = Kind == ApplicationKind.Annual ? "ANNUAL_DEADLINE_PASSED" : "SUPPLEMENTARY_DEADLINE_PASSED";
        throw new DomainRuleException(code,
            $"{Year}年度{ApplicationDeadlines.Describe(Kind)}申报已于{DueOn:yyyy年M月d日}截止",
            new Dictionary<string, string>
            {
                ["due_on"] = DueOn!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["kind"] = Kind.ToString(),
                ["year"] = Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["round_id"] = Id.ToString(),
            });
    }

    /// <summary>
    /// Who may apply to whom follows the organisation tree: an applicant applies to its parent
    /// (cities, provincial industry unions and enterprise groups to the province; counties and
    /// city industry unions to their city: 000 二（一）, 001 第四条(二)).
    /// </summary>
    public bool IsFunderOf(string applicantPath) => OrganisationTree.Parent(applicantPath) == FunderPath;

    public void ChangeDeadline(DateOnly dueOn, string actor, DateTime now)
    {
        if (Kind == ApplicationKind.Emergency)
            throw new DomainRuleException("EMERGENCY_ROUND_HAS_NO_DEADLINE", "应急申报随时受理，没有截止日期");
        DueOn = dueOn;
        Touch(actor, now);
    }

    public void AddReviewer(RoundReviewer reviewer, string actor, DateTime now)
    {
        if (_reviewers.Any(r => r.Subject == reviewer.Subject))
            throw new DomainRuleException("REVIEWER_ALREADY_ON_COMMITTEE", "该评审人已在本轮评审委员会中");
        _reviewers.Add(reviewer);
        Touch(actor, now);
    }

    public RoundReviewer? Reviewer(string subject) => _reviewers.FirstOrDefault(r => r.Subject == subject);

    private void Touch(string actor, DateTime now)
    {
        UpdatedAt = now;
        UpdatedBy = actor;
    }
}

/// <summary>
/// The plan's default deadlines (000 §四(一)1): "本年度计划实施的项目在上一年度11月20日前提交，需要补充申报的项目
/// 在本年度5月20日前提交；应对突发事件和意外灾害的帮扶项目随时申报". "前" is read as "by the end of that day".
/// </summary>
public static class ApplicationDeadlines
{
    public static DateOnly? DefaultDueOn(ApplicationKind kind, int year) => kind switch
    {
        ApplicationKind.Annual => new DateOnly(year - 1, 11, 20),
        ApplicationKind.Supplementary => new DateOnly(year, 5, 20),
        _ => null,
    };

    public static string Describe(ApplicationKind kind) => kind switch
    {
        ApplicationKind.Annual => "年度项目",
        ApplicationKind.Supplementary => "补充项目",
        _ => "应急项目",
    };
}

/// <summary>The organisation tree read from materialised paths.</summary>
public static class OrganisationTree
{
    public static string? Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? null : path[..slash];
    }

    /// <summary>The province: the first segment of a path.</summary>
    public static string Province(string path)
    {
        var slash = path.IndexOf('/');
        return slash < 0 ? path : path[..slash];
    }

    public static bool IsWithin(string ancestor, string path) => OrganisationPath.Covers(ancestor, path);
}

/// <summary>
/// A funder's rules, kept as data (a funder changes them without a release). A funder with no
/// rules of its own reads <see cref="Defaults"/>.
/// </summary>
public sealed class FunderRules
{
    public string FunderPath { get; private set; } = string.Empty;
    /// <summary>The largest subsidy as a percent of the project total; null means no cap (Dalian: 50, 001 第六条).</summary>
    public int? SubsidyCapPercent { get; private set; }
    /// <summary>Released when the launch form is approved; the rest after acceptance (001 第六条: 40 % / 60 %).</summary>
    public int LaunchTranchePercent { get; private set; } = 40;
    /// <summary>The mid-term form's due day in the project year (001 第五条(八) "8月中旬前").</summary>
    public int MidTermDueMonth { get; private set; } = 8;
    public int MidTermDueDay { get; private set; } = 15;
    /// <summary>A cumulative fund change up to this percent (inclusive) is filed; above it the province approves (000 §四(二)4).</summary>
    public int AdjustmentFilingPercent { get; private set; } = 20;
    public ReviewWeights ReviewWeights { get; private set; } = ReviewWeights.Default;
    /// <summary>The share of running projects a spot check draws (000 §四(二)3 "适时…抽查"; the rate is the funder's choice).</summary>
    public int SpotCheckPercent { get; private set; } = 20;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "defaults";

    private FunderRules() { }

    public static FunderRules Defaults(string funderPath) => new() { FunderPath = funderPath };

    public static FunderRules Set(string funderPath, int? subsidyCapPercent, int launchTranchePercent, int midTermDueMonth,
        int midTermDueDay, int adjustmentFilingPercent, ReviewWeights weights, int spotCheckPercent, string actor, DateTime now) => new()
    {
        FunderPath = funderPath,
        SubsidyCapPercent = subsidyCapPercent,
        LaunchTranchePercent = launchTranchePercent,
        MidTermDueMonth = midTermDueMonth,
        MidTermDueDay = midTermDueDay,
        AdjustmentFilingPercent = adjustmentFilingPercent,
        ReviewWeights = weights,
        SpotCheckPercent = spotCheckPercent,
        UpdatedAt = now,
        UpdatedBy = actor,
    };

    public void CopyFrom(FunderRules other)
    {
        SubsidyCapPercent = other.SubsidyCapPercent;
        LaunchTranchePercent = other.LaunchTranchePercent;
        MidTermDueMonth = other.MidTermDueMonth;
        MidTermDueDay = other.MidTermDueDay;
        AdjustmentFilingPercent = other.AdjustmentFilingPercent;
        ReviewWeights = other.ReviewWeights;
        SpotCheckPercent = other.SpotCheckPercent;
        UpdatedAt = other.UpdatedAt;
        UpdatedBy = other.UpdatedBy;
    }

    public DateOnly MidTermDueOn(int year) => new(year, MidTermDueMonth, Math.Min(MidTermDueDay, DateTime.DaysInMonth(year, MidTermDueMonth)));

    /// <summary>The subsidy the cap allows for a project total, in fen; null when there is no cap.</summary>
    public long? MaxSubsidyFen(long totalFen) => SubsidyCapPercent is { } cap ? totalFen * cap / 100 : null;

    /// <summary>The first tranche of a subsidy: the launch share, in whole fen (the remainder goes with the second).</summary>
    public long LaunchTrancheFen(long subsidyFen) => subsidyFen * LaunchTranchePercent / 100;
}
