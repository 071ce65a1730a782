using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Union.EndToEnd.Tests;

/// <summary>REST calls through the gateway as the docs' <c>call</c> shell function makes them: a bearer token and a fresh idempotency key each.</summary>
public sealed class RestCalls(Suite suite)
{
    /// <summary>One call answered 200 with a JSON body; anything else fails the test with the services' output.</summary>
    public async Task<JsonElement> Call(string token, HttpMethod method, string path, string? json = null)
    {
        var response = await Send(token, method, path, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}\n{suite.Output()}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<HttpResponseMessage> Send(string token, HttpMethod method, string path, string? json = null)
    {
        using var rest = new HttpClient { BaseAddress = new Uri(Suite.GatewayHttp) };
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("idempotency-key", Guid.NewGuid().ToString());
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await rest.SendAsync(request);
    }
}
