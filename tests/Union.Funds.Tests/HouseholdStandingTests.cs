using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>The household standing read model, fed by HouseholdRegistered through the in-memory bus.</summary>
public sealed class HouseholdStandingTests(FundsHost host) : IClassFixture<FundsHost>, IAsyncLifetime
{
    private const string Province = "51";
    private const string Yibin = "51/5115";
    private const string Cuiping = "51/5115/511502";
    private const string Chengdu = "51/5101";
    private static readonly DateTime T0 = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static HouseholdRegistered Registered(Guid household, string status, DateTime occurredAt, string path = Cuiping, Guid? eventId = null) => new()
    {
        Header = new EventHeader
        {
            EventId = (eventId ?? Guid.NewGuid()).ToString(),
            OccurredAt = Timestamp.FromDateTime(occurredAt),
            OrganisationPath = path,
            CorrelationId = "test-correlation",
        },
        HouseholdId = household.ToString(),
        ArchiveStatus = status,
    };

    private Task PublishAsync(HouseholdRegistered e) => host.Services.GetRequiredService<IBus>().Publish(e);

    private GetHouseholdStandingRequest For(Guid household) => new() { HouseholdId = household.ToString() };

    /// <summary>Waits until the standing shows the given number of applied events.</summary>
    private Task<HouseholdStanding> StandingAsync(Guid household, int changes, string asOrganisation = Province) =>
        Eventually.ReturnsAsync(async () =>
        {
            try
            {
                var s = await host.Client(asOrganisation, Roles.Finance).GetHouseholdStandingAsync(For(household));
                return s.Changes.Count >= changes ? s : null;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
        });

    [Fact]
    public async Task A_registered_household_appears_in_its_standing()
    {
        var household = Guid.NewGuid();
        var registered = Registered(household, "DRAFT", T0);
        var published = DateTime.UtcNow;

        await PublishAsync(registered);
        var standing = await StandingAsync(household, 1, asOrganisation: Cuiping);

        Assert.Equal(household.ToString(), standing.HouseholdId);
        Assert.Equal(Cuiping, standing.Owner.Path);
        Assert.Equal("511502", standing.Owner.Code);
        Assert.Equal("DRAFT", standing.ArchiveStatus);
        Assert.False(standing.Payable);
        var change = Assert.Single(standing.Changes);
        Assert.Equal(registered.Header.EventId, change.EventId);
        Assert.Equal("union.events.v1.HouseholdRegistered", change.EventType);
        Assert.Equal("DRAFT", change.ArchiveStatus);
        Assert.Equal(T0, change.OccurredAt.ToDateTime());
        // Applied by this host's consumer, after the test published it (the host runs on the system clock).
        Assert.InRange(change.AppliedAt.ToDateTime(), published.AddSeconds(-1), DateTime.UtcNow);
    }

    [Fact]
    public async Task A_household_becomes_payable_only_when_its_archive_is_active()
    {
        var household = Guid.NewGuid();

        await PublishAsync(Registered(household, "APPLIED", T0));
        Assert.False((await StandingAsync(household, 1)).Payable);

        await PublishAsync(Registered(household, "ACTIVE", T0.AddDays(30)));
        var active = await StandingAsync(household, 2);
        Assert.True(active.Payable);
        Assert.Equal("ACTIVE", active.ArchiveStatus);

        await PublishAsync(Registered(household, "EXITED", T0.AddDays(400)));
        var exited = await StandingAsync(household, 3);
        Assert.False(exited.Payable);
        Assert.Equal(["APPLIED", "ACTIVE", "EXITED"], exited.Changes.Select(c => c.ArchiveStatus));
    }

    [Fact]
    public async Task A_late_event_is_listed_in_order_and_does_not_undo_a_newer_status()
    {
        var household = Guid.NewGuid();

        await PublishAsync(Registered(household, "ACTIVE", T0.AddDays(30)));
        await StandingAsync(household, 1);
        await PublishAsync(Registered(household, "DRAFT", T0));
        var standing = await StandingAsync(household, 2);

        Assert.Equal("ACTIVE", standing.ArchiveStatus);
        Assert.True(standing.Payable);
        Assert.Equal(["DRAFT", "ACTIVE"], standing.Changes.Select(c => c.ArchiveStatus));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_leaves_exactly_one_history_row()
    {
        var household = Guid.NewGuid();
        var registered = Registered(household, "DRAFT", T0);
        var consumed = new ConsumedEvents();
        using var _ = host.Services.GetRequiredService<IBus>().ConnectConsumeObserver(consumed);

        await PublishAsync(registered);
        await StandingAsync(household, 1);
        // A redelivery: the same event id, e.g. the outbox publishing again after a crash.
        await PublishAsync(Registered(household, "ACTIVE", T0.AddDays(1), eventId: Guid.Parse(registered.Header.EventId)));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(consumed.Count(registered.Header.EventId) >= 2)));

        var standing = await host.Client(Province, Roles.Finance).GetHouseholdStandingAsync(For(household));
        Assert.Equal("DRAFT", Assert.Single(standing.Changes).ArchiveStatus);
        Assert.Equal("DRAFT", standing.ArchiveStatus);
        var (history, inbox) = await host.WithDatabaseAsync(async db => (
            await db.Set<Domain.StandingChange>().CountAsync(c => c.HouseholdId == household),
            await db.InboxMessages.CountAsync(m => m.EventId == Guid.Parse(registered.Header.EventId))));
        Assert.Equal(1, history);
        Assert.Equal(1, inbox);
    }

    [Fact]
    public async Task The_owner_and_its_parents_see_the_standing_and_others_answer_not_found()
    {
        var household = Guid.NewGuid();
        await PublishAsync(Registered(household, "ACTIVE", T0));
        await StandingAsync(household, 1);

        foreach (var seer in new[] { Province, Yibin, Cuiping })
        {
            var s = await host.Client(seer, Roles.Caseworker).GetHouseholdStandingAsync(For(household));
            Assert.Equal(household.ToString(), s.HouseholdId);
        }
        foreach (var stranger in new[] { Chengdu, "51/5101/510104", Cuiping + "/01" })
        {
            var e = await RpcAssert.Fails(StatusCode.NotFound,
                () => host.Client(stranger, Roles.Finance).GetHouseholdStandingAsync(For(household)).ResponseAsync);
            Assert.Equal("HOUSEHOLD_STANDING_NOT_FOUND", e.Code());
        }
    }

    [Fact]
    public async Task An_unknown_household_answers_not_found()
    {
        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(Province, Roles.Finance).GetHouseholdStandingAsync(For(Guid.NewGuid())).ResponseAsync);

        Assert.Equal("HOUSEHOLD_STANDING_NOT_FOUND", e.Code());
    }

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    public async Task A_missing_or_malformed_household_id_is_invalid_argument(string id)
    {
        await RpcAssert.InvalidArgument(
            () => host.Client(Province, Roles.Finance).GetHouseholdStandingAsync(new GetHouseholdStandingRequest { HouseholdId = id }).ResponseAsync,
            "household_id");
    }

    [Fact]
    public async Task A_worker_is_refused()
    {
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Client(Cuiping, Roles.Worker).GetHouseholdStandingAsync(For(Guid.NewGuid())).ResponseAsync);

        Assert.Equal("ROLE_REQUIRED", e.Code());
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
