using Union.Evaluation.Domain.Templates;
using Union.Shared.Calendar;
using Union.Shared.Validation;

namespace Union.Evaluation.Tests;

/// <summary>The scoring engine, rule by rule, and the Yu'an report's own figures (002_98225e89925c6ce6.txt).</summary>
public sealed class ScoringEngineTests
{
    private static readonly IndicatorTree YuAn = BuiltInTemplates.YuAn2021.Tree;

    /// <summary>Everything the Yu'an report states (lines 7–55): every item met, targets 20/20/10 against 26/56/47 helped.</summary>
    public static List<IndicatorInput> YuAnReportFigures()
    {
        IndicatorInput All(string key) => new()
        {
            Key = key,
            Ticked = YuAn.Leaves.Single(l => l.Key == key).Rule!.Items.Select(i => i.Name).ToList(),
        };
        IndicatorInput Yes(string key) => new() { Key = key, Yes = true };
        return
        [
            All("1"), All("2"), All("3"), Yes("4"), All("5"), All("6"),
            Yes("7.1"),
            new() { Key = "7.2", Cases = [new DeadlineCase("2021年第四季度发放", new DateOnly(2021, 12, 1), new DateOnly(2021, 12, 20))] },
            All("8"), All("9"), All("10"), All("11"),
            new()
            {
                Key = "12",
                Lines = [new CompletionLine("生活救助", 26, 20), new CompletionLine("子女助学", 56, 20), new CompletionLine("医疗救助", 47, 10)],
            },
            Yes("13.1"),
            new() { Key = "13.2", Cases = [new DeadlineCase("", new DateOnly(2021, 9, 1), new DateOnly(2021, 9, 30))] },
            Yes("13.3"), Yes("13.4"),
            new() { Key = "14", Occurrences = 0 },
            new() { Key = "15", Score = 6m, Evidence = "帮扶机制常态化，脱困职工纳入送温暖重点对象（报告第51行）" },
            new() { Key = "16", Score = 10m, Evidence = "民生办抽取20名受助职工，满意度100%（报告第53行）" },
            new() { Key = "18", Score = 4m, Evidence = "省总问卷调查14人，知晓率100%（报告第55行）" },
        ];
    }

    private static (ScoreSheet Sheet, RequestValidator Violations) Score(IndicatorTree tree, IEnumerable<IndicatorInput> inputs, bool self = false)
    {
        var v = new RequestValidator();
        return (ScoringEngine.Score(tree, inputs.ToList(), WorkingDayCalendar.Official, v, self), v);
    }

    private static decimal LeafScore(IndicatorNode leaf, IndicatorInput input)
    {
        var (sheet, v) = Score(new IndicatorTree(leaf.Points, [leaf]), [input with { Key = leaf.Key }]);
        Assert.Empty(v.Violations);
        return sheet.Total;
    }

    [Fact]
    public void The_Yuan_report_figures_score_100_with_the_reports_subtotals()
    {
        var (sheet, v) = Score(YuAn, YuAnReportFigures());

        Assert.Empty(v.Violations);
        Assert.Equal(100m, sheet.Total);
        Assert.Equal([20m, 35m, 25m, 20m], sheet.Roots.Select(r => r.Score));
        Assert.Equal(["投入", "过程", "产出", "效果"], sheet.Roots.Select(r => r.Name));
        // Second-level subtotals as the report gives them (lines 12, 18, 24, 35, 41).
        Assert.Equal(10m, sheet.Find("G1-1")!.Score);
        Assert.Equal(10m, sheet.Find("G1-2")!.Score);
        Assert.Equal(25m, sheet.Find("G2-1")!.Score);
        Assert.Equal(10m, sheet.Find("G2-2")!.Score);
        Assert.Equal(25m, sheet.Find("G3-1")!.Score);
        var completion = sheet.Find("12")!;
        Assert.Equal(10m, completion.Score);
        Assert.Contains("生活救助 26/20=130%", completion.Detail);
        Assert.Contains("子女助学 56/20=280%", completion.Detail);
        Assert.Contains("医疗救助 47/10=470%", completion.Detail);
    }

    [Fact]
    public void The_Yuan_tree_has_4_first_6_second_and_19_third_level_indicators_and_marks_17_and_19()
    {
        var walk = YuAn.Walk().ToList();
        Assert.Equal(4, walk.Count(w => w.Depth == 1));
        Assert.Equal(6, walk.Count(w => w.Depth == 2));
        Assert.Equal(19, walk.Count(w => w.Depth == 3));
        Assert.Equal(Enumerable.Range(1, 19).Select(i => i.ToString()),
            walk.Where(w => w.Depth == 3).Select(w => w.Node.IsLeaf ? w.Node.Key : w.Node.Children[0].Key.Split('.')[0]));
        Assert.Equal(["17", "19"], YuAn.Leaves.Where(l => l.NotSelfEvaluated).Select(l => l.Key));
        Assert.Equal(100m, YuAn.TotalPoints);
        Assert.Empty(new RequestValidator().Tree(YuAn, n => n.Key, "total").Violations);
    }

    [Fact]
    public void Completion_of_19_against_20_is_95_percent_and_scores_7_5()
    {
        var leaf = YuAn.Leaves.Single(l => l.Key == "12");
        Assert.Equal(7.5m, LeafScore(leaf, new IndicatorInput { Lines = [new CompletionLine("生活救助", 19, 20)] }));
    }

