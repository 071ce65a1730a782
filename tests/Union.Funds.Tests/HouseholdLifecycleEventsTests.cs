using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>The funds host with a wall clock the test sets: whether a phase-out is payable depends on today's date.</summary>
public sealed class ClockedFundsHost : FundsHost
{
    /// <summary>Beijing noon of 1 March 2025 unless a test moves it.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(8));

    public TestClock Clock { get; } = new(DefaultNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// The archives' life-cycle events (archived, phase-out, exit, de-archive, cancel, relapse) move the
/// household standing, and with it what funds may pay (DESIGN §3 funds; 004_f7c3dcaac4584c61.txt).
/// </summary>
public sealed class HouseholdLifecycleEventsTests(ClockedFundsHost host) : IClassFixture<ClockedFundsHost>, IAsyncLifetime
{
    private const string Province = "51";
    private const string Cuiping = "51/5115/511502";
    private static readonly DateTime T0 = new(2025, 1, 10, 2, 0, 0, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        await host.ResetAsync();
        host.Clock.Set(ClockedFundsHost.DefaultNow);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static EventHeader Header(DateTime occurredAt, Guid? eventId = null) => new()
    {
        EventId = (eventId ?? Guid.NewGuid()).ToString(),
        OccurredAt = Timestamp.FromDateTime(occurredAt),
        OrganisationPath = Cuiping,
        CorrelationId = "test-correlation",
    };

    private static HouseholdArchived Archived(Guid h, DateTime at, Guid? id = null) =>
        new() { Header = Header(at, id), HouseholdId = h.ToString(), Category = "DEEP", ArchiveStatus = "ACTIVE" };

    private static HouseholdPhaseOutStarted PhaseOut(Guid h, DateTime at, string endsOn) =>
        new() { Header = Header(at), HouseholdId = h.ToString(), PhaseOutEndsOn = endsOn, ArchiveStatus = "PHASE_OUT" };

    private static HouseholdExited Exited(Guid h, DateTime at, Guid? id = null) =>
        new() { Header = Header(at, id), HouseholdId = h.ToString(), ArchiveStatus = "EXITED" };

    private static HouseholdDeArchived DeArchived(Guid h, DateTime at) =>
        new() { Header = Header(at), HouseholdId = h.ToString(), ArchiveStatus = "DE_ARCHIVED" };

    private static HouseholdCancelled Cancelled(Guid h, DateTime at) =>
        new() { Header = Header(at), HouseholdId = h.ToString(), CancelReason = "RETIRED", ArchiveStatus = "CANCELLED" };

    private static HouseholdRelapsed Relapsed(Guid h, DateTime at) =>
        new() { Header = Header(at), HouseholdId = h.ToString(), ArchiveStatus = "APPLIED" };

    private Task PublishAsync<T>(T e) where T : class, IIntegrationEvent => host.Services.GetRequiredService<IBus>().Publish(e);

    private Task<HouseholdStanding> ReadAsync(Guid household) =>
        host.Client(Province, Roles.Finance).GetHouseholdStandingAsync(new GetHouseholdStandingRequest { HouseholdId = household.ToString() }).ResponseAsync;

    /// <summary>Waits until the standing shows the given number of applied events.</summary>
    private Task<HouseholdStanding> StandingAsync(Guid household, int changes) =>
        Eventually.ReturnsAsync(async () =>
        {
            try
            {
                var s = await ReadAsync(household);
                return s.Changes.Count >= changes ? s : null;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
        });

    [Fact]
    public async Task An_archived_household_is_payable()
    {
        var household = Guid.NewGuid();

        await PublishAsync(Archived(household, T0));
        var standing = await StandingAsync(household, 1);

        Assert.Equal("ACTIVE", standing.ArchiveStatus);
        Assert.True(standing.Payable);
        Assert.Equal("union.events.v1.HouseholdArchived", Assert.Single(standing.Changes).EventType);
    }

    public static TheoryData<string, string, string> ClosingEvents => new()
    {
        { "exit", "EXITED", "union.events.v1.HouseholdExited" },
        { "de-archive", "DE_ARCHIVED", "union.events.v1.HouseholdDeArchived" },
        { "cancel", "CANCELLED", "union.events.v1.HouseholdCancelled" },
        { "relapse", "APPLIED", "union.events.v1.HouseholdRelapsed" },
    };

    [Theory]
    [MemberData(nameof(ClosingEvents))]
    public async Task Exit_de_archive_cancel_and_relapse_make_an_archived_household_unpayable(string kind, string status, string eventType)
    {
        var household = Guid.NewGuid();
        await PublishAsync(Archived(household, T0));
        Assert.True((await StandingAsync(household, 1)).Payable);

        var later = T0.AddDays(90);
        await (kind switch
        {
            "exit" => PublishAsync(Exited(household, later)),
            "de-archive" => PublishAsync(DeArchived(household, later)),
            "cancel" => PublishAsync(Cancelled(household, later)),
            _ => PublishAsync(Relapsed(household, later)),
        });
        var standing = await StandingAsync(household, 2);

        Assert.Equal(status, standing.ArchiveStatus);
        Assert.False(standing.Payable);
        Assert.Equal(["ACTIVE", status], standing.Changes.Select(c => c.ArchiveStatus));
        Assert.Equal(eventType, standing.Changes[1].EventType);
    }

    [Fact]
    public async Task A_phase_out_is_payable_on_its_last_day_and_not_the_next_without_another_event()
    {
        var household = Guid.NewGuid();
        await PublishAsync(Archived(household, T0));
        await StandingAsync(household, 1);
        await PublishAsync(PhaseOut(household, T0.AddDays(30), "2025-08-09"));
        await StandingAsync(household, 2);

        host.Clock.Set(new DateTimeOffset(2025, 8, 9, 23, 59, 0, TimeSpan.FromHours(8)));
        var lastDay = await ReadAsync(household);
        Assert.Equal("PHASE_OUT", lastDay.ArchiveStatus);
        Assert.True(lastDay.Payable);

        // 16:30 UTC on 9 August is already 10 August in Beijing.
        host.Clock.Set(new DateTimeOffset(2025, 8, 9, 16, 30, 0, TimeSpan.Zero));
        var dayAfter = await ReadAsync(household);
        Assert.Equal("PHASE_OUT", dayAfter.ArchiveStatus);
        Assert.False(dayAfter.Payable);
        Assert.Equal(2, dayAfter.Changes.Count);

        var stored = await host.WithDatabaseAsync(db => db.Set<Domain.HouseholdStanding>().SingleAsync(s => s.HouseholdId == household));
        Assert.Equal(new DateOnly(2025, 8, 9), stored.PhaseOutEndsOn);
    }

    [Fact]
    public async Task Exit_after_a_phase_out_forgets_the_phase_out_end()
    {
        var household = Guid.NewGuid();
        await PublishAsync(PhaseOut(household, T0, "2025-08-09"));
        await StandingAsync(household, 1);
        await PublishAsync(Exited(household, T0.AddDays(180)));
        var standing = await StandingAsync(household, 2);

        Assert.False(standing.Payable);
        var stored = await host.WithDatabaseAsync(db => db.Set<Domain.HouseholdStanding>().SingleAsync(s => s.HouseholdId == household));
        Assert.Null(stored.PhaseOutEndsOn);
    }

    [Fact]
    public async Task A_relapse_then_a_new_archive_makes_the_household_payable_again_with_the_history_kept()
    {
        var household = Guid.NewGuid();
        await PublishAsync(Archived(household, T0));
        await StandingAsync(household, 1);
        await PublishAsync(Exited(household, T0.AddDays(100)));
        await StandingAsync(household, 2);
        await PublishAsync(Relapsed(household, T0.AddDays(200)));
        Assert.False((await StandingAsync(household, 3)).Payable);

        await PublishAsync(Archived(household, T0.AddDays(260)));
        var standing = await StandingAsync(household, 4);

        Assert.True(standing.Payable);
        Assert.Equal(["ACTIVE", "EXITED", "APPLIED", "ACTIVE"], standing.Changes.Select(c => c.ArchiveStatus));
    }

    [Fact]
    public async Task A_late_archived_event_is_kept_in_the_history_but_does_not_undo_a_newer_exit()
    {
        var household = Guid.NewGuid();

        await PublishAsync(Exited(household, T0.AddDays(300)));
        await StandingAsync(household, 1);
        await PublishAsync(Archived(household, T0));
        var standing = await StandingAsync(household, 2);

        Assert.Equal("EXITED", standing.ArchiveStatus);
        Assert.False(standing.Payable);
        Assert.Equal(["ACTIVE", "EXITED"], standing.Changes.Select(c => c.ArchiveStatus));
    }

    [Fact]
    public async Task A_redelivered_exit_changes_nothing()
    {
        var household = Guid.NewGuid();
        var exitId = Guid.NewGuid();
        var consumed = new ConsumedEvents();
        using var _ = host.Services.GetRequiredService<IBus>().ConnectConsumeObserver(consumed);
        await PublishAsync(Archived(household, T0));
        await StandingAsync(household, 1);
        await PublishAsync(Exited(household, T0.AddDays(100), exitId));
        await StandingAsync(household, 2);

        // The same exit again, as the outbox would resend it after a crash; a later occurred_at must not matter.
        await PublishAsync(Exited(household, T0.AddDays(150), exitId));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(consumed.Count(exitId.ToString()) >= 2)));

        var standing = await ReadAsync(household);
        Assert.Equal(2, standing.Changes.Count);
        Assert.Equal(T0.AddDays(100), standing.Changes[1].OccurredAt.ToDateTime());
        var inbox = await host.WithDatabaseAsync(db => db.InboxMessages.CountAsync(m => m.EventId == exitId));
        Assert.Equal(1, inbox);
    }

    /// <summary>Counts completed consumptions per event id, so a test knows a redelivery was handled.</summary>
    private sealed class ConsumedEvents : IConsumeObserver
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public int Count(string eventId) => _counts.GetValueOrDefault(eventId);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is IIntegrationEvent e) _counts.AddOrUpdate(e.Header.EventId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
