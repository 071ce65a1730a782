using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Union.Gateway;

/// <summary>
/// The gateway is ready when every service behind it is: each back end's own readiness endpoint
/// (Services:&lt;name&gt;:Health) is asked, with a short timeout so a hung service cannot hang the probe.
/// </summary>
public static class BackendReadiness
{
    public const string Tag = "backend";
    public const string HttpClientName = "backend-readiness";

    public static IServiceCollection AddBackendReadiness(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = TimeSpan.FromSeconds(configuration.GetValue("Readiness:TimeoutSeconds", 2.0));
        services.AddHttpClient(HttpClientName, client => client.Timeout = timeout);

        var checks = services.AddHealthChecks();
        foreach (var service in configuration.GetSection("Services").GetChildren())
        {
            var url = service["Health"];
            if (string.IsNullOrWhiteSpace(url)) continue;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
                throw new InvalidOperationException($"Services:{service.Key}:Health is not an absolute URL: '{url}'.");
            checks.Add(new HealthCheckRegistration(service.Key,
                sp => new BackendReadinessCheck(sp.GetRequiredService<IHttpClientFactory>(), uri),
                HealthStatus.Unhealthy, [Tag], timeout));
        }
        return services;
    }

    public static HealthCheckOptions ReadinessOptions { get; } = new()
    {
        Predicate = check => check.Tags.Contains(Tag),
        ResponseWriter = WriteReadinessAsync,
    };

    /// <summary>
    /// One line per service so an operator sees which one holds the gateway back. The body says
    /// only up, down or timed out: the endpoint is anonymous and must not describe the inside.
    /// </summary>
    private static Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            services = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                detail = e.Value.Description,
                durationMs = (int)e.Value.Duration.TotalMilliseconds,
            }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, cancellationToken: http.RequestAborted);
    }
}

public sealed class BackendReadinessCheck(IHttpClientFactory clients, Uri url) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(BackendReadiness.HttpClientName).GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy("ready")
                : HealthCheckResult.Unhealthy($"answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"no answer within {Stopwatch.GetElapsedTime(started).TotalSeconds:0.#} s");
        }
        catch (HttpRequestException)
        {
            return HealthCheckResult.Unhealthy("unreachable");
        }
    }
}
