using System.Globalization;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using Union.Evaluation.Domain.Templates;
using Union.Shared.Validation;

namespace Union.Evaluation.Exchange;

/// <summary>
/// A template as an .xlsx sheet in the seeds' column layout (002_98225e89925c6ce6.txt lines 63–70:
/// 序号, 一级指标, 二级指标, 三级指标, 指标分值, 指标解释说明, 评分标准), one row per leaf indicator,
/// plus optional columns this platform adds:
/// <list type="bullet">
/// <item>四级指标 … 八级指标: deeper levels, when the tree is deeper than three;</item>
/// <item>规则类型: 手工评分 (manual), 清单 (checklist), 完成率 (completion), 按次扣分 (deduction),
/// 时限 (deadline), 是否 (yesno); the English names are accepted too; blank is 手工评分, so the
/// seeds' own table imports as is;</item>
/// <item>规则参数: <c>名称=值</c> pairs separated by ；or ;. 清单: each item and its points
/// (<c>资料提供及时=1；资料齐全真实准确=1</c>); 完成率: <c>每百分点扣分=0.5</c> and optionally
/// <c>满分完成率=100</c>; 按次扣分: <c>每次扣分=0.1</c>; 时限: <c>工作日=30</c>;</item>
/// <item>不参与自评: 是 or 否 (blank).</item>
/// </list>
/// A group's cell is its name with its points, "投入（20分）" as in the seed; a blank group cell
/// repeats the row above (merged cells in the source). The leaf is the deepest filled level
/// column and its key is the 序号. Groups get positional keys (G1, G1-2, …), as the built-in
/// templates have, so export then import gives back the same tree. Group explanations are not
/// carried (the layout has no row for a group); the built-in templates keep none.
/// </summary>
public static partial class TemplateWorkbook
{
    public const string Number = "序号";
    public const string Points = "指标分值";
    public const string Explanation = "指标解释说明";
    public const string Standard = "评分标准";
    public const string RuleKindColumn = "规则类型";
    public const string RuleParameters = "规则参数";
    public const string NotSelfEvaluated = "不参与自评";
    public const int MaxRows = 2000;

    public static readonly string[] Levels = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标", "七级指标", "八级指标"];

    private static readonly (RuleKind Kind, string Chinese, string English)[] Kinds =
    [
        (RuleKind.Manual, "手工评分", "manual"), (RuleKind.Checklist, "清单", "checklist"), (RuleKind.Completion, "完成率", "completion"),
        (RuleKind.Deduction, "按次扣分", "deduction"), (RuleKind.Deadline, "时限", "deadline"), (RuleKind.YesNo, "是否", "yesno"),
    ];

    [GeneratedRegex(@"^(?<name>.*?)\s*[（(]\s*(?<points>\d+(\.\d+)?)\s*分\s*[)）]\s*$", RegexOptions.Singleline)]
    private static partial Regex GroupCell();

    // ---------------------------------------------------------------- export

