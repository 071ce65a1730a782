using System.Net;
using Google.Protobuf;
using Union.Contracts.Archives.V1;
using Union.Gateway.Tests.Infrastructure;

namespace Union.Gateway.Tests;

/// <summary>
/// gRPC, gRPC-Web and REST all reach the archives service, over HTTP/2, with the caller's token
/// forwarded unchanged (the stand-in echoes the id and the authorization header it received).
/// </summary>
public class RoutingTests(GatewayForRouting gateway) : IClassFixture<GatewayForRouting>
{
    [Fact]
    public async Task A_grpc_call_reaches_the_archives_service_with_the_callers_token()
    {
        var token = Callers.Token();
        var id = Guid.NewGuid().ToString();
        using var channel = gateway.Grpc();
        var answer = await new HouseholdArchives.HouseholdArchivesClient(channel)
            .GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id }, Callers.Bearer(token));

        Assert.Equal(id, answer.HouseholdId);
        Assert.Equal($"Bearer {token}", answer.Employer);
        var received = Assert.Single(gateway.Archives.CallsFor(id));
        Assert.Equal("HTTP/2", received.Protocol);
        Assert.Equal("application/grpc", received.ContentType);
    }

    [Fact]
    public async Task A_grpc_web_call_reaches_the_archives_service_with_the_callers_token()
    {
        var token = Callers.Token();
        var id = Guid.NewGuid().ToString();
        using var channel = gateway.GrpcWeb();
        var answer = await new HouseholdArchives.HouseholdArchivesClient(channel)
            .GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id }, Callers.Bearer(token));

        Assert.Equal(id, answer.HouseholdId);
        Assert.Equal($"Bearer {token}", answer.Employer);
        var received = Assert.Single(gateway.Archives.CallsFor(id));
        Assert.Equal("HTTP/2", received.Protocol);
        // Forwarded as gRPC-Web; the service unwraps it itself.
        Assert.StartsWith("application/grpc-web", received.ContentType);
    }

    [Fact]
    public async Task A_rest_get_reaches_the_archives_service_with_the_callers_token()
    {
        var token = Callers.Token();
        var id = Guid.NewGuid().ToString();
        using var http = gateway.Rest(token);
        var response = await http.GetAsync($"/v1/households/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonParser.Default.Parse<Household>(await response.Content.ReadAsStringAsync());
        Assert.Equal(id, answer.HouseholdId);
        Assert.Equal($"Bearer {token}", answer.Employer);
        Assert.Equal("HTTP/2", Assert.Single(gateway.Archives.CallsFor(id)).Protocol);
    }

    [Fact]
    public async Task The_bare_rest_prefix_reaches_the_archives_service()
    {
        var headName = $"bare-prefix-{Guid.NewGuid():N}";
        using var http = gateway.Rest(Callers.Token());
        var response = await http.PostAsync("/v1/households",
            new StringContent(JsonFormatter.Default.Format(new CreateHouseholdRequest { HeadName = headName }), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(gateway.Archives.CallsFor(headName));
    }

    [Fact]
    public async Task Another_services_routes_do_not_lead_to_archives()
    {
        // Projects is down in this fixture: its routes must fail there, not land on archives.
        var id = Guid.NewGuid().ToString();
        using var http = gateway.Rest(Callers.Token());
        Assert.Equal(HttpStatusCode.BadGateway, (await http.GetAsync($"/v1/project-applications/{id}")).StatusCode);
        Assert.Empty(gateway.Archives.CallsFor(id));
    }
}
