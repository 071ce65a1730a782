using Grpc.Core;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ProjectsTestKit;

namespace Union.Projects.Tests;

/// <summary>
/// Application deadlines on the Beijing calendar (000_001fd36b94af060d.txt §四(一)1): annual projects
/// by 20 November of the year before, supplementary ones by 20 May, emergency ones at any time.
/// </summary>
public abstract class RoundsTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_annual_application_is_in_time_until_midnight_Beijing_of_20_November_of_the_year_before()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        Assert.Equal("2026-11-20", round.DueOn); // the plan's default when the funder gives none

        host.Clock.Set(At(2026, 11, 20, 23, 59));
        var inTime = await host.ApplyAsync(Jinjiang, round.RoundId);
        Assert.Equal(ProjectStatus.Submitted, inTime.Status);

        // 21 November 00:00 in Beijing is still 20 November in UTC: the Beijing calendar decides.
        host.Clock.Set(At(2026, 11, 21, 0, 0));
        var late = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.ApplyAsync(Jinjiang, round.RoundId, ProjectCategory.LegalAid));
        Assert.Equal("ANNUAL_DEADLINE_PASSED", late.Code());
        Assert.Equal("2026-11-20", late.Metadata()["due_on"]);
    }

    [Fact]
    public async Task A_supplementary_application_is_in_time_on_20_May_and_late_on_21_May()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027, ApplicationKind.Supplementary);
        Assert.Equal("2027-05-20", round.DueOn);

        host.SetDate(new DateOnly(2027, 5, 20));
        await host.ApplyAsync(Jinjiang, round.RoundId);

        host.SetDate(new DateOnly(2027, 5, 21));
        var late = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.ApplyAsync(Jinjiang, round.RoundId, ProjectCategory.LegalAid));
        Assert.Equal("SUPPLEMENTARY_DEADLINE_PASSED", late.Code());
        Assert.Equal("2027-05-20", late.Metadata()["due_on"]);
    }

    [Fact]
    public async Task An_emergency_application_is_accepted_on_any_day_and_the_round_names_its_event()
    {
        var missing = await RpcAssert.InvalidArgument(() => host.Rounds(Chengdu).OpenRoundAsync(
            new OpenRoundRequest { Year = 2027, Kind = ApplicationKind.Emergency }).ResponseAsync, "emergency_event");
        Assert.Equal("INVALID_ARGUMENT", missing.Code());

        var round = await host.OpenRoundAsync(Chengdu, 2027, ApplicationKind.Emergency, emergencyEvent: "特大暴雨灾害");
        Assert.Equal("", round.DueOn);
        host.SetDate(new DateOnly(2027, 12, 31));
        var project = await host.ApplyAsync(Jinjiang, round.RoundId, ProjectCategory.LivingSecurity);
        Assert.Equal(ApplicationKind.Emergency, project.Kind);
    }

    [Fact]
    public async Task The_funder_moves_the_deadline_and_the_new_date_governs()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        var funder = host.Rounds(Chengdu, Roles.Caseworker);

        var later = await funder.ChangeRoundDeadlineAsync(new ChangeRoundDeadlineRequest { RoundId = round.RoundId, DueOn = "2026-11-30" });
        Assert.Equal("2026-11-30", later.DueOn);
        host.SetDate(new DateOnly(2026, 11, 30));
        await host.ApplyAsync(Jinjiang, round.RoundId);

        await funder.ChangeRoundDeadlineAsync(new ChangeRoundDeadlineRequest { RoundId = round.RoundId, DueOn = "2026-11-10" });
        host.SetDate(new DateOnly(2026, 11, 15));
        var late = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.ApplyAsync(Qingyang, round.RoundId));
        Assert.Equal("ANNUAL_DEADLINE_PASSED", late.Code());
        Assert.Equal("2026-11-10", late.Metadata()["due_on"]);

        // The applicant does not move its funder's deadline.
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => host.Rounds(Jinjiang).ChangeRoundDeadlineAsync(
            new ChangeRoundDeadlineRequest { RoundId = round.RoundId, DueOn = "2026-12-31" }).ResponseAsync);
    }

    [Fact]
    public async Task A_round_opened_with_a_due_date_keeps_it()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027, dueOn: "2026-11-05");
        Assert.Equal("2026-11-05", (await host.Rounds(Jinjiang).GetRoundAsync(new GetRoundRequest { RoundId = round.RoundId })).DueOn);
    }

    [Fact]
    public async Task Rounds_are_listed_by_year_and_kind_to_the_funder_and_its_applicants_only()
    {
        var annual = await host.OpenRoundAsync(Chengdu, 2027);
        var supplementary = await host.OpenRoundAsync(Chengdu, 2027, ApplicationKind.Supplementary);
        await host.OpenRoundAsync(Chengdu, 2028);
        await host.OpenRoundAsync(Yibin, 2027);

        var mine = await host.Rounds(Jinjiang).ListRoundsAsync(new ListRoundsRequest { Year = 2027 });
        Assert.Equal([annual.RoundId, supplementary.RoundId], mine.Rounds.Select(r => r.RoundId));
        var onlySupplementary = await host.Rounds(Jinjiang).ListRoundsAsync(new ListRoundsRequest { Kind = ApplicationKind.Supplementary });
        Assert.Equal(supplementary.RoundId, Assert.Single(onlySupplementary.Rounds).RoundId);
    }
}

public sealed class SqliteRoundsTests(SqliteProjects host) : RoundsTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresRoundsTests(PostgresProjects host) : RoundsTests(host), IClassFixture<PostgresProjects>;
