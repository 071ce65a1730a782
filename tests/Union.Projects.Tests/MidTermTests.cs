using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ImplementationHelpers;

namespace Union.Projects.Tests;

/// <summary>
/// The overdue mid-term list (001 第五条(八) "每年度8月中旬前"): projects of the 2027 round launched on
/// 1 October 2026, looked at around the funder's due date in 2027.
/// </summary>
public abstract class MidTermTests(ProjectsHost host) : IAsyncLifetime
{
    private readonly ProjectDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private ProjectImplementation.ProjectImplementationClient Funder => host.Implementation(Chengdu, Roles.Approver);

    private async Task<List<string>> OverdueAsync(ListOverdueMidTermReportsRequest? request = null) =>
        (await Funder.ListOverdueMidTermReportsAsync(request ?? new ListOverdueMidTermReportsRequest())).Projects.Select(p => p.ProjectId).ToList();

    /// <summary>Two launched projects: the first has reported nothing, the second has an accepted mid-term form.</summary>
    private async Task<(string Silent, string Reported)> TwoLaunchedAsync()
    {
        var silent = await _driver.ToAsync(ProjectStatus.Launched, ProjectCategory.Medical);
        var reported = await _driver.ToAsync(ProjectStatus.Launched, ProjectCategory.LegalAid);
        var form = await _driver.ApplicantStaff.FileMidTermFormAsync(MidTerm(reported.ProjectId));
        await _driver.SignAndDecideAsync(form.FormId);
        return (silent.ProjectId, reported.ProjectId);
    }

    [Fact]
    public async Task After_the_due_date_a_launched_project_without_a_mid_term_form_is_overdue_and_one_that_reported_is_not()
    {
        var (silent, _) = await TwoLaunchedAsync();
        host.SetDate(new DateOnly(2027, 8, 16));

        Assert.Equal([silent], await OverdueAsync());
        var page = (await Funder.ListOverdueMidTermReportsAsync(new ListOverdueMidTermReportsRequest { Year = 2027 })).Page;
        Assert.Equal(1, page.TotalSize);
    }

    [Fact]
    public async Task On_the_due_date_itself_nothing_is_overdue()
    {
        await TwoLaunchedAsync();
        host.SetDate(new DateOnly(2027, 8, 15));
        Assert.Empty(await OverdueAsync());
    }

    [Fact]
    public async Task The_funders_own_due_date_decides()
    {
        var (silent, _) = await TwoLaunchedAsync();
        host.SetDate(new DateOnly(2027, 8, 1));
        Assert.Empty(await OverdueAsync());

        await host.Rounds(Chengdu, Roles.Approver).SetFunderRulesAsync(new FunderRules { MidTermDue = "07-31" });
        Assert.Equal([silent], await OverdueAsync());
    }

    [Fact]
    public async Task A_form_still_collecting_signatures_does_not_count_as_reported()
    {
        var project = await _driver.ToAsync(ProjectStatus.Launched);
        var form = await _driver.ApplicantStaff.FileMidTermFormAsync(MidTerm(project.ProjectId));
        await _driver.ApplicantStaff.SignFormAsync(new SignFormRequest { FormId = form.FormId, Level = SignatureLevel.ApplicantHead, SignerName = "张区长" });
        host.SetDate(new DateOnly(2027, 8, 16));
        Assert.Equal([project.ProjectId], await OverdueAsync());

        await _driver.FunderStaff.SignFormAsync(new SignFormRequest { FormId = form.FormId, Level = SignatureLevel.DepartmentHead, SignerName = "刘部长" });
        await _driver.FunderStaff.SignFormAsync(new SignFormRequest { FormId = form.FormId, Level = SignatureLevel.DepartmentLeader, SignerName = "陈副主席" });
        Assert.Empty(await OverdueAsync());
    }

    [Fact]
    public async Task The_list_keeps_to_the_year_and_the_organisation_subtree_and_pages()
    {
        var jinjiang = await _driver.ToAsync(ProjectStatus.Launched, ProjectCategory.Medical);
        var qingyang = await new ProjectDriver(host, Qingyang).ToAsync(ProjectStatus.Launched, ProjectCategory.Medical);
        host.SetDate(new DateOnly(2027, 8, 16));

        Assert.Equal([qingyang.ProjectId], await OverdueAsync(new ListOverdueMidTermReportsRequest { OrganisationPath = Qingyang }));
        Assert.Empty(await OverdueAsync(new ListOverdueMidTermReportsRequest { Year = 2028 }));

        var first = await Funder.ListOverdueMidTermReportsAsync(new ListOverdueMidTermReportsRequest { Page = new PageRequest { PageSize = 1 } });
        var second = await Funder.ListOverdueMidTermReportsAsync(new ListOverdueMidTermReportsRequest { Page = new PageRequest { PageSize = 1, PageToken = first.Page.NextPageToken } });
        Assert.Equal(2, first.Page.TotalSize);
        Assert.Empty(second.Page.NextPageToken);
        Assert.Equal(new[] { jinjiang.ProjectId, qingyang.ProjectId }.Order(), first.Projects.Concat(second.Projects).Select(p => p.ProjectId).Order());
        // Jinjiang sees only its own.
        var own = await host.Implementation(Jinjiang).ListOverdueMidTermReportsAsync(new ListOverdueMidTermReportsRequest());
        Assert.Equal([jinjiang.ProjectId], own.Projects.Select(p => p.ProjectId));
    }
}

public sealed class SqliteMidTermTests(SqliteProjects host) : MidTermTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresMidTermTests(PostgresProjects host) : MidTermTests(host), IClassFixture<PostgresProjects>;
