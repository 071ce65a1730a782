using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Testing;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;

namespace Union.Archives.Tests;

public class VisitTests(SqliteMonitoring host) : IClassFixture<SqliteMonitoring>, IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";
    private const string City = "51/5115";

    private HomeVisits.HomeVisitsClient Visits(string org, string role = "caseworker") => new(host.As(org, role));
    private HouseholdArchives.HouseholdArchivesClient Files(string org) => new(host.As(org, "caseworker"));

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static RecordVisitRequest Visit(string householdId, string visitedOn = "2026-06-10") => new()
    {
        HouseholdId = householdId,
        VisitedOn = visitedOn,
        Kind = VisitKind.Routine,
        Visitors = { "李华", "王芳" },
        Findings = "家中一人住院，收入无变化",
    };

    [Fact]
    public async Task A_visit_is_recorded_and_moves_the_files_schedule()
    {
        var id = await host.OnRecordAsync(CountyA);
        var request = Visit(id);
        request.NextDueOn = "2026-08-01";
        request.HouseholdNotified = true;

        var visit = await Visits(CountyA).RecordVisitAsync(request);

        Assert.Equal(id, visit.HouseholdId);
        Assert.Equal("2026-06-10", visit.VisitedOn);
        Assert.Equal(["李华", "王芳"], visit.Visitors);
        Assert.Equal("2026-08-01", visit.NextDueOn);
        Assert.True(visit.HouseholdNotified);
        Assert.Equal("test-caseworker@" + CountyA, visit.Audit.CreatedBy);
        var file = await Files(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id });
        Assert.Equal("2026-06-10", file.LastVisitedOn);
        Assert.Equal("2026-08-01", file.NextVisitDueOn);
    }

    [Fact]
    public async Task Without_a_next_date_the_next_visit_falls_due_at_the_next_campaign()
    {
        var id = await host.OnRecordAsync(CountyA);

        var visit = await Visits(CountyA).RecordVisitAsync(Visit(id, "2026-05-20"));

        Assert.Equal("2026-09-01", visit.NextDueOn);
        var file = await Files(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id });
        Assert.Equal("2026-09-01", file.NextVisitDueOn);
    }

    [Fact]
    public async Task The_file_read_after_a_visit_is_not_served_stale_from_the_cache()
    {
        var id = await host.OnRecordAsync(CountyA);
        var before = await Files(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id });
        Assert.Equal("", before.LastVisitedOn);

        await Visits(CountyA).RecordVisitAsync(Visit(id));

        var after = await Files(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id });
        Assert.Equal("2026-06-10", after.LastVisitedOn);
    }

    [Fact]
    public async Task A_visit_entered_late_is_kept_but_does_not_move_the_schedule_back()
    {
        var id = await host.OnRecordAsync(CountyA);
        await Visits(CountyA).RecordVisitAsync(Visit(id, "2026-06-10"));
        await Visits(CountyA).RecordVisitAsync(Visit(id, "2026-03-15"));

        var file = await Files(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id });
        Assert.Equal("2026-06-10", file.LastVisitedOn);
        Assert.Equal("2026-09-01", file.NextVisitDueOn);
    }

    [Fact]
    public async Task Visits_are_listed_newest_first()
    {
        var id = await host.OnRecordAsync(CountyA);
        await Visits(CountyA).RecordVisitAsync(Visit(id, "2026-04-02"));
        await Visits(CountyA).RecordVisitAsync(Visit(id, "2026-06-01"));
        await Visits(CountyA).RecordVisitAsync(Visit(id, "2026-01-20"));

        var list = await Visits(CountyA).ListVisitsAsync(new ListVisitsRequest { HouseholdId = id });

        Assert.Equal(["2026-06-01", "2026-04-02", "2026-01-20"], list.Visits.Select(v => v.VisitedOn));
    }

    [Fact]
    public async Task Today_is_the_Beijing_day_not_the_servers()
    {
        // 00:30 on 16 June in Beijing is still 15 June in UTC.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 16, 0, 30, 0, TimeSpan.FromHours(8)));
        var id = await host.OnRecordAsync(CountyA);

        var visit = await Visits(CountyA).RecordVisitAsync(Visit(id, "2026-06-16"));
        Assert.Equal("2026-06-16", visit.VisitedOn);

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => Visits(CountyA).RecordVisitAsync(Visit(id, "2026-06-17")).ResponseAsync);
        Assert.Contains(("visited_on", "DATE_IN_FUTURE"), e.Violations());
    }

    [Theory]
    [InlineData(DomainStatus.Exited)]
    [InlineData(DomainStatus.DeArchived)]
    [InlineData(DomainStatus.Cancelled)]
    public async Task A_visit_is_refused_on_a_closed_file(DomainStatus closed)
    {
        var id = await host.OnRecordAsync(CountyA, status: closed);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Visits(CountyA).RecordVisitAsync(Visit(id)).ResponseAsync);

        Assert.Equal("HOUSEHOLD_CLOSED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    /// <summary>004_f7c3dcaac4584c61.txt §三(二): 及时将符合脱困标准的对象退档，定期跟踪回访 — households that left are visited again.</summary>
    [Theory]
    [InlineData(DomainStatus.Exited)]
    [InlineData(DomainStatus.DeArchived)]
    public async Task A_follow_up_visit_is_recorded_on_a_file_that_left_hardship(DomainStatus closed)
    {
        var id = await host.OnRecordAsync(CountyA, status: closed);
        var request = Visit(id);
        request.Kind = VisitKind.FollowUp;
        request.NextDueOn = "2026-12-10";

        var visit = await Visits(CountyA).RecordVisitAsync(request);

        Assert.Equal((VisitKind.FollowUp, "2026-06-10"), (visit.Kind, visit.VisitedOn));
        var file = await Files(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id });
        Assert.Equal((ArchiveStatus)(int)closed, file.Status);
        Assert.Equal("2026-06-10", file.LastVisitedOn);
        Assert.Equal([visit.VisitId], (await Visits(CountyA).ListVisitsAsync(new ListVisitsRequest { HouseholdId = id })).Visits.Select(v => v.VisitId));
    }

    [Fact]
    public async Task A_follow_up_visit_is_refused_on_a_cancelled_file()
    {
        var id = await host.OnRecordAsync(CountyA, status: DomainStatus.Cancelled);
        var request = Visit(id);
        request.Kind = VisitKind.FollowUp;
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Visits(CountyA).RecordVisitAsync(request).ResponseAsync);

        Assert.Equal("HOUSEHOLD_CLOSED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_draft_file_may_be_visited_before_its_initial_review()
    {
        var id = await host.OpenAsync(CountyA);
        var request = Visit(id);
        request.Kind = VisitKind.Initial;

        var visit = await Visits(CountyA).RecordVisitAsync(request);

        Assert.Equal(VisitKind.Initial, visit.Kind);
    }

    public static TheoryData<string, Action<RecordVisitRequest>> BadRequests => new()
    {
        { "household_id", r => r.HouseholdId = "not-an-id" },
        { "visited_on", r => r.VisitedOn = "" },
        { "visited_on", r => r.VisitedOn = "2026/06/10" },
        { "visited_on", r => r.VisitedOn = "2026-02-30" },
        { "visited_on", r => r.VisitedOn = "2026-06-16" },
        { "visited_on", r => r.VisitedOn = "1999-12-31" },
        { "kind", r => r.Kind = VisitKind.Unspecified },
        { "kind", r => r.Kind = (VisitKind)99 },
        { "visitors", r => r.Visitors.Clear() },
        { "visitors", r => { r.Visitors.Clear(); r.Visitors.Add("  "); } },
        { "visitors[1]", r => r.Visitors[1] = " " },
        { "visitors[0]", r => r.Visitors[0] = new string('李', 51) },
        { "visitors[0]", r => r.Visitors[0] = "李\n华" },
        { "visitors", r => r.Visitors.Add(Enumerable.Range(0, 9).Select(i => $"干部{i}")) },
        { "findings", r => r.Findings = new string('况', 2001) },
        { "next_due_on", r => r.NextDueOn = "2026-06-10" },
        { "next_due_on", r => r.NextDueOn = "2026-06-01" },
        { "next_due_on", r => r.NextDueOn = "soon" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_a_field_violation_and_changes_nothing(string field, Action<RecordVisitRequest> spoil)
    {
        var id = await host.OnRecordAsync(CountyA);
        var request = Visit(id);
        spoil(request);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => Visits(CountyA).RecordVisitAsync(request).ResponseAsync);

        Assert.Contains(field, e.ViolatedFields());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Ten_visitors_of_fifty_characters_and_findings_of_2000_are_accepted()
    {
        var id = await host.OnRecordAsync(CountyA);
        var request = Visit(id);
        request.Visitors.Clear();
        request.Visitors.Add(Enumerable.Range(0, 10).Select(i => new string('李', 49) + i));
        request.Findings = new string('况', 2000);

        var visit = await Visits(CountyA).RecordVisitAsync(request);

        Assert.Equal(10, visit.Visitors.Count);
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("approver")]
    [InlineData("worker")]
    public async Task Only_caseworkers_and_reviewers_record_visits(string role)
    {
        var id = await host.OnRecordAsync(CountyA);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => Visits(CountyA, role).RecordVisitAsync(Visit(id)).ResponseAsync);

        Assert.Equal("ROLE_REQUIRED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_reviewer_records_a_visit_and_an_auditor_reads_the_list_but_a_worker_does_not()
    {
        var id = await host.OnRecordAsync(CountyA);
        await Visits(CountyA, "reviewer").RecordVisitAsync(Visit(id));

        var list = await Visits(CountyA, "auditor").ListVisitsAsync(new ListVisitsRequest { HouseholdId = id });
        Assert.Single(list.Visits);
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => Visits(CountyA, "worker").ListVisitsAsync(new ListVisitsRequest { HouseholdId = id }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
    }

    [Fact]
    public async Task A_neighbouring_county_cannot_see_or_visit_the_file_and_the_city_can()
    {
        var id = await host.OnRecordAsync(CountyA);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.NotFound, () => Visits(CountyB).RecordVisitAsync(Visit(id)).ResponseAsync);
        Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
        await RpcAssert.Fails(StatusCode.NotFound, () => Visits(CountyB).ListVisitsAsync(new ListVisitsRequest { HouseholdId = id }).ResponseAsync);
        await RpcAssert.Fails(StatusCode.NotFound, () => Visits(CountyA).ListVisitsAsync(new ListVisitsRequest { HouseholdId = Guid.NewGuid().ToString() }).ResponseAsync);

        await Visits(City).RecordVisitAsync(Visit(id));
        var list = await Visits(City).ListVisitsAsync(new ListVisitsRequest { HouseholdId = id });
        Assert.Single(list.Visits);
    }
}
