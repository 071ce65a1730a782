using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

/// <summary>How a funder divides a pool among the organisations below it.</summary>
public enum AllocationFormulaKind
{
    /// <summary>
    /// 000_001fd36b94af060d.txt 二(二): by the approved project volume (项目总量), weighed with the
    /// review score (项目评审质量) and last year's evaluation grade (上年度项目绩效评价结果).
    /// </summary>
    ProjectVolume = 1,
    /// <summary>003_eca3cf9f3ec4784d.txt 二(三)四: by the number of archived households (在档困难职工总户数).</summary>
    Households = 2,
}

/// <summary>
/// A funder's allocation formula, kept as data so the province (or a city) changes it without a
/// release: for <see cref="AllocationFormulaKind.ProjectVolume"/> an applicant's weight is
/// <c>(volume_weight × its share of the approved volume + score_weight × its share of the review
/// scores) × the factor of its last-year grade</c>; for <see cref="AllocationFormulaKind.Households"/>
/// it is its archived households. Each applicant's share of the pool is proportional to its weight.
/// One formula per funder; setting it again replaces it (every run keeps a snapshot of the formula it used).
/// </summary>
public sealed class AllocationFormula : IOrganisationOwned
{
    public const int MaxGrades = 10;
    public const int MaxGradeLength = 10;
    public const decimal MaxWeight = 1000m;
    public const decimal MaxFactor = 100m;

    public Guid Id { get; private set; }
    /// <summary>The funder's path.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    public AllocationFormulaKind Kind { get; private set; }
    public decimal VolumeWeight { get; private set; }
    public decimal ScoreWeight { get; private set; }
    /// <summary>The factor for an applicant with no grade last year (e.g. it had no evaluated project).</summary>
    public decimal UngradedFactor { get; private set; }
    /// <summary>The grade factor table as JSON ({"A":1.2,"B":1.0,...}); read it through <see cref="GradeFactors"/>.</summary>
    public string GradeFactorsJson { get; private set; } = "{}";
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    private AllocationFormula() { }

    public IReadOnlyDictionary<string, decimal> GradeFactors =>
        JsonSerializer.Deserialize<Dictionary<string, decimal>>(GradeFactorsJson) ?? [];

    public static AllocationFormula Set(string funderPath, AllocationFormulaKind kind, decimal volumeWeight, decimal scoreWeight,
        IReadOnlyDictionary<string, decimal> gradeFactors, decimal ungradedFactor, string actor, DateTime now)
    {
        var formula = new AllocationFormula { Id = Guid.CreateVersion7(), OrganisationPath = funderPath };
        formula.Replace(kind, volumeWeight, scoreWeight, gradeFactors, ungradedFactor, actor, now);
        return formula;
    }

    public void Replace(AllocationFormulaKind kind, decimal volumeWeight, decimal scoreWeight,
        IReadOnlyDictionary<string, decimal> gradeFactors, decimal ungradedFactor, string actor, DateTime now)
    {
        if (!Enum.IsDefined(kind)) throw new DomainRuleException("UNKNOWN_FORMULA_KIND", "不支持的分配公式类型");
        if (kind == AllocationFormulaKind.ProjectVolume && volumeWeight + scoreWeight <= 0)
            throw new DomainRuleException("WEIGHTS_ALL_ZERO", "项目总量权重与评审得分权重不能同时为零");
        Kind = kind;
        VolumeWeight = kind == AllocationFormulaKind.ProjectVolume ? volumeWeight : 0;
        ScoreWeight = kind == AllocationFormulaKind.ProjectVolume ? scoreWeight : 0;
        UngradedFactor = kind == AllocationFormulaKind.ProjectVolume ? ungradedFactor : 1;
        GradeFactorsJson = JsonSerializer.Serialize(kind == AllocationFormulaKind.ProjectVolume
            ? gradeFactors.OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key.Trim().ToUpperInvariant(), g => g.Value)
            : new Dictionary<string, decimal>());
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    /// <summary>The factor of a last-year grade; an unknown grade is an input error the caller reports.</summary>
    public decimal? FactorOf(string? grade) =>
        string.IsNullOrWhiteSpace(grade) ? UngradedFactor
        : GradeFactors.TryGetValue(grade.Trim().ToUpperInvariant(), out var factor) ? factor : null;

