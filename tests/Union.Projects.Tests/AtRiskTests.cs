using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>
/// "项目资金必须…在年度内及时有效使用完毕" (000_001fd36b94af060d.txt §四(三)): from 1 November of a project's
/// year, running projects still holding released subsidy they have not reported spent are listed.
/// </summary>
public abstract class AtRiskTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private ProjectSupervision.ProjectSupervisionClient City => host.Supervision(Chengdu, Roles.Finance);

    private async Task<List<string>> AtRiskAsync(ListAtRiskProjectsRequest? request = null) =>
        (await City.ListAtRiskProjectsAsync(request ?? new ListAtRiskProjectsRequest())).Projects.Select(p => p.Project.ProjectId).ToList();

    [Fact]
    public async Task A_launched_project_with_unused_subsidy_is_listed_from_1_november_and_not_on_31_october()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Launched);

        host.SetDate(new DateOnly(2027, 10, 31));
        Assert.Empty(await AtRiskAsync());

        host.SetDate(new DateOnly(2027, 11, 1));
        var listed = Assert.Single((await City.ListAtRiskProjectsAsync(new ListAtRiskProjectsRequest())).Projects);
        Assert.Equal(project.ProjectId, listed.Project.ProjectId);
        Assert.Equal(16_000_000, listed.Released.Fen);
        Assert.Equal(0, listed.SpentSubsidy.Fen);
        Assert.Equal(16_000_000, listed.Unused.Fen);

        // Another year, or another county's subtree, does not hold it.
        Assert.Empty(await AtRiskAsync(new ListAtRiskProjectsRequest { Year = 2026 }));
        Assert.Empty(await AtRiskAsync(new ListAtRiskProjectsRequest { OrganisationPath = Qingyang }));
        Assert.Single(await AtRiskAsync(new ListAtRiskProjectsRequest { OrganisationPath = Jinjiang, Year = 2027 }));
        Assert.Empty((await host.Supervision(Qingyang, Roles.Finance).ListAtRiskProjectsAsync(new ListAtRiskProjectsRequest())).Projects);
    }

    [Fact]
    public async Task A_project_that_reported_its_released_subsidy_spent_is_not_at_risk()
    {
        var driver = new ProjectDriver(host);
        var launched = await driver.ToAsync(ProjectStatus.Launched);
        var midTerm = await driver.ApplicantStaff.FileMidTermFormAsync(new FileMidTermFormRequest
        {
            ProjectId = launched.ProjectId,
            Details = new MidTermDetails
            {
                SpentTotal = new Money { Fen = 30_000_000 }, SpentSubsidy = new Money { Fen = 16_000_000 }, Progress = "已救助80户",
            },
        });
        await driver.SignAndDecideAsync(midTerm.FormId);
        var accepted = await driver.ToAsync(ProjectStatus.Accepted, ProjectCategory.Education); // spent all it was released

        host.SetDate(new DateOnly(2027, 11, 1));

        Assert.Empty(await AtRiskAsync());
        Assert.Equal(ProjectStatus.Accepted, accepted.Status);
    }

    [Fact]
    public async Task An_accepted_project_that_spent_less_than_it_was_released_is_listed()
    {
        var driver = new ProjectDriver(host);
        var launched = await driver.ToAsync(ProjectStatus.Launched);
        var form = await driver.ApplicantStaff.FileAcceptanceFormAsync(new FileAcceptanceFormRequest
        {
            ProjectId = launched.ProjectId,
            Details = new AcceptanceDetails
            {
                Completion = "救助100户", SpentTotal = new Money { Fen = 90_000_000 }, SpentSubsidy = new Money { Fen = 35_000_000 },
                WorkersCovered = 5000, WorkersDirectlyServed = 100, SatisfactionPercent = 92, Effect = "负担减轻",
            },
        });
        await driver.SignAndDecideAsync(form.FormId);

        host.SetDate(new DateOnly(2027, 12, 31));
        var listed = Assert.Single((await City.ListAtRiskProjectsAsync(new ListAtRiskProjectsRequest())).Projects);

        Assert.Equal(ProjectStatus.Accepted, listed.Project.Status);
        Assert.Equal(40_000_000, listed.Released.Fen);
        Assert.Equal(5_000_000, listed.Unused.Fen);
    }

    [Fact]
    public async Task Bad_filters_are_refused()
    {
        await RpcAssert.InvalidArgument(() => City.ListAtRiskProjectsAsync(new ListAtRiskProjectsRequest { Year = 3000, OrganisationPath = "51/" }).ResponseAsync,
            "year", "organisation_path");
    }
}

public sealed class SqliteAtRiskTests(SqliteProjects host) : AtRiskTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresAtRiskTests(PostgresProjects host) : AtRiskTests(host), IClassFixture<PostgresProjects>;
