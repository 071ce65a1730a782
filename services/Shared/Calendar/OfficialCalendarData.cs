using System.Globalization;
using System.Text.Json;

namespace Union.Shared.Calendar;

/// <summary>
/// The years shipped with the platform: <c>official-working-days.json</c>, embedded in this
/// assembly, one entry per State Council notice from 2015 on, each citing its notice numbers.
/// </summary>
public static class OfficialCalendarData
{
    public const string ResourceName = "Union.Shared.Calendar.official-working-days.json";

    public static IReadOnlyList<CalendarYear> Load()
    {
        using var stream = typeof(OfficialCalendarData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded calendar {ResourceName} is missing from the build.");
        using var json = JsonDocument.Parse(stream);
        return json.RootElement.GetProperty("years").EnumerateArray().Select(ReadYear).ToList();
    }

    private static CalendarYear ReadYear(JsonElement entry)
    {
        var year = entry.GetProperty("year").GetInt32();
        var notices = entry.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        var holidays = entry.GetProperty("holidays").EnumerateArray().SelectMany(d => Expand(d.GetString()!)).ToHashSet();
        var working = entry.GetProperty("workingWeekends").EnumerateArray().SelectMany(d => Expand(d.GetString()!)).ToHashSet();
        return new CalendarYear(year, holidays, working, string.Join("；", notices));
    }

    /// <summary>"2024-10-01" is one day, "2024-10-01..2024-10-07" every day from the first to the last.</summary>
    private static IEnumerable<DateOnly> Expand(string value)
    {
        var parts = value.Split("..");
        var first = Parse(parts[0]);
        var last = parts.Length == 2 ? Parse(parts[1]) : first;
        if (last < first) throw new InvalidOperationException($"The embedded calendar has a range that ends before it starts: {value}");
        for (var d = first; d <= last; d = d.AddDays(1)) yield return d;
    }

    private static DateOnly Parse(string value) =>
        DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
