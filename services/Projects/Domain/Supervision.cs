using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Projects.Domain;

public enum InspectionKind { Self = 1, Supervision = 2, SpotCheck = 3 }

public enum RectificationSource { Inspection = 1, Acceptance = 2 }

/// <summary>An inspection of one project (督导检查, 000 §四(二)3); its findings open rectification items.</summary>
public sealed class Inspection : IOrganisationOwned
{
    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public InspectionKind Kind { get; private set; }
    public DateOnly InspectedOn { get; private set; }
    public string Inspectors { get; private set; } = string.Empty;
    public string Summary { get; private set; } = string.Empty;
    public Guid? SpotCheckId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;

    private Inspection() { }

    /// <summary>Records the inspection and opens one rectification item per finding.</summary>
    public static (Inspection Inspection, IReadOnlyList<Rectification> Rectifications) Record(Project project, InspectionKind kind,
        DateOnly inspectedOn, string inspectors, string summary, SpotCheck? spotCheck,
        IReadOnlyList<(string Finding, DateOnly DueOn)> findings, string actor, DateTime now)
    {
        if (project.Status is not (ProjectStatus.InLibrary or ProjectStatus.Launched or ProjectStatus.Accepted))
            throw new DomainRuleException("PROJECT_NOT_RUNNING", "只能检查已入库、实施中或已验收的项目");
        if (kind == InspectionKind.SpotCheck && (spotCheck is null || !spotCheck.ProjectIds.Contains(project.Id)))
            throw new DomainRuleException("PROJECT_NOT_DRAWN", "该项目不在本次抽查名单中");
        var inspection = new Inspection
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            OrganisationPath = project.OrganisationPath,
            Kind = kind,
            InspectedOn = inspectedOn,
            Inspectors = inspectors.Trim(),
            Summary = summary.Trim(),
            SpotCheckId = kind == InspectionKind.SpotCheck ? spotCheck!.Id : null,
            CreatedAt = now,
            CreatedBy = actor,
        };
        var items = findings.Select(f => Rectification.Open(project, RectificationSource.Inspection, inspection.Id, f.Finding, f.DueOn, inspectedOn, actor, now)).ToList();
        return (inspection, items);
    }
}

