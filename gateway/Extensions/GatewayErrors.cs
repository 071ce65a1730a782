using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using ErrorInfo = Google.Rpc.ErrorInfo;
using LocalizedMessage = Google.Rpc.LocalizedMessage;
using Union.Shared.Errors;

namespace Union.Gateway;

/// <summary>
/// Answers the gateway gives on its own (too many requests, body too large) in the same shape the
/// services use, so a client handles one error format whether or not the call got past the gateway.
/// </summary>
public static class GatewayErrors
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(TypeRegistry.FromMessages(ErrorInfo.Descriptor, LocalizedMessage.Descriptor)));

    public static bool IsGrpc(this HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// gRPC and gRPC-Web callers get a trailers-only answer (HTTP 200 with grpc-status in the
    /// headers): gRPC maps a bare HTTP error status to UNAVAILABLE or UNKNOWN, which would tell a
    /// client to retry at once. REST callers get <paramref name="httpStatus"/> with the
    /// google.rpc.Status JSON that JSON transcoding produces for service errors.
    /// </summary>
    public static Task WriteAsync(HttpContext http, StatusCode grpcStatus, int httpStatus, string code, string message)
    {
        var status = UnionErrors.Create(grpcStatus, code, message).GetRpcStatus()
                     ?? throw new InvalidOperationException("UnionErrors.Create lost its rich status.");
        var response = http.Response;
        if (http.Request.IsGrpc())
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = http.Request.ContentType;
            response.Headers["grpc-status"] = ((int)grpcStatus).ToString(System.Globalization.CultureInfo.InvariantCulture);
            // gRPC requires percent-encoded UTF-8 here; the Chinese text would not survive otherwise.
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
            return Task.CompletedTask;
        }
        response.StatusCode = httpStatus;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(Json.Format(status), http.RequestAborted);
    }
}
