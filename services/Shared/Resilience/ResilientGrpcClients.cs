using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Union.Contracts;
using Union.Shared.Auth;
using Union.Shared.Idempotency;
using Union.Shared.Messaging;

namespace Union.Shared.Resilience;

public sealed class GrpcClientOptions
{
    /// <summary>Deadline given to a call that sets none.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(5);
    public int MaxRetries { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>The breaker opens when at least this many calls in 30 s saw this share of failures.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;
    public double BreakerFailureRatio { get; set; } = 0.5;
}

public static class ResilientGrpcClients
{
    /// <summary>
    /// A typed gRPC client for another service of the suite at <c>Services:&lt;name&gt;:Grpc</c>,
    /// carrying the caller's token and correlation id, with a deadline on every call and a Polly
    /// pipeline: timeout, circuit breaker, and retries only where a repeat cannot do harm.
    /// </summary>
    public static IHttpClientBuilder AddUnionGrpcClient<TClient>(this IServiceCollection services, IConfiguration configuration, string serviceName)
        where TClient : ClientBase
    {
        var options = configuration.GetSection($"Services:{serviceName}").Get<GrpcClientOptions>() ?? new GrpcClientOptions();
        var address = configuration[$"Services:{serviceName}:Grpc"]
                      ?? throw new InvalidOperationException($"Services:{serviceName}:Grpc is not configured.");
        services.AddHttpContextAccessor();
        // One set of pipelines per target service, so the breaker sees every call to it; clients
        // themselves are created per request and must not each start with a closed breaker.
        var pipelines = new GrpcCallPipelines(options);
        return services.AddGrpcClient<TClient>(o => o.Address = new Uri(address))
            .AddInterceptor(InterceptorScope.Client, sp => new ResilienceInterceptor(options, pipelines, sp.GetRequiredService<IHttpContextAccessor>()));
    }
}

/// <summary>The Polly pipelines for calls to one service: with retries (safe to repeat) and without.</summary>
public sealed class GrpcCallPipelines
{
    public GrpcCallPipelines(GrpcClientOptions options)
    {
        var breaker = new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = options.BreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(IsTransient),
        };
        var timeout = new TimeoutStrategyOptions { Timeout = options.DefaultDeadline + TimeSpan.FromSeconds(1) };
        // Each pipeline gets its own breaker built from these options: repeatable and one-shot
        // calls trip separately, which is fine since both see the same sick service.
        Retrying = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable),
            })
            .AddCircuitBreaker(breaker)
            .AddTimeout(timeout)
            .Build();
        Once = new ResiliencePipelineBuilder().AddCircuitBreaker(breaker).AddTimeout(timeout).Build();
    }

    public ResiliencePipeline Retrying { get; }
    public ResiliencePipeline Once { get; }

    private static bool IsTransient(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.ResourceExhausted;
}

/// <summary>
/// Client side of every call between services. Queries (GET-bound RPCs) and calls carrying an
/// idempotency key are retried on UNAVAILABLE; other calls never are, since a retry might apply a
/// change twice. The breaker opens after repeated failures so a sick service is not hammered.
/// </summary>
public sealed class ResilienceInterceptor(GrpcClientOptions options, GrpcCallPipelines pipelines, IHttpContextAccessor http) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        // A copy: the caller's metadata object may be reused for other calls.
        var headers = new Metadata();
        foreach (var entry in context.Options.Headers ?? []) headers.Add(entry);
        var current = http.HttpContext;
        if (current is not null)
        {
            if (headers.Get("authorization") is null && current.Request.Headers.Authorization.ToString() is { Length: > 0 } token)
                headers.Add("authorization", token);
            if (headers.Get(CorrelationHeaders.CorrelationId) is null)
                headers.Add(CorrelationHeaders.CorrelationId, current.RequestServices.GetRequiredService<CallerContext>().CorrelationId);
        }
        var path = $"/{context.Method.ServiceName}/{context.Method.Name}";
        var repeatable = !ApiCatalog.IsMutating(path) || headers.Get(IdempotencyInterceptor.Header) is not null;
        var pipeline = repeatable ? pipelines.Retrying : pipelines.Once;

        AsyncUnaryCall<TResponse>? last = null;
        var response = pipeline.ExecuteAsync(async ct =>
        {
            var deadline = context.Options.Deadline ?? DateTime.UtcNow.Add(options.DefaultDeadline);
            var callOptions = context.Options.WithHeaders(headers).WithDeadline(deadline).WithCancellationToken(ct);
            last = continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, callOptions));
            return await last.ResponseAsync;
        }, context.Options.CancellationToken).AsTask();

        return new AsyncUnaryCall<TResponse>(
            response,
            response.ContinueWith(_ => last?.ResponseHeadersAsync ?? Task.FromResult(new Metadata()), TaskScheduler.Default).Unwrap(),
            () => last?.GetStatus() ?? Status.DefaultSuccess,
            () => last?.GetTrailers() ?? [],
            () => last?.Dispose());
    }
}
