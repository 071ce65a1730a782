using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// The members a worker names in his application from the app (004 §三(一) 职工主动申请) are his word
/// until the grassroots union has visited and seen the household register (户口簿) at the initial
/// review (004 Annex 2 基层工会走访、收集资料、初审). Until then his application holds only his own
/// number: naming a stranger neither keeps the stranger's household from being archived nor tells
/// the worker whether the stranger is on file. Staff accepting the application hold the members, and
/// a clash with another open file then stops the staff's step until they correct the members.
/// </summary>
public class WorkerMembersTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private readonly WorkerApplications _apps = new(host);

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_stranger_a_worker_names_as_a_member_can_still_apply_for_his_own_household()
    {
        var stranger = Households.NewIdNumber();
        var named = await _apps.ApplyAsync("worker-wang", Households.NewIdNumber(), stranger);
        Assert.Equal(ArchiveStatus.Applied, named.Status);

        // The stranger applies from the app himself: the worker's unreviewed word holds nobody but the worker.
        var own = await _apps.ApplyAsync("worker-zhao", stranger);
        Assert.Equal(ArchiveStatus.Applied, own.Status);
        Assert.Equal(1, await _apps.HeldAsync(named.HouseholdId));
        Assert.Equal(1, await _apps.HeldAsync(own.HouseholdId));
    }

    [Fact]
    public async Task A_worker_is_not_told_that_a_member_he_names_is_on_file_elsewhere()
    {
        var stranger = Households.NewIdNumber();
        await _apps.StaffFileAsync(WorkerApplications.NeighbouringCounty, stranger);
        var worker = _apps.Worker("worker-wang", Households.NewIdNumber());
        var before = await host.RowCountsAsync();

        // The same answers as for a member on file nowhere: the draft opens, the submission goes through.
        var draft = await worker.Archives.CreateHouseholdAsync(_apps.Application(worker, stranger));
        var applied = await worker.Lifecycle.SubmitApplicationAsync(new TransitionRequest { HouseholdId = draft.HouseholdId, Reason = "本人申请" });

        Assert.Equal(ArchiveStatus.Draft, draft.Status);
        Assert.Equal(ArchiveStatus.Applied, applied.Status);
        Assert.Equal(before["households"] + 1, (await host.RowCountsAsync())["households"]);
        Assert.Equal(1, await _apps.HeldAsync(draft.HouseholdId));
    }

    [Fact]
    public async Task A_workers_application_holds_his_members_once_staff_accept_it_at_the_initial_review()
    {
        var own = Households.NewIdNumber();
        var applied = await _apps.ApplyAsync("worker-wang", own, Households.NewIdNumber());
        Assert.False(applied.MembersConfirmed);
        Assert.Equal(1, await _apps.HeldAsync(applied.HouseholdId));

        // Sent back for a missing proof: the members are still only the worker's word.
        var returned = await _apps.Lifecycle(WorkerApplications.County).RecordInitialReviewAsync(new ReviewRequest
        {
            HouseholdId = applied.HouseholdId, Passed = false, Reason = "请补充户口簿复印件",
        });
        Assert.False(returned.MembersConfirmed);
        Assert.Equal(1, await _apps.HeldAsync(applied.HouseholdId));

        var accepted = await _apps.AcceptAsync(applied.HouseholdId);

        Assert.Equal(ArchiveStatus.Visited, accepted.Status);
        Assert.True(accepted.MembersConfirmed);
        Assert.Equal(2, await _apps.HeldAsync(applied.HouseholdId));
        var followed = await _apps.Worker("worker-wang", own).Archives.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = applied.HouseholdId });
        Assert.True(followed.MembersConfirmed);
    }

    [Fact]
    public async Task A_member_who_heads_another_open_file_stops_the_initial_review_until_staff_remove_him()
    {
        var stranger = Households.NewIdNumber();
        var elsewhere = await _apps.StaffFileAsync(WorkerApplications.NeighbouringCounty, stranger);
        var applied = await _apps.ApplyAsync("worker-wang", Households.NewIdNumber(), Households.NewIdNumber(), stranger);
        var named = applied.Members.Single(m => m.Name == "成员1");
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => _apps.AcceptAsync(applied.HouseholdId));

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.Equal(named.MemberId, e.Metadata()["member_id"]);
        // The other file lies in another county: neither it nor its organisation is named.
        Assert.False(e.Metadata().ContainsKey("household_id"));
        Assert.False(e.Metadata().ContainsKey("organisation_path"));
        Assert.DoesNotContain(elsewhere.HouseholdId, e.Status.Detail);
        Assert.DoesNotContain("511503", e.Status.Detail);
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(ArchiveStatus.Applied, (await StaffGetAsync(applied.HouseholdId)).Status);

        // Staff check the household register, remove the person who is not of this household, and accept.
        var kept = applied.Members.Single(m => m.Name == "成员0");
        await _apps.Archives(WorkerApplications.County).UpdateHouseholdAsync(new UpdateHouseholdRequest
        {
            HouseholdId = applied.HouseholdId, UpdateMask = { "members" }, Reason = "核对户口簿：该人员不是本户成员",
            Members = { new Member(kept) { IdNumber = "", IdNumberMasked = "" } },
        });
        var accepted = await _apps.AcceptAsync(applied.HouseholdId);

        Assert.Equal(ArchiveStatus.Visited, accepted.Status);
        Assert.Equal(2, await _apps.HeldAsync(applied.HouseholdId));
        Assert.Equal(1, await _apps.HeldAsync(elsewhere.HouseholdId));
    }

    [Fact]
    public async Task Two_workers_may_name_the_same_stranger_and_the_first_application_accepted_holds_him()
    {
        var stranger = Households.NewIdNumber();
        var first = await _apps.ApplyAsync("worker-wang", Households.NewIdNumber(), stranger);
        var second = await _apps.ApplyAsync("worker-li", Households.NewIdNumber(), stranger);
        Assert.Equal(ArchiveStatus.Applied, second.Status);

        await _apps.AcceptAsync(first.HouseholdId);
        Assert.Equal(2, await _apps.HeldAsync(first.HouseholdId));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => _apps.AcceptAsync(second.HouseholdId));

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.Equal(second.Members.Single().MemberId, e.Metadata()["member_id"]);
        // The county keeps both files: its caseworker is shown which holds the person, as for any clash in his subtree.
        Assert.Equal(first.HouseholdId, e.Metadata()["household_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(1, await _apps.HeldAsync(second.HouseholdId));
    }

    [Fact]
    public async Task A_stranger_accepted_first_makes_the_clash_appear_when_staff_accept_the_application_naming_him()
    {
        var stranger = Households.NewIdNumber();
        var named = await _apps.ApplyAsync("worker-wang", Households.NewIdNumber(), stranger);
        var own = await _apps.ApplyAsync("worker-zhao", stranger);
        Assert.Equal(ArchiveStatus.Visited, (await _apps.AcceptAsync(own.HouseholdId)).Status);

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => _apps.AcceptAsync(named.HouseholdId));

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.Equal(named.Members.Single().MemberId, e.Metadata()["member_id"]);
        Assert.Equal(ArchiveStatus.Applied, (await StaffGetAsync(named.HouseholdId)).Status);
        Assert.Equal(1, await _apps.HeldAsync(named.HouseholdId));
    }

    [Fact]
    public async Task Staff_looking_a_number_up_find_the_file_that_holds_it_not_an_application_that_only_names_it()
    {
        var stranger = Households.NewIdNumber();
        // The worker's application naming the stranger comes first; the stranger's own file is the one that holds him.
        var named = await _apps.ApplyAsync("worker-wang", Households.NewIdNumber(), stranger);
        var own = await _apps.StaffFileAsync(WorkerApplications.County, stranger);

        var found = await _apps.Archives(WorkerApplications.County).FindHouseholdByIdNumberAsync(new FindHouseholdByIdNumberRequest { IdNumber = stranger });

        Assert.Equal(own.HouseholdId, found.HouseholdId);
        Assert.NotEqual(named.HouseholdId, found.HouseholdId);
    }

    [Fact]
    public async Task A_worker_cannot_change_his_members_so_he_cannot_probe_numbers_that_way_either()
    {
        var held = Households.NewIdNumber();
        await _apps.StaffFileAsync(WorkerApplications.NeighbouringCounty, held);
        var own = Households.NewIdNumber();
        var applied = await _apps.ApplyAsync("worker-wang", own);
        var worker = _apps.Worker("worker-wang", own);
        var before = await host.RowCountsAsync();

        // The same answer whether the number is on file elsewhere or nowhere.
        foreach (var number in new[] { held, Households.NewIdNumber() })
        {
            var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => worker.Archives.UpdateHouseholdAsync(new UpdateHouseholdRequest
            {
                HouseholdId = applied.HouseholdId, UpdateMask = { "members" }, Reason = "补充家庭成员",
                Members = { Households.Member(number, "李四", Relation.Spouse) },
            }).ResponseAsync);
            Assert.Equal("ROLE_REQUIRED", e.Code());
        }
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Members_staff_add_before_the_initial_review_are_checked_at_once_and_held_with_the_others_at_it()
    {
        var applied = await _apps.ApplyAsync("worker-wang", Households.NewIdNumber(), Households.NewIdNumber());
        var held = Households.NewIdNumber();
        await _apps.StaffFileAsync(WorkerApplications.NeighbouringCounty, held);
        var kept = new Member(applied.Members.Single()) { IdNumber = "", IdNumberMasked = "" };
        UpdateHouseholdRequest Adding(string idNumber) => new()
        {
            HouseholdId = applied.HouseholdId, UpdateMask = { "members" }, Reason = "核对户口簿，补充家庭成员",
            Members = { kept, Households.Member(idNumber, "李四", Relation.Spouse) },
        };
        var staff = _apps.Archives(WorkerApplications.County);

        // Staff input is checked at once, as it always was.
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => staff.UpdateHouseholdAsync(Adding(held)).ResponseAsync);
        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.Equal("members[1].id_number", e.Metadata()["field"]);

        var added = await staff.UpdateHouseholdAsync(Adding(Households.NewIdNumber()));
        Assert.False(added.MembersConfirmed);
        Assert.Equal(1, await _apps.HeldAsync(applied.HouseholdId));

        await _apps.AcceptAsync(applied.HouseholdId);
        Assert.Equal(3, await _apps.HeldAsync(applied.HouseholdId));
    }

    [Fact]
    public async Task A_file_staff_open_holds_its_members_from_the_submission_as_before()
    {
        var request = Households.Valid();
        request.Members.Add(Households.Member());
        var draft = await _apps.Archives(WorkerApplications.County).CreateHouseholdAsync(request);
        Assert.True(draft.MembersConfirmed);

        await _apps.Lifecycle(WorkerApplications.County).SubmitApplicationAsync(new TransitionRequest { HouseholdId = draft.HouseholdId });

        Assert.Equal(2, await _apps.HeldAsync(draft.HouseholdId));
    }

    private Task<Household> StaffGetAsync(string householdId) =>
        _apps.Archives(WorkerApplications.County).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = householdId }).ResponseAsync;
}

