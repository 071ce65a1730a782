namespace Union.YearWalk;

/// <summary>Valid ID numbers (GB 11643) and bank cards (Luhn) for households made up by tests and the demo.</summary>
public static class PersonalNumbers
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>An ID number of <paramref name="region"/> (a county code) for someone born on <paramref name="birth"/>, with a random sequence.</summary>
    public static string IdNumber(string region, DateOnly birth)
    {
        var body = $"{region}{birth:yyyyMMdd}{Random.Shared.Next(0, 1000):D3}";
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    /// <summary>A random card number of a Chinese bank's BIN with its Luhn check digit.</summary>
    public static string BankCard()
    {
        var body = "621700" + string.Concat(Enumerable.Range(0, 12).Select(_ => Random.Shared.Next(0, 10)));
        var sum = body.Reverse().Select((c, i) => i % 2 == 0 ? ((c - '0') * 2 is var d && d > 9 ? d - 9 : d) : c - '0').Sum();
        return body + (char)('0' + (10 - sum % 10) % 10);
    }
}
