using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Shared.Auth;

namespace Union.Funds.Tests;

/// <summary>
/// The household standing when two events of one household are handled at once (two replicas, or
/// two consumers of one replica) or arrive out of order, on the real PostgreSQL server: the later
/// event in the file's history wins, by the household version archives stamps.
/// </summary>
public sealed class HouseholdStandingRaceTests(PostgresFundsHost host) : IClassFixture<PostgresFundsHost>, IAsyncLifetime
{
    private const string Province = "51";
    private const string Cuiping = "51/5115/511502";
    private static readonly DateTime T0 = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static EventHeader Header(DateTime occurredAt) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        OccurredAt = Timestamp.FromDateTime(occurredAt),
        OrganisationPath = Cuiping,
        CorrelationId = "test-correlation",
    };

    private static HouseholdRegistered Registered(Guid household) =>
        new() { Header = Header(T0), HouseholdId = household.ToString(), ArchiveStatus = "DRAFT", HouseholdVersion = 0 };

    private static HouseholdArchived Archived(Guid household, long version, DateTime at) =>
        new() { Header = Header(at), HouseholdId = household.ToString(), Category = "RELATIVE", ArchiveStatus = "ACTIVE", HouseholdVersion = version };

    private static HouseholdExited Exited(Guid household, long version, DateTime at) =>
        new() { Header = Header(at), HouseholdId = household.ToString(), ArchiveStatus = "EXITED", HouseholdVersion = version };

    private Task PublishAsync<T>(T e) where T : class, IIntegrationEvent => host.Services.GetRequiredService<IBus>().Publish(e);

    /// <summary>Waits until the standing shows the given number of applied events.</summary>
    private Task<HouseholdStanding> StandingAsync(Guid household, int changes) =>
        Eventually.ReturnsAsync(async () =>
        {
            try
            {
                var s = await host.Client(Province, Roles.Finance).GetHouseholdStandingAsync(new GetHouseholdStandingRequest { HouseholdId = household.ToString() });
                return s.Changes.Count >= changes ? s : null;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Archived_and_exited_handled_at_once_leave_every_household_exited_on_postgres()
    {
        // Many households, each with its "archived" and "exited" published together: the two
        // consumers' endpoints handle them at the same time, on one standing row each.
        var households = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(households.Select(h => PublishAsync(Registered(h))));
        foreach (var h in households) await StandingAsync(h, 1);

        await Task.WhenAll(households.SelectMany(h => new[]
        {
            PublishAsync(Archived(h, 5, T0.AddDays(30))),
            PublishAsync(Exited(h, 6, T0.AddDays(30).AddSeconds(1))),
        }));

        foreach (var h in households)
        {
            var standing = await StandingAsync(h, 3);
            Assert.Equal("EXITED", standing.ArchiveStatus);
            Assert.False(standing.Payable);
        }
        var versions = await host.WithDatabaseAsync(db => db.Set<Domain.HouseholdStanding>().Select(s => s.HouseholdVersion).Distinct().ToListAsync());
        Assert.Equal([6L], versions);
    }

    [Fact]
    public async Task A_standing_read_by_two_writers_at_once_keeps_the_first_save_and_refuses_the_second_on_postgres()
    {
        var household = Guid.NewGuid();
        await PublishAsync(Registered(household));
        await StandingAsync(household, 1);

        // Two consumers read the same row before either saves, as two replicas do.
        await using var first = host.Services.CreateAsyncScope();
        await using var second = host.Services.CreateAsyncScope();
        first.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("test");
        second.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("test");
        var exitedDb = first.ServiceProvider.GetRequiredService<Persistence.FundsDbContext>();
        var archivedDb = second.ServiceProvider.GetRequiredService<Persistence.FundsDbContext>();
        var exiting = await exitedDb.HouseholdStandings.Include(s => s.Changes).SingleAsync(s => s.HouseholdId == household);
        var archiving = await archivedDb.HouseholdStandings.Include(s => s.Changes).SingleAsync(s => s.HouseholdId == household);

        exiting.Apply(Guid.NewGuid(), HouseholdExited.Descriptor.FullName, Cuiping, "EXITED", T0.AddDays(31), DateTime.UtcNow, householdVersion: 6);
        await exitedDb.SaveChangesAsync();
        archiving.Apply(Guid.NewGuid(), HouseholdArchived.Descriptor.FullName, Cuiping, "ACTIVE", T0.AddDays(30), DateTime.UtcNow, householdVersion: 5);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => archivedDb.SaveChangesAsync());
        var standing = await StandingAsync(household, 2);
        Assert.Equal("EXITED", standing.ArchiveStatus);
        Assert.False(standing.Payable);
    }

    [Theory]
    // The two events stamped in the same instant (a coarse clock, or one request's events).
    [InlineData(0)]
    // "exited" stamped by an archives replica whose clock runs a minute behind the one that archived.
    [InlineData(-60)]
    public async Task Exited_delivered_before_archived_leaves_the_household_not_payable_on_postgres(int exitedClockOffsetSeconds)
    {
        var household = Guid.NewGuid();
        var archivedAt = T0.AddDays(30);
        await PublishAsync(Registered(household));
        await StandingAsync(household, 1);

        await PublishAsync(Exited(household, 6, archivedAt.AddSeconds(exitedClockOffsetSeconds)));
        await StandingAsync(household, 2);
        await PublishAsync(Archived(household, 5, archivedAt));
        var standing = await StandingAsync(household, 3);

        Assert.Equal("EXITED", standing.ArchiveStatus);
        Assert.False(standing.Payable);
        Assert.Equal(["DRAFT", "ACTIVE", "EXITED"], standing.Changes.Select(c => c.ArchiveStatus));
    }
}
