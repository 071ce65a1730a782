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
        return services.AddGrpcClient<TClient>(o => o.Address = new Uri(address))
            .AddInterceptor(InterceptorScope.Client, sp => new ResilienceInterceptor(options, sp.GetRequiredService<IHttpContextAccessor>()));
    }
}

/// <summary>
/// Client side of every call between services. Queries (GET-bound RPCs) and calls carrying an
/// idempotency key are retried on UNAVAILABLE; other calls never are, since a retry might apply a
/// change twice. The breaker opens after repeated failures so a sick service is not hammered.
/// </summary>
public sealed class ResilienceInterceptor : Interceptor
{
    private readonly GrpcClientOptions _options;
    private readonly IHttpContextAccessor _http;
    private readonly ResiliencePipeline _retrying;
    private readonly ResiliencePipeline _once;

    public ResilienceInterceptor(GrpcClientOptions options, IHttpContextAccessor http)
    {
        _options = options;
        _http = http;
        var breaker = new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 5,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = options.BreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(IsTransient),
        };
        var timeout = new TimeoutStrategyOptions { Timeout = options.DefaultDeadline + TimeSpan.FromSeconds(1) };
        _retrying = new ResiliencePipelineBuilder()
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
        _once = new ResiliencePipelineBuilder().AddCircuitBreaker(breaker).AddTimeout(timeout).Build();
    }

    private static bool IsTransient(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.ResourceExhausted;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var headers = context.Options.Headers ?? [];
        var http = _http.HttpContext;
        if (http is not null)
        {
            if (headers.Get("authorization") is null && http.Request.Headers.Authorization.ToString() is { Length: > 0 } token)
                headers.Add("authorization", token);
            if (headers.Get(CorrelationHeaders.CorrelationId) is null)
                headers.Add(CorrelationHeaders.CorrelationId, http.RequestServices.GetRequiredService<CallerContext>().CorrelationId);
        }
        var path = $"/{context.Method.ServiceName}/{context.Method.Name}";
        var repeatable = !ApiCatalog.IsMutating(path) || headers.Get(IdempotencyInterceptor.Header) is not null;
        var pipeline = repeatable ? _retrying : _once;

        AsyncUnaryCall<TResponse>? last = null;
        var response = pipeline.ExecuteAsync(async ct =>
        {
            var deadline = context.Options.Deadline ?? DateTime.UtcNow.Add(_options.DefaultDeadline);
            var options = context.Options.WithHeaders(headers).WithDeadline(deadline).WithCancellationToken(ct);
            last = continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
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
