using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Testing;
using Domain = Union.Archives.Domain;

namespace Union.Archives.Tests;

/// <summary>
/// 004_f7c3dcaac4584c61.txt §三(四): 深度困难职工符合脱困条件给予六个月渐退期，渐退期内正常帮扶 — a deep-hardship
/// household that leaves hardship keeps six months of normal help, then exits; a relapse re-opens the file.
/// </summary>
public class LifecyclePhaseOutTests(SqliteLifecycle host) : IClassFixture<SqliteLifecycle>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);

    private ArchiveLifecycle.ArchiveLifecycleClient Staff => _driver.Staff;

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<Household> GetAsync(string id) =>
        _driver.Archives(LifecycleDriver.County, "caseworker").GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id }).ResponseAsync;

    private Task<Household> ExitAsync(string id) => Staff.ExitAsync(new ExitRequest { HouseholdId = id, Reason = "收入超过低保标准" }).ResponseAsync;

    /// <summary>
    /// The Civil Code's rule for periods in months (民法典 第二百零一条、第二百零二条): the day the phase-out
    /// starts is not counted, and the period ends on the corresponding day of its last month, or on that
    /// month's last day when it has no such day. The last day is a full day of help (第二百零三条: 截止时间为二十四时).
    /// </summary>
    [Theory]
    [InlineData("2023-03-31", "2023-09-30")]
    [InlineData("2023-01-15", "2023-07-15")]
    [InlineData("2023-08-31", "2024-02-29")]
    [InlineData("2022-08-31", "2023-02-28")]
    [InlineData("2026-06-15", "2026-12-15")]
    [InlineData("2026-01-01", "2026-07-01")]
    [InlineData("2027-12-31", "2028-06-30")]
    public void The_phase_out_ends_on_the_corresponding_day_six_months_on_or_that_months_last_day(string start, string lastDay) =>
        Assert.Equal(DateOnly.Parse(lastDay), Domain.Household.PhaseOutEnd(DateOnly.Parse(start)));

    [Fact]
    public async Task A_household_exiting_on_31_March_is_helped_to_30_September_inclusive_and_exits_on_1_October()
    {
        host.Clock.SetDate(new DateOnly(2023, 3, 31));
        var phaseOut = await ExitAsync((await _driver.ToActiveAsync(HardshipCategory.Deep)).HouseholdId);
        Assert.Equal("2023-09-30", phaseOut.PhaseOutEndsOn);

        host.Clock.SetDate(new DateOnly(2023, 9, 30));
        Assert.True((await _driver.RowAsync(phaseOut.HouseholdId)).IsHelpable(_driver.Today));
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ExitAsync(phaseOut.HouseholdId));
        Assert.Equal("PHASE_OUT_NOT_ENDED", e.Code());

        host.Clock.SetDate(new DateOnly(2023, 10, 1));
        var exited = await ExitAsync(phaseOut.HouseholdId);
        Assert.Equal(("2023-10-01", false), (exited.ExitedOn, exited.Helpable));
    }

    [Fact]
    public async Task Exiting_a_deep_hardship_file_starts_a_six_month_phase_out_with_its_end_date()
    {
        var active = await _driver.ToActiveAsync(HardshipCategory.Deep);
        var phaseOut = await ExitAsync(active.HouseholdId);

        Assert.Equal(ArchiveStatus.PhaseOut, phaseOut.Status);
        Assert.Equal("2026-12-15", phaseOut.PhaseOutEndsOn);
        Assert.Equal("", phaseOut.ExitedOn);
        Assert.True(phaseOut.Helpable);
        var step = (await _driver.RowAsync(active.HouseholdId)).Transitions.Single(t => t.Action == "PHASE_OUT");
        Assert.Equal(Domain.ArchiveStatus.Active, step.From);
        Assert.Contains("phase_out_ends_on:2026-12-15", step.Evidence);
    }

    [Fact]
    public async Task A_file_read_from_the_cache_on_the_last_day_is_not_helpable_the_day_after()
    {
        var household = await _driver.ToPhaseOutAsync();
        var lastDay = DateOnly.Parse(household.PhaseOutEndsOn);

        host.Clock.SetDate(lastDay);
        Assert.True((await GetAsync(household.HouseholdId)).Helpable);
        host.Clock.SetDate(lastDay.AddDays(1));
        // The same file again, now served from the cache filled yesterday.
        Assert.False((await GetAsync(household.HouseholdId)).Helpable);
    }

    [Fact]
    public async Task A_phase_out_household_is_helpable_on_its_last_day_and_not_the_day_after()
    {
        var first = await _driver.ToPhaseOutAsync();
        var second = await _driver.ToPhaseOutAsync();
        var lastDay = DateOnly.Parse(first.PhaseOutEndsOn);

        host.Clock.SetDate(lastDay);
        Assert.True((await GetAsync(first.HouseholdId)).Helpable);
        Assert.True((await _driver.RowAsync(first.HouseholdId)).IsHelpable(_driver.Today));

        host.Clock.SetDate(lastDay.AddDays(1));
        // A file not read before, so no copy cached on the last day answers for it.
        Assert.False((await GetAsync(second.HouseholdId)).Helpable);
        Assert.False((await _driver.RowAsync(first.HouseholdId)).IsHelpable(_driver.Today));
    }

    [Fact]
    public async Task A_phase_out_cannot_be_exited_before_it_ends_and_exits_after()
    {
        var phaseOut = await _driver.ToPhaseOutAsync();
        var lastDay = DateOnly.Parse(phaseOut.PhaseOutEndsOn);

        foreach (var day in new[] { _driver.Today, lastDay.AddDays(-30), lastDay })
        {
            host.Clock.SetDate(day);
            var before = await host.RowCountsAsync();
            var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ExitAsync(phaseOut.HouseholdId));
            Assert.Equal("PHASE_OUT_NOT_ENDED", e.Code());
            Assert.Equal(phaseOut.PhaseOutEndsOn, e.Metadata()["phase_out_ends_on"]);
            Assert.Equal(before, await host.RowCountsAsync());
        }

        host.Clock.SetDate(lastDay.AddDays(1));
        var exited = await ExitAsync(phaseOut.HouseholdId);
        Assert.Equal(ArchiveStatus.Exited, exited.Status);
        Assert.Equal(LifecycleDriver.Iso(lastDay.AddDays(1)), exited.ExitedOn);
        Assert.False(exited.Helpable);
    }

    [Fact]
    public async Task A_relapse_during_the_phase_out_reopens_the_file_and_keeps_its_history()
    {
        var phaseOut = await _driver.ToPhaseOutAsync();
        host.Clock.Advance(TimeSpan.FromDays(40));

        var relapsed = await Staff.RelapseAsync(new TransitionRequest { HouseholdId = phaseOut.HouseholdId, Reason = "渐退期内再次患病", Evidence = "诊断证明" });

        Assert.Equal(ArchiveStatus.Applied, relapsed.Status);
        Assert.Equal("", relapsed.PhaseOutEndsOn);
        Assert.Equal(HardshipCategory.Deep, relapsed.Category);
        var steps = (await _driver.RowAsync(phaseOut.HouseholdId)).Transitions.OrderBy(t => t.Id).ToList();
        Assert.Equal(["CREATE", "SUBMIT", "INITIAL_REVIEW", "COUNTY_REVIEW", "REQUEST_COMPARISON", "COMPARISON_RETURNED",
            "DECIDE_CATEGORY", "APPROVE", "START_NOTICE", "ARCHIVE", "PHASE_OUT", "RELAPSE"], steps.Select(t => t.Action));
        Assert.Equal(Domain.ArchiveStatus.PhaseOut, steps[^1].From);
        Assert.Equal("渐退期内再次患病", steps[^1].Reason);
        Assert.Equal("诊断证明", steps[^1].Evidence);
        Assert.Equal(ArchiveStatus.Active, (await _driver.AdvanceAsync(relapsed, ArchiveStatus.Active, HardshipCategory.Deep)).Status);
    }

    [Fact]
    public async Task A_relapse_after_the_phase_out_reopens_the_exited_file_and_keeps_its_history()
    {
        var phaseOut = await _driver.ToPhaseOutAsync();
        host.Clock.SetDate(DateOnly.Parse(phaseOut.PhaseOutEndsOn).AddDays(1));
        await ExitAsync(phaseOut.HouseholdId);
        host.Clock.Advance(TimeSpan.FromDays(100));

        var relapsed = await Staff.RelapseAsync(new TransitionRequest { HouseholdId = phaseOut.HouseholdId, Reason = "企业停产，再次致困" });

        Assert.Equal(ArchiveStatus.Applied, relapsed.Status);
        Assert.Equal("", relapsed.ExitedOn);
        var actions = (await _driver.RowAsync(phaseOut.HouseholdId)).Transitions.OrderBy(t => t.Id).Select(t => t.Action).ToList();
        Assert.Equal(["ARCHIVE", "PHASE_OUT", "EXIT", "RELAPSE"], actions.Skip(9));
        // The file holds its head again: nobody else may open a file for him.
        var row = await _driver.RowAsync(phaseOut.HouseholdId);
        var holder = await host.WithDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleAsync(db.Set<Domain.OpenIdentity>(), o => o.IdNumberHash == row.HeadIdNumberHash));
        Assert.Equal(row.Id, holder.HouseholdId);
    }
}
