using System.Text.RegularExpressions;
using Union.Shared.Validation;

namespace Union.Evaluation.Domain.Templates;

/// <summary>
/// What makes a template version well formed: unique keys, exact points with at most two
/// decimals, children adding up to their parent, a rule with sensible parameters on every leaf
/// and none on a group. Every problem is collected as a field violation; nothing is stored.
/// </summary>
public static partial class TemplateRules
{
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 2000;
    public const int MaxDepth = 8;
    public const int MaxNodes = 500;
    public const decimal MaxPoints = 1000m;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,49}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,19}$")]
    private static partial Regex KeyShape();

    public static bool IsCode(string? code) => code is not null && CodeShape().IsMatch(code);

    public static RequestValidator TemplateCode(this RequestValidator v, string field, string? code) =>
        string.IsNullOrWhiteSpace(code) ? v.Required(field, code)
            : v.Check(IsCode(code), field, "INVALID_CODE", "指标体系编码应为2至50位小写字母、数字或连字符，如 yuan-2021");

    /// <summary>Whole hundredths and within range: the exact decimals scores are kept in.</summary>
    public static bool IsPoints(decimal points) => points >= 0 && points <= MaxPoints && decimal.Round(points, 2) == points;

    /// <summary>
    /// Checks a tree. <paramref name="fieldOf"/> names each node's field in the caller's terms
    /// (a request path, or a workbook row).
    /// </summary>
    public static RequestValidator Tree(this RequestValidator v, IndicatorTree tree, Func<IndicatorNode, string> fieldOf, string totalField)
    {
        if (!IsPoints(tree.TotalPoints) || tree.TotalPoints == 0)
            v.Add(totalField, "INVALID_POINTS", "总分应为大于0的数，最多两位小数");
        if (tree.Roots.Count == 0)
        {
            v.Add(totalField, "NO_INDICATORS", "指标体系至少应有一个一级指标");
            return v;
        }
        var all = tree.Walk().ToList();
        if (all.Count > MaxNodes) v.Add(totalField, "TOO_MANY_INDICATORS", $"指标不能超过{MaxNodes}个");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, depth) in all)
        {
            var f = fieldOf(node);
            if (depth > MaxDepth) v.Add(f, "TOO_DEEP", $"指标层级不能超过{MaxDepth}级");
            if (string.IsNullOrWhiteSpace(node.Key)) v.Add($"{f}.key", "REQUIRED", "必填项");
            else if (!KeyShape().IsMatch(node.Key)) v.Add($"{f}.key", "INVALID_KEY", "指标编号应为1至20位字母、数字、点、下划线或连字符");
            else if (!keys.Add(node.Key)) v.Add($"{f}.key", "DUPLICATE_KEY", $"指标编号“{node.Key}”重复");
            v.RequiredText($"{f}.name", node.Name, MaxNameLength)
                .MaxLength($"{f}.explanation", node.Explanation, MaxTextLength)
                .MaxLength($"{f}.standard", node.Standard, MaxTextLength);
            if (!IsPoints(node.Points)) v.Add($"{f}.points", "INVALID_POINTS", $"分值应为0至{MaxPoints}之间的数，最多两位小数");
            if (!node.IsLeaf)
            {
                var sum = node.Children.Sum(c => c.Points);
                if (sum != node.Points)
                    v.Add($"{f}.points", "CHILDREN_POINTS_MISMATCH", $"“{node.Name}”分值为{node.Points}，其下级指标分值合计为{sum}，应相等");
                if (node.Rule is not null) v.Add($"{f}.rule", "RULE_ON_GROUP", "有下级指标的指标按下级得分合计，不设评分规则");
            }
            else if (node.Rule is null) v.Add($"{f}.rule", "REQUIRED", "末级指标应设评分规则");
            else Rule(v, $"{f}.rule", node.Rule, node.Points);
        }
        var total = tree.Roots.Sum(r => r.Points);
        if (total != tree.TotalPoints)
            v.Add(totalField, "CHILDREN_POINTS_MISMATCH", $"总分为{tree.TotalPoints}，一级指标分值合计为{total}，应相等");
        return v;
    }

    private static void Rule(RequestValidator v, string f, ScoringRule rule, decimal points)
    {
        if (!Enum.IsDefined(rule.Kind))
        {
            v.Add($"{f}.kind", "INVALID_RULE_KIND", "未知的评分规则类型");
            return;
        }
        if (rule.Kind != RuleKind.Checklist && rule.Items.Count > 0) v.Add($"{f}.items", "NOT_ALLOWED", "只有清单规则设评分项");
        switch (rule.Kind)
        {
            case RuleKind.Checklist:
                if (rule.Items.Count == 0) { v.Add($"{f}.items", "REQUIRED", "清单规则至少应有一个评分项"); break; }
                var names = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < rule.Items.Count; i++)
                {
                    var item = rule.Items[i];
                    v.RequiredText($"{f}.items[{i}].name", item.Name, MaxNameLength);
                    if (!string.IsNullOrWhiteSpace(item.Name) && !names.Add(item.Name.Trim()))
                        v.Add($"{f}.items[{i}].name", "DUPLICATE_ITEM", $"评分项“{item.Name}”重复");
                    if (!IsPoints(item.Points) || item.Points == 0)
                        v.Add($"{f}.items[{i}].points", "INVALID_POINTS", "评分项分值应为大于0的数，最多两位小数");
                }
                var sum = rule.Items.Sum(i => i.Points);
                if (sum != points) v.Add($"{f}.items", "ITEMS_POINTS_MISMATCH", $"评分项分值合计为{sum}，应等于指标分值{points}");
                break;
            case RuleKind.Completion:
                if (rule.PerPercentagePoint <= 0 || rule.PerPercentagePoint > MaxPoints)
                    v.Add($"{f}.per_percentage_point", "INVALID_PARAMETER", "每少1个百分点扣减的分值应大于0");
                if (rule.FullAtPercent <= 0 || rule.FullAtPercent > 1000m)
                    v.Add($"{f}.full_at_percent", "INVALID_PARAMETER", "得满分的完成率应大于0%且不超过1000%");
                break;
            case RuleKind.Deduction:
                if (rule.PerOccurrence <= 0 || rule.PerOccurrence > MaxPoints)
                    v.Add($"{f}.per_occurrence", "INVALID_PARAMETER", "每次扣减的分值应大于0");
                break;
            case RuleKind.Deadline:
                if (rule.WorkingDays is < 1 or > 366)
                    v.Add($"{f}.working_days", "INVALID_PARAMETER", "时限应为1至366个工作日");
                break;
        }
    }
}
