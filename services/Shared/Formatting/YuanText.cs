using System.Globalization;

namespace Union.Shared.Formatting;

/// <summary>
/// Integer fen written as yuan with two decimals, in integer arithmetic only (never through a
/// double): 12,345,678 fen is "123456.78", or "123,456.78" grouped for a message.
/// </summary>
public static class YuanText
{
    public static string FromFen(long fen, bool grouped = false)
    {
        // The magnitude as unsigned so that even long.MinValue has one.
        var magnitude = fen < 0 ? (ulong)(-(fen + 1)) + 1 : (ulong)fen;
        var yuan = (magnitude / 100).ToString(grouped ? "N0" : "0", CultureInfo.InvariantCulture);
        var cents = (magnitude % 100).ToString("00", CultureInfo.InvariantCulture);
        return $"{(fen < 0 ? "-" : string.Empty)}{yuan}.{cents}";
    }
}
