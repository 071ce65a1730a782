using Union.Archives.Domain;

namespace Union.Archives.Exchange;

/// <summary>
/// The spreadsheet the unions fill in and the export they get back (docs/archives-spreadsheet.md):
/// one row per person, the Chinese column headers of the unions' own household registers, the
/// head's row (与户主关系 = 户主) carrying what belongs to the whole household.
/// </summary>
public static class WorkbookLayout
{
    /// <summary>The largest workbook accepted (bytes of the .xlsx file).</summary>
    public const int MaxWorkbookBytes = 5 * 1024 * 1024;

    /// <summary>The gRPC message limit of the exchange service: the workbook plus room for the rest of the request.</summary>
    public const int MaxRequestBytes = MaxWorkbookBytes + 64 * 1024;

    /// <summary>The most person rows one import may hold.</summary>
    public const int MaxDataRows = 5000;

    /// <summary>The most households one export may hold; narrow the filters beyond it.</summary>
    public const int MaxExportHouseholds = 10_000;

    /// <summary>Columns further right than this are not read (bounds the work a hostile file can cause).</summary>
    public const int MaxColumns = 60;

    /// <summary>The header row is looked for in the first rows, so a title row above it is allowed.</summary>
    public const int HeaderSearchRows = 10;

    public const string SheetName = "困难职工档案";

    public const string Sequence = "序号";
    public const string HouseholdKey = "户编号";
    public const string Organisation = "所属工会";
    public const string Name = "姓名";
    public const string Relation = "与户主关系";
    public const string IdNumber = "身份证号码";
    public const string Phone = "手机号码";
    public const string Employer = "工作单位";
    public const string Health = "健康状况";
    public const string Disabled = "是否残疾";
    public const string Schooling = "就学情况";
    public const string Employment = "就业状况";
    public const string MonthlyIncome = "月收入（元）";
    public const string IncomePerPerson = "家庭人均月收入（元）";
    public const string Allowance = "当地低保标准（元/月）";
    public const string Causes = "致困原因";
    public const string MigrantWorker = "是否农民工";
    public const string BankCard = "银行卡号";

    // Written by the export only; an import ignores them.
    public const string FileId = "档案编号";
    public const string Status = "档案状态";
    public const string Category = "困难类别";

