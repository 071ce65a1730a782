using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>Moves the platform's clock for a walk through the year (PUT /v1/dev/clock, admin only).</summary>
public interface IYearClock
{
    /// <summary>From now on every service reads <paramref name="now"/> and runs on from there.</summary>
    Task SetAsync(DateTimeOffset now);
}

/// <summary>
/// The clocks of the separate-process suite: each service process has its own settable clock, so
/// the walk sets all four through each service's own HTTP port (the gateway would reach only one).
/// The suite host of <c>make run</c> shares one clock among its services and needs only one call.
/// </summary>
public sealed class SuiteClock : IYearClock
{
    private static readonly string Admin = DevTokens.Mint(Tokens.Options, "admin@51", "51", [Roles.Admin], TimeSpan.FromDays(3 * 366));

    public async Task SetAsync(DateTimeOffset now)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
        var body = $$"""{"now": "{{now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)}}"}""";
        foreach (var (name, _, _, port) in Suite.Services)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"http://127.0.0.1:{port}/v1/dev/clock")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("idempotency-key", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{name} refused the clock ({(int)response.StatusCode}): {text}");
        }
    }

    /// <summary>Back to the system's time, for the tests that follow in the collection.</summary>
    public Task ResetAsync() => SetAsync(DateTimeOffset.UtcNow);
}
