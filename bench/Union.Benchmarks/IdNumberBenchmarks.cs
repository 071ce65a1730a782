using BenchmarkDotNet.Attributes;
using Union.Shared.Validation;

namespace Union.Benchmarks;

/// <summary>
/// GB 11643 resident ID numbers: every create or update of a household validates and normalises
/// the head's and each member's number (<see cref="ChineseIdNumber.TryNormalise"/>).
/// </summary>
[MemoryDiagnoser]
public class IdNumberBenchmarks
{
    // A fixed "today" so the birth-date check does not read the clock.
    private static readonly DateOnly Today = new(2026, 1, 1);

    private const string Valid18 = "11010519491231002X";
    private const string ValidLowerX = "11010519491231002x";
    private const string BadChecksum = "110105194912310021";
    private const string Legacy15 = "110105491231002";

    [Benchmark(Baseline = true, Description = "valid, 18 digits")]
    public ChineseIdNumber.Problem Valid() => ChineseIdNumber.TryNormalise(Valid18, out _, Today);

    [Benchmark(Description = "valid, lower-case x")]
    public ChineseIdNumber.Problem LowerX() => ChineseIdNumber.TryNormalise(ValidLowerX, out _, Today);

    [Benchmark(Description = "invalid check digit")]
    public ChineseIdNumber.Problem InvalidChecksum() => ChineseIdNumber.TryNormalise(BadChecksum, out _, Today);

    [Benchmark(Description = "15-digit legacy, converted")]
    public ChineseIdNumber.Problem FifteenDigits() => ChineseIdNumber.TryNormalise(Legacy15, out _, Today);
}
