namespace Union.Shared.Validation;

/// <summary>
/// Resident identity numbers by GB 11643-1999: six-digit region code, birth date, sequence and
/// an ISO 7064 MOD 11-2 check character. Lower-case 'x' is normalised to 'X'; a 15-digit
/// first-generation number is converted to 18 digits (century 19, check digit computed).
/// </summary>
public static class ChineseIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    // Province-level region codes (first two digits) of GB/T 2260, plus Taiwan, Hong Kong and Macao.
    private static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    ];

    public enum Problem { None, Empty, Length, Characters, Region, BirthDate, Checksum }

    /// <summary>Validates and normalises; on success <paramref name="normalised"/> is the 18-character form.</summary>
    public static Problem TryNormalise(string? input, out string normalised, DateOnly? today = null)
    {
        normalised = string.Empty;
        var value = input?.Trim().ToUpperInvariant() ?? string.Empty;
        if (value.Length == 0) return Problem.Empty;
        if (value.Length == 15)
        {
            if (!value.All(char.IsAsciiDigit)) return Problem.Characters;
            var body = value[..6] + "19" + value[6..];
            value = body + CheckChar(body);
        }
        if (value.Length != 18) return Problem.Length;
        if (!value[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(value[17]) || value[17] == 'X')) return Problem.Characters;
        if (!Provinces.Contains(value[..2]) || value[2..6] == "0000") return Problem.Region;
        if (!DateOnly.TryParseExact(value[6..14], "yyyyMMdd", out var birth)
            || birth.Year < 1900 || birth > (today ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))))
            return Problem.BirthDate;
        if (CheckChar(value[..17]) != value[17]) return Problem.Checksum;
        normalised = value;
        return Problem.None;
    }

    public static bool IsValid(string? input) => TryNormalise(input, out _) == Problem.None;

    /// <summary>The birth date held in a normalised number.</summary>
    public static DateOnly BirthDate(string normalised) => DateOnly.ParseExact(normalised[6..14], "yyyyMMdd");

    private static char CheckChar(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }

    public static string Describe(Problem problem) => problem switch
    {
        Problem.Empty => "身份证号码不能为空",
        Problem.Length => "身份证号码应为18位（或15位旧号码）",
        Problem.Characters => "身份证号码只能包含数字，最后一位可为X",
        Problem.Region => "身份证号码的地区码无效",
        Problem.BirthDate => "身份证号码中的出生日期无效",
        Problem.Checksum => "身份证号码校验位不正确",
        _ => string.Empty,
    };
}

/// <summary>Bank card numbers: 12 to 19 digits with a valid Luhn check digit.</summary>
public static class BankCard
{
    public static bool IsValid(string? input)
    {
        var digits = Normalise(input);
        if (digits.Length is < 12 or > 19 || !digits.All(char.IsAsciiDigit)) return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    public static string Normalise(string? input) => (input ?? string.Empty).Replace(" ", "", StringComparison.Ordinal).Trim();
}
