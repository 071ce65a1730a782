using Union.Evaluation.Domain.Templates;
using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Evaluation.Domain;

public enum SubjectKind { Project = 1, Programme = 2 }

/// <summary>
/// The stages of 000_001fd36b94af060d.txt §四(四), in this order: self-evaluation (2. 本级自评),
/// overall evaluation by the provincial working group (3. 整体评价), on-site evaluation of sampled
/// indicators (4. 现场评价), rectification re-check (5. 整改复查), graded (6. 形成报告, 8. 评定等级),
/// archived and locked (7. 建立档案). The numbers are stored; Graded kept its first number.
/// </summary>
public enum EvaluationStage { SelfEvaluation = 1, Overall = 2, OnSite = 3, Graded = 4, Rectification = 5, Archived = 6 }

/// <summary>What is evaluated: one assistance project, or an organisation's whole programme for the year.</summary>
public sealed record EvaluationSubject(SubjectKind Kind, string SubjectId, string OrganisationPath, string Title)
{
    public static EvaluationSubject Project(Guid projectId, string projectOrganisationPath, string title) =>
        new(SubjectKind.Project, projectId.ToString(), projectOrganisationPath, title);

    /// <summary>An organisation's programme is evaluated by that organisation.</summary>
    public static EvaluationSubject Programme(string organisationPath) =>
        new(SubjectKind.Programme, string.Empty, organisationPath, string.Empty);

    /// <summary>
    /// Identifies the subject across organisations: a project is one project wherever it is
    /// evaluated from; a programme is the organisation's own.
    /// </summary>
    public string Key => Kind == SubjectKind.Project ? $"project:{SubjectId}" : $"programme:{OrganisationPath}";
}

/// <summary>
/// The performance evaluation (绩效评价) of a project or programme for a year against an
/// indicator system. One per subject per year. It starts in self-evaluation: the implementing
/// organisation evaluates itself first (000_001fd36b94af060d.txt, "本级自评").
/// </summary>
public sealed partial class PerformanceEvaluation : IOrganisationOwned
{
    public Guid Id { get; private set; }
    /// <summary>The organisation that owns (runs) the evaluation.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    public SubjectKind SubjectKind { get; private set; }
    /// <summary>The project id for a project; empty for a programme.</summary>
    public string SubjectId { get; private set; } = string.Empty;
    /// <summary>Unique with <see cref="Year"/>: see <see cref="EvaluationSubject.Key"/>.</summary>
    public string SubjectKey { get; private set; } = string.Empty;
    /// <summary>The project's title when known; empty for a programme or when the read model lacks it.</summary>
    public string SubjectTitle { get; private set; } = string.Empty;
    public int Year { get; private set; }
    /// <summary>The template code (<see cref="IndicatorTemplate.Code"/>) the evaluation is scored against.</summary>
    public string IndicatorSystem { get; private set; } = string.Empty;
    /// <summary>The template version it started with: later versions of the same code do not change it.</summary>
    public int IndicatorSystemVersion { get; private set; }
    public EvaluationStage Stage { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    private PerformanceEvaluation() { }

    /// <summary>
    /// Starts an evaluation owned by <paramref name="ownerPath"/>. A project must lie within the
    /// owner's subtree: an organisation evaluates its own projects or those below it (the
    /// province's working group evaluates any).
    /// </summary>
    public static PerformanceEvaluation Start(string ownerPath, EvaluationSubject subject, int year, IndicatorTemplate template, string actor, DateTime now)
    {
        if (template.Status != TemplateStatus.Active)
            throw new DomainRuleException("TEMPLATE_RETIRED", $"指标体系{template.Code}第{template.Version}版已停用，不能用于新的绩效评价",
                new Dictionary<string, string> { ["indicator_system"] = template.Code, ["indicator_system_version"] = template.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (subject.Kind == SubjectKind.Project && !Shared.Tenancy.OrganisationPath.Covers(ownerPath, subject.OrganisationPath))
            throw new DomainRuleException("SUBJECT_OUTSIDE_ORGANISATION", "该项目不属于评价组织或其下级组织，不能由该组织评价",
                new Dictionary<string, string> { ["project_organisation_path"] = subject.OrganisationPath });
        // Whole microseconds: what every provider stores, so the answer to a create equals a later read.
        now = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
        return new PerformanceEvaluation
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = ownerPath,
            SubjectKind = subject.Kind,
            SubjectId = subject.SubjectId,
            SubjectKey = subject.Key,
            SubjectTitle = subject.Title.Trim(),
            Year = year,
            IndicatorSystem = template.Code,
            IndicatorSystemVersion = template.Version,
            Stage = EvaluationStage.SelfEvaluation,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
    }
}
