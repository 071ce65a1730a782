using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Contracts.Events.V1;
using Union.Shared.Persistence;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>The life cycle's events: in the outbox with the change, of the right type, with ids and the organisation path only.</summary>
public class LifecycleEventTests(SqliteLifecycle host) : IClassFixture<SqliteLifecycle>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<List<OutboxMessage>> OutboxAsync() => host.WithDatabaseAsync(db => db.OutboxMessages.OrderBy(m => m.Id).ToListAsync());

    private static T Parse<T>(OutboxMessage message) where T : IMessage<T>, new() =>
        new MessageParser<T>(() => new T()).WithDiscardUnknownFields(false).ParseJson(message.Payload);

    [Fact]
    public async Task A_file_archived_and_phased_out_raises_its_events_in_order_without_personal_data()
    {
        var idNumber = Households.NewIdNumber();
        var phaseOut = await _driver.ToPhaseOutAsync(idNumber);

        var outbox = await OutboxAsync();
        Assert.Equal(
        [
            "union.events.v1.HouseholdRegistered", "union.events.v1.ComparisonRequested", "union.events.v1.HouseholdCategoryChanged",
            "union.events.v1.HouseholdArchived", "union.events.v1.HouseholdPhaseOutStarted",
        ], outbox.Select(m => m.EventType));
        Assert.All(outbox, m =>
        {
            Assert.Equal(LifecycleDriver.County, m.OrganisationPath);
            Assert.Contains(phaseOut.HouseholdId, m.Payload);
            Assert.DoesNotContain(idNumber, m.Payload);
            Assert.DoesNotContain(phaseOut.HeadIdNumberMasked, m.Payload);
            Assert.DoesNotContain(phaseOut.HeadName, m.Payload);
            Assert.DoesNotContain(phaseOut.HeadPhoneMasked, m.Payload);
        });

        var category = Parse<HouseholdCategoryChanged>(outbox[2]);
        Assert.Equal(("UNSPECIFIED", "DEEP", "CATEGORY_SET"), (category.PreviousCategory, category.Category, category.ArchiveStatus));
        var archived = Parse<HouseholdArchived>(outbox[3]);
        Assert.Equal(("DEEP", "ACTIVE"), (archived.Category, archived.ArchiveStatus));
        var started = Parse<HouseholdPhaseOutStarted>(outbox[4]);
        Assert.Equal(("2026-12-15", "PHASE_OUT"), (started.PhaseOutEndsOn, started.ArchiveStatus));
        Assert.Equal(LifecycleDriver.County, started.Header.OrganisationPath);
        Assert.True(Guid.TryParse(started.Header.EventId, out _));
    }

    [Fact]
    public async Task Events_are_stamped_with_the_hosts_clock_not_the_system_time()
    {
        // Evaluation counts with the day a household was archived or visited: under a moved clock
        // (a test, or a year walked on make run) that day is the clock's, not the machine's.
        await _driver.ToPhaseOutAsync(Households.NewIdNumber());

        var expected = host.Clock.GetUtcNow().UtcDateTime;
        var outbox = await OutboxAsync();
        Assert.NotEmpty(outbox);
        Assert.All(outbox, m =>
        {
            Assert.Equal(expected, m.OccurredAt, TimeSpan.FromSeconds(1));
            Assert.Equal(expected, System.Text.Json.JsonDocument.Parse(m.Payload).RootElement.GetProperty("header").GetProperty("occurredAt").GetDateTime().ToUniversalTime(), TimeSpan.FromSeconds(1));
        });
    }

    [Fact]
    public async Task Closing_and_reopening_files_raise_exited_de_archived_cancelled_and_relapsed()
    {
        var exited = await _driver.ToExitedAsync();
        var deArchived = await _driver.ToAsync(ArchiveStatus.DeArchived);
        var cancelled = await _driver.ToAsync(ArchiveStatus.Cancelled);
        await _driver.Staff.RelapseAsync(new TransitionRequest { HouseholdId = exited.HouseholdId, Reason = "再次致困" });

        var outbox = await OutboxAsync();
        OutboxMessage Last(string type, string id) => outbox.Last(m => m.EventType == $"union.events.v1.{type}" && m.Payload.Contains(id));
        Assert.Equal("EXITED", Parse<HouseholdExited>(Last("HouseholdExited", exited.HouseholdId)).ArchiveStatus);
        Assert.Equal("DE_ARCHIVED", Parse<HouseholdDeArchived>(Last("HouseholdDeArchived", deArchived.HouseholdId)).ArchiveStatus);
        var cancel = Parse<HouseholdCancelled>(Last("HouseholdCancelled", cancelled.HouseholdId));
        Assert.Equal(("RETIRED", "CANCELLED"), (cancel.CancelReason, cancel.ArchiveStatus));
        Assert.Equal("APPLIED", Parse<HouseholdRelapsed>(Last("HouseholdRelapsed", exited.HouseholdId)).ArchiveStatus);
        Assert.All(outbox, m => Assert.DoesNotContain("张德明", m.Payload));
    }

    [Fact]
    public async Task A_refused_transition_queues_no_event()
    {
        var applied = await _driver.ToAsync(ArchiveStatus.Applied);
        var before = (await OutboxAsync()).Count;
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => _driver.Staff.ArchiveAsync(new TransitionRequest { HouseholdId = applied.HouseholdId }).ResponseAsync);
        Assert.Equal(before, (await OutboxAsync()).Count);
    }

    [Fact]
    public async Task Every_transition_is_audited_with_the_requests_reason_and_the_header_beside_it()
    {
        var draft = await _driver.CreateAsync();
        var headers = new Metadata { { "x-reason", "header-note" }, { "x-correlation-id", "corr-lifecycle-1" } };
        await _driver.Staff.SubmitApplicationAsync(new TransitionRequest { HouseholdId = draft.HouseholdId, Reason = "窗口受理" }, headers);

        var audit = await host.WithDatabaseAsync(db => db.AuditEntries
            .Where(a => a.EntityId == draft.HouseholdId && a.Action == "Modified").ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal("窗口受理 | x-reason: header-note", entry.Reason);
        Assert.Equal("corr-lifecycle-1", entry.CorrelationId);
        Assert.Contains("Status", entry.Changes);
        Assert.Equal("窗口受理", (await _driver.RowAsync(draft.HouseholdId)).Transitions.Single(t => t.Action == "SUBMIT").Reason);
    }

    [Fact]
    public async Task The_x_reason_header_never_becomes_a_transitions_reason()
    {
        var draft = await _driver.CreateAsync();
        await _driver.Staff.SubmitApplicationAsync(new TransitionRequest { HouseholdId = draft.HouseholdId }, new Metadata { { "x-reason", "header-note" } });

        Assert.Null((await _driver.RowAsync(draft.HouseholdId)).Transitions.Single(t => t.Action == "SUBMIT").Reason);
    }
}