    public FormulaSnapshot Snapshot() => new(Kind, VolumeWeight, ScoreWeight, UngradedFactor,
        GradeFactors.ToDictionary(g => g.Key, g => g.Value));
}

/// <summary>The formula as a run used it, stored with the run as JSON.</summary>
public sealed record FormulaSnapshot(AllocationFormulaKind Kind, decimal VolumeWeight, decimal ScoreWeight, decimal UngradedFactor,
    Dictionary<string, decimal> GradeFactors)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static FormulaSnapshot FromJson(string json) => JsonSerializer.Deserialize<FormulaSnapshot>(json)
        ?? throw new InvalidOperationException("A stored formula snapshot is empty.");

    public decimal FactorOf(string? grade) =>
        string.IsNullOrWhiteSpace(grade) ? UngradedFactor
        : GradeFactors.TryGetValue(grade.Trim().ToUpperInvariant(), out var factor) ? factor
        : throw new DomainRuleException("UNKNOWN_GRADE", $"分配公式中没有绩效等级{grade}的系数");
}

/// <summary>Where an allocation input came from, shown on the line so an auditor sees what was typed.</summary>
public static class AllocationSources
{
    /// <summary>Typed by the caller in the dry-run request.</summary>
    public const string Request = "REQUEST";
    /// <summary>The approved subsidies of funds' project-funding read model.</summary>
    public const string ProjectFundings = "PROJECT_FUNDINGS";
    /// <summary>The review scores projects published with the approvals (ProjectApproved.review_score).</summary>
    public const string ProjectReviews = "PROJECT_REVIEWS";
    /// <summary>Funds' count of the households it may pay (its household-standing read model).</summary>
    public const string HouseholdStandings = "HOUSEHOLD_STANDINGS";
}

/// <summary>
/// What an applicant brings to the formula. Volume in fen; the grade as given; the review score
/// exact (a mean of project scores weighted by subsidy need not end in decimals).
/// </summary>
public sealed record AllocationInput(string ApplicantPath, long ApprovedVolumeFen, Fraction ReviewScore, string? Grade, long Households, string VolumeSource)
{
    public string ScoreSource { get; init; } = AllocationSources.Request;
    /// <summary>How many projects' review scores made <see cref="ReviewScore"/> (0 when typed).</summary>
    public int ScoreProjects { get; init; }
    public string HouseholdsSource { get; init; } = AllocationSources.Request;
}

/// <summary>One approved project as the allocation weighs its review score: the subsidy in force and the committee's score.</summary>
public sealed record ReviewedProject(string ApplicantPath, long SubsidyInForceFen, decimal ReviewScore)
{
    /// <summary>
    /// The applicant's review score from its projects (its own and its subtree's): one project's
    /// score, or the mean of several weighted by their subsidies in force, exact. Null when none of
    /// them has a score, or none carries any subsidy to weigh it by.
    /// </summary>
    public static (Fraction Score, int Projects)? MeanOf(IEnumerable<ReviewedProject> projects)
    {
        var weighed = projects.Where(p => p.SubsidyInForceFen > 0).ToList();
        if (weighed.Count == 0) return null;
        var total = new Fraction(weighed.Sum(p => p.SubsidyInForceFen));
        var sum = weighed.Aggregate(Fraction.Zero, (acc, p) => acc + Fraction.Of(p.ReviewScore) * new Fraction(p.SubsidyInForceFen));
        return (sum / total, weighed.Count);
    }
}

/// <summary>One applicant's line of a computed allocation, with everything needed to check it by hand.</summary>
public sealed record AllocationResult(
    AllocationInput Input,
    decimal GradeFactor,
    /// <summary>The applicant's weight, shown to 10 decimal places (the computation keeps it exact).</summary>
    string Weight,
    /// <summary>The exact share before rounding, shown to 6 decimal places of a fen.</summary>
    string RawShareFen,
    long FlooredFen,
    /// <summary>0 or 1: the fen of the remainder this line received.</summary>
    long RemainderFen,
    /// <summary>The line's rank when the remainder fen were placed (1 = largest fractional part); 0 with nothing to place.</summary>
    int RemainderRank)
{
    public long ShareFen => FlooredFen + RemainderFen;
}