/// <summary>Workers applying from the app and the staff who review their applications, on any archives host.</summary>
public sealed class WorkerApplications(ServiceHost<Program> host)
{
    public const string Grassroots = "51/5115/511502/G001";
    public const string County = "51/5115/511502";
    public const string NeighbouringCounty = "51/5115/511503";

    /// <summary>A worker of <see cref="Grassroots"/> whose token vouches for his own ID number.</summary>
    public sealed record WorkerClients(string IdNumber, HouseholdArchives.HouseholdArchivesClient Archives, ArchiveLifecycle.ArchiveLifecycleClient Lifecycle);

    public WorkerClients Worker(string subject, string idNumber)
    {
        var invoker = host.WithToken(Tokens.ForWorker(subject, Grassroots, idNumber));
        return new WorkerClients(idNumber, new HouseholdArchives.HouseholdArchivesClient(invoker), new ArchiveLifecycle.ArchiveLifecycleClient(invoker));
    }

    /// <summary>The worker's application for his own household, naming the given members.</summary>
    public CreateHouseholdRequest Application(WorkerClients worker, params string[] memberIdNumbers) =>
        WithMembers(Households.Valid(worker.IdNumber), memberIdNumbers);

    /// <summary>Names the members 成员0, 成员1, … in the order given.</summary>
    private static CreateHouseholdRequest WithMembers(CreateHouseholdRequest request, string[] memberIdNumbers)
    {
        for (var i = 0; i < memberIdNumbers.Length; i++)
            request.Members.Add(Households.Member(memberIdNumbers[i], $"成员{i}", Relation.Other));
        return request;
    }

