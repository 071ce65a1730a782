namespace Union.Evaluation.Domain.Templates;

/// <summary>How a leaf indicator is scored. Groups (nodes with children) score the sum of their children and carry no rule.</summary>
public enum RuleKind
{
    /// <summary>A score from 0 to the points typed by the evaluator, with the evidence for it.</summary>
    Manual = 1,
    /// <summary>Named items each worth a number of points; the score is the sum of the items ticked (Yu'an 指标2).</summary>
    Checklist = 2,
    /// <summary>actual / target × 100 %: full marks at or above <see cref="ScoringRule.FullAtPercent"/>, minus
    /// <see cref="ScoringRule.PerPercentagePoint"/> per percentage point below, never below zero (Yu'an 指标12).</summary>
    Completion = 3,
    /// <summary>Minus <see cref="ScoringRule.PerOccurrence"/> per occurrence, never below zero (Yu'an 指标14).</summary>
    Deduction = 4,
    /// <summary>Full marks when every case was done within <see cref="ScoringRule.WorkingDays"/> working days on the
    /// official calendar, else zero (Yu'an 指标7 ②, 指标13 ②).</summary>
    Deadline = 5,
    /// <summary>Full marks for yes, zero for no.</summary>
    YesNo = 6,
}

/// <summary>One item of a checklist rule.</summary>
public sealed record ChecklistItem(string Name, decimal Points);

/// <summary>A leaf's scoring rule: the kind and the parameters that kind uses (the others stay at their defaults).</summary>
public sealed record ScoringRule
{
    public RuleKind Kind { get; init; } = RuleKind.Manual;
    /// <summary>Checklist items; empty for every other kind.</summary>
    public IReadOnlyList<ChecklistItem> Items { get; init; } = [];
    /// <summary>Completion: points taken off per percentage point below <see cref="FullAtPercent"/>.</summary>
    public decimal PerPercentagePoint { get; init; }
    /// <summary>Completion: the ratio (in %) at and above which the indicator earns its full points.</summary>
    public decimal FullAtPercent { get; init; }
    /// <summary>Deduction: points taken off per occurrence.</summary>
    public decimal PerOccurrence { get; init; }
    /// <summary>Deadline: the number of working days allowed.</summary>
    public int WorkingDays { get; init; }

    public static ScoringRule Manual { get; } = new() { Kind = RuleKind.Manual };
    public static ScoringRule YesNo { get; } = new() { Kind = RuleKind.YesNo };

    public static ScoringRule Checklist(params (string Name, decimal Points)[] items) =>
        new() { Kind = RuleKind.Checklist, Items = items.Select(i => new ChecklistItem(i.Name, i.Points)).ToList() };

    public static ScoringRule Completion(decimal perPercentagePoint, decimal fullAtPercent = 100m) =>
        new() { Kind = RuleKind.Completion, PerPercentagePoint = perPercentagePoint, FullAtPercent = fullAtPercent };

    public static ScoringRule Deduction(decimal perOccurrence) => new() { Kind = RuleKind.Deduction, PerOccurrence = perOccurrence };

    public static ScoringRule Deadline(int workingDays) => new() { Kind = RuleKind.Deadline, WorkingDays = workingDays };

    /// <summary>Equality by value, items included (records compare lists by reference).</summary>
    public bool SameAs(ScoringRule other) =>
        Kind == other.Kind && PerPercentagePoint == other.PerPercentagePoint && FullAtPercent == other.FullAtPercent
        && PerOccurrence == other.PerOccurrence && WorkingDays == other.WorkingDays && Items.SequenceEqual(other.Items);
}

