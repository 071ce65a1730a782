using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Union.Projects.Domain;
using T = Union.Projects.Exchange.ExchangeText;

namespace Union.Projects.Exchange;

/// <summary>What one row of the library export needs, read from the database without the project's collections.</summary>
public sealed record LibraryRow(
    Guid Id,
    string OrganisationPath,
    string FunderPath,
    int Year,
    ApplicationKind Kind,
    ProjectLevel Level,
    ProjectCategory Category,
    ProjectSubcategory Subcategory,
    string Title,
    long TotalFen,
    long SubsidyRequestedFen,
    long? ApprovedSubsidyFen,
    long? CurrentSubsidyFen,
    long ReleasedFen,
    int ReviewScoreCenti,
    int ReviewCount,
    ProjectStatus Status,
    DateOnly? PaperCopyReceivedOn,
    DateOnly? LaunchedOn,
    DateOnly? AcceptedOn,
    DateOnly? ClosedOn);

/// <summary>
/// The project library (帮扶项目库) as one sheet, one row per project, with the Chinese column
/// headers a union's ledger uses. Amounts are text in yuan with two decimals, written from fen
/// in integers so the printed figure is the recorded one to the fen.
/// </summary>
public static class LibraryWorkbook
{
    /// <summary>
    /// The most projects one export holds; narrow the filter beyond it. At this size the file
    /// stays near 1 MiB, well under the 4 MiB message limit of the gRPC and REST bodies.
    /// </summary>
    public const int MaxRows = 10_000;

    /// <summary>A safety net under the 4 MiB message limit, for titles far longer than usual.</summary>
    public const int MaxWorkbookBytes = 3 * 1024 * 1024;

    public const string SheetName = "帮扶项目库";

    public const string ProjectId = "项目编号";
    public const string Applicant = "申报单位";
    public const string Funder = "立项单位";
    public const string Year = "年度";
    public const string Kind = "申报类型";
    public const string Level = "项目层级";
    public const string Category = "项目类别";
    public const string Subcategory = "子类";
    public const string Title = "项目名称";
    public const string Total = "项目总预算（元）";
    public const string Requested = "申请扶助资金（元）";
    public const string Approved = "核定扶助资金（元）";
    public const string Current = "调整后扶助资金（元）";
    public const string Released = "已拨付（元）";
    public const string Score = "评审得分";
    public const string Status = "状态";
    public const string InLibraryOn = "入库日期";
    public const string LaunchedOn = "启动日期";
    public const string AcceptedOn = "验收日期";
    public const string ClosedOn = "结项日期";

    public static IReadOnlyList<string> Columns { get; } =
    [
        ProjectId, Applicant, Funder, Year, Kind, Level, Category, Subcategory, Title, Total, Requested, Approved, Current,
        Released, Score, Status, InLibraryOn, LaunchedOn, AcceptedOn, ClosedOn,
    ];

    public static byte[] Write(IReadOnlyList<LibraryRow> projects)
    {
        // MiniExcel takes the headers from the first row; with none, a table without rows gives the headers alone.
        object rows = projects.Count > 0 ? projects.Select(Row).ToList() : EmptyTable();
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            DynamicColumns = Columns.Select(c => new DynamicExcelColumn(c) { Width = Width(c) }).ToArray(),
        };
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: SheetName, configuration: configuration);
        return stream.ToArray();
    }

    private static System.Data.DataTable EmptyTable()
    {
        var table = new System.Data.DataTable(SheetName);
        foreach (var column in Columns) table.Columns.Add(column, typeof(string));
        return table;
    }

    private static Dictionary<string, object?> Row(LibraryRow p) => new()
    {
        [ProjectId] = p.Id.ToString(),
        [Applicant] = p.OrganisationPath,
        [Funder] = p.FunderPath,
        [Year] = p.Year,
        [Kind] = T.Kind(p.Kind),
        [Level] = T.Level(p.Level),
        [Category] = T.Category(p.Category),
        [Subcategory] = T.Subcategory(p.Subcategory),
        [Title] = p.Title,
        [Total] = T.Yuan(p.TotalFen),
        [Requested] = T.Yuan(p.SubsidyRequestedFen),
        [Approved] = T.Yuan(p.ApprovedSubsidyFen),
        [Current] = T.Yuan(p.CurrentSubsidyFen),
        [Released] = T.Yuan(p.ReleasedFen),
        [Score] = T.Score(p.ReviewScoreCenti, p.ReviewCount),
        [Status] = T.Status(p.Status),
        [InLibraryOn] = T.Date(p.PaperCopyReceivedOn),
        [LaunchedOn] = T.Date(p.LaunchedOn),
        [AcceptedOn] = T.Date(p.AcceptedOn),
        [ClosedOn] = T.Date(p.ClosedOn),
    };

    private static double Width(string column) => column switch
    {
        ProjectId => 38,
        Title => 40,
        Applicant or Funder => 18,
        Year or Level or Score or Status => 10,
        _ => 16,
    };
}
