namespace Union.Archives.Domain;

/// <summary>The outcome of <see cref="Eligibility.Assess"/>: advice for the caseworker, who decides.</summary>
public sealed record EligibilityResult(bool Eligible, HardshipCategory SuggestedCategory, string Basis, int IncomeToAllowancePermille);

/// <summary>
/// Whether a household fits the hardship definitions of 003_eca3cf9f3ec4784d.txt (一(二) 困难职工范围),
/// and which category of the Bozhou plan (004_f7c3dcaac4584c61.txt, Annex 2: "意外致困" apart from
/// "深度、相对") to suggest. Pure: no I/O, no clock.
/// <list type="number">
/// <item>Income per person strictly below the local allowance (003: "家庭人均收入低于当地最低生活保障线",
/// the 低保户) → eligible, DEEP, whatever the cause: the income alone places the household below the
/// line, so no cause is required (decided here; 003 names none for this class).</item>
/// <item>A natural disaster or serious accident (003: "因各类自然灾害或重大意外事故…造成生活特别困难") at any
/// income at or above the allowance → eligible, ACCIDENT_INDUCED; 004 handles these on a fast track.</item>
/// <item>Income at or above the allowance and at most 50 % above it (003: "一般不得高于当地最低生活保障线50%",
/// so exactly 150 % still qualifies) with illness or education as a cause (003: "由于疾病、子女教育…")
/// → eligible, RELATIVE (the 低保边缘户). Disability counts as illness here (因病因残), as in 004's
/// "因病因灾" monitoring of households whose health keeps them poor.</item>
/// <item>Otherwise not eligible.</item>
/// </list>
/// Exactly 100 % is not "below" the allowance, so it needs a cause like any marginal household.
/// </summary>
public static class Eligibility
{
    public const string Source = "003_eca3cf9f3ec4784d.txt";

    public static EligibilityResult Assess(long incomePerPersonFen, long allowanceFen, IReadOnlyCollection<HardshipCause> causes)
    {
        ArgumentNullException.ThrowIfNull(causes);
        var accident = causes.Contains(HardshipCause.AccidentOrDisaster);
        var illnessOrEducation = causes.Contains(HardshipCause.Illness) || causes.Contains(HardshipCause.Disability)
                                 || causes.Contains(HardshipCause.Education);

        if (allowanceFen <= 0)
        {
            return accident
                ? new EligibilityResult(true, HardshipCategory.AccidentInduced, AccidentBasis, 0)
                : new EligibilityResult(false, HardshipCategory.Unspecified, "未登记当地最低生活保障标准，无法按收入判断困难职工范围（" + Source + "）", 0);
        }

        var permille = (int)Math.Min(int.MaxValue, incomePerPersonFen * 1000 / allowanceFen);
        if (incomePerPersonFen < allowanceFen)
        {
            return new EligibilityResult(true, HardshipCategory.Deep,
                "家庭人均收入低于当地最低生活保障线（" + Source + "：困难职工范围第一类），建议认定为深度困难", permille);
        }
        if (accident)
            return new EligibilityResult(true, HardshipCategory.AccidentInduced, AccidentBasis, permille);
        // At most 50 % above: income ≤ 1.5 × allowance, compared in whole fen without rounding.
        if (incomePerPersonFen * 2 <= allowanceFen * 3 && illnessOrEducation)
        {
            return new EligibilityResult(true, HardshipCategory.Relative,
                "家庭人均收入略高于当地最低生活保障线（不高于50%），因疾病、子女教育等原因不能维持基本生活（" + Source + "：困难职工范围第二类），建议认定为相对困难", permille);
        }
        var why = incomePerPersonFen * 2 <= allowanceFen * 3
            ? "家庭人均收入不低于当地最低生活保障线，且无疾病、子女教育或意外灾难等致困原因"
            : "家庭人均收入高于当地最低生活保障线50%以上，且无自然灾害或重大意外事故";
        return new EligibilityResult(false, HardshipCategory.Unspecified, why + "，不符合困难职工范围（" + Source + "）", permille);
    }

    private const string AccidentBasis =
        "因自然灾害或重大意外事故造成生活特别困难（" + Source + "：困难职工范围第三类），建议认定为意外致困";
}