    [Fact]
    public void Completion_of_nothing_scores_zero_never_negative()
    {
        var leaf = YuAn.Leaves.Single(l => l.Key == "12");
        Assert.Equal(0m, LeafScore(leaf, new IndicatorInput { Lines = [new CompletionLine("生活救助", 0, 20)] }));
        // 79 % is 21 points short: 10.5 off 10 points, floored at zero.
        Assert.Equal(0m, LeafScore(leaf, new IndicatorInput { Lines = [new CompletionLine("生活救助", 79, 100)] }));
    }

    [Fact]
    public void Completion_against_a_zero_target_is_an_invalid_target_not_a_division_by_zero()
    {
        var (_, v) = Score(YuAn, [new IndicatorInput { Key = "12", Lines = [new CompletionLine("生活救助", 5, 0)] }]);

        var violation = Assert.Single(v.Violations);
        Assert.Equal("inputs[0].lines[0].target", violation.Field);
        Assert.Equal("INVALID_TARGET", violation.Reason);
    }

    [Fact]
    public void Deduction_of_12_households_at_0_1_leaves_7_8_of_9()
    {
        var leaf = YuAn.Leaves.Single(l => l.Key == "14");
        Assert.Equal(7.8m, LeafScore(leaf, new IndicatorInput { Occurrences = 12 }));
    }

    [Fact]
    public void Deduction_of_100_households_floors_at_zero()
    {
        var leaf = YuAn.Leaves.Single(l => l.Key == "14");
        Assert.Equal(0m, LeafScore(leaf, new IndicatorInput { Occurrences = 100 }));
    }

    /// <summary>
    /// From Friday 2024-09-20 the 30th working day is 2024-11-06 on the official calendar (the
    /// swapped Sunday 09-29 and Saturday 10-12 count, the National Day week does not); counting
    /// weekdays only it would be 2024-11-01, so 11-06 would be late and the test would fail.
    /// </summary>
    [Fact]
    public void Deadline_counts_30_working_days_on_the_official_calendar()
    {
        var leaf = YuAn.Leaves.Single(l => l.Key == "13.2");
        var start = new DateOnly(2024, 9, 20);
        Assert.Equal(2m, LeafScore(leaf, new IndicatorInput { Cases = [new DeadlineCase("", start, new DateOnly(2024, 11, 6))] }));
    }

    [Fact]
    public void Deadline_on_the_31st_working_day_scores_zero()
    {
        var leaf = YuAn.Leaves.Single(l => l.Key == "13.2");
        var start = new DateOnly(2024, 9, 20);
        Assert.Equal(0m, LeafScore(leaf, new IndicatorInput
        {
            Cases = [new DeadlineCase("A", start, new DateOnly(2024, 10, 8)), new DeadlineCase("B", start, new DateOnly(2024, 11, 7))],
        }));
    }

    [Fact]
    public void Checklist_scores_the_ticked_items_and_refuses_unknown_ones()
    {
        var leaf = YuAn.Leaves.Single(l => l.Key == "10");
        Assert.Equal(3m, LeafScore(leaf, new IndicatorInput { Ticked = ["专账管理专款专用", "省财政帮扶资金年度内使用完毕", "专账管理专款专用"] }));

        var (_, v) = Score(YuAn, [new IndicatorInput { Key = "10", Ticked = ["没有这一项"] }]);
        Assert.Equal("UNKNOWN_ITEM", Assert.Single(v.Violations).Reason);
    }

    [Fact]
    public void Yes_no_scores_full_or_nothing()
    {
        var leaf = YuAn.Leaves.Single(l => l.Key == "4");
        Assert.Equal(5m, LeafScore(leaf, new IndicatorInput { Yes = true }));
        Assert.Equal(0m, LeafScore(leaf, new IndicatorInput { Yes = false }));
    }

    [Fact]
    public void Manual_scores_need_evidence_and_stay_within_the_points()
    {
        var (_, v) = Score(YuAn, [new IndicatorInput { Key = "15", Score = 6.5m }, new IndicatorInput { Key = "16", Score = 3.333m, Evidence = "x" }]);

        Assert.Equal(["inputs[0].score:SCORE_OUT_OF_RANGE", "inputs[0].evidence:EVIDENCE_REQUIRED", "inputs[1].score:SCORE_OUT_OF_RANGE"],
            v.Violations.Select(x => $"{x.Field}:{x.Reason}"));
    }

    [Fact]
    public void Self_evaluation_refuses_scores_for_17_and_19_and_leaves_them_out()
    {
        var (_, refused) = Score(YuAn, [new IndicatorInput { Key = "17", Score = 0m, Evidence = "x" }], self: true);
        Assert.Equal("NOT_SELF_EVALUATED", Assert.Single(refused.Violations).Reason);

        var (sheet, v) = Score(YuAn, YuAnReportFigures(), self: true);
        Assert.Empty(v.Violations);
        Assert.Equal(NodeScoreStatus.NotSelfEvaluated, sheet.Find("17")!.Status);
        Assert.Equal(100m, sheet.Total);
    }

    [Fact]
    public void Inputs_for_unknown_or_group_indicators_are_refused()
    {
        var (_, v) = Score(YuAn, [new IndicatorInput { Key = "99", Yes = true }, new IndicatorInput { Key = "G1", Yes = true },
            new IndicatorInput { Key = "4", Yes = true }, new IndicatorInput { Key = "4", Yes = false }]);

        Assert.Equal(["UNKNOWN_INDICATOR", "NOT_A_LEAF", "DUPLICATE_INPUT"], v.Violations.Select(x => x.Reason));
    }

    [Fact]
    public void Unscored_indicators_count_zero_and_say_so()
    {
        var (sheet, v) = Score(YuAn, []);
        Assert.Empty(v.Violations);
        Assert.Equal(0m, sheet.Total);
        Assert.Equal(NodeScoreStatus.NotScored, sheet.Find("1")!.Status);
    }
}
