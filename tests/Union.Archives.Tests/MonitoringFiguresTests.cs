using Grpc.Core;
using Union.Archives.Domain;
using Union.Contracts.Archives.V1;
using Union.Testing;
using DomainCategory = Union.Archives.Domain.HardshipCategory;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;
using HardshipCategory = Union.Contracts.Archives.V1.HardshipCategory;
using VisitKind = Union.Contracts.Archives.V1.VisitKind;

namespace Union.Archives.Tests;

/// <summary>On SQLite; <see cref="PostgresMonitoringFiguresTests"/> runs the same on PostgreSQL (date comparisons, grouping, paging).</summary>
public class MonitoringFiguresTests(SqliteMonitoring host) : MonitoringFiguresTestsBase(host), IClassFixture<SqliteMonitoring>;

public class PostgresMonitoringFiguresTests(PostgresMonitoring host) : MonitoringFiguresTestsBase(host), IClassFixture<PostgresMonitoring>;

public abstract class MonitoringFiguresTestsBase(MonitoringHost host) : IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";
    private const string City = "51/5115";

    private ArchiveMonitoring.ArchiveMonitoringClient Monitoring(string org, string role = "caseworker") => new(host.As(org, role));

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateTimeOffset At(int month, int day, int year = 2026) => TestClock.BeijingAt(new DateOnly(year, month, day));

    private static Dictionary<HardshipCategory, int> ByCategory(MonitoringFigures f) => f.ActiveByCategory.ToDictionary(c => c.Category, c => c.Count);

    [Fact]
    public async Task Figures_cover_the_callers_subtree_without_the_neighbouring_county_and_the_city_sees_both()
    {
        // Today is 15 June 2026; both county A files and the county B file were opened today.
        var a1 = await host.OnRecordAsync(CountyA, DomainCategory.Relative);
        var a2 = await host.OnRecordAsync(CountyA, DomainCategory.Deep, status: DomainStatus.PhaseOut, phaseOutEndsOn: new DateOnly(2026, 9, 30));
        var b1 = await host.OnRecordAsync(CountyB, DomainCategory.AccidentInduced);
        await new HomeVisits.HomeVisitsClient(host.As(CountyA, "caseworker")).RecordVisitAsync(new RecordVisitRequest
        {
            HouseholdId = a1, VisitedOn = "2026-05-01", Kind = VisitKind.Routine, Visitors = { "李华" },
        });
        await host.SetArchiveTimesAsync(a1, At(1, 10), At(2, 9));
        await host.SetArchiveTimesAsync(a2, At(2, 1), At(2, 11));
        await host.SetArchiveTimesAsync(b1, At(1, 1), At(4, 1));

        await host.AddTransitionAsync(a1, DomainStatus.Active, DomainStatus.Active, TransitionActions.Update, At(3, 1));
        await host.AddTransitionAsync(a1, DomainStatus.Active, DomainStatus.Active, TransitionActions.Update, At(3, 2));
        await host.AddTransitionAsync(a2, DomainStatus.Active, DomainStatus.Active, TransitionActions.CategoryChange, At(3, 3));
        await host.AddTransitionAsync(a2, DomainStatus.Active, DomainStatus.PhaseOut, TransitionActions.PhaseOut, At(4, 1));
        // The end of that phase-out is the same exit: not counted again.
        await host.AddTransitionAsync(a2, DomainStatus.PhaseOut, DomainStatus.Exited, TransitionActions.Exit, At(5, 1));
        await host.AddTransitionAsync(a1, DomainStatus.Active, DomainStatus.Exited, TransitionActions.Exit, At(2, 1));
        await host.AddTransitionAsync(a1, DomainStatus.Exited, DomainStatus.Applied, TransitionActions.Relapse, At(2, 20));
        await host.AddTransitionAsync(a1, DomainStatus.Active, DomainStatus.Cancelled, TransitionActions.Cancel, At(3, 10));
        await host.AddTransitionAsync(a2, DomainStatus.Active, DomainStatus.DeArchived, TransitionActions.DeArchive, At(3, 11));
        // Outside the period: last year.
        await host.AddTransitionAsync(a1, DomainStatus.Active, DomainStatus.Exited, TransitionActions.Exit, At(12, 30, 2025));
        await host.AddTransitionAsync(a1, DomainStatus.Active, DomainStatus.Active, TransitionActions.Update, At(12, 30, 2025));

        var a = await Monitoring(CountyA).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest());
        Assert.Equal((CountyA, "2026-01-01", "2026-06-15"), (a.OrganisationPath, a.From, a.To));
        Assert.Equal(2, a.FilesOpened);
        Assert.Equal(2, a.FilesAdjusted);
        Assert.Equal(2, a.FilesExited);
        Assert.Equal(1, a.FilesCancelled);
        Assert.Equal(1, a.FilesDeArchived);
        Assert.Equal(1, a.Relapses);
        Assert.Equal(2, a.ActiveFiles);
        Assert.Equal(new Dictionary<HardshipCategory, int>
        {
            [HardshipCategory.Deep] = 1, [HardshipCategory.Relative] = 1, [HardshipCategory.AccidentInduced] = 0,
        }, ByCategory(a));
        Assert.Equal(500, a.VisitCoveragePermille);
        Assert.Equal(20, a.MedianDaysToArchive);

        var b = await Monitoring(CountyB).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest());
        Assert.Equal((1, 0, 0, 0, 0, 1, 0, 90), (b.FilesOpened, b.FilesAdjusted, b.FilesExited, b.FilesCancelled, b.Relapses, b.ActiveFiles, b.VisitCoveragePermille, b.MedianDaysToArchive));
        Assert.Equal(1, ByCategory(b)[HardshipCategory.AccidentInduced]);

        var city = await Monitoring(City).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest());
        Assert.Equal((3, 2, 2, 3, 333, 30), (city.FilesOpened, city.FilesAdjusted, city.FilesExited, city.ActiveFiles, city.VisitCoveragePermille, city.MedianDaysToArchive));
        var cityForB = await Monitoring(City).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest { OrganisationPath = CountyB });
        Assert.Equal(b.FilesOpened, cityForB.FilesOpened);
        Assert.Equal(CountyB, cityForB.OrganisationPath);
    }

    [Fact]
    public async Task The_period_is_counted_in_Beijing_days()
    {
        var id = await host.OnRecordAsync(CountyA);
        await host.MoveHistoryAsync(id, At(6, 1, 2025));
        // 23:59 on 31 December and 00:30 on 1 January, Beijing time (both 31 December in UTC).
        await host.AddTransitionAsync(id, DomainStatus.Active, DomainStatus.Active, TransitionActions.Update,
            new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.FromHours(8)));
        await host.AddTransitionAsync(id, DomainStatus.Active, DomainStatus.Exited, TransitionActions.Exit,
            new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(8)));

        var december = await Monitoring(CountyA).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest { From = "2026-12-01", To = "2026-12-31" });
        Assert.Equal((0, 1, 0), (december.FilesOpened, december.FilesAdjusted, december.FilesExited));
        var january = await Monitoring(CountyA).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest { From = "2027-01-01", To = "2027-01-31" });
        Assert.Equal((0, 0, 1), (january.FilesOpened, january.FilesAdjusted, january.FilesExited));
        var lastYear = await Monitoring(CountyA).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest { From = "2025-06-01", To = "2025-06-01" });
        Assert.Equal(1, lastYear.FilesOpened);
    }

    [Fact]
    public async Task With_no_file_on_record_coverage_and_median_are_zero()
    {
        var figures = await Monitoring(CountyA).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest());
        Assert.Equal((0, 0, 0), (figures.ActiveFiles, figures.VisitCoveragePermille, figures.MedianDaysToArchive));
        Assert.Equal(3, figures.ActiveByCategory.Count);
    }

    [Fact]
    public async Task A_county_cannot_ask_for_the_neighbouring_countys_figures()
    {
        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => Monitoring(CountyA).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest { OrganisationPath = CountyB }).ResponseAsync);
        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
        await RpcAssert.Fails(StatusCode.NotFound,
            () => Monitoring(CountyA).GetMonitoringFiguresAsync(new GetMonitoringFiguresRequest { OrganisationPath = City }).ResponseAsync);
    }

    public static TheoryData<string, GetMonitoringFiguresRequest> BadRequests => new()
    {
        { "from", new GetMonitoringFiguresRequest { From = "2026-13-01" } },
        { "to", new GetMonitoringFiguresRequest { To = "yesterday" } },
        { "to", new GetMonitoringFiguresRequest { From = "2026-05-01", To = "2026-04-30" } },
        { "from", new GetMonitoringFiguresRequest { From = "1999-01-01", To = "2026-01-01" } },
        { "organisation_path", new GetMonitoringFiguresRequest { OrganisationPath = "51/5115/" } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_figures_requests_are_refused_with_a_field_violation(string field, GetMonitoringFiguresRequest request) =>
        await RpcAssert.InvalidArgument(() => Monitoring(CountyA).GetMonitoringFiguresAsync(request).ResponseAsync, field);
}
