namespace Union.Evaluation.Domain;

/// <summary>
/// An indicator system evaluations are scored against (绩效评价指标体系): versioned data, never
/// code. An evaluation records the code and the version it started with, so a later version of
/// the same system does not change an evaluation already under way.
/// </summary>
public sealed record IndicatorSystem(
    string Code,
    int Version,
    string Name,
    decimal TotalPoints,
    string Source,
    string Note);

/// <summary>
/// The indicator systems the platform ships. For now this is the catalogue only (code, version,
/// total points); the indicator trees with their scoring rules arrive in a later issue as data
/// in the same shape.
/// </summary>
public static class IndicatorSystemCatalogue
{
    /// <summary>
    /// Yu'an district 2021 (002_98225e89925c6ce6.txt, "三、指标分析" and the table after it):
    /// 4 first-level, 6 second-level and 19 third-level indicators, 100 points in all
    /// (投入 20, 过程 35, 产出 25, 效果 20).
    /// </summary>
    public static readonly IndicatorSystem YuAn2021 = new(
        Code: "yuan-2021",
        Version: 1,
        Name: "裕安区困难职工帮扶民生工程绩效评价指标（2021）",
        TotalPoints: 100m,
        Source: "002_98225e89925c6ce6.txt",
        Note: "4个一级指标、6个二级指标、19个三级指标（第17、19项不参与自评）");

    /// <summary>
    /// Hainan provincial workers' service centre 2015 (003_eca3cf9f3ec4784d.txt, the table of
    /// 《财政支出项目绩效评价自评表》): 100 points in all. The source's first rows are cut off;
    /// the tree will ship as far as it is legible, with the gap marked.
    /// </summary>
    public static readonly IndicatorSystem Hainan2015 = new(
        Code: "hainan-2015",
        Version: 1,
        Name: "海南省职工服务中心困难职工帮扶专项资金绩效评价指标（2015）",
        TotalPoints: 100m,
        Source: "003_eca3cf9f3ec4784d.txt",
        Note: "原表首部若干行缺失，仅收录可辨识部分");

    public static IReadOnlyList<IndicatorSystem> All { get; } = [YuAn2021, Hainan2015];

    /// <summary>The system with this code (codes are lower case; surrounding blanks are ignored), or null.</summary>
    public static IndicatorSystem? Find(string? code)
    {
        var normalised = code?.Trim().ToLowerInvariant();
        return All.FirstOrDefault(s => s.Code == normalised);
    }
}
