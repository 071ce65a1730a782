using Grpc.Core;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using static Union.Projects.Tests.ProjectsTestKit;

namespace Union.Projects.Tests;

/// <summary>
/// Two people acting on the same project at the same moment: one wins, the others are refused
/// (the project's and the form's versions are concurrency tokens), so a tranche or a closure is announced once.
/// </summary>
public abstract class ConcurrencyTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_launch_form_decided_five_times_at_once_launches_the_project_once()
    {
        var driver = new ProjectDriver(host);
        var project = await driver.ToAsync(ProjectStatus.InLibrary);
        var form = await driver.ApplicantStaff.FileLaunchFormAsync(new FileLaunchFormRequest
        {
            ProjectId = project.ProjectId,
            Details = new LaunchDetails
            {
                StartsOn = driver.TodayText, EndsOn = "2027-06-30", Overview = "概况", Plan = "计划", BudgetDetail = "预算", SubsidyDetail = "扶助资金",
            },
        });
        await driver.SignAllAsync(form.FormId);

        var decisions = Enumerable.Range(0, 5).Select(async _ =>
        {
            try
            {
                await driver.FunderStaff.DecideFormAsync(new DecideFormRequest { FormId = form.FormId, Accept = true, DecidedOn = driver.TodayText });
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        });
        var outcomes = await Task.WhenAll(decisions);

        Assert.Single(outcomes, s => s == StatusCode.OK);
        Assert.All(outcomes.Where(s => s != StatusCode.OK), s => Assert.Contains(s, new[] { StatusCode.Aborted, StatusCode.FailedPrecondition }));
        var launched = Assert.Single(await host.OutboxAsync(nameof(ProjectLaunched)));
        Assert.Equal(16_000_000, Parse<ProjectLaunched>(launched).Tranche.Fen);
    }

    [Fact]
    public async Task A_rectification_closed_five_times_at_once_is_closed_once()
    {
        var driver = new ProjectDriver(host);
        var project = await driver.ToAsync(ProjectStatus.Launched);
        var inspection = await host.Supervision(Applications.Chengdu).RecordInspectionAsync(new RecordInspectionRequest
        {
            ProjectId = project.ProjectId, Kind = InspectionKind.Supervision, InspectedOn = driver.TodayText, Inspectors = "市总保障部", Summary = "进度正常",
            Findings = { new Finding { Description = "台账未及时更新", RectifyBy = "2026-10-31" } },
        });
        var itemId = inspection.Rectifications[0].RectificationId;

        var closes = Enumerable.Range(0, 5).Select(async _ =>
        {
            try
            {
                await host.Supervision(Applications.Jinjiang).CloseRectificationAsync(new CloseRectificationRequest
                {
                    RectificationId = itemId, ClosedOn = driver.TodayText, Resolution = "台账已更新",
                });
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        });
        var outcomes = await Task.WhenAll(closes);

        Assert.Single(outcomes, s => s == StatusCode.OK);
        Assert.Single(await host.OutboxAsync(nameof(RectificationClosed)));
        Assert.Equal(0, (await host.CurrentAsync(project)).OpenRectifications);
    }
}

public sealed class SqliteConcurrencyTests(SqliteProjects host) : ConcurrencyTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresConcurrencyTests(PostgresProjects host) : ConcurrencyTests(host), IClassFixture<PostgresProjects>;
