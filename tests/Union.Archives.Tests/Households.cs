using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;

namespace Union.Archives.Tests;

/// <summary>Requests the tests build on: a valid application, changed one field at a time.</summary>
public static class Households
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static int _sequence;

    /// <summary>A valid ID number no other test uses (GB 11643 check character computed).</summary>
    public static string NewIdNumber()
    {
        var n = Interlocked.Increment(ref _sequence);
        var birth = new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 14000));
        var body = $"511502{birth:yyyyMMdd}{(n * 7 + Random.Shared.Next(0, 7)) % 1000:D3}";
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    public static CreateHouseholdRequest Valid(string? idNumber = null, string organisationPath = "") => new()
    {
        OrganisationPath = organisationPath,
        HeadName = "张德明",
        HeadIdNumber = idNumber ?? NewIdNumber(),
        HeadPhone = "13990003333",
        Employer = "宜宾某纸业公司",
        Causes = { HardshipCause.Illness },
        MonthlyIncomePerPerson = new Money { Fen = 45_000 },
        LocalMonthlyAllowance = new Money { Fen = 65_900 },
    };
}
