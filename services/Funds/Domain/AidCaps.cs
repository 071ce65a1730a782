namespace Union.Funds.Domain;

/// <summary>The amounts insurance and mutual aid already paid toward compliant medical costs, in fen.</summary>
public sealed record MedicalBurden(
    long CompliantCostsFen,
    long BasicInsuranceFen,
    long SeriousIllnessInsuranceFen,
    long SupplementaryInsuranceFen,
    long WorkerMutualAidFen)
{
    /// <summary>The personal burden: compliant costs less everything already paid, never below zero.</summary>
    public long PersonalBurdenFen =>
        Math.Max(0, CompliantCostsFen - BasicInsuranceFen - SeriousIllnessInsuranceFen - SupplementaryInsuranceFen - WorkerMutualAidFen);
}

/// <summary>
/// The answer of a cap: the cap itself, what earlier payments of the year already used, what is
/// left, and whether the proposed amount fits. <see cref="Reason"/> names the cap when it does not.
/// </summary>
public sealed record CapCheck(string Cap, long CapFen, long EarlierFen, long RemainingFen, long AmountFen)
{
    public bool Allowed => AmountFen <= RemainingFen;

    /// <summary>The stable code of the refusal, e.g. LIVING_AID_CAP_EXCEEDED; null when allowed.</summary>
    public string? Reason => Allowed ? null : $"{Cap}_CAP_EXCEEDED";
}

/// <summary>
/// The caps on aid to one household or student (Yu'an 2021, 002_98225e89925c6ce6.txt 指标2:
/// 生活救助……每户每年不得超过当地低保标准年度总和；子女助学救助中高等教育阶段就学的子女，每生每年不超过
/// 10个月当地低保标准；医疗救助……不超过基本医疗保险、居民大病保险和其他补充医疗保险、职工互助保障支付
/// 金额后……合规医疗费个人负担部分). Pure functions in integer fen: the monthly allowance is the one in
/// force on the decision date (see <see cref="StandardsInForce"/>); earlier amounts are every
/// payment of the same kind in the same calendar year, from every fund source.
/// </summary>
public static class AidCaps
{
    public const string LivingAid = "LIVING_AID";
    public const string HigherEducationAid = "EDUCATION_AID";
    public const string MedicalAid = "MEDICAL_AID";

    public const int LivingAidMonths = 12;
    public const int HigherEducationAidMonths = 10;

    /// <summary>Living aid per household per calendar year ≤ 12 × the monthly allowance.</summary>
    public static CapCheck Living(long monthlyAllowanceFen, IEnumerable<long> earlierFen, long amountFen) =>
        Check(LivingAid, checked(LivingAidMonths * monthlyAllowanceFen), earlierFen, amountFen);

    /// <summary>Education aid for a student in higher education ≤ 10 × the monthly allowance per student per year.</summary>
    public static CapCheck HigherEducation(long monthlyAllowanceFen, IEnumerable<long> earlierFen, long amountFen) =>
        Check(HigherEducationAid, checked(HigherEducationAidMonths * monthlyAllowanceFen), earlierFen, amountFen);

    /// <summary>Medical aid ≤ the personal burden left after insurance and worker mutual aid.</summary>
    public static CapCheck Medical(MedicalBurden burden, IEnumerable<long> earlierFen, long amountFen) =>
        Check(MedicalAid, burden.PersonalBurdenFen, earlierFen, amountFen);

    private static CapCheck Check(string cap, long capFen, IEnumerable<long> earlierFen, long amountFen)
    {
        var earlier = earlierFen.Aggregate(0L, (sum, fen) => checked(sum + fen));
        return new CapCheck(cap, capFen, earlier, Math.Max(0, capFen - earlier), amountFen);
    }
}
