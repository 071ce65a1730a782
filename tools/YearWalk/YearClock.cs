using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Union.Shared.Auth;

namespace Union.YearWalk;

/// <summary>Moves the platform's clock for a walk through the year (PUT /v1/dev/clock, admin only).</summary>
public interface IYearClock
{
    /// <summary>From now on every service reads <paramref name="now"/> and runs on from there.</summary>
    Task SetAsync(DateTimeOffset now);
}

/// <summary>
/// The development clock of Development and Testing hosts, set through each given service's HTTP port
/// (the gateway does not route it). Separate processes each have their own clock, so the walk names
/// all four ports (7201–7204); the embedded suite host of <c>make run</c> shares one clock among its
/// services, and one port is enough.
/// </summary>
public sealed class HttpYearClock(params int[] ports) : IYearClock
{
    private static readonly string Admin = WalkTokens.Mint(AssistanceYear.Province, Roles.Admin);

    public async Task SetAsync(DateTimeOffset now)
    {
        var body = $$"""{"now": "{{now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}}"}""";
        foreach (var port in ports) await SendAsync(HttpMethod.Put, port, body);
    }

    /// <summary>What the first port's clock reads now.</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        var answer = JsonDocument.Parse(await SendAsync(HttpMethod.Get, ports[0], null)).RootElement;
        return DateTimeOffset.Parse(answer.GetProperty("beijingTime").GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Back to the system's time, for the tests that follow in the collection.</summary>
    public Task ResetAsync() => SetAsync(DateTimeOffset.UtcNow);

    private static async Task<string> SendAsync(HttpMethod method, int port, string? body)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{port}/v1/dev/clock");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.Add("idempotency-key", Guid.NewGuid().ToString());
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"The clock on port {port} refused ({(int)response.StatusCode}): {text}");
        return text;
    }
}

/// <summary>Development tokens for the walk, signed with the key Development hosts accept.</summary>
public static class WalkTokens
{
    private static readonly AuthOptions Development = new() { SigningKey = AuthOptions.DevelopmentSigningKey };

    /// <summary>A token for <paramref name="role"/> at <paramref name="org"/>, living three years so it outlasts the moved clock.</summary>
    public static string Mint(string org, string role) =>
        DevTokens.Mint(Development, $"{role}@{org}", org, [role], TimeSpan.FromDays(3 * 366));
}
