using System.Globalization;
using System.Text;

namespace Union.Funds.Domain;

/// <summary>
/// The bank's file of a payment batch (银行代发文件): one line per payment with the holder's name
/// and card joined at export time, never stored. Shared by the export RPC and the batch benchmark.
/// </summary>
public static class BankPaymentFile
{
    /// <summary>One line of the bank's file.</summary>
    public sealed record Row(int Serial, string Name, string Card, string AmountYuan, string Memo);

    public static readonly string[] Header = ["serial", "name", "card", "amount", "memo"];

    /// <summary>What the worker's bank statement shows: the aid and the instalment; no ids, no personal data.</summary>
    public static string Memo(Payment p) =>
        string.Create(CultureInfo.InvariantCulture, $"工会{NotificationText.AidTypeName(p.AidType)}资金第{p.InstalmentNumber}期");

    public static byte[] Csv(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var r in rows)
            text.Append(CultureInfo.InvariantCulture, $"{r.Serial},{Quote(r.Name)},{Quote(r.Card)},{r.AmountYuan},{Quote(r.Memo)}\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
