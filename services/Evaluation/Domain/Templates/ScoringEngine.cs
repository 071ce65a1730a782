using System.Globalization;
using Union.Shared.Calendar;
using Union.Shared.Validation;

namespace Union.Evaluation.Domain.Templates;

/// <summary>One line of a completion indicator: an aid type's households actually helped against its target.</summary>
public sealed record CompletionLine(string Label, decimal Actual, decimal Target);

/// <summary>One case of a deadline indicator: when the clock started (a complete application) and when it was done.</summary>
public sealed record DeadlineCase(string Reference, DateOnly Start, DateOnly Done);

/// <summary>
/// What an evaluator (or, later, an operational event) says about one leaf indicator. Only the
/// value the leaf's rule reads is needed: a score and evidence (manual), ticked item names
/// (checklist), lines (completion), a count (deduction), cases (deadline), yes or no.
/// </summary>
public sealed record IndicatorInput
{
    public string Key { get; init; } = string.Empty;
    public decimal? Score { get; init; }
    public string Evidence { get; init; } = string.Empty;
    public IReadOnlyList<string> Ticked { get; init; } = [];
    public IReadOnlyList<CompletionLine> Lines { get; init; } = [];
    public long? Occurrences { get; init; }
    public IReadOnlyList<DeadlineCase> Cases { get; init; } = [];
    public bool? Yes { get; init; }
}

public enum NodeScoreStatus { Scored = 1, NotScored = 2, NotSelfEvaluated = 3 }

/// <summary>The score of one node: a leaf's from its rule, a group's the sum of its children.</summary>
public sealed record NodeScore(string Key, string Name, decimal Points, decimal Score, NodeScoreStatus Status, string Detail, IReadOnlyList<NodeScore> Children);

/// <summary>A scored tree. <see cref="Provisional"/> when a deadline touched a year the official calendar does not hold.</summary>
public sealed record ScoreSheet(decimal TotalPoints, decimal Total, IReadOnlyList<NodeScore> Roots, bool Provisional)
{
    public NodeScore? Find(string key) => Find(Roots, key);

    private static NodeScore? Find(IReadOnlyList<NodeScore> nodes, string key)
    {
        foreach (var n in nodes)
        {
            if (n.Key == key) return n;
            if (Find(n.Children, key) is { } hit) return hit;
        }
        return null;
    }
}

/// <summary>
/// Scores a template version against inputs: pure and fast (no I/O; the calendar is passed in).
/// Scores are exact decimals rounded to hundredths of a point (half away from zero) at each leaf;
/// a completion ratio is rounded to hundredths of a percent before the deduction, as reports
/// state it. Problems with the inputs are collected as field violations on <c>inputs[i]</c>; the
/// caller answers them and stores nothing.
/// </summary>
public static class ScoringEngine
{
    public static ScoreSheet Score(IndicatorTree tree, IReadOnlyList<IndicatorInput> inputs, WorkingDayCalendar calendar,
        RequestValidator violations, bool selfEvaluation = false)
    {
        var leaves = new Dictionary<string, (IndicatorNode Node, bool NotSelf)>(StringComparer.Ordinal);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        Index(tree.Roots, false, leaves, groups);

        var byKey = new Dictionary<string, (IndicatorInput Input, int Index)>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var key = inputs[i].Key?.Trim() ?? string.Empty;
            var f = $"inputs[{i}].key";
            if (key.Length == 0) violations.Add(f, "REQUIRED", "必填项");
            else if (groups.Contains(key)) violations.Add(f, "NOT_A_LEAF", $"指标“{key}”有下级指标，其得分由下级指标合计，不能直接评分");
            else if (!leaves.TryGetValue(key, out var leaf)) violations.Add(f, "UNKNOWN_INDICATOR", $"该指标体系中没有编号为“{key}”的指标");
            else if (selfEvaluation && leaf.NotSelf) violations.Add(f, "NOT_SELF_EVALUATED", $"指标“{key}”不进行自评");
            else if (!byKey.TryAdd(key, (inputs[i], i))) violations.Add(f, "DUPLICATE_INPUT", $"指标“{key}”重复评分");
        }