/// <summary>A rectification item (整改问题), opened by an inspection finding or an acceptance sent back, tracked to closure.</summary>
public sealed class Rectification : IOrganisationOwned
{
    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public RectificationSource Source { get; private set; }
    public Guid SourceId { get; private set; }
    public string Finding { get; private set; } = string.Empty;
    /// <summary>The day the finding was made (the inspection's date, or the acceptance decision's).</summary>
    public DateOnly OpenedOn { get; private set; }
    public DateOnly DueOn { get; private set; }
    public DateOnly? ClosedOn { get; private set; }
    public string? Resolution { get; private set; }
    /// <summary>Bumped on closing: of two closings racing each other, the second is refused, not counted twice.</summary>
    public int Version { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    private Rectification() { }

    public static Rectification Open(Project project, RectificationSource source, Guid sourceId, string finding, DateOnly dueOn,
        DateOnly openedOn, string actor, DateTime now)
    {
        if (dueOn < openedOn)
            throw new DomainRuleException("DUE_BEFORE_FINDING", "整改期限不能早于发现问题的日期");
        project.RectificationOpened();
        return new Rectification
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            OrganisationPath = project.OrganisationPath,
            Source = source,
            SourceId = sourceId,
            Finding = finding.Trim(),
            OpenedOn = openedOn,
            DueOn = dueOn,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
    }

    public bool IsClosed => ClosedOn is not null;

    public bool IsOverdue(DateOnly today) => !IsClosed && today > DueOn;

    /// <summary>Closes the item with what was done; late when closed after its due date.</summary>
    public bool Close(Project project, DateOnly closedOn, string resolution, string actor, DateTime now)
    {
        if (IsClosed) throw new DomainRuleException("RECTIFICATION_ALREADY_CLOSED", "该整改事项已销号");
        if (closedOn < OpenedOn)
            throw new DomainRuleException("CLOSED_BEFORE_FINDING", "销号日期不能早于发现问题的日期",
                new Dictionary<string, string> { ["opened_on"] = OpenedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        if (project.Id != ProjectId) throw new InvalidOperationException("The rectification belongs to another project.");
        ClosedOn = closedOn;
        Resolution = resolution.Trim();
        Version++;
        UpdatedAt = now;
        UpdatedBy = actor;
        project.RectificationClosed();
        return closedOn > DueOn;
    }
}

/// <summary>
/// A provincial spot check (省总工会将适时对实施中的项目进行抽查, 000 §四(二)3): a random sample of the
/// running projects at a rate, drawn so that an auditor can reproduce it. The draw ranks every
/// project by SHA-256 of "seed:project-id" (lower-case id) and takes the first ⌈n × rate⌉ (at least
/// one): any tool that can hash can check it, and the population's order does not matter.
/// </summary>
public sealed class SpotCheck : IOrganisationOwned
{
    private List<Guid> _projectIds = [];

    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public int Year { get; private set; }
    public int Percent { get; private set; }
    public long Seed { get; private set; }
    public int Population { get; private set; }
    public IReadOnlyList<Guid> ProjectIds => _projectIds;
    public DateTime DrawnAt { get; private set; }
    public string DrawnBy { get; private set; } = string.Empty;

    private SpotCheck() { }

    public static SpotCheck Draw(string organisationPath, int year, int percent, long seed, IReadOnlyCollection<Guid> running, string actor, DateTime now)
    {
        if (percent is <= 0 or > 100)
            throw new DomainRuleException("SPOT_CHECK_RATE_OUT_OF_RANGE", "抽查比例应在1%到100%之间");
        return new SpotCheck
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = organisationPath,
            Year = year,
            Percent = percent,
            Seed = seed,
            Population = running.Count,
            _projectIds = Sample(running, percent, seed),
            DrawnAt = now,
            DrawnBy = actor,
        };
    }

    public static int SampleSize(int population, int percent) =>
        population == 0 ? 0 : Math.Max(1, (int)Math.Ceiling(population * percent / 100m));

    public static List<Guid> Sample(IReadOnlyCollection<Guid> population, int percent, long seed) =>
        population.OrderBy(id => Rank(seed, id), StringComparer.Ordinal).ThenBy(id => id)
            .Take(SampleSize(population.Count, percent)).ToList();

    // Invariant culture: the text hashed must not depend on the server's locale (a culture may write
    // a negative seed with U+2212 instead of '-'), or an auditor elsewhere could not reproduce the draw.
    private static string Rank(long seed, Guid id) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}:{id:D}"))));
}

public enum SurveyMethod { OnSiteMeeting = 1, Online = 2 }

/// <summary>
/// 职工评价 (001 第五条(七)): "对职工知晓度、参与度、受益度、满意度高的实事项目要加大扶助力度". One survey's
/// sample and counts; rates are derived, never entered.
/// </summary>
public sealed class WorkerSurvey : IOrganisationOwned
{
    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public SurveyMethod Method { get; private set; }
    public DateOnly SurveyedOn { get; private set; }
    public int SampleSize { get; private set; }
    public int Aware { get; private set; }
    public int Participated { get; private set; }
    public int Benefited { get; private set; }
    public int Satisfied { get; private set; }
    public string Comments { get; private set; } = string.Empty;
    public DateTime RecordedAt { get; private set; }
    public string RecordedBy { get; private set; } = string.Empty;

    private WorkerSurvey() { }

    public static WorkerSurvey Record(Project project, SurveyMethod method, DateOnly surveyedOn, int sampleSize, int aware,
        int participated, int benefited, int satisfied, string comments, string actor, DateTime now)
    {
        if (project.Status is not (ProjectStatus.Launched or ProjectStatus.Accepted or ProjectStatus.Closed))
            throw new DomainRuleException("PROJECT_NOT_LAUNCHED", "项目启动实施后才能开展职工评价");
        if (sampleSize <= 0)
            throw new DomainRuleException("SAMPLE_EMPTY", "样本量必须大于0");
        if (new[] { aware, participated, benefited, satisfied }.Any(c => c < 0 || c > sampleSize))
            throw new DomainRuleException("COUNT_EXCEEDS_SAMPLE", "各项人数应在0到样本量之间");
        return new WorkerSurvey
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            OrganisationPath = project.OrganisationPath,
            Method = method,
            SurveyedOn = surveyedOn,
            SampleSize = sampleSize,
            Aware = aware,
            Participated = participated,
            Benefited = benefited,
            Satisfied = satisfied,
            Comments = comments.Trim(),
            RecordedAt = now,
            RecordedBy = actor,
        };
    }

    /// <summary>A count as hundredths of a percent of the sample, rounded half away from zero.</summary>
    public int BasisPoints(int count) => (int)Math.Round(count * 10_000m / SampleSize, MidpointRounding.AwayFromZero);
}
