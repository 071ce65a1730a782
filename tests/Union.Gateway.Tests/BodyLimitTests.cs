using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Gateway.Tests.Infrastructure;
using Union.Testing;
using Status = Google.Rpc.Status;

namespace Union.Gateway.Tests;

/// <summary>
/// A 1 KiB body limit in front of a live archives stand-in, so a refused body is refused by the
/// gateway (the stand-in never sees the call) and a body under the limit demonstrably gets through.
/// Bodies come both with a declared length (refused before forwarding) and streamed (counted as
/// they are forwarded); each test checks which of the two it sent, as the gateway saw it.
/// </summary>
public class BodyLimitTests(GatewayWithSizeLimit gateway) : IClassFixture<GatewayWithSizeLimit>
{
    private const int OverLimit = GatewayWithSizeLimit.MaxBodyBytes * 2;
    private const int UnderLimit = GatewayWithSizeLimit.MaxBodyBytes / 2;

    /// <summary>The length of each body this test sent, by marker.</summary>
    private readonly Dictionary<string, long> _lengths = [];

    /// <summary>A head name that marks the call, padded to <paramref name="length"/> characters.</summary>
    private static string Marker(int length)
    {
        var marker = $"m{Guid.NewGuid():N}";
        return marker + new string('x', Math.Max(0, length - marker.Length));
    }

