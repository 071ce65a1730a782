using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Contracts.Events.V1;
using Union.Shared.Persistence;
using Union.Testing;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;

namespace Union.Archives.Tests;

/// <summary>A recorded home visit is published (HouseholdVisited) through the outbox with the visit, ids and dates only.</summary>
public class VisitEventTests(SqliteMonitoring host) : IClassFixture<SqliteMonitoring>, IAsyncLifetime
{
    private const string County = "51/5115/511502";

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private HomeVisits.HomeVisitsClient Visits() => new(host.As(County, "caseworker"));

    private Task<List<OutboxMessage>> VisitedRowsAsync() => host.WithDatabaseAsync(db =>
        db.OutboxMessages.Where(m => m.EventType == "union.events.v1.HouseholdVisited").OrderBy(m => m.Id).ToListAsync());

    private static RecordVisitRequest Visit(string householdId) => new()
    {
        HouseholdId = householdId,
        VisitedOn = "2026-02-10",
        Kind = VisitKind.SpringCampaign,
        Visitors = { "李华", "王芳" },
        Findings = "春节入户慰问，家中老人住院",
    };

    [Fact]
    public async Task A_recorded_visit_writes_a_household_visited_row_to_the_outbox_without_personal_data()
    {
        var id = await host.OnRecordAsync(County);

        var visit = await Visits().RecordVisitAsync(Visit(id));

        var row = Assert.Single(await VisitedRowsAsync());
        Assert.Equal(County, row.OrganisationPath);
        Assert.DoesNotContain("李华", row.Payload);
        Assert.DoesNotContain("住院", row.Payload);
        var visited = new MessageParser<HouseholdVisited>(() => new HouseholdVisited()).ParseJson(row.Payload);
        Assert.Equal((visit.VisitId, id, "2026-02-10", "SPRING_CAMPAIGN"), (visited.VisitId, visited.HouseholdId, visited.VisitedOn, visited.VisitKind));
        Assert.Equal(County, visited.Header.OrganisationPath);
    }

    [Fact]
    public async Task A_refused_visit_publishes_nothing()
    {
        var id = await host.OnRecordAsync(County, status: DomainStatus.Exited);

        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Visits().RecordVisitAsync(Visit(id)).ResponseAsync);

        Assert.Empty(await VisitedRowsAsync());
    }
}
