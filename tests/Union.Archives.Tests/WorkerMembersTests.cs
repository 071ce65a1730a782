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
    public CreateHouseholdRequest Application(WorkerClients worker, params string[] memberIdNumbers)
    {
        var request = Households.Valid(worker.IdNumber);
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
        var request = Households.Valid(headIdNumber);
        for (var i = 0; i < memberIdNumbers.Length; i++)
            request.Members.Add(Households.Member(memberIdNumbers[i], $"成员{i}", Relation.Other));
        var draft = await Archives(org).CreateHouseholdAsync(request);
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
