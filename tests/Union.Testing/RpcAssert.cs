using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Union.Testing;

/// <summary>Assertions on the suite's rich gRPC errors.</summary>
public static class RpcAssert
{
    public static async Task<RpcException> Fails(StatusCode expected, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, e.StatusCode);
        return e;
    }

    /// <summary>The stable code of the error (google.rpc.ErrorInfo.reason).</summary>
    public static string Code(this RpcException e) => e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason
        ?? throw new Xunit.Sdk.XunitException("The error carries no google.rpc.ErrorInfo.");

    public static IReadOnlyDictionary<string, string> Metadata(this RpcException e) =>
        e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Metadata ?? throw new Xunit.Sdk.XunitException("No ErrorInfo.");

    /// <summary>The fields named by the error's google.rpc.BadRequest violations.</summary>
    public static IReadOnlyList<string> ViolatedFields(this RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList()
        ?? throw new Xunit.Sdk.XunitException("The error carries no google.rpc.BadRequest.");

    /// <summary>The error's google.rpc.BadRequest violations; empty when it carries none.</summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> FieldViolations(this RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.ToList() ?? [];

    public static async Task<RpcException> InvalidArgument(Func<Task> call, params string[] fields)
    {
        var e = await Fails(StatusCode.InvalidArgument, call);
        var violated = e.ViolatedFields();
        foreach (var field in fields) Assert.Contains(field, violated);
        return e;
    }
}
