using System.Text.RegularExpressions;

namespace Union.Shared.Tenancy;

/// <summary>
/// Materialised paths of the union hierarchy: province / city / county / grassroots, codes
/// joined by '/', e.g. "51/5115/511502". A caller sees its own organisation and everything below.
/// </summary>
public static partial class OrganisationPath
{
    public const int MaxLength = 200;

    [GeneratedRegex("^[0-9A-Za-z]{1,32}(/[0-9A-Za-z]{1,32}){0,7}$")]
    private static partial Regex Shape();

    public static bool IsValid(string? path) => path is { Length: > 0 and <= MaxLength } && Shape().IsMatch(path);

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public static bool Covers(string ancestor, string path) =>
        path == ancestor || path.StartsWith(ancestor + "/", StringComparison.Ordinal);

    /// <summary>The organisation's own code: the last segment.</summary>
    public static string Code(string path) => path[(path.LastIndexOf('/') + 1)..];
}
