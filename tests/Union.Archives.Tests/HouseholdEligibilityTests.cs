using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>AssessEligibility over gRPC: the pure rule of 003_eca3cf9f3ec4784d.txt applied to a stored file.</summary>
public class HouseholdEligibilityTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private HouseholdArchives.HouseholdArchivesClient As(string org) => new(host.As(org, "caseworker"));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_household_half_above_the_allowance_with_illness_is_assessed_relative()
    {
        var request = Households.Valid();
        request.MonthlyIncomePerPerson = new Money { Fen = 90_000 };
        request.LocalMonthlyAllowance = new Money { Fen = 60_000 };
        var created = await As(CountyA).CreateHouseholdAsync(request);

        var assessment = await As(CountyA).AssessEligibilityAsync(new AssessEligibilityRequest { HouseholdId = created.HouseholdId });

        Assert.Equal(created.HouseholdId, assessment.HouseholdId);
        Assert.True(assessment.Eligible);
        Assert.Equal(HardshipCategory.Relative, assessment.SuggestedCategory);
        Assert.Equal(1500, assessment.IncomeToAllowancePermille);
        Assert.Contains("003_eca3cf9f3ec4784d.txt", assessment.Basis);
    }

    [Fact]
    public async Task Assessment_of_a_file_outside_the_subtree_is_not_found()
    {
        var created = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        await RpcAssert.Fails(StatusCode.NotFound, () => As("51/5115/511503").AssessEligibilityAsync(new AssessEligibilityRequest { HouseholdId = created.HouseholdId }).ResponseAsync);
        await RpcAssert.InvalidArgument(() => As(CountyA).AssessEligibilityAsync(new AssessEligibilityRequest()).ResponseAsync, "household_id");
    }
}
