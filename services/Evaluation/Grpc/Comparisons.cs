using Union.Contracts.Common.V1;
using Union.Contracts.Evaluation.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Domain.Templates;
using Union.Shared.Tenancy;
using static Union.Evaluation.Grpc.TemplateMapping;
using ScoreSheet = Union.Evaluation.Domain.Templates.ScoreSheet;

namespace Union.Evaluation.Grpc;

/// <summary>The provincial view of a year: one row per evaluation, per-leaf scores, the weakest indicators, the change from the year before.</summary>
public static class Comparisons
{
    public const int LowestCount = 5;

    public static EvaluationComparison Build(int year, string code, IReadOnlyList<(PerformanceEvaluation E, ScoreSheet Sheet)> scored, IndicatorTree? tree)
    {
        var result = new EvaluationComparison { Year = year, IndicatorSystem = code };
        var previous = scored.Where(s => s.E.Year == year - 1).ToDictionary(s => s.E.SubjectKey, s => Total(s.E, s.Sheet), StringComparer.Ordinal);
        var current = scored.Where(s => s.E.Year == year).OrderBy(s => s.E.OrganisationPath, StringComparer.Ordinal).ThenBy(s => s.E.SubjectKey).ToList();
        var leafScores = new Dictionary<string, List<decimal>>(StringComparer.Ordinal);
        foreach (var (e, sheet) in current)
        {
            var total = Total(e, sheet);
            var row = new ComparisonRow
            {
                EvaluationId = e.Id.ToString(),
                Owner = new OrganisationRef { Code = OrganisationPath.Code(e.OrganisationPath), Path = e.OrganisationPath },
                SubjectKind = (Contracts.Evaluation.V1.SubjectKind)(int)e.SubjectKind,
                SubjectId = e.SubjectId,
                Stage = (Contracts.Evaluation.V1.EvaluationStage)(int)e.Stage,
                Total = Text(total),
                Grade = e.Grade,
            };
            if (previous.TryGetValue(e.SubjectKey, out var before))
            {
                row.PreviousTotal = Text(before);
                row.Change = Text(total - before);
            }
            foreach (var leaf in Leaves(sheet.Roots))
            {
                row.Indicators.Add(new IndicatorCell { Key = leaf.Key, Score = Text(leaf.Score) });
                if (!leafScores.TryGetValue(leaf.Key, out var list)) leafScores[leaf.Key] = list = [];
                list.Add(leaf.Score);
            }
            result.Rows.Add(row);
        }
        if (tree is not null)
        {
            var lowest = tree.Leaves.Where(l => l.Points > 0 && leafScores.ContainsKey(l.Key))
                .Select(l => (Leaf: l, Average: decimal.Round(leafScores[l.Key].Average(), 2, MidpointRounding.AwayFromZero)))
                .Select(x => (x.Leaf, x.Average, Percent: decimal.Round(x.Average * 100m / x.Leaf.Points, 2, MidpointRounding.AwayFromZero)))
                .OrderBy(x => x.Percent).ThenBy(x => x.Leaf.Key, StringComparer.Ordinal)
                .Take(LowestCount);
            result.Lowest.AddRange(lowest.Select(x => new LowIndicator
            {
                Key = x.Leaf.Key, Name = x.Leaf.Name, Points = Text(x.Leaf.Points), AverageScore = Text(x.Average), AveragePercent = Text(x.Percent),
            }));
        }
        return result;
    }

    /// <summary>The final score once graded; before that, the sheet's current total.</summary>
    public static decimal Total(PerformanceEvaluation e, ScoreSheet sheet) => e.FinalScore ?? sheet.Total;

    private static IEnumerable<NodeScore> Leaves(IEnumerable<NodeScore> nodes) =>
        nodes.SelectMany(n => n.Children.Count == 0 ? [n] : Leaves(n.Children));
}
