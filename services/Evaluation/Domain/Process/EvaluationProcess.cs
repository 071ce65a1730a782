using System.Text.Json;
using System.Text.Json.Serialization;
using Union.Evaluation.Domain.Templates;

namespace Union.Evaluation.Domain.Process;

/// <summary>Who put a score in: the organisation (自评), the provincial working group, or the platform from operational events.</summary>
public enum InputSource { Self = 1, WorkingGroup = 2, Operational = 3 }

/// <summary>An aid type's target for the year, entered at its start: households to help.</summary>
public sealed record AidTarget(string AidType, int Households);

/// <summary>
/// The current input of one indicator with who gave it. Operational inputs carry the ids of the
/// payments, decisions or households behind them (<see cref="EvidenceIds"/>).
/// </summary>
public sealed record StoredInput
{
    public IndicatorInput Input { get; init; } = new();
    public InputSource Source { get; init; }
    public string By { get; init; } = string.Empty;
    public DateTime At { get; init; }
    public string Reason { get; init; } = string.Empty;
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];
    /// <summary>How an operational value was computed, in Chinese.</summary>
    public string Basis { get; init; } = string.Empty;
}

/// <summary>A score that changed: the earlier one is kept (issue 8: "a score changed after submission keeps the earlier one in history").</summary>
public sealed record ScoreChange(string Key, EvaluationStage Stage, decimal? PreviousScore, InputSource? PreviousSource, decimal NewScore,
    InputSource Source, string By, DateTime At, string Reason);

/// <summary>One guarded transition: from, to, who, when and why.</summary>
public sealed record StageTransition(EvaluationStage From, EvaluationStage To, string By, DateTime At, string Reason);

/// <summary>A line of 附件5 《绩效评价指标现场情况记录表》: what the working group found on site for a sampled indicator.</summary>
public sealed record FieldRecord(string IndicatorKey, string Finding, string By, DateTime At);

public enum SurveyKind { Satisfaction = 1, Awareness = 2 }

/// <summary>A satisfaction or awareness survey (满意度调查问卷): sample size and how many answered satisfied (aware).</summary>
public sealed record Survey(SurveyKind Kind, int SampleSize, int Satisfied, string By, DateTime At)
{
    /// <summary>Satisfied ÷ sample × 100, to hundredths of a percent.</summary>
    public decimal RatePercent => SampleSize == 0 ? 0m : decimal.Round(Satisfied * 100m / SampleSize, 2, MidpointRounding.AwayFromZero);
}

public enum RecheckResult { Pending = 0, Rectified = 1, PartlyRectified = 2, NotRectified = 3 }

/// <summary>
/// An issue on the rectification list (整改问题列表), re-checked by the working group; the result
/// adjusts the score by the configured deduction (000 §四(四)5: 复查结果作为绩效评价结果的调整因素).
/// </summary>
public sealed record RectificationIssue
{
    public string IssueId { get; init; } = string.Empty;
    public string IndicatorKey { get; init; } = string.Empty;
    public string Description { get; init; } = string.Empty;
    public string RaisedBy { get; init; } = string.Empty;
    public DateTime RaisedAt { get; init; }
    public RecheckResult Result { get; init; }
    public string Note { get; init; } = string.Empty;
    public decimal Deduction { get; init; }
    public string CheckedBy { get; init; } = string.Empty;
    public DateTime? CheckedAt { get; init; }
}

/// <summary>Everything the process collects on one evaluation, stored whole as JSON (read whole, never queried into).</summary>
public sealed class EvaluationProcess
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public List<AidTarget> Targets { get; set; } = [];
    public SortedDictionary<string, StoredInput> Inputs { get; set; } = new(StringComparer.Ordinal);
    public List<ScoreChange> History { get; set; } = [];
    public List<StageTransition> Transitions { get; set; } = [];
    /// <summary>The self-evaluation report text (附件4 项目绩效自评报告).</summary>
    public string SelfReport { get; set; } = string.Empty;
    public List<FieldRecord> FieldRecords { get; set; } = [];
    public List<Survey> Surveys { get; set; } = [];
    public List<RectificationIssue> Issues { get; set; } = [];
    /// <summary>The sheet's total before the rectification adjustment, fixed at grading.</summary>
    public decimal? ScoredTotal { get; set; }
    public decimal? Adjustment { get; set; }
    /// <summary>The bands the grade was read from, kept with the grade.</summary>
    public List<GradeBand> Bands { get; set; } = [];

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static EvaluationProcess Parse(string json) =>
        string.IsNullOrEmpty(json) ? new EvaluationProcess() : JsonSerializer.Deserialize<EvaluationProcess>(json, Json) ?? new EvaluationProcess();
}
