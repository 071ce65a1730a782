using Grpc.Core;
using Union.Contracts.Funds.V1;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>
/// The working-day calendar through the WorkingCalendar API: the shipped State Council notices,
/// years an admin adds or replaces, and the counts funds measures its 30 working days with.
/// </summary>
public abstract class WorkingCalendarTests<THost>(THost host) : IAsyncLifetime where THost : FundsHost
{
    private const string Province = "51";
    private const string Yibin = "51/5115";

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private WorkingCalendar.WorkingCalendarClient Client(string organisationPath, params string[] roles) =>
        new(host.As(organisationPath, roles));

    private WorkingCalendar.WorkingCalendarClient ProvinceAdmin => Client(Province, Roles.Admin);

    /// <summary>A made-up notice for 2027: New Year's Day, a Spring Festival week from Friday 02-05, Saturday 02-20 worked.</summary>
    private static SetCalendarYearRequest Notice2027() => new()
    {
        Year = 2027,
        Holidays = { "2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11" },
        WorkingWeekends = { "2027-02-20" },
        NoticeReference = "国办发明电〔2026〕测试号",
    };

    private static CountWorkingDaysRequest Count(string start, string end) => new() { StartDate = start, EndDate = end };

    [Fact]
    public async Task Thirty_working_days_from_20_September_2024_land_on_6_November()
    {
        var finance = Client(Yibin, Roles.Finance);

        var date = await finance.AddWorkingDaysAsync(new AddWorkingDaysRequest { StartDate = "2024-09-20", WorkingDays = 30 });
        var count = await finance.CountWorkingDaysAsync(Count("2024-09-20", "2024-11-06"));

        Assert.Equal("2024-11-06", date.Date);
        Assert.False(date.Provisional);
        Assert.Empty(date.UnloadedYears);
        Assert.Equal(30, count.WorkingDays);
        Assert.False(count.Provisional);
    }

    [Fact]
    public async Task A_shipped_year_reads_with_its_notice()
    {
        var year = await Client(Yibin, Roles.Finance).GetCalendarYearAsync(new GetCalendarYearRequest { Year = 2024 });

        Assert.Equal(CalendarYearOrigin.Official, year.Origin);
        Assert.Equal("国办发明电〔2023〕7号", year.NoticeReference);
        Assert.Equal(["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"], year.WorkingWeekends);
        Assert.Contains("2024-10-07", year.Holidays);
        Assert.Equal(year.Holidays.Order(StringComparer.Ordinal), year.Holidays);
        Assert.Equal("", year.SetBy);
    }

    [Fact]
    public async Task An_admin_adds_2027_and_counting_in_it_stops_being_provisional()
    {
        var finance = Client(Yibin, Roles.Finance);
        var before = await finance.CountWorkingDaysAsync(Count("2027-01-04", "2027-02-26"));
        Assert.True(before.Provisional);
        Assert.Equal([2027], before.UnloadedYears);
        Assert.Equal(39, before.WorkingDays); // weekdays only
        await RpcAssert.Fails(StatusCode.NotFound, () => finance.GetCalendarYearAsync(new GetCalendarYearRequest { Year = 2027 }).ResponseAsync);

        var set = await ProvinceAdmin.SetCalendarYearAsync(Notice2027());

        Assert.Equal(CalendarYearOrigin.Added, set.Origin);
        Assert.StartsWith("test-admin@", set.SetBy);
        Assert.NotNull(set.SetAt);
        var after = await finance.CountWorkingDaysAsync(Count("2027-01-04", "2027-02-26"));
        Assert.False(after.Provisional);
        Assert.Empty(after.UnloadedYears);
        // Five weekday holidays (02-05, 02-08 … 02-11) fewer, one swapped Saturday (02-20) more.
        Assert.Equal(35, after.WorkingDays);
        var read = await finance.GetCalendarYearAsync(new GetCalendarYearRequest { Year = 2027 });
        Assert.Equal(set, read);
        var added = await finance.AddWorkingDaysAsync(new AddWorkingDaysRequest { StartDate = "2027-02-04", WorkingDays = 1 });
        Assert.Equal("2027-02-12", added.Date);
        Assert.False(added.Provisional);
    }

