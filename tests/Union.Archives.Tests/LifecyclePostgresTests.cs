using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Testing;
using Domain = Union.Archives.Domain;

namespace Union.Archives.Tests;

/// <summary>
/// The key path on a real PostgreSQL server, with the comparison simulator on the in-memory bus:
/// a deep-hardship file to ACTIVE, its phase-out enforced by date, exit, and re-archiving the person.
/// </summary>
public class LifecyclePostgresTests(PostgresLifecycle host) : IClassFixture<PostgresLifecycle>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_deep_hardship_file_goes_to_active_through_phase_out_to_exit_on_PostgreSQL()
    {
        var idNumber = Households.NewIdNumber();
        var active = await _driver.ToActiveAsync(HardshipCategory.Deep, idNumber);
        Assert.Equal(ArchiveStatus.Active, active.Status);
        Assert.NotNull(active.Comparison.ReturnedAt);
        Assert.Equal(Messaging.ComparisonSimulator.Note, active.Comparison.Note);

        var phaseOut = await _driver.Staff.ExitAsync(new ExitRequest { HouseholdId = active.HouseholdId, Reason = "收入稳定" });
        Assert.Equal(ArchiveStatus.PhaseOut, phaseOut.Status);
        Assert.Equal("2026-12-15", phaseOut.PhaseOutEndsOn);
        var neighbour = new LifecycleDriver(host, LifecycleDriver.NeighbouringCounty);
        var held = await RpcAssert.Fails(StatusCode.AlreadyExists, () => neighbour.CreateAsync(idNumber));
        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", held.Code());
        Assert.False(held.Metadata().ContainsKey("household_id"));

        host.Clock.SetDate(new DateOnly(2026, 12, 15));
        var early = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => _driver.Staff.ExitAsync(new ExitRequest { HouseholdId = active.HouseholdId, Reason = "渐退期满" }).ResponseAsync);
        Assert.Equal("PHASE_OUT_NOT_ENDED", early.Code());

        host.Clock.SetDate(new DateOnly(2026, 12, 16));
        var exited = await _driver.Staff.ExitAsync(new ExitRequest { HouseholdId = active.HouseholdId, Reason = "渐退期满" });
        Assert.Equal(ArchiveStatus.Exited, exited.Status);
        Assert.Equal("2026-12-16", exited.ExitedOn);

        var again = await neighbour.CreateAsync(idNumber);
        Assert.Equal(LifecycleDriver.NeighbouringCounty, again.Owner.Path);
        var steps = await host.WithDatabaseAsync(db => db.Set<Domain.StatusTransition>()
            .Where(t => t.HouseholdId == Guid.Parse(active.HouseholdId)).OrderBy(t => t.Id).Select(t => t.Action).ToListAsync());
        Assert.Equal(["ARCHIVE", "PHASE_OUT", "EXIT"], steps.TakeLast(3));
    }

    [Fact]
    public async Task A_relapse_claims_the_person_back_on_PostgreSQL()
    {
        var idNumber = Households.NewIdNumber();
        var exited = await _driver.ToExitedAsync(idNumber);
        var relapsed = await _driver.Staff.RelapseAsync(new TransitionRequest { HouseholdId = exited.HouseholdId, Reason = "再次致困" });
        Assert.Equal(ArchiveStatus.Applied, relapsed.Status);

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => new LifecycleDriver(host, LifecycleDriver.NeighbouringCounty).CreateAsync(idNumber));
        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.False(e.Metadata().ContainsKey("household_id"));
    }
}
