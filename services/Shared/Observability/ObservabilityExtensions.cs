using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Union.Shared.Auth;
using Union.Shared.Messaging;

namespace Union.Shared.Observability;

public static class ObservabilityExtensions
{
    /// <summary>
    /// Structured logs with scopes (JSON outside Development), OpenTelemetry traces and metrics for
    /// ASP.NET Core, outgoing HTTP/gRPC and MassTransit, exported over OTLP when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    public static IHostApplicationBuilder AddUnionObservability(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
            builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        else
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; });

        // EF logs every failed save as an error, including the unique-key collisions the platform
        // expects and answers (a replayed idempotency key, a person already on file). A save that
        // really fails reaches the error interceptor, which logs it with the correlation id.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Update", LogLevel.Critical);

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService($"union-{serviceName}"))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddSource("MassTransit");
                if (otlp) t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter("MassTransit");
                if (otlp) m.AddOtlpExporter();
            });
        return builder;
    }

    /// <summary>
    /// Takes the correlation id from the request (set by the gateway) or starts one, puts it on the
    /// caller context, the log scope, the trace and the response, so one id follows a request through
    /// the gateway, the services and the events they raise.
    /// </summary>
    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var id = http.Request.Headers[CorrelationHeaders.CorrelationId].ToString();
        if (string.IsNullOrEmpty(id) || id.Length > 100) id = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        http.RequestServices.GetRequiredService<CallerContext>().CorrelationId = id;
        http.Response.Headers[CorrelationHeaders.CorrelationId] = id;
        Activity.Current?.SetTag("correlation.id", id);
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Union.Request");
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(http);
        }
    });
}