/// <summary>
/// The arithmetic of an allocation, exact from end to end: weights are rationals built from the
/// decimal inputs (no floating point, no decimal division), each share is rounded DOWN to the fen,
/// and the fen left over are placed one each by the stated rule: largest fractional remainder
/// first, ties by organisation path (ordinal). The shares therefore sum exactly to the pool.
/// </summary>
public static class AllocationCalculator
{
    public const string RemainderRule = "LARGEST_REMAINDER_THEN_PATH";

    public static IReadOnlyList<AllocationResult> Compute(FormulaSnapshot formula, long poolFen, IReadOnlyList<AllocationInput> inputs)
    {
        if (poolFen <= 0) throw new DomainRuleException("POOL_NOT_POSITIVE", "分配资金总额必须大于零");
        if (inputs.Count == 0) throw new DomainRuleException("NO_APPLICANTS", "没有参与分配的单位");
        if (inputs.Select(i => i.ApplicantPath).Distinct(StringComparer.Ordinal).Count() != inputs.Count)
            throw new DomainRuleException("DUPLICATE_APPLICANT", "同一单位不能重复参与分配");

        var factors = inputs.Select(i => formula.Kind == AllocationFormulaKind.ProjectVolume ? formula.FactorOf(i.Grade) : 1m).ToList();
        var weights = Weights(formula, inputs, factors);
        var total = weights.Aggregate(Fraction.Zero, (sum, w) => sum + w);
        if (total.IsZero)
            throw new DomainRuleException("NOTHING_TO_WEIGH", "所有单位的分配权重均为零，无法分配");

        var raw = weights.Select(w => w * new Fraction(poolFen) / total).ToList();
        var floored = raw.Select(r => r.Floor()).ToList();
        var remainder = poolFen - floored.Sum();

        // Who gets the leftover fen: largest fractional part first, ties by path.
        var order = Enumerable.Range(0, inputs.Count)
            .OrderByDescending(i => raw[i].FractionalPart)
            .ThenBy(i => inputs[i].ApplicantPath, StringComparer.Ordinal)
            .ToList();
        var rank = new int[inputs.Count];
        var extra = new long[inputs.Count];
        for (var k = 0; k < order.Count; k++)
        {
            rank[order[k]] = remainder > 0 ? k + 1 : 0;
            if (k < remainder) extra[order[k]] = 1;
        }

        return Enumerable.Range(0, inputs.Count).Select(i => new AllocationResult(
            inputs[i], factors[i], weights[i].ToDecimalString(10), raw[i].ToDecimalString(6), floored[i], extra[i], rank[i])).ToList();
    }

    private static List<Fraction> Weights(FormulaSnapshot formula, IReadOnlyList<AllocationInput> inputs, List<decimal> factors)
    {
        if (formula.Kind == AllocationFormulaKind.Households)
            return inputs.Select(i => new Fraction(i.Households)).ToList();

        var volumeTotal = new Fraction(inputs.Sum(i => i.ApprovedVolumeFen));
        var scoreTotal = inputs.Aggregate(Fraction.Zero, (sum, i) => sum + i.ReviewScore);
        var volumeWeight = Fraction.Of(formula.VolumeWeight);
        var scoreWeight = Fraction.Of(formula.ScoreWeight);
        return inputs.Select((input, i) =>
        {
            var volumePart = volumeTotal.IsZero ? Fraction.Zero : volumeWeight * new Fraction(input.ApprovedVolumeFen) / volumeTotal;
            var scorePart = scoreTotal.IsZero ? Fraction.Zero : scoreWeight * input.ReviewScore / scoreTotal;
            return (volumePart + scorePart) * Fraction.Of(factors[i]);
        }).ToList();
    }
}

