using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;

namespace Union.EndToEnd.Tests;

public static class Households
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>A valid ID number (GB 11643) unlikely to be used by any other test.</summary>
    public static string NewIdNumber()
    {
        var birth = new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 14000));
        var body = $"510104{birth:yyyyMMdd}{Random.Shared.Next(0, 1000):D3}";
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    public static CreateHouseholdRequest Valid() => new()
    {
        HeadName = "王建国",
        HeadIdNumber = NewIdNumber(),
        HeadPhone = "13880001111",
        Employer = "成都某机械厂",
        Causes = { HardshipCause.Illness },
        MonthlyIncomePerPerson = new Money { Fen = 52_000 },
        LocalMonthlyAllowance = new Money { Fen = 65_900 },
    };
}
