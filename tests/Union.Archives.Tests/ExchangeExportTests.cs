using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Testing;
using L = Union.Archives.Exchange.WorkbookLayout;

namespace Union.Archives.Tests;

/// <summary>Spreadsheet export (ArchiveExchange.ExportHouseholds): the list's filters, masked personal data, tenancy.</summary>
public class ExchangeExportTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string City = "51/5115";
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";

    private ArchiveExchange.ArchiveExchangeClient Exchange(string org, string role = "caseworker") => new(host.As(org, role));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Imports households into a county and returns the rows it was given (with the plaintext personal data).</summary>
    private async Task<List<Dictionary<string, object?>>> ImportAsync(string county, params List<Dictionary<string, object?>> rows)
    {
        var response = await Exchange(county).ImportHouseholdsAsync(new ImportHouseholdsRequest { Workbook = ByteString.CopyFrom(ExchangeWorkbook.Build(rows)) });
        Assert.True(response.Imported, string.Join("; ", response.Rejected.Select(r => $"{r.Row} {r.Column} {r.Reason}")));
        return rows;
    }

    private async Task<(ExportHouseholdsResponse Response, List<Dictionary<string, string>> Rows)> ExportAsync(string org, ListHouseholdsRequest? filter = null)
    {
        var response = await Exchange(org).ExportHouseholdsAsync(new ExportHouseholdsRequest { Filter = filter ?? new ListHouseholdsRequest() });
        return (response, ExchangeWorkbook.ReadBack(response.Workbook));
    }

    [Fact]
    public async Task The_export_has_one_row_per_person_with_masked_personal_data_only()
    {
        var rows = await ImportAsync(CountyA,
            ExchangeWorkbook.Head("1", name: "张德明"),
            ExchangeWorkbook.Member("1", "配偶", name: "李秀英"),
            ExchangeWorkbook.Member("1", "子女", name: "张小明"),
            ExchangeWorkbook.Head("2", name: "王建国"));

        var (response, exported) = await ExportAsync(CountyA);

        Assert.Equal(2, response.Households);
        Assert.Equal(4, exported.Count);
        Assert.Equal(L.ExportColumns, exported[0].Keys);
        var plaintext = rows.SelectMany(r => new[] { r[L.IdNumber], r[L.Phone], r[L.BankCard] })
            .Select(v => v as string).Where(v => !string.IsNullOrEmpty(v)).ToList();
        Assert.Equal(8, plaintext.Count);
        foreach (var cell in exported.SelectMany(r => r.Values))
            foreach (var secret in plaintext)
                Assert.DoesNotContain(secret!, cell);

        var head = exported.Single(r => r[L.Name] == "张德明");
        var id = (string)rows[0][L.IdNumber]!;
        Assert.Equal(id[..4] + "**********" + id[^4..], head[L.IdNumber]);
        Assert.Equal("139****3333", head[L.Phone]);
        var card = (string)rows[0][L.BankCard]!;
        Assert.Equal(new string('*', card.Length - 4) + card[^4..], head[L.BankCard]);
        Assert.Equal(L.HeadRelation, head[L.Relation]);
        Assert.Equal("450", head[L.IncomePerPerson]);
        Assert.Equal("因病、因学", head[L.Causes]);
        Assert.Equal("草稿", head[L.Status]);
        Assert.Equal(CountyA, head[L.Organisation]);
        var spouse = exported.Single(r => r[L.Name] == "李秀英");
        Assert.Equal("配偶", spouse[L.Relation]);
        Assert.Equal(head[L.HouseholdKey], spouse[L.HouseholdKey]);
        Assert.Equal(head[L.FileId], spouse[L.FileId]);
        var memberId = (string)rows[1][L.IdNumber]!;
        Assert.Equal(memberId[..4] + "**********" + memberId[^4..], spouse[L.IdNumber]);
    }

    [Fact]
    public async Task A_county_exports_only_its_own_files_and_the_city_both_counties()
    {
        await ImportAsync(CountyA, ExchangeWorkbook.Head("1", name: "甲县户主"));
        await ImportAsync(CountyB, ExchangeWorkbook.Head("1", name: "乙县户主"), ExchangeWorkbook.Member("1", "配偶", name: "乙县配偶"));

        var (countyResponse, county) = await ExportAsync(CountyA);
        var (cityResponse, city) = await ExportAsync(City);

        Assert.Equal(1, countyResponse.Households);
        Assert.Equal(["甲县户主"], county.Select(r => r[L.Name]));
        Assert.Equal(2, cityResponse.Households);
        Assert.Equal(new HashSet<string> { "乙县配偶", "乙县户主", "甲县户主" }, city.Select(r => r[L.Name]).ToHashSet());
        Assert.Equal(3, city.Count);
    }

    [Fact]
    public async Task The_export_applies_the_list_filters()
    {
        await ImportAsync(CountyA, ExchangeWorkbook.Head("1", name: "草稿户"), ExchangeWorkbook.Head("2", name: "在档户"));
        var active = await host.WithDatabaseAsync(db => db.Set<Domain.Household>().SingleAsync(h => h.HeadName == "在档户"));
        await host.WithDatabaseAsync(async db =>
        {
            var h = await db.Set<Domain.Household>().SingleAsync(x => x.Id == active.Id);
            db.Entry(h).Property(nameof(Domain.Household.Status)).CurrentValue = Domain.ArchiveStatus.Active;
            await db.SaveChangesAsync();
        });

        var (response, rows) = await ExportAsync(CountyA, new ListHouseholdsRequest { Status = ArchiveStatus.Active });

        Assert.Equal(1, response.Households);
        Assert.Equal("在档户", Assert.Single(rows)[L.Name]);
        Assert.Equal("在档", rows[0][L.Status]);
    }

    [Fact]
    public async Task An_export_of_nothing_is_a_workbook_with_the_headers_only()
    {
        var (response, rows) = await ExportAsync(CountyA);

        Assert.Equal(0, response.Households);
        Assert.All(rows, r => Assert.All(r.Values, v => Assert.Equal(string.Empty, v)));
    }

    [Fact]
    public async Task A_filter_naming_a_neighbouring_county_is_not_found()
    {
        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => Exchange(CountyA).ExportHouseholdsAsync(new ExportHouseholdsRequest { Filter = new ListHouseholdsRequest { OrganisationPath = CountyB } }).ResponseAsync);

        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task A_bad_filter_is_invalid_argument()
    {
        await RpcAssert.InvalidArgument(
            () => Exchange(CountyA).ExportHouseholdsAsync(new ExportHouseholdsRequest { Filter = new ListHouseholdsRequest { Status = (ArchiveStatus)99, OrganisationPath = "51//x" } }).ResponseAsync,
            "filter.status", "filter.organisation_path");
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("finance")]
    public async Task Only_caseworkers_and_reviewers_may_export(string role)
    {
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => Exchange(CountyA, role).ExportHouseholdsAsync(new ExportHouseholdsRequest()).ResponseAsync);

        Assert.Equal("ROLE_REQUIRED", e.Code());
    }

    [Fact]
    public async Task An_export_is_written_to_the_audit_log()
    {
        await ImportAsync(CountyA, ExchangeWorkbook.Head("1"));

        await Exchange(CountyA, "reviewer").ExportHouseholdsAsync(new ExportHouseholdsRequest());

        var audit = await host.WithDatabaseAsync(db => db.AuditEntries.Where(a => a.Action == "EXPORT").ToListAsync());
        Assert.Single(audit);
    }
}
