using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>What callers see through the gateway: three protocols, one answer; tenancy; bad input; keys.</summary>
[Collection(SuiteCollection.Name)]
public class GatewayTests(Suite suite)
{
    private const string CountyA = "51/5101/510104";
    private const string CountyB = "51/5101/510105";
    private const string City = "51/5101";

    private static HttpClient Rest(string organisationPath)
    {
        var http = new HttpClient { BaseAddress = new Uri(Suite.GatewayHttp) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(organisationPath, "caseworker"));
        return http;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_same_rpc_over_grpc_grpc_web_and_json_rest_gives_the_same_answer()
    {
        using var rest = Rest(CountyA);
        var response = await rest.PostAsync("/v1/households", Json(JsonFormatter.Default.Format(Households.Valid())));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = JsonParser.Default.Parse<Household>(await response.Content.ReadAsStringAsync());
        var get = new GetHouseholdRequest { HouseholdId = created.HouseholdId };

        var overGrpc = await new HouseholdArchives.HouseholdArchivesClient(suite.As(CountyA, "caseworker")).GetHouseholdAsync(get);

        using var webChannel = GrpcChannel.ForAddress(Suite.GatewayHttp, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
        });
        var overGrpcWeb = await new HouseholdArchives.HouseholdArchivesClient(webChannel)
            .GetHouseholdAsync(get, new Metadata { { "authorization", $"Bearer {Tokens.For(CountyA, "caseworker")}" } });

        var overRest = JsonParser.Default.Parse<Household>(await rest.GetStringAsync($"/v1/households/{created.HouseholdId}"));

        Assert.Equal(created, overGrpc);
        // The read went through the shared cache, which lives in the real Redis.
        Assert.Contains(created.HouseholdId, await RedisKeysAsync($"union:archives:*{created.HouseholdId}*"));
        Assert.Equal(overGrpc, overGrpcWeb);
        Assert.Equal(overGrpc, overRest);
    }

    private static async Task<string> RedisKeysAsync(string pattern)
    {
        var host = TestServers.Redis.Split(':');
        var info = new System.Diagnostics.ProcessStartInfo("redis-cli", ["-h", host[0], "-p", host.Length > 1 ? host[1] : "6379", "--scan", "--pattern", pattern])
        {
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    [Fact]
    public async Task A_county_cannot_read_its_neighbours_file_through_the_gateway_and_the_city_can()
    {
        var created = await new HouseholdArchives.HouseholdArchivesClient(suite.As(CountyA, "caseworker")).CreateHouseholdAsync(Households.Valid());
        var get = new GetHouseholdRequest { HouseholdId = created.HouseholdId };

        await RpcAssert.Fails(StatusCode.NotFound, () => new HouseholdArchives.HouseholdArchivesClient(suite.As(CountyB, "caseworker")).GetHouseholdAsync(get).ResponseAsync);
        using var neighbour = Rest(CountyB);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/v1/households/{created.HouseholdId}")).StatusCode);
        Assert.Equal(created, await new HouseholdArchives.HouseholdArchivesClient(suite.As(City, "caseworker")).GetHouseholdAsync(get));
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "truncated JSON", "{\"headName\": " },
        { "unknown enum value", "{\"headName\":\"王\",\"causes\":[\"HARDSHIP_CAUSE_NOT_A_CAUSE\"]}" },
        { "wrong type", "{\"headName\":[1,2,3]}" },
        { "money as a fraction", "{\"monthlyIncomePerPerson\":{\"fen\":\"12.5\"}}" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_is_refused_and_nothing_is_written(string what, string body)
    {
        var before = await Database.TableCountsAsync(suite.Databases["archives"]);
        using var rest = Rest(CountyA);
        var response = await rest.PostAsync("/v1/households", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await Database.TableCountsAsync(suite.Databases["archives"]));
    }

    [Fact]
    public async Task Bad_input_over_rest_names_the_fields_in_the_json_error()
    {
        var before = await Database.TableCountsAsync(suite.Databases["archives"]);
        var request = Households.Valid();
        request.HeadName = new string('王', 51);
        request.MonthlyIncomePerPerson.Fen = -1;
        using var rest = Rest(CountyA);
        var response = await rest.PostAsync("/v1/households", Json(JsonFormatter.Default.Format(request)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("head_name", text);
        Assert.Contains("monthly_income_per_person", text);
        Assert.Contains("INVALID_ARGUMENT", text);
        Assert.Equal(before, await Database.TableCountsAsync(suite.Databases["archives"]));
    }

    [Fact]
    public async Task An_idempotency_key_replayed_twenty_times_at_once_through_the_gateway_creates_one_file()
    {
        var client = new HouseholdArchives.HouseholdArchivesClient(suite.As(CountyA, "caseworker"));
        var request = Households.Valid();
        var key = new Metadata { { "idempotency-key", Guid.NewGuid().ToString() } };
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.CreateHouseholdAsync(request, key).ResponseAsync));
        var id = Assert.Single(answers.Select(a => a.HouseholdId).Distinct());
        Assert.Equal(1, await Database.CountAsync(suite.Databases["archives"], "households", "\"Id\" = @id", ("id", Guid.Parse(id))));
    }

    [Fact]
    public async Task A_call_without_a_token_is_refused_before_it_reaches_a_service()
    {
        var anonymous = new HouseholdArchives.HouseholdArchivesClient(suite.Channel);
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => anonymous.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }).ResponseAsync);
        using var http = new HttpClient { BaseAddress = new Uri(Suite.GatewayHttp) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/v1/households/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task The_gateway_reports_ready_with_every_service_behind_it()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Suite.GatewayHttp) };
        var response = await http.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var (name, _, _, _) in Suite.Services) Assert.Contains(name, body);
    }
}
