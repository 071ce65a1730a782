using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Testing;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;

namespace Union.Archives.Tests;

/// <summary>
/// Organisation codes may carry letters (industry unions, 产业工会), and a code that differs only in
/// case is another organisation: the subtree a caller sees, and every filter by organisation path,
/// compare paths exactly, on SQLite (whose LIKE ignores ASCII case) as on PostgreSQL.
/// </summary>
public abstract class OrganisationPathCaseTests<THost>(THost host) : IAsyncLifetime where THost : ServiceHost<Program>
{
    private const string Province = "51";
    private const string Industry = "51/5115/GH01";
    private const string IndustryGrassroots = "51/5115/GH01/0001";
    private const string OtherCase = "51/5115/gh01";

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private HouseholdArchives.HouseholdArchivesClient As(string org) => new(host.As(org, "caseworker"));

    [Fact]
    public async Task A_caller_whose_organisation_differs_only_in_case_sees_none_of_the_files()
    {
        var below = await As(Industry).CreateHouseholdAsync(Households.Valid(organisationPath: IndustryGrassroots));
        var own = await As(Industry).CreateHouseholdAsync(Households.Valid());

        Assert.Empty((await As(OtherCase).ListHouseholdsAsync(new ListHouseholdsRequest())).Households);
        foreach (var id in new[] { below.HouseholdId, own.HouseholdId })
        {
            await RpcAssert.Fails(StatusCode.NotFound,
                () => As(OtherCase).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id }).ResponseAsync);
        }
        Assert.Equal(2, (await As(Industry).ListHouseholdsAsync(new ListHouseholdsRequest())).Households.Count);
    }

    [Fact]
    public async Task Narrowing_a_list_to_an_organisation_matches_its_code_exactly()
    {
        var below = await As(Industry).CreateHouseholdAsync(Households.Valid(organisationPath: IndustryGrassroots));
        await host.PutAsync(below.HouseholdId, DomainStatus.Active);

        var listed = await As(Province).ListHouseholdsAsync(new ListHouseholdsRequest { OrganisationPath = OtherCase });
        Assert.Empty(listed.Households);
        var overdue = await new ArchiveMonitoring.ArchiveMonitoringClient(host.As(Province, "caseworker"))
            .ListOverdueVisitsAsync(new MonitoringListRequest { OrganisationPath = OtherCase });
        Assert.Empty(overdue.Households);

        var exact = await As(Province).ListHouseholdsAsync(new ListHouseholdsRequest { OrganisationPath = Industry });
        Assert.Equal([below.HouseholdId], exact.Households.Select(h => h.HouseholdId));
        var overdueExact = await new ArchiveMonitoring.ArchiveMonitoringClient(host.As(Province, "caseworker"))
            .ListOverdueVisitsAsync(new MonitoringListRequest { OrganisationPath = Industry });
        Assert.Equal([below.HouseholdId], overdueExact.Households.Select(h => h.HouseholdId));
    }
}

public sealed class SqliteOrganisationPathCaseTests(SqliteArchives host)
    : OrganisationPathCaseTests<SqliteArchives>(host), IClassFixture<SqliteArchives>;

public sealed class PostgresOrganisationPathCaseTests(PostgresArchives host)
    : OrganisationPathCaseTests<PostgresArchives>(host), IClassFixture<PostgresArchives>;
