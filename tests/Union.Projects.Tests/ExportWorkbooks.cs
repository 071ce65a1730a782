using Google.Protobuf;
using MiniExcelLibs;

namespace Union.Projects.Tests;

/// <summary>Reads exported workbooks back the way a union's spreadsheet would show them.</summary>
public static class ExportWorkbooks
{
    /// <summary>The library sheet's rows keyed by its Chinese column headers; every cell as text.</summary>
    public static List<Dictionary<string, string>> Rows(ByteString workbook)
    {
        using var stream = new MemoryStream(workbook.ToByteArray());
        return stream.Query(useHeaderRow: true)
            .Cast<IDictionary<string, object?>>()
            .Select(r => r.ToDictionary(c => c.Key, c => Text(c.Value)))
            .ToList();
    }

    /// <summary>The library sheet's header row, left to right.</summary>
    public static List<string> Headers(ByteString workbook)
    {
        using var stream = new MemoryStream(workbook.ToByteArray());
        var first = (IDictionary<string, object?>)stream.Query(useHeaderRow: false).First();
        return first.Values.Select(Text).Where(t => t.Length > 0).ToList();
    }

    /// <summary>A form sheet as (label, value) lines, the title line first.</summary>
    public static List<(string Label, string Value)> Lines(ByteString workbook)
    {
        using var stream = new MemoryStream(workbook.ToByteArray());
        return stream.Query(useHeaderRow: false)
            .Cast<IDictionary<string, object?>>()
            .Select(r => (Text(r.TryGetValue("A", out var a) ? a : null), Text(r.TryGetValue("B", out var b) ? b : null)))
            .ToList();
    }

    /// <summary>The value beside the only line with this label.</summary>
    public static string Value(this List<(string Label, string Value)> lines, string label) =>
        Assert.Single(lines, l => l.Label == label).Value;

    /// <summary>The values beside every line with this label, top to bottom (e.g. the three 日期 lines).</summary>
    public static List<string> Values(this List<(string Label, string Value)> lines, string label) =>
        lines.Where(l => l.Label == label).Select(l => l.Value).ToList();

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
