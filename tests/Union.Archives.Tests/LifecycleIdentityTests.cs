using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Testing;
using Domain = Union.Archives.Domain;

namespace Union.Archives.Tests;

/// <summary>
/// One household, one file (一户一档) across the life cycle: closing a file (exit, de-archive, cancel)
/// frees its people to be archived again; a phase-out still holds them; a relapse claims them back.
/// De-archiving needs a visit by two or more staff with the household told (002_98225e89925c6ce6.txt).
/// </summary>
public class LifecycleIdentityTests(SqliteLifecycle host) : IClassFixture<SqliteLifecycle>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);
    private readonly LifecycleDriver _neighbour = new(host, LifecycleDriver.NeighbouringCounty);

    private ArchiveLifecycle.ArchiveLifecycleClient Staff => _driver.Staff;

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<int> HeldAsync(string householdId) =>
        host.WithDatabaseAsync(db => db.Set<Domain.OpenIdentity>().CountAsync(o => o.HouseholdId == Guid.Parse(householdId)));

    [Fact]
    public async Task The_same_id_number_may_be_archived_again_after_an_exit()
    {
        var id = Households.NewIdNumber();
        var exited = await _driver.ToExitedAsync(id);
        Assert.Equal(0, await HeldAsync(exited.HouseholdId));

        var again = await _neighbour.CreateAsync(id);
        Assert.Equal(0, await HeldAsync(again.HouseholdId));
        Assert.Equal(ArchiveStatus.Active, (await _neighbour.AdvanceAsync(again, ArchiveStatus.Active)).Status);
        Assert.Equal(1, await HeldAsync(again.HouseholdId));
    }

    [Fact]
    public async Task The_same_id_number_may_be_archived_again_after_a_cancel()
    {
        var id = Households.NewIdNumber();
        await _driver.ToAsync(ArchiveStatus.Cancelled, idNumber: id);
        var again = await _neighbour.CreateAsync(id);
        Assert.Equal(ArchiveStatus.Draft, again.Status);
    }

    [Fact]
    public async Task The_same_id_number_may_be_archived_again_after_a_de_archive()
    {
        var id = Households.NewIdNumber();
        await _driver.ToAsync(ArchiveStatus.DeArchived, idNumber: id);
        await _neighbour.CreateAsync(id);
    }

    [Fact]
    public async Task The_same_id_number_is_refused_during_a_phase_out()
    {
        var id = Households.NewIdNumber();
        var phaseOut = await _driver.ToPhaseOutAsync(id);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => _neighbour.CreateAsync(id));

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        // The neighbouring county is told the person is on file, not where.
        Assert.False(e.Metadata().ContainsKey("household_id"));
        Assert.False(e.Metadata().ContainsKey("organisation_path"));
        Assert.DoesNotContain(phaseOut.HouseholdId, e.Status.Detail);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_relapse_is_refused_while_a_person_of_the_file_is_in_another_open_file()
    {
        var id = Households.NewIdNumber();
        var exited = await _driver.ToExitedAsync(id);
        var other = await _neighbour.AdvanceAsync(await _neighbour.CreateAsync(id), ArchiveStatus.Applied);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => Staff.RelapseAsync(new TransitionRequest { HouseholdId = exited.HouseholdId, Reason = "再次致困" }).ResponseAsync);

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.False(e.Metadata().ContainsKey("household_id"));
        Assert.False(e.Metadata().ContainsKey("organisation_path"));
        Assert.DoesNotContain(other.HouseholdId, e.Status.Detail);
        Assert.DoesNotContain(id, e.Status.Detail);
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(Domain.ArchiveStatus.Exited, (await _driver.RowAsync(exited.HouseholdId)).Status);
    }

    [Fact]
    public async Task A_relapse_after_a_cancel_is_refused_because_a_cancelled_file_stays_closed()
    {
        var cancelled = await _driver.ToAsync(ArchiveStatus.Cancelled);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => Staff.RelapseAsync(new TransitionRequest { HouseholdId = cancelled.HouseholdId, Reason = "x" }).ResponseAsync);
        Assert.Equal("INVALID_TRANSITION", e.Code());
    }

    [Fact]
    public async Task A_de_archive_with_a_two_staff_visit_and_the_household_told_closes_the_file()
    {
        var active = await _driver.ToActiveAsync();
        var visit = await _driver.RecordVisitAsync(active.HouseholdId, Domain.VisitKind.DeArchive, ["李明", "王芳"], notified: true);

        var deArchived = await Staff.DeArchiveAsync(new DeArchiveRequest
        {
            HouseholdId = active.HouseholdId, VisitId = visit.ToString(), NotifiedOn = LifecycleDriver.Iso(_driver.Today),
            Notification = "入户当面告知", Reason = "核查不符合建档标准",
        });

        Assert.Equal(ArchiveStatus.DeArchived, deArchived.Status);
        Assert.False(deArchived.Helpable);
        Assert.Equal(0, await HeldAsync(active.HouseholdId));
        var step = (await _driver.RowAsync(active.HouseholdId)).Transitions.Single(t => t.Action == "DE_ARCHIVE");
        Assert.Contains(visit.ToString(), step.Evidence);
        Assert.Contains("入户当面告知", step.Evidence);
        Assert.Equal("核查不符合建档标准", step.Reason);
    }

    public static TheoryData<string> DeficientVisits => new() { "one_visitor", "not_notified", "another_files_visit", "no_such_visit" };

    [Theory]
    [MemberData(nameof(DeficientVisits))]
    public async Task A_de_archive_is_refused_without_a_two_staff_visit_with_the_household_told(string visitCase)
    {
        var active = await _driver.ToActiveAsync();
        var elsewhere = await _driver.ToActiveAsync();
        var visit = visitCase switch
        {
            "one_visitor" => await _driver.RecordVisitAsync(active.HouseholdId, Domain.VisitKind.DeArchive, ["李明"], notified: true),
            "not_notified" => await _driver.RecordVisitAsync(active.HouseholdId, Domain.VisitKind.DeArchive, ["李明", "王芳"], notified: false),
            "another_files_visit" => await _driver.RecordVisitAsync(elsewhere.HouseholdId, Domain.VisitKind.DeArchive, ["李明", "王芳"], notified: true),
            _ => Guid.NewGuid(),
        };
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Staff.DeArchiveAsync(new DeArchiveRequest
        {
            HouseholdId = active.HouseholdId, VisitId = visit.ToString(), NotifiedOn = LifecycleDriver.Iso(_driver.Today), Reason = "不符合建档标准",
        }).ResponseAsync);

        Assert.Equal("DE_ARCHIVE_VISIT_REQUIRED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(1, await HeldAsync(active.HouseholdId));
    }

    [Fact]
    public async Task A_phase_out_may_be_de_archived_and_then_relapse()
    {
        var phaseOut = await _driver.ToPhaseOutAsync();
        var deArchived = await _driver.DeArchiveAsync(phaseOut);
        Assert.Equal(ArchiveStatus.DeArchived, deArchived.Status);

        var relapsed = await Staff.RelapseAsync(new TransitionRequest { HouseholdId = phaseOut.HouseholdId, Reason = "再次致困" });
        Assert.Equal(ArchiveStatus.Applied, relapsed.Status);
        Assert.Equal(1, await HeldAsync(phaseOut.HouseholdId));
    }
}
