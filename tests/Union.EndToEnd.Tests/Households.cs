using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;

namespace Union.EndToEnd.Tests;

public static class Households
{
    /// <summary>A valid ID number (GB 11643) of 锦江区 unlikely to be used by any other test.</summary>
    public static string NewIdNumber() =>
        PersonalNumbers.IdNumber("510104", new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 14000)));

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
