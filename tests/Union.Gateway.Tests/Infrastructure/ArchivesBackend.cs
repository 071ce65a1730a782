using System.Collections.Concurrent;
using System.Net;
using Grpc.AspNetCore.Web;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Union.Contracts.Archives.V1;
using Union.Shared.Messaging;

namespace Union.Gateway.Tests.Infrastructure;

/// <summary>What the stand-in received, as the service would have seen it.</summary>
public sealed record ReceivedCall(string Method, string Key, string? CorrelationId, string? Authorization, string Protocol, string ContentType);

/// <summary>
/// A real Kestrel server in place of the archives service: HTTP/2 cleartext only, like a
/// service's gRPC port, with gRPC-Web and JSON transcoding, so all three protocols the gateway
/// forwards arrive as they would at the real service. <c>GetHousehold</c> echoes the id, the
/// correlation id it received (in <c>head_name</c>) and the authorization header (in <c>employer</c>);
/// <c>CreateHousehold</c> echoes <c>head_name</c>. Like the services, it also answers with the
/// correlation id it was sent.
/// </summary>
public sealed class ArchivesBackend : IAsyncDisposable
{
    private const string ArrivedAs = "arrived-as";

    private readonly WebApplication _app;

    private ArchivesBackend(WebApplication app, ConcurrentQueue<ReceivedCall> calls)
    {
        _app = app;
        Calls = calls;
    }

    public ConcurrentQueue<ReceivedCall> Calls { get; }

    /// <summary>Calls that reached the stand-in for a household id (GetHousehold) or head name (CreateHousehold).</summary>
    public IReadOnlyList<ReceivedCall> CallsFor(string key) => Calls.Where(c => c.Key == key).ToList();

    public static async Task<ArchivesBackend> StartAsync(int port)
    {
        await TestPorts.AssertNothingListensAsync(port);
        var calls = new ConcurrentQueue<ReceivedCall>();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(calls);
        builder.Services.AddGrpc().AddJsonTranscoding();

        var app = builder.Build();
        app.Use((http, next) =>
        {
            // Before gRPC-Web unwrapping rewrites it: what the gateway sent, not what the handler sees.
            http.Items[ArrivedAs] = http.Request.ContentType;
            if (http.Request.Headers.TryGetValue(CorrelationHeaders.CorrelationId, out var id))
                http.Response.Headers[CorrelationHeaders.CorrelationId] = id;
            return next(http);
        });
        app.UseRouting();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGrpcService<EchoArchives>();
        await app.StartAsync();
        return new ArchivesBackend(app, calls);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class EchoArchives(ConcurrentQueue<ReceivedCall> calls) : HouseholdArchives.HouseholdArchivesBase
    {
        public override Task<Household> GetHousehold(GetHouseholdRequest request, ServerCallContext context)
        {
            var received = Record(nameof(GetHousehold), request.HouseholdId, context);
            return Task.FromResult(new Household
            {
                HouseholdId = request.HouseholdId,
                HeadName = received.CorrelationId ?? string.Empty,
                Employer = received.Authorization ?? string.Empty,
            });
        }

        public override Task<Household> CreateHousehold(CreateHouseholdRequest request, ServerCallContext context)
        {
            var received = Record(nameof(CreateHousehold), request.HeadName, context);
            return Task.FromResult(new Household
            {
                HouseholdId = Guid.NewGuid().ToString(),
                HeadName = request.HeadName,
                Employer = received.Authorization ?? string.Empty,
            });
        }

        private ReceivedCall Record(string method, string key, ServerCallContext context)
        {
            var http = context.GetHttpContext();
            var call = new ReceivedCall(method, key,
                context.RequestHeaders.GetValue(CorrelationHeaders.CorrelationId),
                context.RequestHeaders.GetValue("authorization"),
                http.Request.Protocol,
                http.Items[ArrivedAs] as string ?? string.Empty);
            calls.Enqueue(call);
            return call;
        }
    }
}

public enum ReadinessAnswer
{
    /// <summary>200, like a service that is up and ready.</summary>
    Ready,

    /// <summary>503, like a service that is up but whose database is not.</summary>
    NotReady,

    /// <summary>Never answers, like a service that is stuck.</summary>
    Hang,
}

/// <summary>HTTP/1.1 listeners on /health/ready, one port per service, like the services' probe ports.</summary>
public sealed class ReadinessListeners : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;

    private ReadinessListeners(WebApplication app, CancellationTokenSource stopping)
    {
        _app = app;
        _stopping = stopping;
    }

    public static async Task<ReadinessListeners> StartAsync(IReadOnlyDictionary<int, ReadinessAnswer> answers)
    {
        foreach (var port in answers.Keys) await TestPorts.AssertNothingListensAsync(port);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var port in answers.Keys) kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        app.MapGet("/health/ready", async (HttpContext http) =>
        {
            switch (answers[http.Connection.LocalPort])
            {
                case ReadinessAnswer.Ready:
                    return Results.Text("Healthy");
                case ReadinessAnswer.NotReady:
                    return Results.Text("Unhealthy", statusCode: StatusCodes.Status503ServiceUnavailable);
                default:
                    using (var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping.Token))
                    {
                        try
                        {
                            await Task.Delay(Timeout.Infinite, either.Token);
                        }
                        catch (OperationCanceledException)
                        {
                        }
                    }
                    return Results.Empty;
            }
        });
        await app.StartAsync();
        return new ReadinessListeners(app, stopping);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
