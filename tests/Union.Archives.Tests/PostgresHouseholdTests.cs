using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>The same behaviour on a real PostgreSQL server: migrations, tenancy filter, uniqueness.</summary>
public class PostgresHouseholdTests(PostgresArchives host) : IClassFixture<PostgresArchives>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_get_tenancy_and_duplicates_hold_on_PostgreSQL()
    {
        var countyA = new HouseholdArchives.HouseholdArchivesClient(host.As("51/5115/511502", "caseworker"));
        var countyB = new HouseholdArchives.HouseholdArchivesClient(host.As("51/5115/511503", "caseworker"));
        var city = new HouseholdArchives.HouseholdArchivesClient(host.As("51/5115", "caseworker"));
        var request = Households.Valid();

        var created = await countyA.CreateHouseholdAsync(request);
        Assert.Equal(created, await city.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => countyB.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId }).ResponseAsync);
        await host.SubmitAsync("51/5115/511502", created.HouseholdId);
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => countyB.CreateHouseholdAsync(Households.Valid(request.HeadIdNumber)).ResponseAsync);
        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
    }
}