    /// <summary>The import columns in their order on the sheet.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        Sequence, HouseholdKey, Organisation, Name, Relation, IdNumber, Phone, Employer, Health, Disabled,
        Schooling, Employment, MonthlyIncome, IncomePerPerson, Allowance, Causes, MigrantWorker, BankCard,
    ];

    /// <summary>Columns a workbook may leave out altogether.</summary>
    public static IReadOnlySet<string> OptionalColumns { get; } = new HashSet<string> { Sequence, Organisation };

    /// <summary>Columns that describe the whole household: filled on the head's row, empty on the others.</summary>
    public static IReadOnlySet<string> HeadOnlyColumns { get; } =
        new HashSet<string> { Phone, Employer, IncomePerPerson, Allowance, Causes, MigrantWorker, BankCard };

    /// <summary>The export's columns: the import's, then what identifies the file.</summary>
    public static IReadOnlyList<string> ExportColumns { get; } = [.. Columns, FileId, Status, Category];

    public const string HeadRelation = "户主";
    public const string Yes = "是";
    public const string No = "否";

    /// <summary>Separators between several hardship causes in one cell: 、 as the unions write it, and the usual slips.</summary>
    public static readonly char[] CauseSeparators = ['、', ',', '，', ';', '；', '/', ' '];

    public static Labels<Relation> Relations { get; } = new(
        (Domain.Relation.Spouse, "配偶", ["妻子", "丈夫"]),
        (Domain.Relation.Child, "子女", ["儿子", "女儿", "子", "女"]),
        (Domain.Relation.Parent, "父母", ["父亲", "母亲"]),
        (Domain.Relation.Sibling, "兄弟姐妹", ["兄弟", "姐妹"]),
        (Domain.Relation.Grandchild, "孙子女", ["孙子", "孙女", "外孙子女"]),
        (Domain.Relation.Other, "其他", []));

    public static Labels<MemberHealth> Healths { get; } = new(
        (MemberHealth.Healthy, "健康", ["良好"]),
        (MemberHealth.ChronicIllness, "慢性病", ["患慢性病"]),
        (MemberHealth.SeriousIllness, "大病", ["重大疾病", "重病", "患大病"]));

    public static Labels<Schooling> Schoolings { get; } = new(
        (Domain.Schooling.None, "未上学", ["无", "不在学"]),
        (Domain.Schooling.Preschool, "学前教育", ["学前", "幼儿园"]),
        (Domain.Schooling.Compulsory, "义务教育", ["小学", "初中"]),
        (Domain.Schooling.SeniorSecondary, "高中阶段", ["高中", "中职", "中专", "职高"]),
        (Domain.Schooling.Higher, "高等教育", ["大学", "大专", "本科", "研究生"]));

    public static Labels<Employment> Employments { get; } = new(
        (Domain.Employment.Employed, "就业", ["在职", "在岗"]),
        (Domain.Employment.Unemployed, "失业", ["无业"]),
        (Domain.Employment.Retired, "退休", []),
        (Domain.Employment.Student, "在校学生", ["学生", "在校"]),
        (Domain.Employment.UnableToWork, "无劳动能力", ["丧失劳动能力"]));

    // The causes of 004_f7c3dcaac4584c61.txt as the archives contract names them.
    public static Labels<HardshipCause> HardshipCauses { get; } = new(
        (HardshipCause.Illness, "因病", []),
        (HardshipCause.Disability, "因残", []),
        (HardshipCause.Education, "因学", []),
        (HardshipCause.AccidentOrDisaster, "因灾（意外）", ["因灾", "意外", "因意外", "因灾或意外"]),
        (HardshipCause.Unemployment, "失业", ["因失业"]),
        (HardshipCause.LowIncome, "收入低", ["低收入", "收入偏低"]),
        (HardshipCause.Other, "其他", []));

    public static Labels<ArchiveStatus> Statuses { get; } = new(
        (ArchiveStatus.Draft, "草稿", []),
        (ArchiveStatus.Applied, "已申请", []),
        (ArchiveStatus.Visited, "已走访初审", []),
        (ArchiveStatus.Reviewed, "已县级审核", []),
        (ArchiveStatus.ComparisonRequested, "信息比对中", []),
        (ArchiveStatus.ComparisonReturned, "比对结果已返回", []),
        (ArchiveStatus.CategorySet, "已认定类别", []),
        (ArchiveStatus.Approved, "已集体审批", []),
        (ArchiveStatus.InNotice, "公示中", []),
        (ArchiveStatus.Active, "在档", []),
        (ArchiveStatus.PhaseOut, "渐退期", []),
        (ArchiveStatus.Exited, "已脱困", []),
        (ArchiveStatus.DeArchived, "已退档", []),
        (ArchiveStatus.Cancelled, "已注销", []));

    public static Labels<HardshipCategory> Categories { get; } = new(
        (HardshipCategory.Deep, "深度困难", []),
        (HardshipCategory.Relative, "相对困难", []),
        (HardshipCategory.AccidentInduced, "意外致困", []));

    /// <summary>
    /// A header as written, reduced to the layout's spelling: surrounding and inner blanks dropped,
    /// half-width brackets read as full-width ("月收入(元)" is "月收入（元）").
    /// </summary>
    public static string NormaliseHeader(string header) =>
        new string(header.Where(c => !char.IsWhiteSpace(c)).ToArray()).Replace('(', '（').Replace(')', '）');
}

/// <summary>The Chinese words for the values of one enum: one written by the export, several read on import.</summary>
public sealed class Labels<T> where T : struct, Enum
{
    private readonly Dictionary<T, string> _names = [];
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

    public Labels(params (T Value, string Name, string[] Aliases)[] labels)
    {
        foreach (var (value, name, aliases) in labels)
        {
            _names[value] = name;
            _values[WorkbookLayout.NormaliseHeader(name)] = value;
            foreach (var alias in aliases) _values[WorkbookLayout.NormaliseHeader(alias)] = value;
        }
    }

    /// <summary>The word the export writes; empty for a value without one (e.g. no category yet).</summary>
    public string Of(T value) => _names.GetValueOrDefault(value, string.Empty);

    public bool TryParse(string text, out T value) => _values.TryGetValue(WorkbookLayout.NormaliseHeader(text), out value);

    /// <summary>The accepted words, for the message of a rejected cell: "健康、慢性病、大病".</summary>
    public string Accepted => string.Join("、", _names.Values);
}
