using Grpc.Core;
using Yarp.ReverseProxy.Forwarder;

namespace Union.Gateway;

/// <summary>
/// One body limit for every kind of call. Kestrel's own limit is not enough: the proxy lifts it for
/// gRPC over HTTP/2 (client streams may run long), so the gateway counts the bytes it forwards itself.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (http, next) =>
    {
        // A declared length over the limit is refused before anything reaches a service.
        if (http.Request.ContentLength > maxBytes)
        {
            await RejectAsync(http, maxBytes);
            return;
        }
        http.Request.Body = new LengthLimitedStream(http.Request.Body, maxBytes);
        await next(http);
        // A streamed body crosses the limit mid-copy; the proxy answers a bare 413, which gRPC
        // clients would read as UNKNOWN, so the answer is rewritten while it has not started.
        if (!http.Response.HasStarted && http.Features.Get<IForwarderErrorFeature>()?.Exception is { } error && IsBodyTooLarge(error))
            await RejectAsync(http, maxBytes);
    });

    private static Task RejectAsync(HttpContext http, long maxBytes) =>
        GatewayErrors.WriteAsync(http, StatusCode.ResourceExhausted, StatusCodes.Status413PayloadTooLarge,
            "REQUEST_TOO_LARGE", $"请求内容超过 {maxBytes} 字节的上限");

    private static bool IsBodyTooLarge(Exception error) => error switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsBodyTooLarge),
        { InnerException: { } inner } => IsBodyTooLarge(inner),
        _ => false,
    };

    /// <summary>Reads through to the caller's body and fails like Kestrel does once the limit is passed.</summary>
    private sealed class LengthLimitedStream(Stream inner, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        private int Count(int read)
        {
            _read += read;
            return _read <= maxBytes
                ? read
                : throw new BadHttpRequestException($"Request body too large. The max request body size is {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
