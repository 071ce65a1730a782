using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Union.Contracts.Projects.V1;
using Union.Shared.Resilience;

namespace Union.Shared.Tests;

/// <summary>The client pipeline between services, against a peer that always fails.</summary>
public class ResilienceTests
{
    /// <summary>A peer that answers every call with the given status and counts the calls.</summary>
    private sealed class FailingPeer(StatusCode status) : CallInvoker
    {
        public int Calls;
        public Metadata? LastHeaders;
        public DateTime? LastDeadline;

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Interlocked.Increment(ref Calls);
            LastHeaders = options.Headers;
            LastDeadline = options.Deadline;
            return new AsyncUnaryCall<TResponse>(Task.FromException<TResponse>(new RpcException(new Status(status, "peer down"))),
                Task.FromResult(new Metadata()), () => new Status(status, "peer down"), () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();
        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }

    private static readonly GrpcClientOptions Options = new()
    {
        MaxRetries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(1),
        BreakerMinimumThroughput = 4,
        BreakDuration = TimeSpan.FromMinutes(1),
    };

    private static ProjectApplications.ProjectApplicationsClient Client(FailingPeer peer, GrpcCallPipelines pipelines) =>
        new(peer.Intercept(new ResilienceInterceptor(Options, pipelines, new HttpContextAccessor())));

    [Fact]
    public async Task A_query_is_retried_while_the_peer_is_unavailable()
    {
        var peer = new FailingPeer(StatusCode.Unavailable);
        await Assert.ThrowsAsync<RpcException>(() => Client(peer, new GrpcCallPipelines(Options)).GetProjectApplicationAsync(new GetProjectApplicationRequest()).ResponseAsync);
        Assert.Equal(1 + Options.MaxRetries, peer.Calls);
    }

    [Fact]
    public async Task A_change_without_an_idempotency_key_is_never_retried()
    {
        var peer = new FailingPeer(StatusCode.Unavailable);
        await Assert.ThrowsAsync<RpcException>(() => Client(peer, new GrpcCallPipelines(Options)).CreateProjectApplicationAsync(new CreateProjectApplicationRequest()).ResponseAsync);
        Assert.Equal(1, peer.Calls);
    }

    [Fact]
    public async Task A_change_with_an_idempotency_key_may_be_retried()
    {
        var peer = new FailingPeer(StatusCode.Unavailable);
        var key = new Metadata { { "idempotency-key", "k-1" } };
        await Assert.ThrowsAsync<RpcException>(() => Client(peer, new GrpcCallPipelines(Options)).CreateProjectApplicationAsync(new CreateProjectApplicationRequest(), key).ResponseAsync);
        Assert.Equal(1 + Options.MaxRetries, peer.Calls);
        Assert.Single(key);
    }

    [Fact]
    public async Task The_breaker_opens_for_every_client_of_the_same_service_and_stops_calling_the_peer()
    {
        var peer = new FailingPeer(StatusCode.Internal);
        var pipelines = new GrpcCallPipelines(Options);
        for (var i = 0; i < 10; i++)
        {
            // A new client per call, as the client factory hands out per request.
            await Assert.ThrowsAnyAsync<Exception>(() => Client(peer, pipelines).GetProjectApplicationAsync(new GetProjectApplicationRequest()).ResponseAsync);
        }
        Assert.Equal(Options.BreakerMinimumThroughput, peer.Calls);
    }

    [Fact]
    public async Task Every_call_carries_a_deadline()
    {
        var peer = new FailingPeer(StatusCode.InvalidArgument);
        await Assert.ThrowsAsync<RpcException>(() => Client(peer, new GrpcCallPipelines(Options)).GetProjectApplicationAsync(new GetProjectApplicationRequest()).ResponseAsync);
        Assert.Equal(1, peer.Calls);
        Assert.NotNull(peer.LastDeadline);
        Assert.InRange(peer.LastDeadline!.Value, DateTime.UtcNow, DateTime.UtcNow + Options.DefaultDeadline);
    }
}
