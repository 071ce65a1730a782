using Union.Funds.Domain;
using Union.Shared.Errors;

namespace Union.Funds.Tests;

/// <summary>
/// The arithmetic of an allocation (000_001fd36b94af060d.txt 二(二); 003_eca3cf9f3ec4784d.txt
/// 二(三)四): exact rational weights, each share rounded down to the fen, the remainder placed
/// largest fractional part first (ties by organisation path), so the shares sum exactly to the pool.
/// </summary>
public sealed class AllocationArithmeticTests
{
    private static readonly Dictionary<string, decimal> Grades = new() { ["A"] = 1.2m, ["B"] = 1.0m, ["C"] = 0.8m, ["D"] = 0.5m };

    private static FormulaSnapshot Volume(decimal volumeWeight, decimal scoreWeight, decimal ungraded = 1m) =>
        new(AllocationFormulaKind.ProjectVolume, volumeWeight, scoreWeight, ungraded, Grades);

    private static readonly FormulaSnapshot Households = new(AllocationFormulaKind.Households, 0, 0, 1, []);

    private static AllocationInput In(string path, long volumeFen = 0, decimal score = 0, string? grade = null, long households = 0) =>
        new(path, volumeFen, score, grade, households, "REQUEST");

    private static long[] Shares(IReadOnlyList<AllocationResult> results) => results.Select(r => r.ShareFen).ToArray();

    [Fact]
    public void Three_equal_households_split_100_fen_as_34_33_33_the_extra_fen_to_the_first_path()
    {
        var results = AllocationCalculator.Compute(Households, 100, [In("51/5115", households: 1), In("51/5101", households: 1), In("51/5103", households: 1)]);

        // All three have the same fractional part (1/3): the tie goes by path, 51/5101 first.
        Assert.Equal([33, 34, 33], Shares(results));
        Assert.All(results, r => Assert.Equal(33, r.FlooredFen));
        var first = Assert.Single(results, r => r.RemainderFen == 1);
        Assert.Equal("51/5101", first.Input.ApplicantPath);
        Assert.Equal(1, first.RemainderRank);
        Assert.Equal("33.333333", first.RawShareFen);
    }

    [Fact]
    public void The_remainder_goes_to_the_largest_fractional_part_not_to_the_largest_share()
    {
        // 100 × 1/7, 2/7, 4/7 = 14.2857…, 28.5714…, 57.1428…: one fen left over, to the .5714.
        var results = AllocationCalculator.Compute(Households, 100, [In("51/01", households: 1), In("51/02", households: 2), In("51/03", households: 4)]);

        Assert.Equal([14, 29, 57], Shares(results));
        Assert.Equal([0, 1, 0], results.Select(r => r.RemainderFen).ToArray());
        Assert.Equal([2, 1, 3], results.Select(r => r.RemainderRank).ToArray());
    }

    [Fact]
    public void Nothing_left_over_places_no_fen_and_ranks_nobody()
    {
        var results = AllocationCalculator.Compute(Households, 300, [In("51/01", households: 1), In("51/02", households: 2)]);

        Assert.Equal([100, 200], Shares(results));
        Assert.All(results, r => Assert.Equal(0, r.RemainderRank));
    }

    [Fact]
    public void Grade_factors_weigh_equal_projects_apart()
    {
        // Equal volume and score: the weights are 0.5 × 1.2 and 0.5 × 0.8, so 60 % and 40 %.
        var results = AllocationCalculator.Compute(Volume(0.6m, 0.4m), 1_000_00,
            [In("51/5101", 500_000_00, 80, "A"), In("51/5115", 500_000_00, 80, "C")]);

        Assert.Equal([60_000, 40_000], Shares(results));
        Assert.Equal([1.2m, 0.8m], results.Select(r => r.GradeFactor).ToArray());
        Assert.Equal("0.6000000000", results[0].Weight);
    }

    [Fact]
    public void An_applicant_without_a_grade_takes_the_ungraded_factor()
    {
        var results = AllocationCalculator.Compute(Volume(1m, 0m, ungraded: 0.5m), 300,
            [In("51/5101", 100, grade: "B"), In("51/5115", 100, grade: null)]);

        Assert.Equal([200, 100], Shares(results));
        Assert.Equal(0.5m, results[1].GradeFactor);
    }

