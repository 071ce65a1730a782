using Union.Evaluation.Domain.Templates;
using Union.Shared.Validation;
using static Union.Evaluation.Domain.Templates.IndicatorNode;

namespace Union.Evaluation.Tests;

/// <summary>The shape rules of a template and the built-in Hainan table (003_eca3cf9f3ec4784d.txt).</summary>
public sealed class TemplateRulesTests
{
    private static readonly IndicatorTree Hainan = BuiltInTemplates.Hainan2015.Tree;

    private static IReadOnlyList<string> Problems(IndicatorTree tree) =>
        new RequestValidator().Tree(tree, n => n.Key, "total").Violations.Select(v => $"{v.Field}:{v.Reason}").ToList();

    [Fact]
    public void The_built_in_templates_are_well_formed()
    {
        foreach (var t in BuiltInTemplates.All) Assert.Empty(Problems(t.Tree));
    }

    [Fact]
    public void The_Hainan_legible_rows_carry_the_seeds_points()
    {
        IndicatorNode Node(string key) => Hainan.Walk().Single(w => w.Node.Key == key).Node;
        // First-level indicators: 帮扶工作管理 43 (line 267), 帮扶绩效 7 (line 522); the cut-off first takes the rest of 100 (line 555).
        Assert.Equal([50m, 43m, 7m], Hainan.Roots.Select(r => r.Points));
        Assert.Equal(IndicatorTree.CutOffMarker, Hainan.Roots[0].Name);
        Assert.Equal(100m, Hainan.TotalPoints);
        // Second- and third-level groups as printed.
        var groups = new Dictionary<string, (string Name, decimal Points)>
        {
            ["G1-3"] = ("决策程序", 15m), ["G1-4"] = ("资金分配", 6m), ["G1-4-1"] = ("分配办法", 2m), ["G1-4-2"] = ("分配结果", 4m),
            ["G2-1"] = ("资金到位", 7m), ["G2-1-1"] = ("到位率", 2m), ["G2-1-2"] = ("到位时效", 5m),
            ["G2-2"] = ("资金管理", 10m), ["G2-2-1"] = ("资金使用", 6m), ["G2-2-2"] = ("财务管理", 4m),
            ["G2-3"] = ("组织实施", 26m), ["G2-3-1"] = ("组织机构", 1m), ["G2-3-2"] = ("管理制度", 25m),
            ["G3-1"] = ("帮扶效果", 7m), ["G3-1-1"] = ("帮扶质量", 2m), ["G3-1-2"] = ("帮扶对象满意度", 5m),
        };
        foreach (var (key, (name, points)) in groups)
        {
            Assert.Equal(name, Node(key).Name);
            Assert.Equal(points, Node(key).Points);
        }
        // Every legible item row, in table order (lines 106 … 550).
        Assert.Equal([4m, 4m, 2m, 2m, 3m, 2m, 2m, 3m, 3m, 2m, 2m, 2m, 2m, 2m, 2m, 1m, 2m, 2m, 2m, 2m, 2m, 1m, 4m, 3m, 3m, 3m, 3m, 3m, 3m, 3m, 2m, 3m, 2m],
            Enumerable.Range(1, 33).Select(i => Node(i.ToString()).Points));
        Assert.Equal("是否建立完善的原始纸质困难职工档案。", Node("1").Name);
        Assert.Equal("帮扶对象满意度", Node("G3-1-2").Name);
        Assert.Equal(19m, Node("X").Points);
    }

    [Fact]
    public void Children_must_add_up_to_their_parent()
    {
        var tree = new IndicatorTree(10m, [Group("G1", "投入", 10m, Leaf("1", "a", 4m, ScoringRule.Manual), Leaf("2", "b", 5m, ScoringRule.Manual))]);
        Assert.Equal(["G1.points:CHILDREN_POINTS_MISMATCH"], Problems(tree));
    }

    [Fact]
    public void Rules_need_sensible_parameters_and_groups_none()
    {
        var tree = new IndicatorTree(25m,
        [
            Leaf("1", "a", 4m, ScoringRule.Checklist(("x", 1m), ("y", 2m))),
            Leaf("2", "b", 5m, ScoringRule.Completion(0m)),
            Leaf("3", "c", 5m, ScoringRule.Deduction(-1m)),
            Leaf("4", "d", 5m, ScoringRule.Deadline(0)),
            Group("G5", "e", 5m, Leaf("5", "f", 5m, ScoringRule.YesNo)) with { Rule = ScoringRule.Manual },
            Leaf("1", "g", 0.001m, ScoringRule.Manual),
        ]);

        Assert.Equal(
        [
            "1.rule.items:ITEMS_POINTS_MISMATCH", "2.rule.per_percentage_point:INVALID_PARAMETER", "3.rule.per_occurrence:INVALID_PARAMETER",
            "4.rule.working_days:INVALID_PARAMETER", "G5.rule:RULE_ON_GROUP", "1.key:DUPLICATE_KEY", "1.points:INVALID_POINTS",
            "total:CHILDREN_POINTS_MISMATCH",
        ], Problems(tree));
    }
}
