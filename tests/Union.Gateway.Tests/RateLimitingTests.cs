using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Gateway.Tests.Infrastructure;
using Union.Testing;
using Status = Google.Rpc.Status;

namespace Union.Gateway.Tests;

/// <summary>
/// Per-caller token buckets (burst 2, then 1 a second). Each test uses callers of its own, so no
/// test spends another's budget. Requests are sent in concurrent batches until one is refused:
/// with a burst of 2, a batch of 5 cannot all pass however slowly the machine runs.
/// </summary>
public class RateLimitingTests(GatewayWithLowRateLimit gateway) : IClassFixture<GatewayWithLowRateLimit>
{
    private const int BatchSize = 5;
    private const int MaxBatches = 10;

    private const string GetHouseholdPath = "/union.archives.v1.HouseholdArchives/GetHousehold";

    /// <summary>Sends batches of concurrent calls until one of them is refused; returns that one.</summary>
    private static async Task<T> UntilRefusedAsync<T>(Func<Task<T>> send, Func<T, bool> refused)
    {
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, BatchSize).Select(_ => send()));
            var hit = answers.FirstOrDefault(refused);
            if (hit is not null) return hit;
        }
        throw new Xunit.Sdk.XunitException($"No request out of {BatchSize * MaxBatches} was refused.");
    }

    /// <summary>A raw gRPC request (HTTP/2, one length-prefixed message), to see the HTTP answer itself.</summary>
    private static HttpRequestMessage RawGrpcCall(string token)
    {
        var message = new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }.ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        var request = new HttpRequestMessage(HttpMethod.Post, GetHouseholdPath)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task A_rest_caller_over_its_rate_gets_429_with_retry_after()
    {
        using var http = gateway.Rest(Callers.Token());
        var refused = await UntilRefusedAsync(() => http.GetAsync($"/v1/households/{Guid.NewGuid()}"),
            r => r.StatusCode == HttpStatusCode.TooManyRequests);

        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After: {retryAfter}");
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("RATE_LIMITED", body);
        Assert.Contains("union.platform", body);
    }

    [Fact]
    public async Task A_caller_over_its_rate_gets_http_200_with_grpc_status_8_over_grpc()
    {
        var token = Callers.Token();
        using var http = gateway.Server.CreateClient();
        var refused = await UntilRefusedAsync(() => http.SendAsync(RawGrpcCall(token)),
            r => Header(r, "grpc-status") == "8");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.StartsWith("application/grpc", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("请求过于频繁，请稍后再试", Uri.UnescapeDataString(Header(refused, "grpc-message")!));
        var details = Header(refused, "grpc-status-details-bin")!;
        var status = Status.Parser.ParseFrom(Convert.FromBase64String(details.PadRight(details.Length + (4 - details.Length % 4) % 4, '=')));
        Assert.Equal((int)StatusCode.ResourceExhausted, status.Code);
        Assert.Equal("RATE_LIMITED", status.GetDetail<ErrorInfo>()?.Reason);
    }

    [Fact]
    public async Task A_caller_over_its_rate_gets_resource_exhausted_over_grpc()
    {
        var token = Callers.Token();
        using var channel = gateway.Grpc();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        var refused = await UntilRefusedAsync(
            () => Catch(client.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }, Callers.Bearer(token)).ResponseAsync),
            e => e.StatusCode == StatusCode.ResourceExhausted);
        Assert.Equal("RATE_LIMITED", refused.Code());
    }

    [Fact]
    public async Task A_caller_over_its_rate_gets_resource_exhausted_over_grpc_web()
    {
        var token = Callers.Token();
        using var channel = gateway.GrpcWeb();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        var refused = await UntilRefusedAsync(
            () => Catch(client.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }, Callers.Bearer(token)).ResponseAsync),
            e => e.StatusCode == StatusCode.ResourceExhausted);
        Assert.Equal("RATE_LIMITED", refused.Code());
    }

    /// <summary>
    /// The first caller is refused, then the second sends its whole burst at once and none of it is
    /// refused. With one bucket for everybody, the second caller would find it empty: it refills by
    /// one a second and the burst needs two.
    /// </summary>
    [Fact]
    public async Task A_second_caller_is_not_limited_by_the_first_callers_traffic()
    {
        using var first = gateway.Rest(Callers.Token());
        await UntilRefusedAsync(() => first.GetAsync($"/v1/households/{Guid.NewGuid()}"), r => r.StatusCode == HttpStatusCode.TooManyRequests);

        using var second = gateway.Rest(Callers.Token());
        var answers = await Task.WhenAll(Enumerable.Range(0, GatewayWithLowRateLimit.Burst)
            .Select(_ => second.GetAsync($"/v1/households/{Guid.NewGuid()}")));
        Assert.All(answers, a => Assert.NotEqual(HttpStatusCode.TooManyRequests, a.StatusCode));
        // They got as far as the (absent) service.
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadGateway, a.StatusCode));
    }

    [Fact]
    public async Task Health_endpoints_are_not_rate_limited()
    {
        // Anonymous callers share one bucket per address; probes must never empty it.
        using var http = gateway.Rest();
        var answers = await Task.WhenAll(Enumerable.Range(0, BatchSize * 2).Select(_ => http.GetAsync("/health/live")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
    }

    private static async Task<RpcException> Catch(Task call)
    {
        try
        {
            await call;
        }
        catch (RpcException e)
        {
            return e;
        }
        return new RpcException(new Grpc.Core.Status(StatusCode.OK, "succeeded"));
    }
}