    [Fact]
    public void A_formula_change_moves_the_shares_as_the_weights_say()
    {
        // Volumes 3 : 1, scores equal.
        AllocationInput[] inputs = [In("51/5101", 300_000_00, 90, "B"), In("51/5115", 100_000_00, 90, "B")];

        var byVolume = AllocationCalculator.Compute(Volume(1m, 0m), 1_000_000, inputs);
        var byScore = AllocationCalculator.Compute(Volume(0m, 1m), 1_000_000, inputs);
        var mixed = AllocationCalculator.Compute(Volume(0.5m, 0.5m), 1_000_000, inputs);

        Assert.Equal([750_000, 250_000], Shares(byVolume));
        Assert.Equal([500_000, 500_000], Shares(byScore));
        Assert.Equal([625_000, 375_000], Shares(mixed));
    }

    [Fact]
    public void The_households_kind_ignores_volume_score_and_grade()
    {
        var results = AllocationCalculator.Compute(Households, 1431_00,
            [In("51/5101", 999_999, 100, "A", households: 1000), In("51/5115", 1, 1, "D", households: 431)]);

        Assert.Equal([1000_00, 431_00], Shares(results));
        Assert.All(results, r => Assert.Equal(1m, r.GradeFactor));
    }

    [Fact]
    public void Shares_always_sum_exactly_to_the_pool_and_stay_within_a_fen_of_the_exact_share()
    {
        var random = new Random(20141);
        for (var round = 0; round < 300; round++)
        {
            var count = random.Next(1, 25);
            var pool = round % 3 == 0 ? LedgerTransaction.MaxAmountFen - random.Next(0, 1000) : random.NextInt64(1, 10_000_000_00);
            var inputs = Enumerable.Range(0, count).Select(i => In($"51/{i:D4}",
                volumeFen: random.NextInt64(0, 50_000_000_00),
                score: Math.Round((decimal)random.NextDouble() * 100, 2),
                grade: "ABCD"[random.Next(4)].ToString())).ToList();
            inputs[0] = inputs[0] with { ApprovedVolumeFen = inputs[0].ApprovedVolumeFen + 1 };
            var formula = Volume(Math.Round((decimal)random.NextDouble(), 3), Math.Round((decimal)random.NextDouble(), 3) + 0.001m);

            var results = AllocationCalculator.Compute(formula, pool, inputs);

            Assert.Equal(pool, results.Sum(r => r.ShareFen));
            Assert.True(pool - results.Sum(r => r.FlooredFen) < count);
            Assert.All(results, r => Assert.InRange(r.RemainderFen, 0, 1));
        }
    }

    [Fact]
    public void Thirds_of_the_largest_pool_are_exact_where_decimal_division_would_round()
    {
        // 10 billion yuan by thirds: 333,333,333,333.33… each, the one fen left over to the first path.
        var results = AllocationCalculator.Compute(Households, LedgerTransaction.MaxAmountFen,
            [In("51/03", households: 7), In("51/01", households: 7), In("51/02", households: 7)]);

        Assert.Equal([333_333_333_333, 333_333_333_334, 333_333_333_333], Shares(results));
        Assert.Equal(LedgerTransaction.MaxAmountFen, results.Sum(r => r.ShareFen));
        Assert.Equal("333333333333.333333", results[0].RawShareFen);
    }

    [Fact]
    public void An_applicant_with_no_weight_gets_nothing()
    {
        var results = AllocationCalculator.Compute(Households, 999, [In("51/01", households: 3), In("51/02", households: 0)]);

        Assert.Equal([999, 0], Shares(results));
    }

    [Fact]
    public void All_weights_zero_is_refused()
    {
        var e = Assert.Throws<DomainRuleException>(() => AllocationCalculator.Compute(Households, 100, [In("51/01"), In("51/02")]));
        Assert.Equal("NOTHING_TO_WEIGH", e.Code);
    }

    [Fact]
    public void A_grade_the_formula_does_not_know_is_refused()
    {
        var e = Assert.Throws<DomainRuleException>(() => AllocationCalculator.Compute(Volume(1, 0), 100, [In("51/01", 100, grade: "E")]));
        Assert.Equal("UNKNOWN_GRADE", e.Code);
    }

    [Fact]
    public void The_five_percent_rule_is_met_at_exactly_five_percent()
    {
        Assert.True(new FivePercentLine("51/5115", 1_000_000, 50_000).Meets);
        Assert.Equal(500, new FivePercentLine("51/5115", 1_000_000, 50_000).ShareBasisPoints);
        Assert.False(new FivePercentLine("51/5115", 1_000_000, 49_999).Meets);
        Assert.Equal(499, new FivePercentLine("51/5115", 1_000_000, 49_999).ShareBasisPoints);
        Assert.False(new FivePercentLine("51/5115", null, 1_000).Meets);
        Assert.Null(new FivePercentLine("51/5115", null, 1_000).ShareBasisPoints);
    }
}
