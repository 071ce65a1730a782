using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// Who may put an ID number on file, and when it is held (一户一档): a worker applies only for
/// himself (the ID number his token vouches for); a draft holds nobody, a submitted application
/// holds its people; a refusal never tells the caller where another organisation keeps the person.
/// </summary>
public class IdentityReservationTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string Grassroots = "51/5115/511502/G001";
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";

    private HouseholdArchives.HouseholdArchivesClient Staff(string org) => new(host.As(org, "caseworker"));
    private ArchiveLifecycle.ArchiveLifecycleClient Lifecycle(string org) => new(host.As(org, "caseworker"));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<int> HeldAsync(string householdId) =>
        host.WithDatabaseAsync(db => db.Set<Domain.OpenIdentity>().CountAsync(o => o.HouseholdId == Guid.Parse(householdId)));

    [Fact]
    public async Task A_worker_applies_with_the_id_number_his_token_vouches_for()
    {
        var own = Households.NewIdNumber();
        var created = await host.WorkerClient("worker-wang", Grassroots, own).CreateHouseholdAsync(Households.Valid(own));
        Assert.Equal(Channel.SelfApplication, created.Channel);
    }

    [Fact]
    public async Task A_worker_cannot_open_an_application_for_someone_elses_id_number()
    {
        var own = Households.NewIdNumber();
        var someoneElse = Households.NewIdNumber();
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(
            () => host.WorkerClient("worker-wang", Grassroots, own).CreateHouseholdAsync(Households.Valid(someoneElse)).ResponseAsync,
            "head_id_number");

        Assert.Contains(e.FieldViolations(), v => v.Field == "head_id_number" && v.Reason == "NOT_OWN_ID_NUMBER");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_worker_token_without_a_verified_id_number_cannot_apply()
    {
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.WorkerClient("worker-wang", Grassroots, null).CreateHouseholdAsync(Households.Valid()).ResponseAsync);
        Assert.Equal("ID_NUMBER_CLAIM_REQUIRED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_draft_holds_nobody_and_two_drafts_may_name_the_same_person()
    {
        var id = Households.NewIdNumber();
        var request = Households.Valid(id);
        request.Members.Add(Households.Member());
        var first = await Staff(CountyA).CreateHouseholdAsync(request);
        var second = await Staff(CountyB).CreateHouseholdAsync(Households.Valid(id));

        Assert.Equal(ArchiveStatus.Draft, second.Status);
        Assert.Equal(0, await HeldAsync(first.HouseholdId));
        Assert.Equal(0, await HeldAsync(second.HouseholdId));
    }

    [Fact]
    public async Task Submission_holds_the_people_and_the_second_submission_is_refused_without_naming_the_other_file()
    {
        var id = Households.NewIdNumber();
        var request = Households.Valid(id);
        request.Members.Add(Households.Member());
        var first = await Staff(CountyA).CreateHouseholdAsync(request);
        var second = await Staff(CountyB).CreateHouseholdAsync(Households.Valid(id));

        await Lifecycle(CountyA).SubmitApplicationAsync(new TransitionRequest { HouseholdId = first.HouseholdId });
        Assert.Equal(2, await HeldAsync(first.HouseholdId));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => Lifecycle(CountyB).SubmitApplicationAsync(new TransitionRequest { HouseholdId = second.HouseholdId }).ResponseAsync);

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        AssertNamesNoOtherFile(e, first.HouseholdId);
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(ArchiveStatus.Draft, (await Staff(CountyB).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = second.HouseholdId })).Status);
    }

    [Fact]
    public async Task A_workers_draft_cannot_block_a_caseworkers_application_for_the_same_person()
    {
        var id = Households.NewIdNumber();
        await host.WorkerClient("worker-wang", Grassroots, id).CreateHouseholdAsync(Households.Valid(id));

        var staffs = await Staff(CountyB).CreateHouseholdAsync(Households.Valid(id));
        var applied = await Lifecycle(CountyB).SubmitApplicationAsync(new TransitionRequest { HouseholdId = staffs.HouseholdId });

        Assert.Equal(ArchiveStatus.Applied, applied.Status);
    }

    [Fact]
    public async Task A_new_draft_for_a_person_held_elsewhere_is_refused_without_naming_the_other_file()
    {
        var id = Households.NewIdNumber();
        var held = await Staff(CountyA).CreateHouseholdAsync(Households.Valid(id));
        await Lifecycle(CountyA).SubmitApplicationAsync(new TransitionRequest { HouseholdId = held.HouseholdId });

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => Staff(CountyB).CreateHouseholdAsync(Households.Valid(id)).ResponseAsync);

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.Equal("head_id_number", e.Metadata()["field"]);
        AssertNamesNoOtherFile(e, held.HouseholdId);
    }

    [Fact]
    public async Task A_worker_is_told_only_that_his_number_is_on_file_elsewhere()
    {
        var id = Households.NewIdNumber();
        var held = await Staff(CountyA).CreateHouseholdAsync(Households.Valid(id));
        await Lifecycle(CountyA).SubmitApplicationAsync(new TransitionRequest { HouseholdId = held.HouseholdId });

        // Even within the organisation that keeps the file, a worker learns nothing about it.
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => host.WorkerClient("worker-wang", CountyA, id).CreateHouseholdAsync(Households.Valid(id)).ResponseAsync);

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        AssertNamesNoOtherFile(e, held.HouseholdId);
    }

    [Fact]
    public async Task A_caseworker_is_shown_the_file_his_own_organisation_keeps()
    {
        var id = Households.NewIdNumber();
        var held = await Staff(CountyA).CreateHouseholdAsync(Households.Valid(id));
        await Lifecycle(CountyA).SubmitApplicationAsync(new TransitionRequest { HouseholdId = held.HouseholdId });

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => Staff(CountyA).CreateHouseholdAsync(Households.Valid(id)).ResponseAsync);

        Assert.Equal(held.HouseholdId, e.Metadata()["household_id"]);
        Assert.False(e.Metadata().ContainsKey("organisation_path"));
        Assert.False(e.Metadata().ContainsKey("organisation_code"));
    }

    /// <summary>Nothing in the status, its error info or its field violations points at the other file or its organisation.</summary>
    private static void AssertNamesNoOtherFile(RpcException e, string otherHouseholdId)
    {
        var metadata = e.Metadata();
        Assert.False(metadata.ContainsKey("household_id"));
        Assert.False(metadata.ContainsKey("organisation_path"));
        Assert.False(metadata.ContainsKey("organisation_code"));
        var everything = string.Join("\n", metadata.Values.Append(e.Status.Detail)
            .Concat(e.FieldViolations().Select(v => v.Field + " " + v.Description)));
        Assert.DoesNotContain(otherHouseholdId, everything);
        Assert.DoesNotContain(CountyA, everything);
        Assert.DoesNotContain("511502", everything);
    }
}
