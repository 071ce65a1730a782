using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Testing;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;

namespace Union.Archives.Tests;

/// <summary>Members, paging, filters, search, update and reveal on a real PostgreSQL server.</summary>
public class HouseholdPostgresTests(PostgresArchives host) : IClassFixture<PostgresArchives>, IAsyncLifetime
{
    private const string City = "51/5115";
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";

    private HouseholdArchives.HouseholdArchivesClient As(string org) => new(host.As(org, "caseworker"));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Paging_and_filters_hold_on_PostgreSQL()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var request = Households.Valid();
            if (i % 2 == 0) request.Causes.Add(HardshipCause.Education);
            ids.Add((await As(i < 3 ? CountyA : CountyB).CreateHouseholdAsync(request)).HouseholdId);
        }
        await host.ChangeStoredAsync(ids[1], ("Status", DomainStatus.Active), ("NextVisitDueOn", new DateOnly(2000, 1, 1)));

        var seen = new List<string>();
        var request2 = new ListHouseholdsRequest { Page = new PageRequest { PageSize = 2 } };
        do
        {
            var page = await As(City).ListHouseholdsAsync(request2);
            Assert.Equal(5, page.Page.TotalSize);
            seen.AddRange(page.Households.Select(h => h.HouseholdId));
            request2.Page.PageToken = page.Page.NextPageToken;
        } while (request2.Page.PageToken.Length > 0);
        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(5, seen.Distinct().Count());

        var education = await As(City).ListHouseholdsAsync(new ListHouseholdsRequest { Cause = HardshipCause.Education });
        Assert.Equal(new[] { ids[0], ids[2], ids[4] }.Order(), education.Households.Select(h => h.HouseholdId).Order());
        var overdue = await As(City).ListHouseholdsAsync(new ListHouseholdsRequest { VisitOverdue = true, OrganisationPath = CountyA, Status = ArchiveStatus.Active });
        Assert.Equal([ids[1]], overdue.Households.Select(h => h.HouseholdId));
    }

    [Fact]
    public async Task Members_search_update_and_reveal_hold_on_PostgreSQL()
    {
        var member = Households.Member();
        var request = Households.Valid();
        request.Members.Add(member);
        request.BankCard = Households.NewBankCard();
        var created = await As(CountyA).CreateHouseholdAsync(request);
        await host.SubmitAsync(CountyA, created.HouseholdId);

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => As(CountyB).CreateHouseholdAsync(Households.Valid(member.IdNumber)).ResponseAsync);
        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.False(e.Metadata().ContainsKey("household_id"));
        Assert.Equal(created.HouseholdId, (await As(City).FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = member.IdNumber })).HouseholdId);

        var update = new UpdateHouseholdRequest { HouseholdId = created.HouseholdId, UpdateMask = { "members" }, Reason = "成员变化" };
        update.Members.Add(Households.Member());
        var updated = await As(CountyA).UpdateHouseholdAsync(update);
        Assert.Single(updated.Members);
        await As(CountyB).CreateHouseholdAsync(Households.Valid(member.IdNumber));

        var data = await As(CountyA).RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId, Reason = "核对" });
        Assert.Equal(request.BankCard, data.BankCard);
        Assert.Equal(update.Members[0].IdNumber, Assert.Single(data.Members).IdNumber);
    }
}
