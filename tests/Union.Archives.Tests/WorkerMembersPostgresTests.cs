using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>A worker's members held only from the initial review (WorkerMembersTests), on a real PostgreSQL server.</summary>
public class WorkerMembersPostgresTests(PostgresArchives host) : IClassFixture<PostgresArchives>, IAsyncLifetime
{
    private readonly WorkerApplications _apps = new(host);

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_stranger_named_by_two_workers_files_his_own_and_the_clash_stops_their_reviews_on_PostgreSQL()
    {
        var stranger = Households.NewIdNumber();
        var first = await _apps.ApplyAsync("worker-wang", Households.NewIdNumber(), stranger);
        var second = await _apps.ApplyAsync("worker-li", Households.NewIdNumber(), stranger);
        Assert.False(first.MembersConfirmed);

        var own = await _apps.StaffFileAsync(WorkerApplications.NeighbouringCounty, stranger);
        Assert.Equal(ArchiveStatus.Applied, own.Status);
        Assert.Equal(1, await _apps.HeldAsync(first.HouseholdId));

        foreach (var named in new[] { first, second })
        {
            var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => _apps.AcceptAsync(named.HouseholdId));
            Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
            Assert.Equal(named.Members.Single().MemberId, e.Metadata()["member_id"]);
            Assert.False(e.Metadata().ContainsKey("household_id"));
        }

        await _apps.Archives(WorkerApplications.County).UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = first.HouseholdId, UpdateMask = { "members" }, Reason = "核对户口簿：该人员不是本户成员",
        });
        var accepted = await _apps.AcceptAsync(first.HouseholdId);
        Assert.True(accepted.MembersConfirmed);
        Assert.Equal(1, await _apps.HeldAsync(first.HouseholdId));
        Assert.Equal(1, await _apps.HeldAsync(own.HouseholdId));
    }
}
