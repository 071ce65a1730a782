using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Union.Shared.Errors;

/// <summary>
/// The suite's error answers. Each carries a stable machine code (google.rpc.ErrorInfo.reason)
/// that callers program against, and a Chinese message for the person at the screen
/// (google.rpc.LocalizedMessage, zh-CN). Bad input adds google.rpc.BadRequest field violations.
/// </summary>
public static class UnionErrors
{
    public const string Domain = "union.platform";

    [DoesNotReturn]
    public static void InvalidArgument(IEnumerable<BadRequest.Types.FieldViolation> violations, string message = "请求参数有误") =>
        throw Create(StatusCode.InvalidArgument, "INVALID_ARGUMENT", message, null,
            new BadRequest { FieldViolations = { violations } });

    [DoesNotReturn]
    public static void InvalidArgument(string field, string code, string description) =>
        InvalidArgument([new BadRequest.Types.FieldViolation { Field = field, Reason = code, Description = description }]);

    /// <summary>Not found, or outside the caller's organisation subtree: the two answer alike so ids cannot be probed.</summary>
    [DoesNotReturn]
    public static void NotFound(string code, string message) =>
        throw Create(StatusCode.NotFound, code, message);

    [DoesNotReturn]
    public static void FailedPrecondition(string code, string message, IReadOnlyDictionary<string, string>? metadata = null) =>
        throw Create(StatusCode.FailedPrecondition, code, message, metadata);

    [DoesNotReturn]
    public static void AlreadyExists(string code, string message, IReadOnlyDictionary<string, string>? metadata = null) =>
        throw Create(StatusCode.AlreadyExists, code, message, metadata);

    [DoesNotReturn]
    public static void PermissionDenied(string code, string message) =>
        throw Create(StatusCode.PermissionDenied, code, message);

    public static RpcException Create(StatusCode status, string code, string message,
        IReadOnlyDictionary<string, string>? metadata = null, params IMessage[] details)
    {
        var info = new ErrorInfo { Reason = code, Domain = Domain };
        if (metadata is not null) foreach (var (key, value) in metadata) info.Metadata[key] = value;
        var rich = new Google.Rpc.Status
        {
            Code = (int)status,
            Message = message,
            Details =
            {
                Any.Pack(info),
                Any.Pack(new LocalizedMessage { Locale = "zh-CN", Message = message }),
            },
        };
        rich.Details.Add(details.Select(Any.Pack));
        return rich.ToRpcException();
    }
}

/// <summary>
/// A domain rule refused a change because of the record's state. Domain code throws it without
/// knowing about gRPC; the error interceptor answers FAILED_PRECONDITION with its code.
/// </summary>
public sealed class DomainRuleException(string code, string message, IReadOnlyDictionary<string, string>? metadata = null)
    : Exception(message)
{
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string>? Metadata { get; } = metadata;

    /// <summary>The request field the refusal is about, if any: the answer then also carries it as a field violation.</summary>
    public string? Field { get; init; }
}
