using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ProjectsTestKit;

namespace Union.Projects.Tests;

/// <summary>A union sees its own projects and those of the unions below it, never a sibling's; lists filter and page.</summary>
public abstract class TenancyTests(ProjectsHost host) : IAsyncLifetime
{
    private Round _annual = new(), _supplementary = new();
    private ProjectApplication _jinjiangMedical = new(), _qingyangMedical = new(), _jinjiangLegal = new(), _chengduOwn = new(), _cuiping = new();

    public async Task InitializeAsync()
    {
        await host.ResetAndSetClockAsync();
        _annual = await host.OpenRoundAsync(Chengdu, 2027);
        _supplementary = await host.OpenRoundAsync(Chengdu, 2027, ApplicationKind.Supplementary);
        var nextYear = await host.OpenRoundAsync(Chengdu, 2028);
        var yibin = await host.OpenRoundAsync(Yibin, 2027);
        var province = await host.OpenRoundAsync(Province, 2027);

        _jinjiangMedical = await host.ApplyAsync(Jinjiang, _annual.RoundId);
        _qingyangMedical = await host.ApplyAsync(Qingyang, _annual.RoundId);
        _jinjiangLegal = await host.ApplyAsync(Jinjiang, _annual.RoundId, ProjectCategory.LegalAid);
        await host.ApplyAsync(Jinjiang, _supplementary.RoundId);
        await host.ApplyAsync(Qingyang, nextYear.RoundId, ProjectCategory.Education);
        _cuiping = await host.ApplyAsync(Cuiping, yibin.RoundId);
        _chengduOwn = await host.ApplyAsync(Chengdu, province.RoundId, change: r => r.Level = ProjectLevel.City);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<string>> ListAsync(string organisation, ListProjectsRequest? request = null) =>
        (await host.Applicant(organisation).ListProjectsAsync(request ?? new ListProjectsRequest())).Projects.Select(p => p.Owner.Path).ToList();

    private Task<ProjectApplication> GetAsync(string organisation, ProjectApplication project) =>
        host.Applicant(organisation).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId }).ResponseAsync;

    [Fact]
    public async Task A_city_sees_its_counties_projects_and_its_own()
    {
        var seen = await ListAsync(Chengdu);
        Assert.Equal(6, seen.Count);
        Assert.All(seen, path => Assert.StartsWith(Chengdu, path, StringComparison.Ordinal));
        Assert.Contains(Qingyang, seen);
        Assert.Equal(Jinjiang, (await GetAsync(Chengdu, _jinjiangMedical)).Owner.Path);
        Assert.Equal(Qingyang, (await GetAsync(Chengdu, _qingyangMedical)).Owner.Path);
        Assert.Equal(7, (await ListAsync(Province)).Count);
    }

    [Fact]
    public async Task A_county_sees_only_its_own_projects()
    {
        Assert.Equal([Jinjiang, Jinjiang, Jinjiang], await ListAsync(Jinjiang));
        var e = await RpcAssert.Fails(StatusCode.NotFound, () => GetAsync(Jinjiang, _qingyangMedical));
        Assert.Equal("PROJECT_NOT_FOUND", e.Code());
        // Its funder's own application to the province is not the county's either.
        await RpcAssert.Fails(StatusCode.NotFound, () => GetAsync(Jinjiang, _chengduOwn));
    }

    [Fact]
    public async Task Narrowing_a_list_to_an_organisation_matches_its_code_exactly()
    {
        // Codes may carry letters (industry unions, 产业工会); one that differs only in case is another
        // union, also on SQLite, whose LIKE ignores ASCII case.
        const string industry = Yibin + "/GH01";
        const string member = industry + "/0001";
        var round = await host.OpenRoundAsync(industry, 2027);
        await host.ApplyAsync(member, round.RoundId);

        Assert.Empty(await ListAsync(Province, new ListProjectsRequest { OrganisationPath = Yibin + "/gh01" }));
        Assert.Equal([member], await ListAsync(Province, new ListProjectsRequest { OrganisationPath = industry }));
        Assert.Equal([member], await ListAsync(Yibin, new ListProjectsRequest { OrganisationPath = industry }));
    }

    [Fact]
    public async Task Another_city_sees_none_of_Chengdus_projects()
    {
        Assert.Equal([Cuiping], await ListAsync(Yibin));
        await RpcAssert.Fails(StatusCode.NotFound, () => GetAsync(Yibin, _jinjiangMedical));
        await RpcAssert.Fails(StatusCode.NotFound, () => GetAsync(Cuiping, _chengduOwn));
        Assert.Equal(Cuiping, (await GetAsync(Yibin, _cuiping)).Owner.Path);
        // Asking for Chengdu's subtree by name does not widen what Yibin sees.
        Assert.Empty(await ListAsync(Yibin, new ListProjectsRequest { OrganisationPath = Chengdu }));
    }

    [Fact]
    public async Task Lists_filter_by_year_category_status_round_funder_and_organisation()
    {
        await host.AddReviewerAsync(_annual, "r1", Chengdu);
        await host.ScoreAsync("r1", Chengdu, _jinjiangLegal.ProjectId, 80, 80, 80);

        async Task<int> Count(ListProjectsRequest request) => (await host.Applicant(Chengdu).ListProjectsAsync(request)).Projects.Count;
        Assert.Equal(1, await Count(new ListProjectsRequest { Year = 2028 }));
        Assert.Equal(5, await Count(new ListProjectsRequest { Year = 2027 }));
        Assert.Equal(1, await Count(new ListProjectsRequest { Category = ProjectCategory.LegalAid }));
        Assert.Equal(4, await Count(new ListProjectsRequest { Category = ProjectCategory.Medical }));
        Assert.Equal(1, await Count(new ListProjectsRequest { Statuses = { ProjectStatus.UnderReview } }));
        Assert.Equal(6, await Count(new ListProjectsRequest { Statuses = { ProjectStatus.UnderReview, ProjectStatus.Submitted } }));
        Assert.Equal(3, await Count(new ListProjectsRequest { RoundId = _annual.RoundId }));
        Assert.Equal(1, await Count(new ListProjectsRequest { RoundId = _supplementary.RoundId }));
        Assert.Equal(1, await Count(new ListProjectsRequest { FunderPath = Province }));
        Assert.Equal(5, await Count(new ListProjectsRequest { FunderPath = Chengdu }));
        Assert.Equal(2, await Count(new ListProjectsRequest { OrganisationPath = Qingyang }));
        Assert.Equal(2, await Count(new ListProjectsRequest { Year = 2027, Category = ProjectCategory.Medical, RoundId = _annual.RoundId }));
    }

    [Fact]
    public async Task Lists_page_with_a_token_and_report_the_total()
    {
        var client = host.Applicant(Chengdu);
        var ids = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await client.ListProjectsAsync(new ListProjectsRequest { Page = new PageRequest { PageSize = 4, PageToken = token } });
            Assert.Equal(6, page.Page.TotalSize);
            Assert.InRange(page.Projects.Count, 1, 4);
            ids.AddRange(page.Projects.Select(p => p.ProjectId));
            token = page.Page.NextPageToken;
            pages++;
        } while (token != "");

        Assert.Equal(2, pages);
        Assert.Equal(6, ids.Distinct().Count());
        await RpcAssert.InvalidArgument(() => client.ListProjectsAsync(new ListProjectsRequest { Page = new PageRequest { PageToken = "x" } }).ResponseAsync,
            "page.page_token");
        await RpcAssert.InvalidArgument(() => client.ListProjectsAsync(new ListProjectsRequest { Page = new PageRequest { PageSize = 10_000 } }).ResponseAsync,
            "page.page_size");
    }
}

public sealed class SqliteTenancyTests(SqliteProjects host) : TenancyTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresTenancyTests(PostgresProjects host) : TenancyTests(host), IClassFixture<PostgresProjects>;
