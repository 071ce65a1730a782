using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Shared.Persistence;
using Union.Testing;
using DomainCategory = Union.Archives.Domain.HardshipCategory;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;

namespace Union.Archives.Tests;

/// <summary>On SQLite; <see cref="PostgresMonitoringListTests"/> runs the same on PostgreSQL (date comparisons, grouping, paging).</summary>
public class MonitoringListTests(SqliteMonitoring host) : MonitoringListTestsBase(host), IClassFixture<SqliteMonitoring>;

public class PostgresMonitoringListTests(PostgresMonitoring host) : MonitoringListTestsBase(host), IClassFixture<PostgresMonitoring>;

public abstract class MonitoringListTestsBase(MonitoringHost host) : IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";
    private const string City = "51/5115";

    private ArchiveMonitoring.ArchiveMonitoringClient Monitoring(string org, string role = "caseworker") => new(host.As(org, role));

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    private static List<string> Ids(ListHouseholdsResponse response) => response.Households.Select(h => h.HouseholdId).ToList();

    [Fact]
    public async Task Before_the_spring_campaign_a_visit_is_overdue_only_past_its_due_date()
    {
        host.SetDate(D(2, 10));
        var pastDue = await host.OnRecordAsync(CountyA, lastVisitedOn: D(9, 20, 2025), nextVisitDueOn: D(2, 1));
        var notYetDue = await host.OnRecordAsync(CountyA, lastVisitedOn: D(10, 5, 2025), nextVisitDueOn: D(3, 1));
        var phaseOutPastDue = await host.OnRecordAsync(CountyA, lastVisitedOn: D(9, 20, 2025), nextVisitDueOn: D(1, 15),
            status: DomainStatus.PhaseOut, phaseOutEndsOn: D(5, 31));
        await host.OnRecordAsync(CountyA, nextVisitDueOn: D(1, 15), status: DomainStatus.Applied);
        await host.OnRecordAsync(CountyA, nextVisitDueOn: D(1, 15), status: DomainStatus.Exited);

        var overdue = await Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest());

        Assert.Equal([phaseOutPastDue, pastDue], Ids(overdue));
        Assert.DoesNotContain(notYetDue, Ids(overdue));
        Assert.Equal(2, overdue.Page.TotalSize);
    }

    [Fact]
    public async Task Once_a_campaign_has_begun_every_file_on_record_not_visited_since_its_start_is_overdue()
    {
        host.SetDate(D(3, 5));
        var visitedInCampaign = await host.OnRecordAsync(CountyA, lastVisitedOn: D(3, 2), nextVisitDueOn: D(9, 1));
        var visitedBefore = await host.OnRecordAsync(CountyA, lastVisitedOn: D(1, 20), nextVisitDueOn: D(6, 1));
        var neverVisited = await host.OnRecordAsync(CountyA);

        var overdue = Ids(await Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest()));

        Assert.Contains(visitedBefore, overdue);
        Assert.Contains(neverVisited, overdue);
        Assert.DoesNotContain(visitedInCampaign, overdue);
    }

    [Fact]
    public async Task A_visit_recorded_in_the_campaign_takes_the_file_off_the_overdue_list()
    {
        host.SetDate(D(4, 10));
        var id = await host.OnRecordAsync(CountyA, lastVisitedOn: D(10, 1, 2025), nextVisitDueOn: D(3, 1));
        Assert.Contains(id, Ids(await Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest())));

        await new HomeVisits.HomeVisitsClient(host.As(CountyA, "caseworker")).RecordVisitAsync(new RecordVisitRequest
        {
            HouseholdId = id, VisitedOn = "2026-04-09", Kind = VisitKind.SpringCampaign, Visitors = { "李华" },
        });

        Assert.DoesNotContain(id, Ids(await Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest())));
        // After the autumn update begins it is due again: next due 1 September, not visited since.
        host.SetDate(D(9, 2));
        Assert.Contains(id, Ids(await Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest())));
    }

    [Fact]
    public async Task Files_not_changed_for_180_days_are_stale_unless_closed()
    {
        var stale = await host.OnRecordAsync(CountyA);
        await host.SetUpdatedAtAsync(stale, MonitoringHost.DefaultNow.AddDays(-200));
        var staleDraft = await host.OpenAsync(CountyA);
        await host.SetUpdatedAtAsync(staleDraft, MonitoringHost.DefaultNow.AddDays(-181));
        var fresh = await host.OnRecordAsync(CountyA);
        await host.SetUpdatedAtAsync(fresh, MonitoringHost.DefaultNow.AddDays(-179));
        var closed = await host.OnRecordAsync(CountyA, status: DomainStatus.Exited);
        await host.SetUpdatedAtAsync(closed, MonitoringHost.DefaultNow.AddDays(-400));

        var list = Ids(await Monitoring(CountyA).ListStaleFilesAsync(new MonitoringListRequest()));
        Assert.Equal([stale, staleDraft], list);

        var longer = Ids(await Monitoring(CountyA).ListStaleFilesAsync(new MonitoringListRequest { Days = 190 }));
        Assert.Equal([stale], longer);
    }

    [Fact]
    public async Task Phase_outs_ending_within_30_days_are_listed_with_those_already_past()
    {
        // Today is 15 June 2026.
        var past = await host.OnRecordAsync(CountyA, DomainCategory.Deep, status: DomainStatus.PhaseOut, phaseOutEndsOn: D(6, 10));
        var soon = await host.OnRecordAsync(CountyA, DomainCategory.Deep, status: DomainStatus.PhaseOut, phaseOutEndsOn: D(7, 15));
        var later = await host.OnRecordAsync(CountyA, DomainCategory.Deep, status: DomainStatus.PhaseOut, phaseOutEndsOn: D(7, 16));
        await host.OnRecordAsync(CountyA, DomainCategory.Deep, phaseOutEndsOn: D(6, 20));

        Assert.Equal([past, soon], Ids(await Monitoring(CountyA).ListPhaseOutsEndingAsync(new MonitoringListRequest())));
        Assert.Equal([past, soon, later], Ids(await Monitoring(CountyA).ListPhaseOutsEndingAsync(new MonitoringListRequest { Days = 31 })));
    }

    [Fact]
    public async Task Flags_are_set_with_a_reason_listed_and_cleared()
    {
        var id = await host.OnRecordAsync(CountyA);
        var exited = await host.OnRecordAsync(CountyA, status: DomainStatus.Exited);
        await host.OnRecordAsync(CountyA);

        var flagged = await Monitoring(CountyA).SetMonitoringFlagsAsync(new SetMonitoringFlagsRequest
        {
            HouseholdId = id, Marginal = true, RecordsMismatch = true, Reason = "纸质档案收入与系统不一致",
        });
        Assert.True(flagged.Marginal);
        Assert.True(flagged.RecordsMismatch);
        Assert.False(flagged.Unstable);
        // An exited household is the one watched as unstable (脱困不稳定户).
        await Monitoring(CountyA).SetMonitoringFlagsAsync(new SetMonitoringFlagsRequest { HouseholdId = exited, Unstable = true, Reason = "脱困后收入不稳定" });

        var listed = Ids(await Monitoring(CountyA).ListFlaggedAsync(new MonitoringListRequest()));
        Assert.Equal(new[] { exited, id }.Order(), listed.Order());
        var audit = await host.WithDatabaseAsync(db => db.Set<AuditEntry>()
            .Where(a => a.EntityType == "Household" && a.EntityId == id && a.Action == "Modified").ToListAsync());
        Assert.Contains(audit, a => a.Reason == "纸质档案收入与系统不一致" && a.Changes!.Contains("Marginal"));

        var cleared = await Monitoring(CountyA).SetMonitoringFlagsAsync(new SetMonitoringFlagsRequest { HouseholdId = id, Reason = "复核一致" });
        Assert.False(cleared.Marginal || cleared.RecordsMismatch);
        Assert.Equal([exited], Ids(await Monitoring(CountyA).ListFlaggedAsync(new MonitoringListRequest())));
        var read = await new HouseholdArchives.HouseholdArchivesClient(host.As(CountyA, "caseworker"))
            .GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id });
        Assert.False(read.Marginal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Flags_without_a_reason_are_refused_and_change_nothing(string reason)
    {
        var id = await host.OnRecordAsync(CountyA);
        var before = await host.RowCountsAsync();

        await RpcAssert.InvalidArgument(() => Monitoring(CountyA).SetMonitoringFlagsAsync(
            new SetMonitoringFlagsRequest { HouseholdId = id, Unstable = true, Reason = reason }).ResponseAsync, "reason");

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("worker")]
    public async Task Only_caseworkers_and_reviewers_set_flags(string role)
    {
        var id = await host.OnRecordAsync(CountyA);
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => Monitoring(CountyA, role).SetMonitoringFlagsAsync(
            new SetMonitoringFlagsRequest { HouseholdId = id, Unstable = true, Reason = "x" }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
    }

    [Fact]
    public async Task A_neighbouring_county_can_neither_flag_nor_list_the_file_and_the_city_sees_both_counties()
    {
        var a = await host.OnRecordAsync(CountyA, nextVisitDueOn: D(5, 1), lastVisitedOn: D(3, 3));
        var b = await host.OnRecordAsync(CountyB, nextVisitDueOn: D(5, 2), lastVisitedOn: D(3, 3));

        var e = await RpcAssert.Fails(StatusCode.NotFound, () => Monitoring(CountyB).SetMonitoringFlagsAsync(
            new SetMonitoringFlagsRequest { HouseholdId = a, Unstable = true, Reason = "x" }).ResponseAsync);
        Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
        Assert.Equal([b], Ids(await Monitoring(CountyB).ListOverdueVisitsAsync(new MonitoringListRequest())));
        Assert.Equal([a], Ids(await Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest())));
        Assert.Equal([a, b], Ids(await Monitoring(City).ListOverdueVisitsAsync(new MonitoringListRequest())));
        Assert.Equal([b], Ids(await Monitoring(City).ListOverdueVisitsAsync(new MonitoringListRequest { OrganisationPath = CountyB })));

        var outside = await RpcAssert.Fails(StatusCode.NotFound,
            () => Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest { OrganisationPath = CountyB }).ResponseAsync);
        Assert.Equal("ORGANISATION_NOT_FOUND", outside.Code());
    }

    [Fact]
    public async Task A_worker_sees_no_monitoring_list()
    {
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => Monitoring(CountyA, "worker").ListFlaggedAsync(new MonitoringListRequest()).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => Monitoring(CountyA, "worker").GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest()).ResponseAsync);
    }

    [Fact]
    public async Task Lists_are_paged_with_an_opaque_token_and_the_total()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await host.OnRecordAsync(CountyA, nextVisitDueOn: D(5, 1 + i), lastVisitedOn: D(3, 3)));

        var first = await Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest { Page = new PageRequest { PageSize = 2 } });
        Assert.Equal(ids[..2], Ids(first));
        Assert.Equal(5, first.Page.TotalSize);
        var second = await Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest { Page = new PageRequest { PageSize = 2, PageToken = first.Page.NextPageToken } });
        Assert.Equal(ids[2..4], Ids(second));
        var third = await Monitoring(CountyA).ListOverdueVisitsAsync(new MonitoringListRequest { Page = new PageRequest { PageSize = 2, PageToken = second.Page.NextPageToken } });
        Assert.Equal(ids[4..], Ids(third));
        Assert.Equal("", third.Page.NextPageToken);

        // A token belongs to its own list.
        await RpcAssert.InvalidArgument(() => Monitoring(CountyA).ListStaleFilesAsync(
            new MonitoringListRequest { Page = new PageRequest { PageToken = first.Page.NextPageToken } }).ResponseAsync, "page.page_token");
    }

    public static TheoryData<string, MonitoringListRequest> BadListRequests => new()
    {
        { "page.page_size", new MonitoringListRequest { Page = new PageRequest { PageSize = -1 } } },
        { "page.page_token", new MonitoringListRequest { Page = new PageRequest { PageToken = "not-a-token" } } },
        { "organisation_path", new MonitoringListRequest { OrganisationPath = "51//5115" } },
        { "days", new MonitoringListRequest { Days = -5 } },
    };

    [Theory]
    [MemberData(nameof(BadListRequests))]
    public async Task Bad_list_requests_are_refused_with_a_field_violation(string field, MonitoringListRequest request) =>
        await RpcAssert.InvalidArgument(() => Monitoring(CountyA).ListStaleFilesAsync(request).ResponseAsync, field);
}
