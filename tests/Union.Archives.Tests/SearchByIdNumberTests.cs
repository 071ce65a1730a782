using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Testing;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;

namespace Union.Archives.Tests;

/// <summary>Finding the open file holding an ID number (head or member) through its keyed hash, within the caller's subtree.</summary>
public class SearchByIdNumberTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string City = "51/5115";
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";

    private HouseholdArchives.HouseholdArchivesClient As(string org) => new(host.As(org, "caseworker"));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_file_is_found_by_its_heads_or_a_members_id_number()
    {
        var member = Households.Member();
        var request = Households.Valid();
        request.Members.Add(member);
        var created = await As(CountyA).CreateHouseholdAsync(request);
        await As(CountyA).CreateHouseholdAsync(Households.Valid());

        var byHead = await As(CountyA).FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = request.HeadIdNumber });
        var byMember = await As(City).FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = member.IdNumber.ToLowerInvariant() });

        Assert.Equal(created.HouseholdId, byHead.HouseholdId);
        Assert.Equal(created.HouseholdId, byMember.HouseholdId);
        Assert.Single(byMember.Members);
    }

    [Fact]
    public async Task A_file_outside_the_callers_subtree_or_closed_is_not_found()
    {
        var inA = Households.Valid();
        await As(CountyA).CreateHouseholdAsync(inA);
        var closedRequest = Households.Valid();
        var closed = await As(CountyA).CreateHouseholdAsync(closedRequest);
        await host.ChangeStoredAsync(closed.HouseholdId, ("Status", DomainStatus.Cancelled));

        foreach (var (org, id) in new[] { (CountyB, inA.HeadIdNumber), (CountyA, closedRequest.HeadIdNumber), (CountyA, Households.NewIdNumber()) })
        {
            var e = await RpcAssert.Fails(StatusCode.NotFound, () => As(org).FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = id }).ResponseAsync);
            Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
        }
    }

    [Fact]
    public async Task The_open_file_is_found_when_the_person_was_in_a_closed_one_before()
    {
        var id = Households.NewIdNumber();
        var old = await As(CountyA).CreateHouseholdAsync(Households.Valid(id));
        await host.ChangeStoredAsync(old.HouseholdId, ("Status", DomainStatus.Exited));
        // The life cycle frees the person when a file closes; here the row goes directly.
        await host.WithDatabaseAsync(async db =>
        {
            db.Set<Domain.OpenIdentity>().RemoveRange(db.Set<Domain.OpenIdentity>());
            await db.SaveChangesAsync();
        });
        var current = await As(CountyB).CreateHouseholdAsync(Households.Valid(id));

        var found = await As(City).FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = id });
        Assert.Equal(current.HouseholdId, found.HouseholdId);
    }

    [Fact]
    public async Task An_invalid_id_number_is_refused_before_any_look_up()
    {
        await RpcAssert.InvalidArgument(() => As(CountyA).FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = "123" }).ResponseAsync, "id_number");
        await RpcAssert.InvalidArgument(() => As(CountyA).FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest()).ResponseAsync, "id_number");
    }
}
