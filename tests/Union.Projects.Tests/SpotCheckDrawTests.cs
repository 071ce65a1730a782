using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Union.Projects.Domain;
using Union.Shared.Errors;

namespace Union.Projects.Tests;

/// <summary>The spot check's draw as a pure rule: its size, its independence of order, its rate.</summary>
public class SpotCheckDrawTests
{
    private static readonly DateTime Now = new(2026, 10, 1, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, 20, 0)]
    [InlineData(1, 1, 1)]
    [InlineData(4, 20, 1)]
    [InlineData(4, 30, 2)]
    [InlineData(4, 50, 2)]
    [InlineData(10, 20, 2)]
    [InlineData(11, 20, 3)]
    [InlineData(100, 100, 100)]
    public void The_sample_is_the_population_times_the_rate_rounded_up(int population, int percent, int expected) =>
        Assert.Equal(expected, SpotCheck.SampleSize(population, percent));

    [Fact]
    public void The_same_seed_draws_the_same_projects_whatever_order_the_population_is_read_in()
    {
        var population = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        var reversed = Enumerable.Reverse(population).ToList();

        var first = SpotCheck.Draw("51", 2027, 20, 20261001, population, "approver", Now);
        var second = SpotCheck.Draw("51", 2027, 20, 20261001, reversed, "approver", Now);

        Assert.Equal(6, first.ProjectIds.Count);
        Assert.Equal(first.ProjectIds, second.ProjectIds);
        Assert.Equal(30, first.Population);
        Assert.All(first.ProjectIds, id => Assert.Contains(id, population));
    }

    [Fact]
    public void Another_seed_draws_another_sample()
    {
        var population = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        var samples = Enumerable.Range(1, 5).Select(seed => string.Join(",", SpotCheck.Sample(population, 10, seed))).ToHashSet();
        // Five seeds drawing 5 of 50 all alike would mean the seed is ignored.
        Assert.True(samples.Count > 1);
    }

    [Fact]
    public void The_draw_does_not_depend_on_the_servers_culture_even_for_a_negative_seed()
    {
        var population = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        var invariant = SpotCheck.Sample(population, 10, -20261001);
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NegativeSign = "\u2212"; // as some locales write it
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            Assert.Equal(invariant, SpotCheck.Sample(population, 10, -20261001));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        // And it is what an auditor hashes: "-20261001:<id>" with an ASCII minus.
        var first = population.OrderBy(id => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"-20261001:{id:D}"))), StringComparer.Ordinal).First();
        Assert.Equal(first, invariant[0]);
    }

    [Fact]
    public void An_empty_population_draws_nothing() =>
        Assert.Empty(SpotCheck.Draw("51", 2027, 20, 7, [], "approver", Now).ProjectIds);

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_rate_outside_1_to_100_percent_is_refused(int percent)
    {
        var e = Assert.Throws<DomainRuleException>(() => SpotCheck.Draw("51", 2027, percent, 7, [Guid.NewGuid()], "approver", Now));
        Assert.Equal("SPOT_CHECK_RATE_OUT_OF_RANGE", e.Code);
    }

    [Fact]
    public void Projects_are_at_risk_from_1_november_of_their_year() =>
        Assert.Equal(new DateOnly(2027, 11, 1), Project.AtRiskFrom(2027));
}
