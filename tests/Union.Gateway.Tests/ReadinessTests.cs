using System.Net;
using System.Text.Json;
using Union.Gateway.Tests.Infrastructure;

namespace Union.Gateway.Tests;

/// <summary>/health/ready asks every service's readiness address and names the ones holding it back.</summary>
public class ReadinessTests(GatewayWithoutBackends down, GatewayWithReadyServices up, GatewayWithServicesNotReady mixed)
    : IClassFixture<GatewayWithoutBackends>, IClassFixture<GatewayWithReadyServices>, IClassFixture<GatewayWithServicesNotReady>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body, string Text)> ReadyAsync(GatewayHost gateway)
    {
        using var http = gateway.Rest();
        var response = await http.GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    [Fact]
    public async Task Readiness_is_503_and_names_each_unreachable_service_when_the_services_are_down()
    {
        var (status, body, text) = await ReadyAsync(down);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var services = body.GetProperty("services");
        foreach (var name in TestPorts.Services)
        {
            var service = services.GetProperty(name);
            Assert.Equal("Unhealthy", service.GetProperty("status").GetString());
            Assert.Equal("unreachable", service.GetProperty("detail").GetString());
        }
        // The endpoint is anonymous: it says which service, never where it lives.
        Assert.DoesNotContain("127.0.0.1", text);
        foreach (var port in TestPorts.DeadHealth.Values) Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
    }

    [Fact]
    public async Task Readiness_is_200_when_every_service_answers_200()
    {
        var (status, body, _) = await ReadyAsync(up);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var services = body.GetProperty("services");
        foreach (var name in TestPorts.Services)
        {
            Assert.Equal("Healthy", services.GetProperty(name).GetProperty("status").GetString());
            Assert.Equal("ready", services.GetProperty(name).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Readiness_is_503_and_says_for_each_service_why_when_only_some_are_ready()
    {
        var (status, body, text) = await ReadyAsync(mixed);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var services = body.GetProperty("services");
        Assert.Equal("Healthy", services.GetProperty("archives").GetProperty("status").GetString());
        Assert.Equal("ready", services.GetProperty("archives").GetProperty("detail").GetString());
        Assert.Equal("answered 503", services.GetProperty("projects").GetProperty("detail").GetString());
        Assert.StartsWith("no answer within", services.GetProperty("funds").GetProperty("detail").GetString());
        Assert.Equal("unreachable", services.GetProperty("evaluation").GetProperty("detail").GetString());
        foreach (var name in new[] { "projects", "funds", "evaluation" })
            Assert.Equal("Unhealthy", services.GetProperty(name).GetProperty("status").GetString());
        Assert.DoesNotContain("127.0.0.1", text);
    }

    [Fact]
    public async Task Liveness_is_200_whether_or_not_the_services_are_up()
    {
        foreach (var gateway in new GatewayHost[] { down, up, mixed })
        {
            using var http = gateway.Rest();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        }
    }
}
