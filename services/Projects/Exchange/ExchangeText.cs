using Union.Shared.Formatting;
using System.Globalization;
using Union.Projects.Domain;

namespace Union.Projects.Exchange;

/// <summary>
/// How the workbooks write values: money in yuan from integer fen (never through floating
/// point), dates, and the Chinese words for the domain's kinds as the unions' forms use them.
/// </summary>
public static class ExchangeText
{
    /// <summary>The handwriting space of an unsigned date line (年 月 日 on the paper forms).</summary>
    public const string BlankDate = "　　　　年　　月　　日";

    /// <summary>Fen as yuan with two decimals, in integers: 12,345,678 fen is "123456.78".</summary>
    public static string Yuan(long fen) => YuanText.FromFen(fen);

    /// <summary>Empty for an amount not set yet (e.g. no approved subsidy before the decision).</summary>
    public static string Yuan(long? fen) => fen is { } value ? Yuan(value) : string.Empty;

    /// <summary>An amount in a form's value cell: "400000.00元".</summary>
    public static string YuanWithUnit(long? fen) => fen is { } value ? $"{Yuan(value)}元" : string.Empty;

    /// <summary>The aggregated review score (hundredths of a point) as "82.50"; empty before any score.</summary>
    public static string Score(int centi, int count) =>
        count == 0 ? string.Empty
            : $"{(centi / 100).ToString(CultureInfo.InvariantCulture)}.{(centi % 100).ToString("00", CultureInfo.InvariantCulture)}";

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A date as the forms write it by hand: "2026年10月1日"; the blank line when there is none.</summary>
    public static string ChineseDate(DateOnly? date) =>
        date is { } d ? $"{d.Year}年{d.Month}月{d.Day}日" : BlankDate;

    /// <summary>The Beijing calendar date of a stored UTC instant.</summary>
    public static DateOnly BeijingDate(DateTime utc) =>
        DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Union.Shared.Time.BeijingTime.Offset));

    public static string Kind(ApplicationKind kind) => ApplicationDeadlines.Describe(kind);

    /// <summary>项目层级 as 001 附件1 names them.</summary>
    public static string Level(ProjectLevel level) => level switch
    {
        ProjectLevel.City => "市级",
        ProjectLevel.County => "县区级",
        _ => "产业级",
    };

    /// <summary>001 附件1's "□市级 □县区级 □产业级" with the project's level ticked.</summary>
    public static string LevelBoxes(ProjectLevel level) =>
        string.Join(" ", new[] { ProjectLevel.City, ProjectLevel.County, ProjectLevel.Industry }
            .Select(l => $"{(l == level ? "☑" : "□")}{Level(l)}"));

    public static string Category(ProjectCategory category) => ProjectCategories.Describe(category);

    /// <summary>The sub-kinds as 000 §三 names them; empty for a category without any.</summary>
    public static string Subcategory(ProjectSubcategory subcategory) => subcategory switch
    {
        ProjectSubcategory.LivingAid => "生活帮扶",
        ProjectSubcategory.WinterWarmth => "送温暖",
        ProjectSubcategory.SummerCooling => "送清凉",
        ProjectSubcategory.MigrantSkillsTraining => "农民工就业技能培训",
        ProjectSubcategory.ReemploymentTraining => "再就业培训",
        ProjectSubcategory.EntrepreneurshipTraining => "创业培训",
        ProjectSubcategory.EmploymentAidMonth => "就业援助月（春风行动）",
        ProjectSubcategory.RecruitmentWeek => "民营企业招聘周",
        ProjectSubcategory.GraduateEmployment => "阳光就业行动",
        ProjectSubcategory.RoutineEmploymentAid => "常态化就业援助",
        _ => string.Empty,
    };

    public static string Status(ProjectStatus status) => status switch
    {
        ProjectStatus.Submitted => "已申报",
        ProjectStatus.UnderReview => "评审中",
        ProjectStatus.Approved => "已立项",
        ProjectStatus.Rejected => "未立项",
        ProjectStatus.InLibrary => "已入库",
        ProjectStatus.Launched => "实施中",
        ProjectStatus.Accepted => "已验收",
        _ => "已结项",
    };

    public static string Source(FundSource source) => source switch
    {
        FundSource.CentralFinance => "中央财政",
        FundSource.ProvincialFinance => "省级财政",
        FundSource.UnionFunds => "工会经费",
        _ => "其他",
    };

    /// <summary>
    /// A file name from a project title: characters no file system takes become "_", and a long
    /// title is cut so the name stays printable in a mail client.
    /// </summary>
    public static string FileName(string title, string suffix)
    {
        var invalid = new HashSet<char>(Path.GetInvalidFileNameChars()) { '/', '\\', ':', '*', '?', '"', '<', '>', '|' };
        var cleaned = new string(title.Trim().Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray());
        if (cleaned.Length > 60) cleaned = cleaned[..60];
        return $"{(cleaned.Length == 0 ? "帮扶项目" : cleaned)}-{suffix}.xlsx";
    }
}
