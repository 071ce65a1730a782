using MiniExcelLibs;
using Union.Evaluation.Domain.Templates;
using Union.Evaluation.Exchange;
using Union.Shared.Validation;

namespace Union.Evaluation.Tests;

/// <summary>Templates as .xlsx in the seeds' column layout: round trip, the seed's own table, bad rows.</summary>
public sealed class TemplateWorkbookTests
{
    private static byte[] Sheet(params object?[][] rows)
    {
        // Row 1 is the header; MiniExcel writes dictionaries' keys as the header, so use letters and a first row of titles.
        var list = rows.Select(r => r.Select((c, i) => (Key: ((char)('A' + i)).ToString(), Value: c ?? ""))
            .ToDictionary(p => p.Key, p => p.Value)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(list, printHeader: false);
        return stream.ToArray();
    }

    private static readonly object[] Header = ["序号", "一级指标", "二级指标", "三级指标", "指标分值", "指标解释说明", "评分标准", "规则类型", "规则参数"];

    [Theory]
    [InlineData("yuan-2021")]
    [InlineData("hainan-2015")]
    public void Export_then_import_gives_the_same_tree(string code)
    {
        var tree = BuiltInTemplates.All.Single(t => t.Code == code).Tree;
        var v = new RequestValidator();

        var imported = TemplateWorkbook.Import(TemplateWorkbook.Export(tree), v);

        Assert.Empty(v.Violations);
        Assert.NotNull(imported);
        Assert.True(tree.SameAs(imported), "the imported tree differs from the exported one");
    }

    [Fact]
    public void The_seed_table_imports_as_laid_out_with_merged_cells_and_group_points()
    {
        // The first rows of 002_98225e89925c6ce6.txt's table (lines 63–112): group cells only on their first row.
        var workbook = Sheet(Header,
            ["1", "投入（20分）", "项目立项（10分）", "绩效目标合理性", 4, "是否符合", "得2分", "清单", "符合部署=2；体现精准帮扶=2"],
            ["2", "", "", "绩效指标明确性", 6, "", "", "", ""],
            ["3", "", "资金落实（10分）", "资金分配及时性", 5, "", "", "", ""],
            ["4", "", "", "工会经费投入", 5, "", "", "是否", ""]);
        var v = new RequestValidator();

        var tree = TemplateWorkbook.Import(workbook, v);

        Assert.Empty(v.Violations);
        var root = Assert.Single(tree!.Roots);
        Assert.Equal(("G1", "投入", 20m), (root.Key, root.Name, root.Points));
        Assert.Equal(["G1-1", "G1-2"], root.Children.Select(c => c.Key));
        Assert.Equal(["1", "2", "3", "4"], tree.Leaves.Select(l => l.Key));
        Assert.Equal(RuleKind.Checklist, tree.Leaves.First().Rule!.Kind);
        Assert.Equal(RuleKind.Manual, tree.Leaves.ElementAt(1).Rule!.Kind);
        Assert.Equal(RuleKind.YesNo, tree.Leaves.Last().Rule!.Kind);
    }

    [Fact]
    public void Bad_rows_are_reported_by_their_line_and_nothing_is_built()
    {
        var workbook = Sheet(Header,
            ["1", "投入（10分）", "项目立项（10分）", "甲", "abc", "", "", "", ""],
            ["", "", "", "乙", 4, "", "", "完成率", ""],
            ["3", "", "", "丙", 2, "", "", "时限", "工作日=2.5"],
            ["4", "", "", "丁", 2, "", "", "打分", ""]);
        var v = new RequestValidator();

        var tree = TemplateWorkbook.Import(workbook, v);

        Assert.Null(tree);
        Assert.Equal(
        [
            "rows[2].指标分值:INVALID_POINTS", "rows[3].序号:REQUIRED", "rows[3].规则参数:REQUIRED",
            "rows[4].规则参数:INVALID_PARAMETERS", "rows[5].规则类型:INVALID_RULE_KIND",
        ], v.Violations.Select(x => $"{x.Field}:{x.Reason}"));
    }

    [Fact]
    public void Points_that_do_not_add_up_are_reported_on_the_groups_first_row()
    {
        var workbook = Sheet(Header,
            ["1", "投入（20分）", "项目立项（10分）", "甲", 4, "", "", "", ""],
            ["2", "", "", "乙", 5, "", "", "", ""],
            ["3", "", "资金落实（10分）", "丙", 10, "", "", "", ""]);
        var v = new RequestValidator();

        Assert.Null(TemplateWorkbook.Import(workbook, v));
        Assert.Equal("rows[2].points:CHILDREN_POINTS_MISMATCH", Assert.Single(v.Violations.Select(x => $"{x.Field}:{x.Reason}")));
    }

    [Fact]
    public void A_file_that_is_no_workbook_is_refused()
    {
        var v = new RequestValidator();
        Assert.Null(TemplateWorkbook.Import("not a workbook"u8.ToArray(), v));
        Assert.Equal("UNREADABLE_WORKBOOK", Assert.Single(v.Violations).Reason);
    }
}
