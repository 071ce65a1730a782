using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

/// <summary>
/// The union funds an organisation retained for a year (本级工会留成经费), as its finance records
/// them from its own books: the basis of the 5 % rule (000_001fd36b94af060d.txt 五(一): 将本级工会
/// 留成经费的5%用于帮扶项目的开展). One figure per organisation and year; recording it again
/// replaces the figure (with who and when), since budgets are corrected during the year.
/// </summary>
public sealed class RetainedFunds : IOrganisationOwned
{
    public const int MaxReferenceLength = 200;

    public Guid Id { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public int Year { get; private set; }
    public long RetainedFen { get; private set; }
    /// <summary>Where the figure comes from, e.g. the year's budget document.</summary>
    public string Reference { get; private set; } = string.Empty;
    public DateTime RecordedAt { get; private set; }
    public string RecordedBy { get; private set; } = string.Empty;

    private RetainedFunds() { }

    public static RetainedFunds Record(string organisationPath, int year, long retainedFen, string reference, string actor, DateTime now)
    {
        var funds = new RetainedFunds { Id = Guid.CreateVersion7(), OrganisationPath = organisationPath, Year = year };
        funds.Correct(retainedFen, reference, actor, now);
        return funds;
    }

    public void Correct(long retainedFen, string reference, string actor, DateTime now)
    {
        if (retainedFen < 0) throw new DomainRuleException("AMOUNT_NEGATIVE", "留成经费不能为负数");
        RetainedFen = retainedFen;
        Reference = reference.Trim();
        RecordedAt = now;
        RecordedBy = actor;
    }
}

/// <summary>One organisation's line of the 5 % report.</summary>
public sealed record FivePercentLine(string OrganisationPath, long? RetainedFen, long ToProjectsFen)
{
    /// <summary>The rule's share: 5 % = 500 basis points.</summary>
    public const int RequiredBasisPoints = 500;

    /// <summary>What went to projects as a share of the retained funds, in basis points rounded down; null without a positive figure.</summary>
    public long? ShareBasisPoints => RetainedFen is > 0 and var retained ? ToProjectsFen * 10_000 / retained : null;

    /// <summary>At least 5 %, compared exactly (20 × to-projects ≥ retained); never met without a recorded figure.</summary>
    public bool Meets => RetainedFen is { } retained && ToProjectsFen * 20 >= retained;
}