    public static byte[] Export(IndicatorTree tree)
    {
        var levels = Math.Max(3, tree.Depth);
        var rows = new List<Dictionary<string, object>>();
        void Walk(IndicatorNode node, List<string> path)
        {
            if (!node.IsLeaf)
            {
                path.Add($"{node.Name}（{Text(node.Points)}分）");
                foreach (var child in node.Children) Walk(child, path);
                path.RemoveAt(path.Count - 1);
                return;
            }
            var row = new Dictionary<string, object> { [Number] = node.Key };
            for (var l = 0; l < levels; l++)
                row[Levels[l]] = l < path.Count ? path[l] : l == path.Count ? node.Name : string.Empty;
            row[Points] = node.Points;
            row[Explanation] = node.Explanation;
            row[Standard] = node.Standard;
            var rule = node.Rule ?? ScoringRule.Manual;
            row[RuleKindColumn] = Kinds.First(k => k.Kind == rule.Kind).Chinese;
            row[RuleParameters] = Parameters(rule);
            row[NotSelfEvaluated] = node.NotSelfEvaluated ? "是" : "否";
            rows.Add(row);
        }
        foreach (var root in tree.Roots) Walk(root, []);
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: "指标体系");
        return stream.ToArray();
    }

    private static string Parameters(ScoringRule rule) => rule.Kind switch
    {
        RuleKind.Checklist => string.Join("；", rule.Items.Select(i => $"{i.Name}={Text(i.Points)}")),
        RuleKind.Completion => rule.FullAtPercent == 100m
            ? $"每百分点扣分={Text(rule.PerPercentagePoint)}"
            : $"每百分点扣分={Text(rule.PerPercentagePoint)}；满分完成率={Text(rule.FullAtPercent)}",
        RuleKind.Deduction => $"每次扣分={Text(rule.PerOccurrence)}",
        RuleKind.Deadline => $"工作日={rule.WorkingDays}",
        _ => string.Empty,
    };

    private static string Text(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- import

    private sealed class Builder
    {
        public string Name = string.Empty;
        public decimal? Points;
        public int Row;
        public IndicatorNode? Leaf;
        public List<Builder> Children = [];
    }

    /// <summary>
    /// Reads a sheet into a tree. Problems are added to <paramref name="v"/> as <c>rows[N].列名</c>
    /// (N the spreadsheet row) or <c>workbook</c>; the tree is null when there are any.
    /// </summary>
    public static IndicatorTree? Import(byte[] workbook, RequestValidator v)
    {
        List<IDictionary<string, object?>> sheet;
        try
        {
            using var stream = new MemoryStream(workbook, writable: false);
            sheet = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            v.Add("workbook", "UNREADABLE_WORKBOOK", "无法读取工作簿，请上传 .xlsx 文件");
            return null;
        }

        // The header: the first row (of the first ten) that names 序号 and 指标分值; a title may sit above it.
        Dictionary<string, string>? columns = null; // header → column letter
        var headerRow = 0;
        for (var i = 0; i < Math.Min(10, sheet.Count) && columns is null; i++)
        {
            var found = sheet[i].Where(c => Cell(c.Value).Length > 0).ToDictionary(c => Normalise(Cell(c.Value)), c => c.Key);
            if (found.ContainsKey(Number) && found.ContainsKey(Points) && found.ContainsKey(Levels[0])) { columns = found; headerRow = i + 1; }
        }
        if (columns is null)
        {
            v.Add("workbook", "HEADER_NOT_FOUND", $"前10行中没有找到表头（应含“{Number}”“{Levels[0]}”“{Points}”等列）");
            return null;
        }
        var levelColumns = Levels.TakeWhile(columns.ContainsKey).Select(l => columns[l]).ToList();
        string Get(IDictionary<string, object?> row, string header) =>
            columns.TryGetValue(header, out var letter) && row.TryGetValue(letter, out var value) ? Cell(value) : string.Empty;

        var roots = new List<Builder>();
        var previous = new string[levelColumns.Count];
        var rowCount = 0;
        for (var i = headerRow; i < sheet.Count; i++)
        {
            var raw = sheet[i];
            var n = i + 1;
            var cells = levelColumns.Select(c => raw.TryGetValue(c, out var value) ? Cell(value) : string.Empty).ToArray();
            var number = Get(raw, Number);
            if (cells.All(c => c.Length == 0) && number.Length == 0 && Get(raw, Points).Length == 0) continue;
            if (++rowCount > MaxRows) { v.Add("workbook", "TOO_MANY_ROWS", $"最多导入{MaxRows}行"); return null; }
            var leafLevel = Array.FindLastIndex(cells, c => c.Length > 0);
            if (leafLevel < 0) { v.Add($"rows[{n}].{Levels[0]}", "REQUIRED", $"第{n}行没有指标名称"); continue; }
            // Blank cells left of the leaf repeat the row above (merged cells).
            var gap = false;
            for (var l = 0; l < leafLevel; l++)
            {
                if (cells[l].Length == 0) cells[l] = previous[l] ?? string.Empty;
                if (cells[l].Length == 0) { v.Add($"rows[{n}].{Levels[l]}", "REQUIRED", $"第{n}行缺少{Levels[l]}名称"); gap = true; }
            }
            if (gap) continue;
            for (var l = 0; l < previous.Length; l++) previous[l] = l < leafLevel ? cells[l] : null!;

            var siblings = roots;
            Builder? parent = null;
            var ok = true;
            for (var l = 0; l < leafLevel; l++)
            {
                var (name, points) = GroupName(cells[l]);
                var group = siblings.LastOrDefault();
                if (group is null || group.Name != name || group.Leaf is not null)
                {
                    if (siblings.Any(s => s.Name == name && s.Leaf is null))
                    {
                        v.Add($"rows[{n}].{Levels[l]}", "GROUP_NOT_CONTIGUOUS", $"第{n}行：“{name}”的下级指标应连续排列");
                        ok = false;
                        break;
                    }
                    group = new Builder { Name = name, Points = points, Row = n };
                    siblings.Add(group);
                }
                else if (points is { } p && group.Points is { } q && p != q)
                {
                    v.Add($"rows[{n}].{Levels[l]}", "GROUP_POINTS_CONFLICT", $"第{n}行：“{name}”的分值与上方行不一致");
                    ok = false;
                    break;
                }
                parent = group;
                siblings = group.Children;
            }
            if (!ok) continue;
            var leaf = Leaf(raw, n, cells[leafLevel], number, Get, v);
            if (leaf is not null) siblings.Add(new Builder { Name = leaf.Name, Points = leaf.Points, Row = n, Leaf = leaf });
            _ = parent;
        }
        if (rowCount == 0) { v.Add("workbook", "NO_ROWS", "工作簿中没有指标行"); return null; }
        if (v.Violations.Count > 0) return null;

        var rows = new Dictionary<IndicatorNode, int>(ReferenceEqualityComparer.Instance);
        IndicatorNode Build(Builder b, string key)
        {
            if (b.Leaf is not null) { rows[b.Leaf] = b.Row; return b.Leaf; }
            var children = b.Children.Select((c, i) => Build(c, $"{key}-{i + 1}")).ToList();
            var node = new IndicatorNode { Key = key, Name = b.Name, Points = b.Points ?? children.Sum(c => c.Points), Children = children };
            rows[node] = b.Row;
            return node;
        }
        var built = roots.Select((r, i) => Build(r, $"G{i + 1}")).ToList();
        var tree = new IndicatorTree(built.Sum(r => r.Points), built);
        var before = v.Violations.Count;
        v.Tree(tree, node => $"rows[{rows[node]}]", "workbook");
        return v.Violations.Count > before ? null : tree;
    }

    private static IndicatorNode? Leaf(IDictionary<string, object?> raw, int n, string name, string number,
        Func<IDictionary<string, object?>, string, string> get, RequestValidator v)
    {
        var before = v.Violations.Count;
        var f = $"rows[{n}]";
        if (number.Length == 0) v.Add($"{f}.{Number}", "REQUIRED", $"第{n}行：末级指标应填写序号");
        var pointsText = get(raw, Points);
        decimal points = 0;
        if (pointsText.Length == 0) v.Add($"{f}.{Points}", "REQUIRED", $"第{n}行：应填写指标分值");
        else if (!decimal.TryParse(pointsText, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out points) || !TemplateRules.IsPoints(points))
            v.Add($"{f}.{Points}", "INVALID_POINTS", $"第{n}行：指标分值应为0至{TemplateRules.MaxPoints}之间的数，最多两位小数");

        var kindText = get(raw, RuleKindColumn);
        var kind = RuleKind.Manual;
        if (kindText.Length > 0)
        {
            var match = Kinds.FirstOrDefault(k => k.Chinese == kindText || string.Equals(k.English, kindText, StringComparison.OrdinalIgnoreCase));
            if (match.Chinese is null)
                v.Add($"{f}.{RuleKindColumn}", "INVALID_RULE_KIND", $"第{n}行：规则类型应为{string.Join("、", Kinds.Select(k => k.Chinese))}之一");
            else kind = match.Kind;
        }
        var rule = Rule(kind, get(raw, RuleParameters), $"{f}.{RuleParameters}", n, v);
        var selfText = get(raw, NotSelfEvaluated);
        if (selfText is not ("" or "是" or "否"))
            v.Add($"{f}.{NotSelfEvaluated}", "INVALID_YES_NO", $"第{n}行：不参与自评应填写“是”或“否”");
        if (v.Violations.Count > before) return null;
        return IndicatorNode.Leaf(number, name, points, rule!, get(raw, Explanation), get(raw, Standard), selfText == "是");
    }

    private static ScoringRule? Rule(RuleKind kind, string text, string f, int n, RequestValidator v)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var part in text.Split(['；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.LastIndexOf('=');
            if (eq <= 0) { v.Add(f, "INVALID_PARAMETERS", $"第{n}行：规则参数应写作“名称=值”，以分号分隔"); return null; }
            pairs.Add((part[..eq].Trim(), part[(eq + 1)..].Trim()));
        }
        decimal Number(string value)
        {
            if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
            v.Add(f, "INVALID_PARAMETERS", $"第{n}行：规则参数“{value}”不是数字");
            return 0;
        }
        decimal? Named(params string[] names)
        {
            var hit = pairs.FirstOrDefault(p => names.Contains(p.Name, StringComparer.OrdinalIgnoreCase));
            return hit.Name is null ? null : Number(hit.Value);
        }
        var before = v.Violations.Count;
        ScoringRule rule;
        switch (kind)
        {
            case RuleKind.Checklist:
                rule = new ScoringRule { Kind = kind, Items = pairs.Select(p => new ChecklistItem(p.Name, Number(p.Value))).ToList() };
                break;
            case RuleKind.Completion:
                var per = Named("每百分点扣分", "per_percentage_point");
                if (per is null) v.Add(f, "REQUIRED", $"第{n}行：完成率规则应写明“每百分点扣分=…”");
                rule = ScoringRule.Completion(per ?? 0, Named("满分完成率", "full_at_percent") ?? 100m);
                break;
            case RuleKind.Deduction:
                var each = Named("每次扣分", "per_occurrence");
                if (each is null) v.Add(f, "REQUIRED", $"第{n}行：按次扣分规则应写明“每次扣分=…”");
                rule = ScoringRule.Deduction(each ?? 0);
                break;
            case RuleKind.Deadline:
                var days = Named("工作日", "working_days");
                if (days is null || days != decimal.Truncate(days.Value) || days is < 1 or > 366)
                    v.Add(f, "INVALID_PARAMETERS", $"第{n}行：时限规则应写明“工作日=1至366的整数”");
                rule = ScoringRule.Deadline(days is { } d && d == decimal.Truncate(d) && d is >= 1 and <= 366 ? (int)d : 1);
                break;
            default:
                if (pairs.Count > 0) v.Add(f, "NOT_ALLOWED", $"第{n}行：该规则类型不需要规则参数");
                rule = kind == RuleKind.YesNo ? ScoringRule.YesNo : ScoringRule.Manual;
                break;
        }
        return v.Violations.Count > before ? null : rule;
    }

    private static (string Name, decimal? Points) GroupName(string cell)
    {
        var m = GroupCell().Match(cell);
        return m.Success
            ? (m.Groups["name"].Value.Trim(), decimal.Parse(m.Groups["points"].Value, CultureInfo.InvariantCulture))
            : (cell, null);
    }

    private static string Normalise(string header) => Regex.Replace(header, @"\s+", string.Empty);

    /// <summary>A cell's text: a number cell's double written back as its shortest round-trip text ("R"), which for points typed with a few decimals is exactly what was typed.</summary>
    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        string s => s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? string.Empty,
    };
}