    /// <summary>A worker applies for his own household from the app, naming <paramref name="memberIdNumbers"/>, and submits it.</summary>
    public async Task<Household> ApplyAsync(string subject, string ownIdNumber, params string[] memberIdNumbers)
    {
        var worker = Worker(subject, ownIdNumber);
        var draft = await worker.Archives.CreateHouseholdAsync(Application(worker, memberIdNumbers));
        return await worker.Lifecycle.SubmitApplicationAsync(new TransitionRequest { HouseholdId = draft.HouseholdId, Reason = "本人申请" });
    }

    /// <summary>A caseworker of <paramref name="org"/> opens and submits a file: its people are held from the submission.</summary>
    public async Task<Household> StaffFileAsync(string org, string headIdNumber, params string[] memberIdNumbers)
    {
        var draft = await Archives(org).CreateHouseholdAsync(WithMembers(Households.Valid(headIdNumber), memberIdNumbers));
        return await Lifecycle(org).SubmitApplicationAsync(new TransitionRequest { HouseholdId = draft.HouseholdId, Reason = "走访发现" });
    }

    /// <summary>The grassroots visit and initial review, passed, by a caseworker of <paramref name="org"/>.</summary>
    public Task<Household> AcceptAsync(string householdId, string org = County) =>
        Lifecycle(org).RecordInitialReviewAsync(new ReviewRequest { HouseholdId = householdId, Passed = true, Reason = "入户走访，核对户口簿属实" }).ResponseAsync;

    public HouseholdArchives.HouseholdArchivesClient Archives(string org) => new(host.As(org, "caseworker"));

    public ArchiveLifecycle.ArchiveLifecycleClient Lifecycle(string org) => new(host.As(org, "caseworker"));

    /// <summary>How many ID numbers the file holds for the province (一户一档).</summary>
    public Task<int> HeldAsync(string householdId) =>
        host.WithDatabaseAsync(db => db.Set<Domain.OpenIdentity>().CountAsync(o => o.HouseholdId == Guid.Parse(householdId)));
}
