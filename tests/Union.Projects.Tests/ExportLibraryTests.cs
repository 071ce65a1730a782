using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Projects.Exchange;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using L = Union.Projects.Exchange.LibraryWorkbook;

namespace Union.Projects.Tests;

/// <summary>The project library as a workbook: the rows ListProjects would list, every page, in Chinese columns.</summary>
public abstract class ExportLibraryTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Jinjiang: one project in the library, one only filed; Qingyang (Chengdu too) and Cuiping (Yibin) one filed each.</summary>
    private async Task<(ProjectApplication InLibrary, ProjectApplication Filed, ProjectApplication Qingyang, ProjectApplication Cuiping)> SeedAsync()
    {
        var jinjiang = new ProjectDriver(host);
        var inLibrary = await jinjiang.ToAsync(ProjectStatus.InLibrary, approvedFen: 5_000_050, change: r =>
        {
            r.Budget.Clear();
            r.Budget.Add(new BudgetLine { Source = FundSource.UnionFunds, Amount = new Money { Fen = 12_345_678 } });
            r.SubsidyRequested = new Money { Fen = 6_000_001 };
        });
        var filed = await jinjiang.ApplyAsync(ProjectCategory.LegalAid);
        var qingyang = await host.Applicant(Qingyang).CreateProjectApplicationAsync(Valid(await jinjiang.RoundAsync()));
        var cuiping = await new ProjectDriver(host, Cuiping).ApplyAsync();
        return (inLibrary, filed, qingyang, cuiping);
    }

    private async Task<ExportedWorkbook> ExportAsync(string organisation, ListProjectsRequest? filter = null) =>
        await host.Exchange(organisation, Roles.Reviewer).ExportProjectLibraryAsync(new ExportProjectLibraryRequest { Filter = filter ?? new ListProjectsRequest() });

    [Fact]
    public async Task A_county_exports_only_its_own_projects_and_a_city_those_of_its_counties()
    {
        var (inLibrary, filed, qingyang, cuiping) = await SeedAsync();

        var county = await ExportAsync(Jinjiang);
        Assert.Equal(2, county.Rows);
        Assert.Equal(new[] { filed.ProjectId, inLibrary.ProjectId }.Order(), ExportWorkbooks.Rows(county.Workbook).Select(r => r[L.ProjectId]).Order());
        Assert.All(ExportWorkbooks.Rows(county.Workbook), r => Assert.Equal(Jinjiang, r[L.Applicant]));

        var city = ExportWorkbooks.Rows((await ExportAsync(Chengdu)).Workbook);
        Assert.Equal(new[] { inLibrary.ProjectId, filed.ProjectId, qingyang.ProjectId }.Order(), city.Select(r => r[L.ProjectId]).Order());
        Assert.DoesNotContain(city, r => r[L.ProjectId] == cuiping.ProjectId);

        var province = await ExportAsync(Province);
        Assert.Equal(4, province.Rows);
    }

    [Fact]
    public async Task The_filter_is_the_list_filter_and_every_page_is_exported()
    {
        var (inLibrary, filed, qingyang, _) = await SeedAsync();

        var library = await ExportAsync(Chengdu, new ListProjectsRequest { LibraryOnly = true });
        Assert.Equal([inLibrary.ProjectId], ExportWorkbooks.Rows(library.Workbook).Select(r => r[L.ProjectId]));

        // The category filter compares with the column's stored form, in the list as in the export.
        var listedLegal = await host.Applicant(Chengdu).ListProjectsAsync(new ListProjectsRequest { Category = ProjectCategory.LegalAid });
        Assert.Equal([filed.ProjectId], listedLegal.Projects.Select(p => p.ProjectId));
        var legalAid = await ExportAsync(Chengdu, new ListProjectsRequest { Category = ProjectCategory.LegalAid });
        Assert.Equal([filed.ProjectId], ExportWorkbooks.Rows(legalAid.Workbook).Select(r => r[L.ProjectId]));

        var subtree = await ExportAsync(Chengdu, new ListProjectsRequest { OrganisationPath = Qingyang });
        Assert.Equal([qingyang.ProjectId], ExportWorkbooks.Rows(subtree.Workbook).Select(r => r[L.ProjectId]));

        // A page size of one lists one project; the export still holds all three, in the list's order.
        var page = new PageRequest { PageSize = 1 };
        var listed = await host.Applicant(Chengdu).ListProjectsAsync(new ListProjectsRequest { Page = new PageRequest { PageSize = 50 } });
        var all = await ExportAsync(Chengdu, new ListProjectsRequest { Page = page });
        Assert.Equal(3, all.Rows);
        Assert.Equal(listed.Projects.Select(p => p.ProjectId), ExportWorkbooks.Rows(all.Workbook).Select(r => r[L.ProjectId]));
    }

    [Fact]
    public async Task A_row_carries_the_project_in_chinese_with_money_exact_to_the_fen()
    {
        var (inLibrary, _, _, _) = await SeedAsync();

        var workbook = await ExportAsync(Jinjiang, new ListProjectsRequest { LibraryOnly = true });

        Assert.Equal(L.Columns, ExportWorkbooks.Headers(workbook.Workbook));
        Assert.StartsWith("帮扶项目库-2026-10-01", workbook.FileName);
        var row = Assert.Single(ExportWorkbooks.Rows(workbook.Workbook));
        Assert.Equal(Jinjiang, row[L.Applicant]);
        Assert.Equal(Chengdu, row[L.Funder]);
        Assert.Equal("2027", row[L.Year]);
        Assert.Equal("年度项目", row[L.Kind]);
        Assert.Equal("县区级", row[L.Level]);
        Assert.Equal("医疗帮扶类", row[L.Category]);
        Assert.Equal(string.Empty, row[L.Subcategory]);
        Assert.Equal("困难职工大病医疗救助项目", row[L.Title]);
        Assert.Equal("123456.78", row[L.Total]);
        Assert.Equal("60000.01", row[L.Requested]);
        Assert.Equal("50000.50", row[L.Approved]);
        Assert.Equal("50000.50", row[L.Current]);
        Assert.Equal("0.00", row[L.Released]);
        Assert.Equal(ExchangeText.Score(inLibrary.ReviewScoreCenti, 1), row[L.Score]);
        Assert.Matches(@"^\d+\.\d\d$", row[L.Score]);
        Assert.Equal("已入库", row[L.Status]);
        Assert.Equal("2026-10-01", row[L.InLibraryOn]);
        Assert.Equal(string.Empty, row[L.LaunchedOn]);
        Assert.Equal(string.Empty, row[L.ClosedOn]);
    }

    [Fact]
    public async Task An_empty_export_still_has_its_headers()
    {
        var workbook = await ExportAsync(Jinjiang);

        Assert.Equal(0, workbook.Rows);
        Assert.Equal(L.Columns, ExportWorkbooks.Headers(workbook.Workbook));
        Assert.Empty(ExportWorkbooks.Rows(workbook.Workbook));
    }

    [Fact]
    public async Task A_bad_filter_is_answered_with_its_fields_under_filter()
    {
        var e = await RpcAssert.InvalidArgument(() => ExportAsync(Chengdu, new ListProjectsRequest
        {
            Year = 1999,
            OrganisationPath = "51//x",
            Page = new PageRequest { PageSize = 1000 },
            Statuses = { (ProjectStatus)99 },
        }), "filter.year", "filter.organisation_path", "filter.page.page_size", "filter.statuses[0]");
        Assert.Equal(4, e.ViolatedFields().Count);
    }

    [Fact]
    public async Task Workers_may_not_export_the_library()
    {
        var client = new ProjectExchange.ProjectExchangeClient(host.As(Jinjiang, Roles.Worker));

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => client.ExportProjectLibraryAsync(new ExportProjectLibraryRequest()).ResponseAsync);
    }
}

public sealed class SqliteExportLibraryTests(SqliteProjects host) : ExportLibraryTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresExportLibraryTests(PostgresProjects host) : ExportLibraryTests(host), IClassFixture<PostgresProjects>;
