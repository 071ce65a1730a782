using Union.Shared.Errors;

namespace Union.Evaluation.Domain.Process;

/// <summary>A grade and the lowest score that earns it (inclusive).</summary>
public sealed record GradeBand(string Name, decimal MinScore);

/// <summary>
/// Grades are data: the bands come from configuration (<c>Evaluation:Process:GradeBands</c>), the
/// default being 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, else 不合格. Scores are exact decimals, so 90.0 is
/// 优秀 and 89.99 is 良好.
/// </summary>
public static class GradeBands
{
    public static IReadOnlyList<GradeBand> Default { get; } =
        [new("优秀", 90m), new("良好", 80m), new("合格", 60m), new("不合格", 0m)];

    public static string GradeOf(decimal score, IReadOnlyList<GradeBand> bands)
    {
        foreach (var band in bands.OrderByDescending(b => b.MinScore))
            if (score >= band.MinScore) return band.Name;
        throw new DomainRuleException("NO_GRADE_BAND", $"评分{score}不在任何等级区间内，请检查等级配置");
    }
}

/// <summary>The process's configuration: grade bands and what a re-check result takes off the score.</summary>
public sealed class EvaluationProcessOptions
{
    public const string Section = "Evaluation:Process";

    public List<GradeBandOption> GradeBands { get; set; } = [];
    /// <summary>Points taken off per issue re-checked as not rectified.</summary>
    public decimal NotRectifiedDeduction { get; set; } = 1m;
    /// <summary>Points taken off per issue re-checked as partly rectified.</summary>
    public decimal PartlyRectifiedDeduction { get; set; } = 0.5m;

    public IReadOnlyList<GradeBand> Bands =>
        GradeBands.Count == 0 ? Process.GradeBands.Default : GradeBands.Select(b => new GradeBand(b.Name, b.MinScore)).ToList();

    public decimal DeductionFor(RecheckResult result) => result switch
    {
        RecheckResult.NotRectified => NotRectifiedDeduction,
        RecheckResult.PartlyRectified => PartlyRectifiedDeduction,
        _ => 0m,
    };
}

public sealed class GradeBandOption
{
    public string Name { get; set; } = string.Empty;
    public decimal MinScore { get; set; }
}