    private static byte[] JsonBody(string headName) =>
        Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(new CreateHouseholdRequest { HeadName = headName }));

    /// <summary>One length-prefixed gRPC message, as gRPC puts it on the wire.</summary>
    private static byte[] GrpcBody(string headName)
    {
        var message = new CreateHouseholdRequest { HeadName = headName }.ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>A body whose length is not declared: it arrives streamed, in pieces.</summary>
    private sealed class StreamedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var chunk in bytes.Chunk(256))
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private async Task<HttpResponseMessage> PostRestAsync(string headName, bool streamed)
    {
        var body = JsonBody(headName);
        _lengths[headName] = body.Length;
        using var http = gateway.Streaming(Callers.Token());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/households")
        {
            Content = streamed ? new StreamedContent(body) : new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(GatewayHost.MarkerHeader, headName);
        return await http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostGrpcAsync(string headName, bool streamed)
    {
        var body = GrpcBody(headName);
        _lengths[headName] = body.Length;
        using var http = gateway.Streaming(Callers.Token());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/union.archives.v1.HouseholdArchives/CreateHousehold")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = streamed ? new StreamedContent(body) : new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.Add(GatewayHost.MarkerHeader, headName);
        return await http.SendAsync(request);
    }

    /// <summary>
    /// How the request arrived (declared length, null when streamed) and whether the gateway let it
    /// as far as the proxy: a declared length over the limit must be refused before forwarding.
    /// </summary>
    private async Task AssertArrivedAsync(string marker, long? declared, bool reachedProxy)
    {
        var arrival = await gateway.ArrivalAsync(marker);
        Assert.Equal(declared, arrival.DeclaredLength);
        Assert.Equal(reachedProxy, arrival.ReachedProxy);
    }

    private static async Task AssertRestRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("REQUEST_TOO_LARGE", body);
        Assert.Contains("union.platform", body);
    }

    /// <summary>gRPC's form of the refusal: HTTP 200, grpc-status 8 in the headers, the rich status beside it.</summary>
    private static void AssertGrpcRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("8", Assert.Single(response.Headers.GetValues("grpc-status")));
        var details = Assert.Single(response.Headers.GetValues("grpc-status-details-bin"));
        var status = Status.Parser.ParseFrom(Convert.FromBase64String(details.PadRight(details.Length + (4 - details.Length % 4) % 4, '=')));
        Assert.Equal("REQUEST_TOO_LARGE", status.GetDetail<ErrorInfo>()?.Reason);
    }

    [Fact]
    public async Task An_over_size_rest_body_gets_413_and_never_reaches_the_service()
    {
        var headName = Marker(OverLimit);
        await AssertRestRefusedAsync(await PostRestAsync(headName, streamed: false));
        await AssertArrivedAsync(headName, declared: _lengths[headName], reachedProxy: false);
        Assert.Empty(gateway.Archives.CallsFor(headName));
    }

    [Fact]
    public async Task An_over_size_streamed_rest_body_gets_413_and_never_reaches_the_service()
    {
        var headName = Marker(OverLimit);
        await AssertRestRefusedAsync(await PostRestAsync(headName, streamed: true));
        await AssertArrivedAsync(headName, declared: null, reachedProxy: true);
        Assert.Empty(gateway.Archives.CallsFor(headName));
    }

    [Fact]
    public async Task An_over_size_grpc_body_gets_resource_exhausted_and_never_reaches_the_service()
    {
        var headName = Marker(OverLimit);
        AssertGrpcRefused(await PostGrpcAsync(headName, streamed: false));
        await AssertArrivedAsync(headName, declared: _lengths[headName], reachedProxy: false);
        Assert.Empty(gateway.Archives.CallsFor(headName));
    }

    /// <summary>The case Kestrel's own limit misses: gRPC over HTTP/2 with the body counted as it is forwarded.</summary>
    [Fact]
    public async Task An_over_size_streamed_grpc_body_gets_resource_exhausted_not_a_bare_413()
    {
        var headName = Marker(OverLimit);
        AssertGrpcRefused(await PostGrpcAsync(headName, streamed: true));
        await AssertArrivedAsync(headName, declared: null, reachedProxy: true);
        Assert.Empty(gateway.Archives.CallsFor(headName));
    }

    [Fact]
    public async Task An_over_size_grpc_call_gets_resource_exhausted()
    {
        var headName = Marker(OverLimit);
        using var channel = gateway.Grpc();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        var e = await RpcAssert.Fails(StatusCode.ResourceExhausted,
            () => client.CreateHouseholdAsync(new CreateHouseholdRequest { HeadName = headName }, Callers.Bearer(Callers.Token())).ResponseAsync);

        Assert.Equal("REQUEST_TOO_LARGE", e.Code());
        Assert.Empty(gateway.Archives.CallsFor(headName));
    }

    [Fact]
    public async Task An_over_size_grpc_web_call_gets_resource_exhausted()
    {
        var headName = Marker(OverLimit);
        using var channel = gateway.GrpcWeb();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        var e = await RpcAssert.Fails(StatusCode.ResourceExhausted,
            () => client.CreateHouseholdAsync(new CreateHouseholdRequest { HeadName = headName }, Callers.Bearer(Callers.Token())).ResponseAsync);

        Assert.Equal("REQUEST_TOO_LARGE", e.Code());
        Assert.Empty(gateway.Archives.CallsFor(headName));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_rest_body_under_the_limit_is_forwarded(bool streamed)
    {
        var headName = Marker(UnderLimit);
        var response = await PostRestAsync(headName, streamed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertArrivedAsync(headName, declared: streamed ? null : _lengths[headName], reachedProxy: true);
        Assert.Equal(headName, JsonParser.Default.Parse<Household>(await response.Content.ReadAsStringAsync()).HeadName);
        Assert.Single(gateway.Archives.CallsFor(headName));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_grpc_body_under_the_limit_is_forwarded(bool streamed)
    {
        var headName = Marker(UnderLimit);
        var response = await PostGrpcAsync(headName, streamed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertArrivedAsync(headName, declared: streamed ? null : _lengths[headName], reachedProxy: true);
        await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("0", Assert.Single(response.TrailingHeaders.GetValues("grpc-status")));
        Assert.Single(gateway.Archives.CallsFor(headName));
    }

    [Fact]
    public async Task A_grpc_call_under_the_limit_is_forwarded()
    {
        var headName = Marker(UnderLimit);
        using var channel = gateway.Grpc();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        var created = await client.CreateHouseholdAsync(new CreateHouseholdRequest { HeadName = headName }, Callers.Bearer(Callers.Token()));

        Assert.Equal(headName, created.HeadName);
        Assert.Single(gateway.Archives.CallsFor(headName));
    }
}
