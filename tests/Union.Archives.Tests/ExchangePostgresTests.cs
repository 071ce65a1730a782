using Google.Protobuf;
using Union.Contracts.Archives.V1;
using Union.Testing;
using L = Union.Archives.Exchange.WorkbookLayout;

namespace Union.Archives.Tests;

/// <summary>Import and export on a real PostgreSQL server: one save for every household, the identity look-up, tenancy.</summary>
public class ExchangePostgresTests(PostgresArchives host) : IClassFixture<PostgresArchives>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Import_refusal_import_and_masked_export_hold_on_PostgreSQL()
    {
        var countyA = new ArchiveExchange.ArchiveExchangeClient(host.As("51/5115/511502", "caseworker"));
        var countyB = new ArchiveExchange.ArchiveExchangeClient(host.As("51/5115/511503", "caseworker"));
        List<Dictionary<string, object?>> rows =
        [
            ExchangeWorkbook.Head("1"), ExchangeWorkbook.Member("1", "配偶"), ExchangeWorkbook.Head("2"),
        ];
        var workbook = ByteString.CopyFrom(ExchangeWorkbook.Build(rows));

        var imported = await countyA.ImportHouseholdsAsync(new ImportHouseholdsRequest { Workbook = workbook });
        Assert.True(imported.Imported);
        Assert.Equal(2, imported.HouseholdIds.Count);
        // Drafts hold nobody; submitted applications hold their people.
        foreach (var id in imported.HouseholdIds) await host.SubmitAsync("51/5115/511502", id);

        // The same people again, from the neighbouring county: every row refused, nothing written.
        var before = await host.RowCountsAsync();
        var again = await countyB.ImportHouseholdsAsync(new ImportHouseholdsRequest { Workbook = workbook });
        Assert.False(again.Imported);
        Assert.Equal([2, 3, 4], again.Rejected.Select(r => r.Row));
        Assert.All(again.Rejected, r => Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", r.Code));
        Assert.Equal(before, await host.RowCountsAsync());

        var exportB = await countyB.ExportHouseholdsAsync(new ExportHouseholdsRequest());
        Assert.Equal(0, exportB.Households);
        var exportA = await countyA.ExportHouseholdsAsync(new ExportHouseholdsRequest());
        Assert.Equal(2, exportA.Households);
        var cells = ExchangeWorkbook.ReadBack(exportA.Workbook).SelectMany(r => r.Values).ToList();
        Assert.DoesNotContain(cells, c => rows.Any(r => c.Contains((string)r[L.IdNumber]!)));
    }
}
