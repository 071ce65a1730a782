using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>The rest of the archives API as callers reach it through the gateway.</summary>
[Collection(SuiteCollection.Name)]
public class ArchivesGatewayTests(Suite suite)
{
    private const string CountyA = "51/5101/510104";
    private const string CountyB = "51/5101/510105";

    private static HttpClient Rest(string organisationPath, string role)
    {
        var http = new HttpClient { BaseAddress = new Uri(Suite.GatewayHttp) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(organisationPath, role));
        return http;
    }

    [Fact]
    public async Task A_worker_applies_from_the_app_and_sees_only_his_own_application()
    {
        // The app's token carries the ID number the worker's real-name check verified; he applies with it.
        var application = Households.Valid();
        var token = Tokens.ForWorker($"worker-{Guid.NewGuid():N}@{CountyA}", CountyA, application.HeadIdNumber);
        var worker = new HouseholdArchives.HouseholdArchivesClient(suite.Channel.Intercept(metadata =>
        {
            var headers = new Metadata();
            foreach (var entry in metadata) headers.Add(entry);
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));
        var mine = await worker.CreateHouseholdAsync(application);
        Assert.Equal(Channel.SelfApplication, mine.Channel);
        Assert.Equal(mine.HouseholdId, (await worker.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = mine.HouseholdId })).HouseholdId);

        var someoneElses = await new HouseholdArchives.HouseholdArchivesClient(suite.As(CountyA, "caseworker")).CreateHouseholdAsync(Households.Valid());
        await RpcAssert.Fails(StatusCode.NotFound, () => worker.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = someoneElses.HouseholdId }).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => worker.ListHouseholdsAsync(new ListHouseholdsRequest()).ResponseAsync);
    }

    [Fact]
    public async Task Lists_figures_and_exports_over_rest_stay_within_the_callers_subtree()
    {
        var a = await new HouseholdArchives.HouseholdArchivesClient(suite.As(CountyA, "caseworker")).CreateHouseholdAsync(Households.Valid());
        var b = await new HouseholdArchives.HouseholdArchivesClient(suite.As(CountyB, "caseworker")).CreateHouseholdAsync(Households.Valid());
        using var county = Rest(CountyA, "caseworker");

        var list = JsonParser.Default.Parse<ListHouseholdsResponse>(await county.GetStringAsync("/v1/households?status=ARCHIVE_STATUS_DRAFT&page.pageSize=200"));
        Assert.Contains(list.Households, h => h.HouseholdId == a.HouseholdId);
        Assert.DoesNotContain(list.Households, h => h.HouseholdId == b.HouseholdId);
        Assert.All(list.Households, h => Assert.StartsWith(CountyA, h.Owner.Path));

        var figures = JsonParser.Default.Parse<MonitoringFigures>(await county.GetStringAsync("/v1/monitoring/figures"));
        Assert.Equal(CountyA, figures.OrganisationPath);
        Assert.True(figures.FilesOpened >= 1);

        var export = await county.PostAsync("/v1/households:export", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var workbook = JsonParser.Default.Parse<ExportHouseholdsResponse>(await export.Content.ReadAsStringAsync());
        Assert.True(workbook.Households >= 1);
        Assert.NotEmpty(workbook.Workbook);
    }

    [Fact]
    public async Task Revealing_personal_data_needs_a_reason_and_is_audited()
    {
        var request = Households.Valid();
        var created = await new HouseholdArchives.HouseholdArchivesClient(suite.As(CountyA, "caseworker")).CreateHouseholdAsync(request);
        var finance = new HouseholdArchives.HouseholdArchivesClient(suite.As(CountyA, "finance"));

        await RpcAssert.InvalidArgument(() => finance.RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId }).ResponseAsync, "reason");
        var revealed = await finance.RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId, Reason = "发放前核对银行卡" });

        Assert.Equal(request.HeadIdNumber, revealed.HeadIdNumber);
        Assert.Equal(1, await Database.CountAsync(suite.Databases["archives"], "audit_entries",
            "\"Action\" = 'UnmaskedRead' AND \"EntityId\" = @id AND \"Reason\" = '发放前核对银行卡'", ("id", created.HouseholdId)));
    }
}