/// <summary>An exact non-negative rational, enough for the allocation's weights and shares.</summary>
public readonly record struct Fraction : IComparable<Fraction>
{
    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    public static Fraction Zero => new(0);

    public Fraction(BigInteger numerator, BigInteger? denominator = null)
    {
        var d = denominator ?? BigInteger.One;
        if (d.IsZero) throw new DivideByZeroException();
        if (d.Sign < 0) (numerator, d) = (-numerator, -d);
        var g = BigInteger.GreatestCommonDivisor(numerator, d);
        if (g > 1) (numerator, d) = (numerator / g, d / g);
        Numerator = numerator;
        Denominator = d;
    }

    /// <summary>A decimal converts exactly (<see cref="Of"/>), so inputs given as decimals need no ceremony.</summary>
    public static implicit operator Fraction(decimal value) => Of(value);

    /// <summary>A decimal exactly: its digits over a power of ten.</summary>
    public static Fraction Of(decimal value)
    {
        var bits = decimal.GetBits(value);
        var scale = (bits[3] >> 16) & 0xFF;
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        if (value < 0) mantissa = -mantissa;
        return new Fraction(mantissa, BigInteger.Pow(10, scale));
    }

    public bool IsZero => Numerator.IsZero;

    public static Fraction operator +(Fraction a, Fraction b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Fraction operator *(Fraction a, Fraction b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Fraction operator /(Fraction a, Fraction b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>Rounded down (the values here are never negative).</summary>
    public long Floor() => (long)BigInteger.Divide(Numerator, Denominator);

    public Fraction FractionalPart => new(BigInteger.Remainder(Numerator, Denominator), Denominator);

    /// <summary>Fractions compare exactly, by cross-multiplying (denominators are positive).</summary>
    public int CompareTo(Fraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public static bool operator >(Fraction a, Fraction b) => a.CompareTo(b) > 0;
    public static bool operator <(Fraction a, Fraction b) => a.CompareTo(b) < 0;
    public static bool operator >=(Fraction a, Fraction b) => a.CompareTo(b) >= 0;
    public static bool operator <=(Fraction a, Fraction b) => a.CompareTo(b) <= 0;

    /// <summary>
    /// For display and storage: rounded half up to <paramref name="places"/> decimal places (at most
    /// 28), so a value that ends sooner (87.5) is exactly itself.
    /// </summary>
    public decimal ToDecimal(int places) => decimal.Parse(ToDecimalString(places), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>For display only: rounded half up to the given decimal places.</summary>
    public string ToDecimalString(int places)
    {
        var scale = BigInteger.Pow(10, places);
        var scaled = BigInteger.Divide(Numerator * scale * 2 + Denominator, Denominator * 2);
        var whole = BigInteger.DivRem(scaled, scale, out var fraction);
        return places == 0 ? whole.ToString(CultureInfo.InvariantCulture)
            : $"{whole.ToString(CultureInfo.InvariantCulture)}.{fraction.ToString(CultureInfo.InvariantCulture).PadLeft(places, '0')}";
    }
}

public enum AllocationRunStatus { DryRun = 1, Committed = 2, Reversed = 3 }

/// <summary>
/// One computation of an allocation, stored so it can be explained, compared with the one before
/// and, once checked, committed: the pool, the formula as it stood, every applicant's inputs and
/// line. Only the latest dry run of a funder's year and source may be committed, and only once.
/// </summary>
public sealed class AllocationRun : IOrganisationOwned
{
    public const int MaxApplicants = 500;

    private readonly List<AllocationRunLine> _lines = [];

    public Guid Id { get; private set; }
    /// <summary>The funder's path.</summary>
    public string OrganisationPath { get; private set; } = string.Empty;
    public int Year { get; private set; }
    public FundSource Source { get; private set; }
    public long PoolFen { get; private set; }
    public string FormulaJson { get; private set; } = string.Empty;
    public AllocationRunStatus Status { get; private set; }
    /// <summary>The run of the same funder, year and source just before this one, which the answer compares against.</summary>
    public Guid? PreviousRunId { get; private set; }
    /// <summary>1, 2, … per funder, year and source (unique): the latest run is the one with the highest number.</summary>
    public int Number { get; private set; }
    /// <summary>"funder|year|source" once committed, unique: a funder's year and source is allocated by one run only.</summary>
    public string? CommittedKey { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime? CommittedAt { get; private set; }
    public string? CommittedBy { get; private set; }
    public Guid? TransactionId { get; private set; }
    public DateTime? ReversedAt { get; private set; }
    public string? ReversedBy { get; private set; }
    public Guid? ReversalTransactionId { get; private set; }
    public string? ReversalReason { get; private set; }

    public const int MaxReasonLength = 200;

    public IReadOnlyList<AllocationRunLine> Lines => _lines;

    public FormulaSnapshot Formula => FormulaSnapshot.FromJson(FormulaJson);

    private AllocationRun() { }

    /// <summary>
    /// Computes and records a dry run; nothing moves until it is committed. <paramref name="previous"/>
    /// is the run it is compared with (<see cref="ComparisonBase"/>); <paramref name="latestNumber"/>
    /// the highest number of the funder's year and source so far (0 for the first).
    /// </summary>
    public static AllocationRun DryRun(string funderPath, int year, FundSource source, long poolFen, FormulaSnapshot formula,
        IReadOnlyList<AllocationInput> inputs, AllocationRun? previous, int latestNumber, string actor, DateTime now)
    {
        if (year is < FundAccount.FirstFiscalYear or > FundAccount.LastFiscalYear)
            throw new DomainRuleException("FISCAL_YEAR_OUT_OF_RANGE", $"会计年度应在{FundAccount.FirstFiscalYear}到{FundAccount.LastFiscalYear}之间");
        var results = AllocationCalculator.Compute(formula, poolFen, inputs);
        var run = new AllocationRun
        {
            Id = Guid.CreateVersion7(),
            OrganisationPath = funderPath,
            Year = year,
            Source = source,
            PoolFen = poolFen,
            FormulaJson = formula.ToJson(),
            Status = AllocationRunStatus.DryRun,
            PreviousRunId = previous?.Id,
            Number = latestNumber + 1,
            CreatedAt = now,
            CreatedBy = actor,
        };
        var position = 0;
        foreach (var r in results.OrderBy(r => r.Input.ApplicantPath, StringComparer.Ordinal))
            run._lines.Add(AllocationRunLine.From(run.Id, ++position, r));
        return run;
    }

    /// <summary>
    /// Marks the run committed with the ledger transaction that moved the money. The caller has
    /// checked it is the latest dry run (RUN_SUPERSEDED) against what is stored.
    /// </summary>
    public void Commit(Guid transactionId, string actor, DateTime now)
    {
        if (Status == AllocationRunStatus.Committed)
            throw new DomainRuleException("RUN_ALREADY_COMMITTED", "该分配方案已经下拨，不能重复下拨",
                new Dictionary<string, string> { ["run_id"] = Id.ToString(), ["transaction_id"] = TransactionId?.ToString() ?? string.Empty });
        Status = AllocationRunStatus.Committed;
        CommittedKey = $"{OrganisationPath}|{Year}|{Source}";
        TransactionId = transactionId;
        CommittedAt = now;
        CommittedBy = actor;
    }

    /// <summary>
    /// Marks a committed run reversed with the ledger reversal that took its shares back. It frees
    /// the funder's year and source (the committed key), so a new run may be committed; the run
    /// stays, with its lines, as the record of what was once allocated.
    /// </summary>
    public void Reverse(Guid reversalTransactionId, string reason, string actor, DateTime now)
    {
        RefuseUnlessReversible();
        var why = reason.Trim();
        if (why.Length == 0) throw new DomainRuleException("REASON_REQUIRED", "冲销必须说明原因");
        Status = AllocationRunStatus.Reversed;
        CommittedKey = null;
        ReversalTransactionId = reversalTransactionId;
        ReversalReason = why.Length <= MaxReasonLength ? why : why[..MaxReasonLength];
        ReversedAt = now;
        ReversedBy = actor;
    }

    /// <summary>Only a committed run is reversed, and once.</summary>
    public void RefuseUnlessReversible()
    {
        if (Status != AllocationRunStatus.Committed || TransactionId is null)
            throw new DomainRuleException(Status == AllocationRunStatus.Reversed ? "RUN_ALREADY_REVERSED" : "RUN_NOT_COMMITTED",
                Status == AllocationRunStatus.Reversed ? "该分配方案已经冲销" : "该分配方案尚未下拨，无需冲销",
                new Dictionary<string, string> { ["run_id"] = Id.ToString() });
    }

    /// <summary>
    /// The run a new dry run is compared with: the last committed run that was not reversed (what
    /// the applicants actually hold), else the latest run that was not reversed (the draft before).
    /// A reversed run is never the base: its money went back.
    /// </summary>
    public static AllocationRun? ComparisonBase(IEnumerable<AllocationRun> runs)
    {
        var live = runs.Where(r => r.Status != AllocationRunStatus.Reversed).OrderByDescending(r => r.Number).ToList();
        return live.FirstOrDefault(r => r.Status == AllocationRunStatus.Committed) ?? live.FirstOrDefault();
    }
}

/// <summary>One applicant's line of a run: the inputs it was given and how its share came about.</summary>
public sealed class AllocationRunLine
{
    public Guid RunId { get; private set; }
    public int Position { get; private set; }
    public string ApplicantPath { get; private set; } = string.Empty;
    public long ApprovedVolumeFen { get; private set; }
    /// <summary>Where the volume came from: REQUEST, or PROJECT_FUNDINGS (funds' read model of approved projects).</summary>
    public string VolumeSource { get; private set; } = string.Empty;
    /// <summary>The score the weight used, to <see cref="ScorePlaces"/> decimal places (a subsidy-weighted mean may not end; the weight used it exactly).</summary>
    public decimal ReviewScore { get; private set; }
    /// <summary>Where the score came from: REQUEST, or PROJECT_REVIEWS (the review scores of the applicant's approved projects).</summary>
    public string ScoreSource { get; private set; } = AllocationSources.Request;
    /// <summary>How many projects' scores made it (0 when typed).</summary>
    public int ScoreProjects { get; private set; }
    public string? Grade { get; private set; }
    public long Households { get; private set; }
    /// <summary>Where the households came from: REQUEST, or HOUSEHOLD_STANDINGS (funds' count of payable households).</summary>
    public string HouseholdsSource { get; private set; } = AllocationSources.Request;
    public decimal GradeFactor { get; private set; }
    public string Weight { get; private set; } = string.Empty;
    public string RawShareFen { get; private set; } = string.Empty;
    public long FlooredFen { get; private set; }
    public long RemainderFen { get; private set; }
    public int RemainderRank { get; private set; }
    public long ShareFen { get; private set; }

    public const int ScorePlaces = 10;

    private AllocationRunLine() { }

    internal static AllocationRunLine From(Guid runId, int position, AllocationResult r) => new()
    {
        RunId = runId,
        Position = position,
        ApplicantPath = r.Input.ApplicantPath,
        ApprovedVolumeFen = r.Input.ApprovedVolumeFen,
        VolumeSource = r.Input.VolumeSource,
        ReviewScore = r.Input.ReviewScore.ToDecimal(ScorePlaces),
        ScoreSource = r.Input.ScoreSource,
        ScoreProjects = r.Input.ScoreProjects,
        Grade = string.IsNullOrWhiteSpace(r.Input.Grade) ? null : r.Input.Grade.Trim().ToUpperInvariant(),
        Households = r.Input.Households,
        HouseholdsSource = r.Input.HouseholdsSource,
        GradeFactor = r.GradeFactor,
        Weight = r.Weight,
        RawShareFen = r.RawShareFen,
        FlooredFen = r.FlooredFen,
        RemainderFen = r.RemainderFen,
        RemainderRank = r.RemainderRank,
        ShareFen = r.ShareFen,
    };
}

/// <summary>Per applicant: what the previous run gave, what this one gives, and the change (new − previous).</summary>
public sealed record AllocationDifference(string ApplicantPath, long? PreviousFen, long? NewFen)
{
    public long DeltaFen => (NewFen ?? 0) - (PreviousFen ?? 0);

    public static IReadOnlyList<AllocationDifference> Between(AllocationRun? previous, AllocationRun current)
    {
        if (previous is null) return [];
        var before = previous.Lines.ToDictionary(l => l.ApplicantPath, l => l.ShareFen, StringComparer.Ordinal);
        var after = current.Lines.ToDictionary(l => l.ApplicantPath, l => l.ShareFen, StringComparer.Ordinal);
        return before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(p => new AllocationDifference(p, before.TryGetValue(p, out var b) ? b : null, after.TryGetValue(p, out var a) ? a : null))
            .ToList();
    }
}