        var provisional = false;
        var roots = new NodeScore[tree.Roots.Count];
        for (var i = 0; i < roots.Length; i++) roots[i] = ScoreNode(tree.Roots[i], false);
        return new ScoreSheet(tree.TotalPoints, roots.Sum(r => r.Score), roots, provisional);

        NodeScore ScoreNode(IndicatorNode node, bool notSelfAbove)
        {
            var notSelf = notSelfAbove || node.NotSelfEvaluated;
            if (!node.IsLeaf)
            {
                var children = new NodeScore[node.Children.Count];
                for (var c = 0; c < children.Length; c++) children[c] = ScoreNode(node.Children[c], notSelf);
                var status = children.All(c => c.Status == NodeScoreStatus.NotSelfEvaluated) ? NodeScoreStatus.NotSelfEvaluated
                    : children.Any(c => c.Status == NodeScoreStatus.Scored) ? NodeScoreStatus.Scored : NodeScoreStatus.NotScored;
                return new NodeScore(node.Key, node.Name, node.Points, children.Sum(c => c.Score), status, string.Empty, children);
            }
            if (selfEvaluation && notSelf)
                return new NodeScore(node.Key, node.Name, node.Points, 0m, NodeScoreStatus.NotSelfEvaluated, "不进行自评", []);
            if (!byKey.TryGetValue(node.Key, out var given))
                return new NodeScore(node.Key, node.Name, node.Points, 0m, NodeScoreStatus.NotScored, "未评分", []);
            var (score, detail, touchedUnloaded) = ScoreLeaf(node, given.Input, $"inputs[{given.Index}]", calendar, violations);
            provisional |= touchedUnloaded;
            return new NodeScore(node.Key, node.Name, node.Points, score, NodeScoreStatus.Scored, detail, []);
        }
    }

    private static void Index(IReadOnlyList<IndicatorNode> nodes, bool notSelfAbove,
        Dictionary<string, (IndicatorNode, bool)> leaves, HashSet<string> groups)
    {
        foreach (var n in nodes)
        {
            var notSelf = notSelfAbove || n.NotSelfEvaluated;
            if (n.IsLeaf) leaves[n.Key] = (n, notSelf);
            else
            {
                groups.Add(n.Key);
                Index(n.Children, notSelf, leaves, groups);
            }
        }
    }

    private static decimal Hundredths(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    private static string Text(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static (decimal Score, string Detail, bool Provisional) ScoreLeaf(IndicatorNode node, IndicatorInput input, string f,
        WorkingDayCalendar calendar, RequestValidator v)
    {
        var rule = node.Rule!;
        var points = node.Points;
        switch (rule.Kind)
        {
            case RuleKind.Manual:
            {
                if (input.Score is not { } s) { v.Add($"{f}.score", "REQUIRED", "手工评分指标应填写得分"); return (0, "", false); }
                if (s < 0 || s > points || decimal.Round(s, 2) != s)
                    v.Add($"{f}.score", "SCORE_OUT_OF_RANGE", $"得分应在0至{Text(points)}分之间，最多两位小数");
                if (string.IsNullOrWhiteSpace(input.Evidence)) v.Add($"{f}.evidence", "EVIDENCE_REQUIRED", "手工评分应说明评分依据");
                else v.MaxLength($"{f}.evidence", input.Evidence, TemplateRules.MaxTextLength);
                return (s, $"手工评分：{input.Evidence.Trim()}", false);
            }
            case RuleKind.Checklist:
            {
                var score = 0m;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < input.Ticked.Count; i++)
                {
                    var name = input.Ticked[i]?.Trim() ?? string.Empty;
                    var item = rule.Items.FirstOrDefault(x => x.Name == name);
                    if (item is null) v.Add($"{f}.ticked[{i}]", "UNKNOWN_ITEM", $"指标“{node.Key}”没有评分项“{name}”");
                    else if (seen.Add(name)) score += item.Points;
                }
                return (score, $"已达成{seen.Count}/{rule.Items.Count}项", false);
            }
            case RuleKind.Completion:
            {
                if (input.Lines.Count == 0) { v.Add($"{f}.lines", "REQUIRED", "完成率指标应填写实际完成数和目标数"); return (0, "", false); }
                var before = v.Violations.Count;
                for (var i = 0; i < input.Lines.Count; i++)
                {
                    var line = input.Lines[i];
                    if (line.Actual < 0) v.Add($"{f}.lines[{i}].actual", "NEGATIVE_VALUE", "实际完成数不能为负数");
                    // A target of zero has no ratio: refused as such, never divided by.
                    if (line.Target <= 0) v.Add($"{f}.lines[{i}].target", "INVALID_TARGET", "目标任务数应大于0，无法以0为目标计算完成率");
                }
                if (v.Violations.Count > before) return (0, "", false);
                var actual = input.Lines.Sum(l => l.Actual);
                var target = input.Lines.Sum(l => l.Target);
                var ratio = Hundredths(actual * 100m / target);
                var shortfall = Math.Max(0m, rule.FullAtPercent - ratio);
                var score = Hundredths(Math.Max(0m, points - rule.PerPercentagePoint * shortfall));
                var lines = input.Lines.Count == 1 ? string.Empty
                    : "（" + string.Join("；", input.Lines.Select(l => $"{l.Label} {Text(l.Actual)}/{Text(l.Target)}={Text(Hundredths(l.Actual * 100m / l.Target))}%")) + "）";
                var detail = shortfall == 0
                    ? $"完成率{Text(ratio)}%（{Text(actual)}/{Text(target)}）{lines}，得满分"
                    : $"完成率{Text(ratio)}%（{Text(actual)}/{Text(target)}）{lines}，低于{Text(rule.FullAtPercent)}%共{Text(shortfall)}个百分点，每个百分点扣{Text(rule.PerPercentagePoint)}分";
                return (score, detail, false);
            }
            case RuleKind.Deduction:
            {
                if (input.Occurrences is not { } n) { v.Add($"{f}.occurrences", "REQUIRED", "扣分指标应填写发现次数（户数）"); return (0, "", false); }
                if (n < 0) { v.Add($"{f}.occurrences", "NEGATIVE_VALUE", "发现次数不能为负数"); return (0, "", false); }
                var score = Hundredths(Math.Max(0m, points - rule.PerOccurrence * n));
                return (score, $"发现{n}次（户），每次扣{Text(rule.PerOccurrence)}分", false);
            }
            case RuleKind.Deadline:
            {
                if (input.Cases.Count == 0) { v.Add($"{f}.cases", "REQUIRED", "时限指标应至少填写一件办理情况"); return (0, "", false); }
                var late = new List<string>();
                var provisional = false;
                for (var i = 0; i < input.Cases.Count; i++)
                {
                    var c = input.Cases[i];
                    if (c.Done < c.Start) { v.Add($"{f}.cases[{i}].done", "DONE_BEFORE_START", "办结日期不能早于起算日期"); continue; }
                    var days = calendar.WorkingDaysBetween(c.Start, c.Done);
                    provisional |= days.Provisional;
                    if (days.Value > rule.WorkingDays) late.Add($"{(string.IsNullOrWhiteSpace(c.Reference) ? $"第{i + 1}件" : c.Reference)}用时{days.Value}个工作日");
                }
                return late.Count == 0
                    ? (points, $"{input.Cases.Count}件均在{rule.WorkingDays}个工作日内办结", provisional)
                    : (0m, $"超过{rule.WorkingDays}个工作日：{string.Join("；", late)}", provisional);
            }
            case RuleKind.YesNo:
            {
                if (input.Yes is not { } yes) { v.Add($"{f}.yes", "REQUIRED", "是否类指标应填写是或否"); return (0, "", false); }
                return (yes ? points : 0m, yes ? "是" : "否", false);
            }
            default:
                return (0, "", false);
        }
    }
}
