using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>Rectification items tracked to closure (整改销号): closing, lateness, overdue lists, tenancy, acceptance sent back.</summary>
public abstract class RectificationTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static CloseRectificationRequest Close(string id, string on) =>
        new() { RectificationId = id, ClosedOn = on, Resolution = "已补齐台账并张榜公示" };

    [Fact]
    public async Task An_item_cannot_be_closed_on_a_day_before_its_finding()
    {
        host.SetDate(new DateOnly(2026, 10, 8));
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);
        var items = await host.FindingsAsync(project.ProjectId, "2026-10-05", ("台账不全", "2026-10-20"));
        Assert.Equal("2026-10-05", items[0].OpenedOn);
        var staff = host.Supervision(Jinjiang);

        var early = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => staff.CloseRectificationAsync(Close(items[0].RectificationId, "2026-10-04")).ResponseAsync);

        Assert.Equal("CLOSED_BEFORE_FINDING", early.Code());
        Assert.True((await staff.CloseRectificationAsync(Close(items[0].RectificationId, "2026-10-05"))).Closed);
    }

    [Fact]
    public async Task An_item_closes_once_and_its_closing_is_announced_on_time_or_late()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);
        var items = await host.FindingsAsync(project.ProjectId, "2026-10-01", ("台账不全", "2026-10-10"), ("未公示", "2026-10-10"));
        var staff = host.Supervision(Jinjiang);

        var onTime = await staff.CloseRectificationAsync(Close(items[0].RectificationId, "2026-10-01"));
        Assert.True(onTime.Closed);
        Assert.Equal("2026-10-01", onTime.ClosedOn);
        Assert.Equal("已补齐台账并张榜公示", onTime.Resolution);

        var again = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => staff.CloseRectificationAsync(Close(items[0].RectificationId, "2026-10-01")).ResponseAsync);
        Assert.Equal("RECTIFICATION_ALREADY_CLOSED", again.Code());

        host.SetDate(new DateOnly(2026, 10, 12));
        await staff.CloseRectificationAsync(Close(items[1].RectificationId, "2026-10-12"));

        var closed = await host.EventsAsync<RectificationClosed>();
        Assert.Equal(2, closed.Count);
        Assert.False(closed.Single(e => e.RectificationId == items[0].RectificationId).Late);
        Assert.True(closed.Single(e => e.RectificationId == items[1].RectificationId).Late);
        var reread = await host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId });
        Assert.Equal(0, reread.OpenRectifications);
    }

    [Fact]
    public async Task Overdue_items_are_those_still_open_past_their_due_date_on_todays_clock()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);
        var items = await host.FindingsAsync(project.ProjectId, "2026-10-01", ("台账不全", "2026-10-10"), ("未公示", "2026-10-31"));
        var city = host.Supervision(Chengdu, Roles.Auditor);

        Assert.Empty((await city.ListRectificationsAsync(new ListRectificationsRequest { OverdueOnly = true })).Rectifications);

        host.SetDate(new DateOnly(2026, 10, 11));
        var overdue = await city.ListRectificationsAsync(new ListRectificationsRequest { OverdueOnly = true });
        Assert.Equal(items[0].RectificationId, Assert.Single(overdue.Rectifications).RectificationId);
        Assert.True(overdue.Rectifications[0].Overdue);
        var open = await city.ListRectificationsAsync(new ListRectificationsRequest { OpenOnly = true, OrganisationPath = Jinjiang });
        Assert.Equal([true, false], open.Rectifications.Select(r => r.Overdue));

        await host.Supervision(Jinjiang).CloseRectificationAsync(Close(items[0].RectificationId, "2026-10-11"));

        Assert.Empty((await city.ListRectificationsAsync(new ListRectificationsRequest { OverdueOnly = true })).Rectifications);
        Assert.Single((await city.ListRectificationsAsync(new ListRectificationsRequest { OpenOnly = true })).Rectifications);
        var all = await city.ListRectificationsAsync(new ListRectificationsRequest { ProjectId = project.ProjectId });
        Assert.Equal(2, all.Rectifications.Count);
        Assert.False(all.Rectifications.Single(r => r.RectificationId == items[0].RectificationId).Overdue);
    }

    [Fact]
    public async Task A_county_cannot_see_or_close_another_countys_items()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);
        var item = (await host.FindingsAsync(project.ProjectId, "2026-10-01", ("台账不全", "2026-10-10")))[0];
        var qingyang = host.Supervision(Qingyang, Roles.Caseworker, Roles.Auditor);

        Assert.Empty((await qingyang.ListRectificationsAsync(new ListRectificationsRequest { OrganisationPath = Jinjiang })).Rectifications);
        Assert.Empty((await qingyang.ListRectificationsAsync(new ListRectificationsRequest())).Rectifications);
        var byProject = await RpcAssert.Fails(StatusCode.NotFound,
            () => qingyang.ListRectificationsAsync(new ListRectificationsRequest { ProjectId = project.ProjectId }).ResponseAsync);
        Assert.Equal("PROJECT_NOT_FOUND", byProject.Code());
        var before = await host.RowCountsAsync();
        var close = await RpcAssert.Fails(StatusCode.NotFound, () => qingyang.CloseRectificationAsync(Close(item.RectificationId, "2026-10-01")).ResponseAsync);
        Assert.Equal("RECTIFICATION_NOT_FOUND", close.Code());
        Assert.Equal(before, await host.RowCountsAsync());

        Assert.Single((await host.Supervision(Chengdu, Roles.Auditor).ListRectificationsAsync(new ListRectificationsRequest())).Rectifications);
    }

    [Fact]
    public async Task Bad_closing_input_changes_nothing()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);
        var item = (await host.FindingsAsync(project.ProjectId, "2026-10-01", ("台账不全", "2026-10-10")))[0];
        var before = await host.RowCountsAsync();

        await RpcAssert.InvalidArgument(() => host.Supervision(Jinjiang).CloseRectificationAsync(
            new CloseRectificationRequest { RectificationId = item.RectificationId, ClosedOn = "2026-10-02", Resolution = " " }).ResponseAsync,
            "closed_on", "resolution");
        await RpcAssert.InvalidArgument(() => host.Supervision(Jinjiang).ListRectificationsAsync(
            new ListRectificationsRequest { ProjectId = "x", OrganisationPath = "/" }).ResponseAsync, "project_id", "organisation_path");

        Assert.Equal(before, await host.RowCountsAsync());
        Assert.False((await host.Supervision(Jinjiang).ListRectificationsAsync(new ListRectificationsRequest())).Rectifications[0].Closed);
    }

    /// <summary>
    /// 001_ab13bea91fa8b22f.txt 第五条(九): an acceptance sent back lists what must be put right; the
    /// project is accepted only once every item is closed.
    /// </summary>
    [Fact]
    public async Task An_acceptance_sent_back_opens_items_that_hold_acceptance_until_they_are_closed()
    {
        var driver = new ProjectDriver(host);
        var project = await driver.ToAsync(ProjectStatus.Launched);
        var first = await FileAcceptanceAsync(driver, project.ProjectId);
        await driver.SignAllAsync(first.FormId);
        var sentBack = await driver.FunderStaff.DecideFormAsync(new DecideFormRequest
        {
            FormId = first.FormId, Accept = false, DecidedOn = driver.TodayText, Comment = "资料不全，退回整改",
            Rectifications =
            {
                new RectificationRequirement { Finding = "补充受助职工签收单", DueOn = "2026-10-15" },
                new RectificationRequirement { Finding = "补充媒体报道材料", DueOn = "2026-10-20" },
            },
        });

        var items = (await host.Supervision(Jinjiang).ListRectificationsAsync(new ListRectificationsRequest { ProjectId = project.ProjectId, OpenOnly = true })).Rectifications;
        Assert.Equal(2, items.Count);
        Assert.All(items, r => { Assert.Equal(RectificationSource.Acceptance, r.Source); Assert.Equal(first.FormId, r.SourceId); });
        Assert.Equal(sentBack.RectificationIds.Order(), items.Select(r => r.RectificationId).Order());
        Assert.All(await host.EventsAsync<RectificationOpened>(), e => Assert.Equal("ACCEPTANCE", e.Source));

        var second = await FileAcceptanceAsync(driver, project.ProjectId);
        await driver.SignAllAsync(second.FormId);
        var refused = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => driver.FunderStaff.DecideFormAsync(
            new DecideFormRequest { FormId = second.FormId, Accept = true, DecidedOn = driver.TodayText }).ResponseAsync);
        Assert.Equal("RECTIFICATIONS_OPEN", refused.Code());

        foreach (var item in items) await host.Supervision(Jinjiang).CloseRectificationAsync(Close(item.RectificationId, driver.TodayText));
        await driver.FunderStaff.DecideFormAsync(new DecideFormRequest { FormId = second.FormId, Accept = true, DecidedOn = driver.TodayText });

        var accepted = await host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId });
        Assert.Equal(ProjectStatus.Accepted, accepted.Status);
    }

    private static Task<ProjectForm> FileAcceptanceAsync(ProjectDriver driver, string projectId) =>
        driver.ApplicantStaff.FileAcceptanceFormAsync(new FileAcceptanceFormRequest
        {
            ProjectId = projectId,
            Details = new AcceptanceDetails
            {
                Completion = "全年救助126户", SpentTotal = new Money { Fen = 98_000_000 }, SpentSubsidy = new Money { Fen = 40_000_000 },
                WorkersCovered = 5200, WorkersDirectlyServed = 126, SatisfactionPercent = 95, Effect = "医疗负担明显减轻",
            },
        }).ResponseAsync;
}

public sealed class SqliteRectificationTests(SqliteProjects host) : RectificationTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresRectificationTests(PostgresProjects host) : RectificationTests(host), IClassFixture<PostgresProjects>;