/// <summary>
/// One indicator (指标) of a template: a group when it has children (its points are theirs added
/// up), a leaf with a scoring rule otherwise. Text the source does not give is written as
/// <see cref="IndicatorTree.MissingMarker"/> or <see cref="IndicatorTree.CutOffMarker"/>, so the
/// gap shows wherever the text is shown, in the API and in the workbook alike.
/// </summary>
public sealed record IndicatorNode
{
    /// <summary>Unique within the template; inputs name their indicator by it. Leaves use the table's 序号.</summary>
    public string Key { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    /// <summary>Exact decimal points (指标分值), at most two decimals.</summary>
    public decimal Points { get; init; }
    /// <summary>指标解释说明.</summary>
    public string Explanation { get; init; } = string.Empty;
    /// <summary>评分标准, as the source words it.</summary>
    public string Standard { get; init; } = string.Empty;
    /// <summary>The rule of a leaf; null on a group.</summary>
    public ScoringRule? Rule { get; init; }
    /// <summary>Not scored in self-evaluation (Yu'an's 17 and 19): the provincial working group scores it. Holds for the whole subtree.</summary>
    public bool NotSelfEvaluated { get; init; }
    public IReadOnlyList<IndicatorNode> Children { get; init; } = [];

    public bool IsLeaf => Children.Count == 0;

    public static IndicatorNode Group(string key, string name, decimal points, params IndicatorNode[] children) =>
        new() { Key = key, Name = name, Points = points, Children = children };

    public static IndicatorNode Leaf(string key, string name, decimal points, ScoringRule rule, string explanation = "", string standard = "", bool notSelfEvaluated = false) =>
        new() { Key = key, Name = name, Points = points, Rule = rule, Explanation = explanation, Standard = standard, NotSelfEvaluated = notSelfEvaluated };
}

/// <summary>The whole tree of a template version: its first-level indicators and the points they add up to.</summary>
public sealed record IndicatorTree(decimal TotalPoints, IReadOnlyList<IndicatorNode> Roots)
{
    /// <summary>Marks wording the source leaves out (a name, an explanation, a standard).</summary>
    public const string MissingMarker = "〔原文缺失〕";

    /// <summary>Marks a row of the source table that is cut off.</summary>
    public const string CutOffMarker = "〔原表截断〕";

    /// <summary>Every node, parents before children, in table order.</summary>
    public IEnumerable<(IndicatorNode Node, int Depth)> Walk()
    {
        var stack = new Stack<(IndicatorNode, int)>();
        for (var i = Roots.Count - 1; i >= 0; i--) stack.Push((Roots[i], 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            yield return (node, depth);
            for (var i = node.Children.Count - 1; i >= 0; i--) stack.Push((node.Children[i], depth + 1));
        }
    }

    public IEnumerable<IndicatorNode> Leaves => Walk().Select(w => w.Node).Where(n => n.IsLeaf);

    public int Depth => Walk().Select(w => w.Depth).DefaultIfEmpty(0).Max();

    /// <summary>True when any text of the tree carries a gap marker.</summary>
    public static bool HasGap(IndicatorNode node) =>
        new[] { node.Name, node.Explanation, node.Standard }.Any(t => t.Contains(MissingMarker) || t.Contains(CutOffMarker));

    /// <summary>Structural equality (records compare child lists by reference).</summary>
    public bool SameAs(IndicatorTree other) =>
        TotalPoints == other.TotalPoints && Same(Roots, other.Roots);

    private static bool Same(IReadOnlyList<IndicatorNode> a, IReadOnlyList<IndicatorNode> b) =>
        a.Count == b.Count && a.Zip(b).All(p =>
            p.First.Key == p.Second.Key && p.First.Name == p.Second.Name && p.First.Points == p.Second.Points
            && p.First.Explanation == p.Second.Explanation && p.First.Standard == p.Second.Standard
            && p.First.NotSelfEvaluated == p.Second.NotSelfEvaluated
            && (p.First.Rule is null ? p.Second.Rule is null : p.Second.Rule is not null && p.First.Rule.SameAs(p.Second.Rule))
            && Same(p.First.Children, p.Second.Children));
}
