using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>The `worker` role (mobile app, 004 §三(一) 职工主动申请): applies for himself and sees only his own application.</summary>
public class HouseholdWorkerTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string Grassroots = "51/5115/511502/G001";
    private const string CountyA = "51/5115/511502";

    /// <summary>Each worker's token vouches for his own ID number; he applies with it.</summary>
    private readonly Dictionary<string, string> _idNumbers = [];

    private string IdNumberOf(string subject) =>
        _idNumbers.TryGetValue(subject, out var id) ? id : _idNumbers[subject] = Households.NewIdNumber();

    private HouseholdArchives.HouseholdArchivesClient Worker(string subject) => host.WorkerClient(subject, Grassroots, IdNumberOf(subject));

    private CreateHouseholdRequest OwnApplication(string subject, string organisationPath = "") => Households.Valid(IdNumberOf(subject), organisationPath);
    private HouseholdArchives.HouseholdArchivesClient Staff(string org = CountyA) => new(host.As(org, "caseworker"));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_workers_application_is_a_self_application_owned_by_his_own_union()
    {
        var request = OwnApplication("worker-wang", CountyA);
        request.Channel = Channel.DataComparison;
        var created = await Worker("worker-wang").CreateHouseholdAsync(request);

        Assert.Equal(Channel.SelfApplication, created.Channel);
        Assert.Equal(Grassroots, created.Owner.Path);
        var stored = await host.WithDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Set<Domain.Household>()));
        Assert.Equal("worker-wang", stored.WorkerSubject);
    }

    [Fact]
    public async Task Staff_applications_default_to_the_grassroots_channel_with_no_applicant()
    {
        var created = await Staff().CreateHouseholdAsync(Households.Valid());
        Assert.Equal(Channel.GrassrootsVisit, created.Channel);
        var stored = await host.WithDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Set<Domain.Household>()));
        Assert.Null(stored.WorkerSubject);
    }

    [Fact]
    public async Task A_worker_sees_his_own_application_and_not_a_colleagues_in_the_same_union()
    {
        var own = await Worker("worker-wang").CreateHouseholdAsync(OwnApplication("worker-wang"));
        var colleagues = await Worker("worker-li").CreateHouseholdAsync(OwnApplication("worker-li"));
        var staffs = await Staff(Grassroots).CreateHouseholdAsync(Households.Valid());

        Assert.Equal(own.HouseholdId, (await Worker("worker-wang").GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = own.HouseholdId })).HouseholdId);
        foreach (var other in new[] { colleagues.HouseholdId, staffs.HouseholdId })
        {
            var e = await RpcAssert.Fails(StatusCode.NotFound, () => Worker("worker-wang").GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = other }).ResponseAsync);
            Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
        }
    }

    [Fact]
    public async Task A_file_already_cached_for_staff_is_still_hidden_from_another_worker()
    {
        var colleagues = await Worker("worker-li").CreateHouseholdAsync(OwnApplication("worker-li"));
        // Staff reads fill the shared cache first.
        await Staff().GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = colleagues.HouseholdId });
        await Staff(Grassroots).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = colleagues.HouseholdId });

        await RpcAssert.Fails(StatusCode.NotFound, () => Worker("worker-wang").GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = colleagues.HouseholdId }).ResponseAsync);
        Assert.Equal(colleagues.HouseholdId, (await Worker("worker-li").GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = colleagues.HouseholdId })).HouseholdId);
    }

    [Fact]
    public async Task A_worker_follows_his_own_applications_transitions_only()
    {
        var own = await Worker("worker-wang").CreateHouseholdAsync(OwnApplication("worker-wang"));
        var colleagues = await Worker("worker-li").CreateHouseholdAsync(OwnApplication("worker-li"));

        var transitions = await Worker("worker-wang").ListTransitionsAsync(new ListTransitionsRequest { HouseholdId = own.HouseholdId });
        Assert.Equal("CREATE", Assert.Single(transitions.Transitions).Action);
        await RpcAssert.Fails(StatusCode.NotFound, () => Worker("worker-wang").ListTransitionsAsync(new ListTransitionsRequest { HouseholdId = colleagues.HouseholdId }).ResponseAsync);
        await RpcAssert.Fails(StatusCode.NotFound, () => Worker("worker-wang").AssessEligibilityAsync(new AssessEligibilityRequest { HouseholdId = colleagues.HouseholdId }).ResponseAsync);
    }

    [Fact]
    public async Task A_worker_cannot_list_find_update_or_reveal()
    {
        var own = await Worker("worker-wang").CreateHouseholdAsync(OwnApplication("worker-wang"));
        var worker = Worker("worker-wang");
        var calls = new Func<Task>[]
        {
            () => worker.ListHouseholdsAsync(new ListHouseholdsRequest()).ResponseAsync,
            () => worker.FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = Households.NewIdNumber() }).ResponseAsync,
            () => worker.UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = own.HouseholdId, UpdateMask = { "employer" }, Employer = "新单位", Reason = "调整" }).ResponseAsync,
            () => worker.RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = own.HouseholdId, Reason = "本人查看" }).ResponseAsync,
        };
        var before = await host.RowCountsAsync();
        foreach (var call in calls)
        {
            var e = await RpcAssert.Fails(StatusCode.PermissionDenied, call);
            Assert.Equal("ROLE_REQUIRED", e.Code());
        }
        Assert.Equal(before, await host.RowCountsAsync());
    }
}