    [Fact]
    public async Task Setting_a_year_again_replaces_it_and_a_shipped_year_can_be_corrected()
    {
        await ProvinceAdmin.SetCalendarYearAsync(Notice2027());
        var amended = Notice2027();
        amended.WorkingWeekends.Clear();
        amended.NoticeReference = "国办发明电〔2027〕调整";
        await ProvinceAdmin.SetCalendarYearAsync(amended);

        var read = await Client(Yibin, Roles.Finance).GetCalendarYearAsync(new GetCalendarYearRequest { Year = 2027 });
        Assert.Empty(read.WorkingWeekends);
        Assert.Equal("国办发明电〔2027〕调整", read.NoticeReference);
        Assert.Equal(34, (await Client(Yibin, Roles.Finance).CountWorkingDaysAsync(Count("2027-01-04", "2027-02-26"))).WorkingDays);

        // 2024 entered without its swapped days: the count no longer works 09-29 and 10-12.
        var shipped = await ProvinceAdmin.GetCalendarYearAsync(new GetCalendarYearRequest { Year = 2024 });
        await ProvinceAdmin.SetCalendarYearAsync(new SetCalendarYearRequest { Year = 2024, Holidays = { shipped.Holidays }, NoticeReference = "更正" });
        var date = await Client(Yibin, Roles.Finance).AddWorkingDaysAsync(new AddWorkingDaysRequest { StartDate = "2024-09-20", WorkingDays = 30 });
        Assert.Equal("2024-11-08", date.Date);
        Assert.Equal(CalendarYearOrigin.Added, (await ProvinceAdmin.GetCalendarYearAsync(new GetCalendarYearRequest { Year = 2024 })).Origin);
    }

    [Theory]
    [InlineData(Province, Roles.Finance, "ROLE_REQUIRED")]
    [InlineData(Province, Roles.Approver, "ROLE_REQUIRED")]
    [InlineData(Yibin, Roles.Admin, "PROVINCIAL_ADMIN_REQUIRED")]
    public async Task Only_the_provinces_admin_sets_a_year_and_a_refusal_writes_nothing(string organisation, string role, string code)
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => Client(organisation, role).SetCalendarYearAsync(Notice2027()).ResponseAsync);

        Assert.Equal(code, e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_bad_notice_is_refused_field_by_field_and_nothing_is_written()
    {
        var before = await host.RowCountsAsync();
        var bad = new SetCalendarYearRequest
        {
            Year = 2027,
            Holidays = { "2027-02-06", "06/02/2027", "2028-01-01", "2027-02-06" },
            WorkingWeekends = { "2027-02-08", "2027-02-06" },
            NoticeReference = " ",
        };

        var e = await RpcAssert.InvalidArgument(() => ProvinceAdmin.SetCalendarYearAsync(bad).ResponseAsync,
            "notice_reference", "holidays[1]", "holidays[2]", "holidays[3]", "working_weekends[0]", "working_weekends[1]");

        Assert.Equal(6, e.ViolatedFields().Count);
        await RpcAssert.InvalidArgument(
            () => ProvinceAdmin.SetCalendarYearAsync(new SetCalendarYearRequest { Year = 1999, NoticeReference = "x" }).ResponseAsync,
            "year", "holidays");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Queries_check_their_dates_and_are_for_staff_only()
    {
        var finance = Client(Yibin, Roles.Finance);

        await RpcAssert.InvalidArgument(() => finance.CountWorkingDaysAsync(Count("2024-13-01", "")).ResponseAsync, "start_date", "end_date");
        await RpcAssert.InvalidArgument(
            () => finance.AddWorkingDaysAsync(new AddWorkingDaysRequest { StartDate = "2024-09-20", WorkingDays = -1 }).ResponseAsync, "working_days");
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => Client(Yibin, Roles.Worker).CountWorkingDaysAsync(Count("2024-09-20", "2024-11-06")).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
    }
}

public sealed class SqliteWorkingCalendarTests(FundsHost host)
    : WorkingCalendarTests<FundsHost>(host), IClassFixture<FundsHost>;

public sealed class PostgresWorkingCalendarTests(PostgresFundsHost host)
    : WorkingCalendarTests<PostgresFundsHost>(host), IClassFixture<PostgresFundsHost>;
