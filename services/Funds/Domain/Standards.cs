using Union.Shared.Errors;
using Union.Shared.Persistence;
using Union.Shared.Tenancy;

namespace Union.Funds.Domain;

/// <summary>
/// The kinds of aid a union pays to a household (Yu'an 2021, 002_98225e89925c6ce6.txt 指标2;
/// Yu'an §四(一) and Hainan 003_eca3cf9f3ec4784d.txt for 送温暖); numbered like union.funds.v1.AidType.
/// </summary>
public enum AidType
{
    /// <summary>生活救助.</summary>
    Living = 1,
    /// <summary>医疗救助, including accident-induced hardship (含意外致困).</summary>
    Medical = 2,
    /// <summary>助学救助 (子女助学, 金秋助学).</summary>
    Education = 3,
    /// <summary>送温暖慰问.</summary>
    WinterWarmth = 4,
}

/// <summary>
/// What an effective-dated standard has in common: the locality it was set for (an organisation
/// path of a city or county), the day it takes effect, and the document that set it.
/// </summary>
public interface IEffectiveDated
{
    string OrganisationPath { get; }
    DateOnly EffectiveFrom { get; }
}

/// <summary>
/// The local monthly minimum-living allowance (低保标准) of a locality from a day on, e.g. Lu'an's
/// 659 yuan a month from 2021-07-01 (002_98225e89925c6ce6.txt 指标10: 按六安市政府2021年7月1日新调整的
/// 城乡低保标准（659元）). Rows are never edited: a new standard is a new row with a later date.
/// </summary>
public sealed class AllowanceStandard : IOrganisationOwned, IEffectiveDated
{
    public const int MaxReferenceLength = 200;
    /// <summary>A sanity bound: 100,000 yuan a month is far above any allowance.</summary>
    public const long MaxMonthlyFen = 10_000_000;

    public Guid Id { get; private set; }
    /// <summary>The locality: the organisation path of the city or county whose government set it.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    public long MonthlyFen { get; private set; }
    public DateOnly EffectiveFrom { get; private set; }
    /// <summary>The document that set it, e.g. "六安市政府2021年城乡低保标准调整通知".</summary>
    public string Reference { get; private set; } = string.Empty;
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;

    private AllowanceStandard() { }

    public static AllowanceStandard Set(string localityPath, long monthlyFen, DateOnly effectiveFrom, string reference, string actor, DateTime now)
    {
        if (monthlyFen is <= 0 or > MaxMonthlyFen)
            throw new DomainRuleException("ALLOWANCE_OUT_OF_RANGE", "低保标准应大于零且不超过每月十万元");
        return new AllowanceStandard
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = localityPath,
            MonthlyFen = monthlyFen,
            EffectiveFrom = effectiveFrom,
            Reference = reference.Trim(),
            CreatedAt = now,
            CreatedBy = actor,
        };
    }
}

/// <summary>
/// A local payment standard for one aid type from a day on, e.g. Hainan's living aid raised from
/// 600 to 1,000 yuan per household (003_eca3cf9f3ec4784d.txt 六(一)五: 生活救助标准由600元每户提高到每户1000元).
/// It is the usual amount of one payment; the caps (<see cref="AidCaps"/>) bound what may be paid.
/// </summary>
public sealed class PaymentStandard : IOrganisationOwned, IEffectiveDated
{
    public const long MaxAmountFen = 100_000_000;

    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public AidType AidType { get; private set; }
    public long AmountFen { get; private set; }
    public DateOnly EffectiveFrom { get; private set; }
    public string Reference { get; private set; } = string.Empty;
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;

    private PaymentStandard() { }

    public static PaymentStandard Set(string localityPath, AidType aidType, long amountFen, DateOnly effectiveFrom, string reference, string actor, DateTime now)
    {
        if (!Enum.IsDefined(aidType)) throw new DomainRuleException("UNKNOWN_AID_TYPE", "不支持的救助类型");
        if (amountFen is <= 0 or > MaxAmountFen)
            throw new DomainRuleException("PAYMENT_STANDARD_OUT_OF_RANGE", "救助标准应大于零且不超过一百万元");
        return new PaymentStandard
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = localityPath,
            AidType = aidType,
            AmountFen = amountFen,
            EffectiveFrom = effectiveFrom,
            Reference = reference.Trim(),
            CreatedAt = now,
            CreatedBy = actor,
        };
    }
}

/// <summary>Which standard is in force for a locality on a day.</summary>
public static class StandardsInForce
{
    /// <summary>
    /// The locality and every ancestor, nearest first: "34/3415/341503" → itself, "34/3415", "34".
    /// </summary>
    public static IReadOnlyList<string> Chain(string localityPath)
    {
        var chain = new List<string> { localityPath };
        for (var cut = localityPath.LastIndexOf('/'); cut > 0; cut = localityPath.LastIndexOf('/', cut - 1))
            chain.Add(localityPath[..cut]);
        return chain;
    }

    /// <summary>
    /// The standard for the locality, or for its nearest ancestor that has one, that took effect
    /// last on or before the day. The nearest locality wins even when an ancestor's standard is
    /// newer: a county's own allowance replaces its city's for the county. A locality that has
    /// standards only from later days falls through to its ancestors for earlier days.
    /// </summary>
    public static T? Find<T>(IEnumerable<T> standards, string localityPath, DateOnly on) where T : class, IEffectiveDated
    {
        var candidates = standards.Where(s => s.EffectiveFrom <= on).ToList();
        foreach (var path in Chain(localityPath))
        {
            var found = candidates.Where(s => s.OrganisationPath == path).MaxBy(s => s.EffectiveFrom);
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>True when <paramref name="path"/> applies to the locality: it is the locality or one of its ancestors.</summary>
    public static bool AppliesTo(string path, string localityPath) => OrganisationPath.Covers(path, localityPath);
}
