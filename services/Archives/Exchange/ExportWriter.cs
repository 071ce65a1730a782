using MiniExcelLibs;
using Union.Archives.Domain;
using L = Union.Archives.Exchange.WorkbookLayout;

namespace Union.Archives.Exchange;

/// <summary>
/// Writes households in the import layout, one row per person, head first. Personal data is
/// written only in its masked form (the file holds nothing else in the clear to write): ID
/// numbers "5115**********123X", phones "139****3333", bank cards with the last four digits.
/// Amounts are numbers in yuan, so the sheet can add them up.
/// </summary>
public static class ExportWriter
{
    public static byte[] Write(IReadOnlyList<Household> households)
    {
        var rows = new List<Dictionary<string, object?>>();
        var sequence = 0;
        for (var i = 0; i < households.Count; i++)
        {
            var h = households[i];
            var key = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var head = Row(++sequence, key, h);
            head[L.Name] = h.HeadName;
            head[L.Relation] = L.HeadRelation;
            head[L.IdNumber] = h.HeadIdNumberMasked;
            head[L.Phone] = h.HeadPhoneMasked ?? string.Empty;
            head[L.Employer] = h.Employer;
            head[L.IncomePerPerson] = Yuan(h.MonthlyIncomePerPersonFen);
            head[L.Allowance] = Yuan(h.LocalMonthlyAllowanceFen);
            head[L.Causes] = string.Join("、", h.Causes.Select(L.HardshipCauses.Of));
            head[L.MigrantWorker] = h.MigrantWorker ? L.Yes : L.No;
            head[L.BankCard] = h.BankCardMasked ?? string.Empty;
            rows.Add(head);
            foreach (var m in h.Members.OrderBy(m => m.BirthDate).ThenBy(m => m.Name, StringComparer.Ordinal))
            {
                var row = Row(++sequence, key, h);
                row[L.Name] = m.Name;
                row[L.Relation] = L.Relations.Of(m.Relation);
                row[L.IdNumber] = m.IdNumberMasked;
                row[L.Health] = L.Healths.Of(m.Health);
                row[L.Disabled] = m.Disabled ? L.Yes : L.No;
                row[L.Schooling] = L.Schoolings.Of(m.Schooling);
                row[L.Employment] = L.Employments.Of(m.Employment);
                row[L.MonthlyIncome] = Yuan(m.MonthlyIncomeFen);
                rows.Add(row);
            }
        }
        if (rows.Count == 0) rows.Add(L.ExportColumns.ToDictionary(c => c, _ => (object?)null)); // headers only

        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: L.SheetName);
        return stream.ToArray();
    }

    /// <summary>A row with every column present (MiniExcel takes the headers from the first row) and the file's identity.</summary>
    private static Dictionary<string, object?> Row(int sequence, string key, Household h)
    {
        var row = L.ExportColumns.ToDictionary(c => c, _ => (object?)string.Empty);
        row[L.Sequence] = sequence;
        row[L.HouseholdKey] = key;
        row[L.Organisation] = h.OrganisationPath;
        row[L.FileId] = h.Id.ToString();
        row[L.Status] = L.Statuses.Of(h.Status);
        row[L.Category] = L.Categories.Of(h.Category);
        return row;
    }

    /// <summary>Fen as yuan, exactly (decimal, two places).</summary>
    private static decimal Yuan(long fen) => fen / 100m;
}
