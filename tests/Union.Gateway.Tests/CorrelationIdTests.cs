using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Gateway.Tests.Infrastructure;
using Union.Shared.Messaging;

namespace Union.Gateway.Tests;

/// <summary>
/// Every answer carries x-correlation-id, and the service behind the gateway receives the same id
/// (the archives stand-in echoes the id it received in <c>head_name</c>).
/// </summary>
public class CorrelationIdTests(GatewayForCorrelation gateway) : IClassFixture<GatewayForCorrelation>
{
    private const string Header = CorrelationHeaders.CorrelationId;

    private static string Single(HttpResponseMessage response) =>
        Assert.Single(response.Headers.TryGetValues(Header, out var values) ? values : []);

    private static async Task<Household> HouseholdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonParser.Default.Parse<Household>(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_answer_carries_a_correlation_id_refusals_and_health_included()
    {
        using var anonymous = gateway.Rest();
        Assert.NotEmpty(Single(await anonymous.GetAsync($"/v1/households/{Guid.NewGuid()}")));
        Assert.NotEmpty(Single(await anonymous.GetAsync("/health/live")));
        using var signedIn = gateway.Rest(Callers.Token());
        Assert.NotEmpty(Single(await signedIn.GetAsync("/v1/nothing-here")));
    }

    [Fact]
    public async Task A_correlation_id_sent_by_the_client_reaches_the_service_unchanged_and_comes_back_once()
    {
        var id = $"client-{Guid.NewGuid():N}";
        using var http = gateway.Rest(Callers.Token());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/households/{Guid.NewGuid()}");
        request.Headers.Add(Header, id);
        var response = await http.SendAsync(request);

        Assert.Equal(id, (await HouseholdAsync(response)).HeadName);
        // The stand-in echoes the id as the services do; the caller still sees it once, not "id, id".
        Assert.Equal(id, Single(response));
    }

    [Fact]
    public async Task A_correlation_id_sent_over_grpc_reaches_the_service_unchanged()
    {
        var id = $"grpc-client-{Guid.NewGuid():N}";
        using var channel = gateway.Grpc();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        var headers = Callers.Bearer(Callers.Token());
        headers.Add(Header, id);
        using var call = client.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }, headers);

        Assert.Equal(id, (await call.ResponseAsync).HeadName);
        Assert.Equal(id, (await call.ResponseHeadersAsync).GetValue(Header));
    }

    [Fact]
    public async Task Without_a_correlation_id_the_gateway_makes_one_up_and_sends_it_to_the_service()
    {
        var householdId = Guid.NewGuid().ToString();
        using var http = gateway.Rest(Callers.Token());
        var response = await http.GetAsync($"/v1/households/{householdId}");

        var given = Single(response);
        Assert.False(string.IsNullOrWhiteSpace(given));
        Assert.Equal(given, (await HouseholdAsync(response)).HeadName);
        Assert.Equal(given, Assert.Single(gateway.Archives.CallsFor(householdId)).CorrelationId);
    }

    [Fact]
    public async Task Two_requests_without_a_correlation_id_get_different_ones()
    {
        using var http = gateway.Rest(Callers.Token());
        var first = Single(await http.GetAsync($"/v1/households/{Guid.NewGuid()}"));
        var second = Single(await http.GetAsync($"/v1/households/{Guid.NewGuid()}"));
        Assert.NotEqual(first, second);
    }
}
