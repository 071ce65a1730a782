using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Union.Projects.Exchange;

/// <summary>One line of a paper form: the printed label and what is filled in beside it.</summary>
public sealed record FormLine(string Label, string Value);

/// <summary>A form as it is printed: its title, then its lines top to bottom.</summary>
public sealed record FormSheet(string Title, IReadOnlyList<FormLine> Lines);

/// <summary>
/// Writes a form as a two-column sheet, label beside value, wrapped so long text prints on A4.
/// The paper forms' merged boxes are not reproduced (MiniExcel writes no merged cells outside
/// templates); a label/value column reads the same on print and keeps each field in one cell.
/// </summary>
public static class FormWorkbook
{
    public const string LabelColumn = "A";
    public const string ValueColumn = "B";

    public static byte[] Write(FormSheet sheet, string sheetName)
    {
        var rows = new List<Dictionary<string, object?>> { Row(sheet.Title, string.Empty) };
        rows.AddRange(sheet.Lines.Select(l => Row(l.Label, l.Value)));

        var configuration = new OpenXmlConfiguration
        {
            // The default style draws cell borders, the boxes of the paper form; wrapping needs it too.
            TableStyles = TableStyles.Default,
            AutoFilter = false,
            FreezeRowCount = 0,
            StyleOptions = new OpenXmlStyleOptions { WrapCellContents = true },
            DynamicColumns =
            [
                new DynamicExcelColumn(LabelColumn) { Width = 30 },
                new DynamicExcelColumn(ValueColumn) { Width = 80 },
            ],
        };
        using var stream = new MemoryStream();
        stream.SaveAs(rows, printHeader: false, sheetName: sheetName, configuration: configuration);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Row(string label, string value) =>
        new() { [LabelColumn] = label, [ValueColumn] = value };
}
