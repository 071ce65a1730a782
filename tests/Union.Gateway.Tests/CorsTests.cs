using System.Net;
using Union.Gateway.Tests.Infrastructure;

namespace Union.Gateway.Tests;

/// <summary>Browsers may call from the configured origin only.</summary>
public class CorsTests(GatewayForBrowsers gateway) : IClassFixture<GatewayForBrowsers>
{
    private const string GrpcWebMethod = "/union.archives.v1.HouseholdArchives/GetHousehold";

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, GrpcWebMethod);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-grpc-web,x-user-agent");
        return request;
    }

    private static HttpRequestMessage CrossOriginCall(string origin)
    {
        // A gRPC-Web call without a token: the gateway refuses it, and the browser must be able to read why.
        var request = new HttpRequestMessage(HttpMethod.Post, GrpcWebMethod) { Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        request.Content.Headers.ContentType = new("application/grpc-web");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("x-grpc-web", "1");
        return request;
    }

    private static IReadOnlyList<string> Values(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
            ? values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList()
            : [];

    [Fact]
    public async Task A_preflight_from_the_configured_origin_is_allowed_without_a_token()
    {
        using var http = gateway.Rest();
        var response = await http.SendAsync(Preflight(GatewayForBrowsers.Portal));

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal([GatewayForBrowsers.Portal], Values(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Values(response, "Access-Control-Allow-Methods"));
        var allowedHeaders = Values(response, "Access-Control-Allow-Headers");
        foreach (var header in new[] { "authorization", "content-type", "x-grpc-web", "x-user-agent" })
            Assert.Contains(header, allowedHeaders, StringComparer.OrdinalIgnoreCase);
        // Tokens travel in a header, never in cookies.
        Assert.Empty(Values(response, "Access-Control-Allow-Credentials"));
    }

    /// <summary>
    /// Exposed headers belong on the actual answer, not the preflight (the CORS protocol reads
    /// Access-Control-Expose-Headers only there): without them a browser's gRPC-Web client cannot
    /// read grpc-status and sees every answer as a failure.
    /// </summary>
    [Fact]
    public async Task An_answer_to_the_configured_origin_exposes_grpc_status_and_the_correlation_id()
    {
        using var http = gateway.Rest();
        var response = await http.SendAsync(CrossOriginCall(GatewayForBrowsers.Portal));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal([GatewayForBrowsers.Portal], Values(response, "Access-Control-Allow-Origin"));
        var exposed = Values(response, "Access-Control-Expose-Headers");
        foreach (var header in new[] { "grpc-status", "grpc-message", "grpc-status-details-bin", "x-correlation-id" })
            Assert.Contains(header, exposed, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_headers()
    {
        using var http = gateway.Rest();
        foreach (var request in new[] { Preflight("https://evil.example.com"), CrossOriginCall("https://evil.example.com") })
        {
            var response = await http.SendAsync(request);
            Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }
    }
}
