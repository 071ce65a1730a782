using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>The public notice (公示): archiving only after it ends, and never over an upheld or open objection.</summary>
public class LifecycleNoticeTests(SqliteLifecycle host) : IClassFixture<SqliteLifecycle>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);

    private ArchiveLifecycle.ArchiveLifecycleClient Staff => _driver.Staff;

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An approved file whose seven-day notice starts today: its last day is a week from now.</summary>
    private async Task<Household> InNoticeUntilAsync(DateOnly endsOn)
    {
        var approved = await _driver.ToAsync(ArchiveStatus.Approved);
        return await Staff.StartPublicNoticeAsync(new StartPublicNoticeRequest
        {
            HouseholdId = approved.HouseholdId, StartsOn = LifecycleDriver.Iso(_driver.Today), EndsOn = LifecycleDriver.Iso(endsOn), Place = "社区公示栏",
        });
    }

    private Task<Household> ArchiveAsync(string id) => Staff.ArchiveAsync(new TransitionRequest { HouseholdId = id, Reason = "公示期满" }).ResponseAsync;

    [Fact]
    public async Task Archiving_is_refused_before_the_notice_ends_and_allowed_the_day_after()
    {
        var endsOn = _driver.Today.AddDays(7);
        var file = await InNoticeUntilAsync(endsOn);

        foreach (var day in new[] { _driver.Today, endsOn })
        {
            host.Clock.SetDate(day);
            var before = await host.RowCountsAsync();
            var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ArchiveAsync(file.HouseholdId));
            Assert.Equal("NOTICE_NOT_ENDED", e.Code());
            Assert.Equal(LifecycleDriver.Iso(endsOn), e.Metadata()["notice_ends_on"]);
            Assert.Equal(before, await host.RowCountsAsync());
        }

        host.Clock.SetDate(endsOn.AddDays(1));
        var active = await ArchiveAsync(file.HouseholdId);
        Assert.Equal(ArchiveStatus.Active, active.Status);
        Assert.Equal(LifecycleDriver.Iso(endsOn.AddDays(1)), active.ArchivedOn);
    }

    [Fact]
    public async Task Archiving_is_refused_after_the_notice_when_an_objection_was_upheld()
    {
        var endsOn = _driver.Today.AddDays(7);
        var file = await InNoticeUntilAsync(endsOn);
        var objected = await Staff.RecordObjectionAsync(new RecordObjectionRequest { HouseholdId = file.HouseholdId, Content = "该户有经营性收入未申报" });
        var objection = Assert.Single(objected.Objections);
        Assert.False(objection.Resolved);
        var resolved = await Staff.RecordObjectionAsync(new RecordObjectionRequest
        {
            HouseholdId = file.HouseholdId, ObjectionId = objection.ObjectionId, Upheld = true, Resolution = "核实属实",
        });
        Assert.True(resolved.Objections.Single().Upheld);
        host.Clock.SetDate(endsOn.AddDays(1));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ArchiveAsync(file.HouseholdId));

        Assert.Equal("OBJECTION_UPHELD", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
        // The objection found the household ineligible: the file is closed as excluded.
        var cancelled = await Staff.CancelAsync(new CancelRequest { HouseholdId = file.HouseholdId, CancelReason = CancelReason.Excluded, Reason = "公示异议成立" });
        Assert.Equal(ArchiveStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public async Task Archiving_waits_for_an_open_objection_and_goes_ahead_once_it_is_dismissed()
    {
        var endsOn = _driver.Today.AddDays(7);
        var file = await InNoticeUntilAsync(endsOn);
        var objection = (await Staff.RecordObjectionAsync(new RecordObjectionRequest { HouseholdId = file.HouseholdId, Content = "匿名反映" })).Objections.Single();
        host.Clock.SetDate(endsOn.AddDays(1));

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ArchiveAsync(file.HouseholdId));
        Assert.Equal("OBJECTION_UNRESOLVED", e.Code());

        await Staff.RecordObjectionAsync(new RecordObjectionRequest
        {
            HouseholdId = file.HouseholdId, ObjectionId = objection.ObjectionId, Upheld = false, Resolution = "经核查不属实",
        });
        Assert.Equal(ArchiveStatus.Active, (await ArchiveAsync(file.HouseholdId)).Status);
        var actions = (await _driver.RowAsync(file.HouseholdId)).Transitions.Select(t => t.Action).ToList();
        Assert.Contains("OBJECTION", actions);
        Assert.Contains("OBJECTION_DISMISSED", actions);
    }

    [Fact]
    public async Task An_objection_is_resolved_once_only()
    {
        var file = await InNoticeUntilAsync(_driver.Today.AddDays(7));
        var objection = (await Staff.RecordObjectionAsync(new RecordObjectionRequest { HouseholdId = file.HouseholdId, Content = "反映" })).Objections.Single();
        var resolve = new RecordObjectionRequest { HouseholdId = file.HouseholdId, ObjectionId = objection.ObjectionId, Upheld = false, Resolution = "不属实" };
        await Staff.RecordObjectionAsync(resolve);

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Staff.RecordObjectionAsync(resolve).ResponseAsync);
        Assert.Equal("OBJECTION_ALREADY_RESOLVED", e.Code());
        var unknown = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Staff.RecordObjectionAsync(new RecordObjectionRequest
            { HouseholdId = file.HouseholdId, ObjectionId = Guid.NewGuid().ToString(), Resolution = "x" }).ResponseAsync);
        Assert.Equal("OBJECTION_NOT_FOUND", unknown.Code());
    }

    [Fact]
    public async Task A_notice_cannot_start_before_the_collective_decision()
    {
        var approved = await _driver.ToAsync(ArchiveStatus.Approved);
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Staff.StartPublicNoticeAsync(new StartPublicNoticeRequest
        {
            HouseholdId = approved.HouseholdId, StartsOn = LifecycleDriver.Iso(_driver.Today.AddDays(-30)), EndsOn = LifecycleDriver.Iso(_driver.Today.AddDays(-23)),
        }).ResponseAsync);
        Assert.Equal("NOTICE_BEFORE_APPROVAL", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_relapsed_file_goes_through_a_new_notice_and_keeps_the_old_objections_as_history()
    {
        var endsOn = _driver.Today.AddDays(7);
        var file = await InNoticeUntilAsync(endsOn);
        var objection = (await Staff.RecordObjectionAsync(new RecordObjectionRequest { HouseholdId = file.HouseholdId, Content = "反映" })).Objections.Single();
        await Staff.RecordObjectionAsync(new RecordObjectionRequest { HouseholdId = file.HouseholdId, ObjectionId = objection.ObjectionId, Upheld = false, Resolution = "不属实" });
        host.Clock.SetDate(endsOn.AddDays(1));
        var active = await ArchiveAsync(file.HouseholdId);
        var exited = await _driver.AdvanceAsync(active, ArchiveStatus.Exited);
        host.Clock.Advance(TimeSpan.FromDays(60));
        // A new round: the old notice and its objections belong to the history.
        var relapsed = await Staff.RelapseAsync(new TransitionRequest { HouseholdId = exited.HouseholdId, Reason = "再次致困" });

        Assert.Equal("", relapsed.NoticeEndsOn);

        var again = await _driver.AdvanceAsync(relapsed, ArchiveStatus.Active);
        Assert.Equal(ArchiveStatus.Active, again.Status);
        Assert.Single(again.Objections);
        Assert.Equal(2, (await _driver.RowAsync(file.HouseholdId)).Transitions.Count(t => t.Action == "START_NOTICE"));
    }
}
