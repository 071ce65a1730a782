using MiniExcelLibs;

namespace Union.Archives.Exchange;

/// <summary>One non-blank row under the header: its spreadsheet row number and its cells by layout column.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<string, object?> Cells)
{
    public object? this[string column] => Cells.GetValueOrDefault(column);

    public bool Has(string column) => !Exchange.Cells.IsBlank(this[column]);
}

/// <summary>The workbook as a whole cannot be read: answered as INVALID_ARGUMENT on <c>workbook</c>.</summary>
public sealed class WorkbookRejectedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Reads the first sheet of an .xlsx workbook with MiniExcel: finds the header row (row 1, or
/// below a title), maps the layout's columns by their headers in any order, and returns the
/// non-blank rows below it with their spreadsheet row numbers. Columns not in the layout are
/// ignored; a missing required column, too many rows or a file that is no workbook is refused.
/// </summary>
public static class WorkbookReader
{
    public static IReadOnlyList<SheetRow> Read(byte[] workbook)
    {
        try
        {
            return ReadRows(workbook);
        }
        catch (WorkbookRejectedException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not a zip, not OOXML, a broken sheet: whatever the library found, the caller's file is unreadable.
            throw new WorkbookRejectedException("UNREADABLE_WORKBOOK", "无法读取工作簿，请上传按模板填写的 .xlsx 文件");
        }
    }

    private static List<SheetRow> ReadRows(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook, writable: false);
        // Rows come back one per spreadsheet row, blank ones included, keyed by column letter.
        var sheet = stream.QueryRange(useHeaderRow: false, excelType: ExcelType.XLSX,
            startRowIndex: 1, startColumnIndex: 1, endRowIndex: null, endColumnIndex: WorkbookLayout.MaxColumns);

        Dictionary<string, string>? columns = null; // column letter → layout header
        var rows = new List<SheetRow>();
        var number = 0;
        foreach (IDictionary<string, object?> raw in sheet)
        {
            number++;
            if (columns is null)
            {
                columns = HeaderOf(raw);
                if (columns is null && number >= WorkbookLayout.HeaderSearchRows)
                    throw new WorkbookRejectedException("HEADER_NOT_FOUND",
                        $"前{WorkbookLayout.HeaderSearchRows}行中没有找到表头（应含“{WorkbookLayout.Name}”“{WorkbookLayout.IdNumber}”等列）");
                continue;
            }
            if (raw.Values.All(Cells.IsBlank)) continue;
            if (rows.Count == WorkbookLayout.MaxDataRows)
                throw new WorkbookRejectedException("TOO_MANY_ROWS", $"一次最多导入{WorkbookLayout.MaxDataRows}行，请分批导入");
            rows.Add(new SheetRow(number, columns.ToDictionary(c => c.Value, c => raw.TryGetValue(c.Key, out var v) ? v : null)));
        }
        if (columns is null)
            throw new WorkbookRejectedException("HEADER_NOT_FOUND", $"工作簿中没有表头（应含“{WorkbookLayout.Name}”“{WorkbookLayout.IdNumber}”等列）");
        if (rows.Count == 0) throw new WorkbookRejectedException("NO_ROWS", "工作簿中没有数据行");
        return rows;
    }

    /// <summary>The layout columns of a header row, or null when the row is not the header.</summary>
    private static Dictionary<string, string>? HeaderOf(IDictionary<string, object?> raw)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (letter, value) in raw)
        {
            var header = WorkbookLayout.NormaliseHeader(Cells.Text(value));
            if (!WorkbookLayout.Columns.Contains(header)) continue;
            if (!seen.Add(header)) throw new WorkbookRejectedException("DUPLICATE_COLUMN", $"表头中“{header}”列出现了多次");
            found[letter] = header;
        }
        if (!seen.Contains(WorkbookLayout.Name) || !seen.Contains(WorkbookLayout.IdNumber)) return null;
        var missing = WorkbookLayout.Columns.Where(c => !WorkbookLayout.OptionalColumns.Contains(c) && !seen.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new WorkbookRejectedException("MISSING_COLUMNS", $"表头缺少以下列：{string.Join("、", missing)}");
        return found;
    }
}
