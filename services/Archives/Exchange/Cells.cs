using System.Globalization;

namespace Union.Archives.Exchange;

/// <summary>A rejected cell: the stable code and the Chinese reason the union reads.</summary>
public sealed record CellProblem(string Code, string Reason);

/// <summary>
/// Cell values as MiniExcel hands them over (text, a double for a number cell, a bool, a date)
/// turned into what the archive keeps. Money is decimal all the way: a number cell's double is
/// first written back as the shortest text that reads as the same double ("R"), which for any
/// amount typed with at most 15 significant digits is exactly the digits typed, and that text is
/// parsed as a decimal; never a floating-point multiplication.
/// </summary>
public static class Cells
{
    /// <summary>The same sanity bound as RequestValidator.Money: 10 billion yuan.</summary>
    public const long MaxFen = 1_000_000_000_000L;

    public static bool IsBlank(object? value) => value is null || (value is string s && string.IsNullOrWhiteSpace(s));

    /// <summary>The text of a cell, trimmed; a whole number cell without its ".0".</summary>
    public static string Text(object? value) => value switch
    {
        null => string.Empty,
        string s => s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? WorkbookLayout.Yes : WorkbookLayout.No,
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? string.Empty,
    };

    /// <summary>
    /// Yuan with at most two decimals, converted exactly to fen: "1234.5" is 123450, "12.345" is
    /// refused. A trailing 元 is allowed.
    /// </summary>
    public static CellProblem? TryFen(object? value, out long fen)
    {
        fen = 0;
        var text = Text(value);
        if (text.EndsWith('元')) text = text[..^1].TrimEnd();
        // The shortest round-trip text of a double may use an exponent ("1E-05"); typed text may not.
        var styles = value is double
            ? NumberStyles.Float
            : NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (value is double d && !double.IsFinite(d) || !decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out var yuan))
            return new("INVALID_AMOUNT", "金额应为以元为单位的数字，最多两位小数，例如 1234.50");
        if (yuan < 0) return new("NEGATIVE_AMOUNT", "金额不能为负数");
        var exactFen = yuan * 100m;
        if (exactFen != decimal.Truncate(exactFen)) return new("TOO_MANY_DECIMALS", "金额最多保留两位小数（到分）");
        if (exactFen > MaxFen) return new("AMOUNT_TOO_LARGE", "金额超出允许范围");
        fen = (long)exactFen;
        return null;
    }

    /// <summary>是 or 否; an empty cell is 否.</summary>
    public static CellProblem? TryYesNo(object? value, out bool yes)
    {
        yes = false;
        if (value is bool b)
        {
            yes = b;
            return null;
        }
        switch (Text(value).ToUpperInvariant())
        {
            case "":
            case WorkbookLayout.No:
            case "N":
            case "无":
                return null;
            case WorkbookLayout.Yes:
            case "Y":
            case "有":
                yes = true;
                return null;
            default:
                return new("UNKNOWN_VALUE", "应填写“是”或“否”");
        }
    }

    /// <summary>
    /// Digits that must be kept as text: a number cell holds at most 15 significant digits, so an
    /// 18-digit ID number or a 19-digit card typed as a number has already lost its last digits.
    /// A number cell is accepted only when it is a whole number below 2^53 (exact in a double).
    /// </summary>
    public static bool TryDigits(object? value, out string text)
    {
        if (value is double d)
        {
            var exact = double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9_007_199_254_740_992d;
            text = exact ? d.ToString("0", CultureInfo.InvariantCulture) : string.Empty;
            return exact;
        }
        text = Text(value);
        return true;
    }
}
