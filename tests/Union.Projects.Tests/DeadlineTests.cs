using Grpc.Core;
using Union.Contracts.Projects.V1;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>
/// Application deadlines (000_001fd36b94af060d.txt, 四（一）1): annual projects for year Y by
/// 20 November of Y-1, supplementary ones by 20 May of Y, emergency ones any time; Beijing time.
/// </summary>
public class DeadlineTests(SqliteProjects host) : IClassFixture<SqliteProjects>, IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_annual_application_is_accepted_until_the_end_of_20_November_of_the_year_before()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 23, 59, 59, Beijing));

        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(kind: ApplicationKind.Annual, year: 2027));

        Assert.Equal(ProjectStatus.Submitted, created.Status);
    }

    [Fact]
    public async Task An_annual_application_is_refused_from_21_November_Beijing_time_though_it_is_still_20_November_in_UTC()
    {
        // 21 Nov 00:00 in Beijing is 20 Nov 16:00 UTC.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(kind: ApplicationKind.Annual, year: 2027)).ResponseAsync);

        Assert.Equal("APPLICATION_DEADLINE_PASSED", e.Code());
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, Beijing), DateTimeOffset.Parse(e.Metadata()["deadline"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("2026年11月20日", e.Status.Detail);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task An_annual_application_for_the_running_year_is_refused()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 9, 0, 0, Beijing));

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(kind: ApplicationKind.Annual, year: 2027)).ResponseAsync);

        Assert.Equal("APPLICATION_DEADLINE_PASSED", e.Code());
    }

    [Fact]
    public async Task A_supplementary_application_is_accepted_until_the_end_of_20_May_of_its_year()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 20, 23, 59, 59, Beijing));

        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(kind: ApplicationKind.Supplementary, year: 2027));

        Assert.Equal(ApplicationKind.Supplementary, created.Kind);
    }

    [Fact]
    public async Task A_supplementary_application_is_refused_from_21_May_Beijing_time()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 21, 0, 0, 0, Beijing));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(kind: ApplicationKind.Supplementary, year: 2027)).ResponseAsync);

        Assert.Equal("APPLICATION_DEADLINE_PASSED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Theory]
    [InlineData(2027, 12, 31)]
    [InlineData(2027, 5, 21)]
    [InlineData(2026, 11, 21)]
    public async Task An_emergency_application_is_accepted_at_any_time(int year, int month, int day)
    {
        host.Clock.SetUtcNow(new DateTimeOffset(year, month, day, 12, 0, 0, Beijing));

        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(Valid(ProjectCategory.Special, ApplicationKind.Emergency, year: 2027));

        Assert.Equal(ApplicationKind.Emergency, created.Kind);
    }
}
