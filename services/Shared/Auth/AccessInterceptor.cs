using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Union.Shared.Errors;

namespace Union.Shared.Auth;

/// <summary>Why a call is refused before its handler runs: the stable code and the caller's message.</summary>
public sealed record AccessRefusal(string Code, string Message);

/// <summary>
/// Applies the service's <see cref="AccessTable"/> to every call before the handler runs: an RPC
/// with no entry is refused (deny by default), and so is a caller holding none of the entry's roles,
/// as PERMISSION_DENIED with a stable code. It runs inside the error interceptor and outside the
/// idempotency interceptor, so a refused call opens no transaction and records no key. The
/// handlers keep their own checks of what the table cannot see (ownership, organisation level,
/// the funder, the service identity's subject).
/// </summary>
public sealed class AccessInterceptor : Interceptor
{
    /// <summary>An RPC the service's table does not list.</summary>
    public const string NotInPolicy = "RPC_NOT_IN_ACCESS_POLICY";

    /// <summary>A caller whose roles the entry does not list (the code the handlers' own role checks use too).</summary>
    public const string RoleRequired = "ROLE_REQUIRED";

    /// <summary>An RPC only the service identity may call (as <see cref="ServiceIdentity.RequireService"/> answers).</summary>
    public const string ServiceIdentityRequired = "SERVICE_IDENTITY_REQUIRED";

    /// <summary>The decision alone, for any table, path and roles: null lets the call through.</summary>
    public static AccessRefusal? Decide(AccessTable? table, string grpcPath, IReadOnlySet<string> callerRoles)
    {
        if (AccessTable.IsExempt(grpcPath)) return null;
        if ((table?.Find(grpcPath) ?? HostAccessPolicy.Table.Find(grpcPath)) is not { } rule)
            return new AccessRefusal(NotInPolicy, "该接口未列入访问策略，不予调用");
        if (rule.Allows(callerRoles)) return null;
        return rule.Roles is [ServiceIdentity.Role]
            ? new AccessRefusal(ServiceIdentityRequired, "该接口仅供平台内部服务调用")
            : new AccessRefusal(RoleRequired, $"您的角色无权调用此接口，需要以下角色之一：{string.Join("、", rule.Roles)}");
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorise(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorise(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorise(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorise(context);
        return continuation(requestStream, responseStream, context);
    }

    private static void Authorise(ServerCallContext context)
    {
        var services = context.GetHttpContext().RequestServices;
        var caller = services.GetRequiredService<CallerContext>();
        if (Decide(services.GetService<AccessTable>(), context.Method, caller.Roles) is { } refusal)
            UnionErrors.PermissionDenied(refusal.Code, refusal.Message);
    }
}

public static class AccessPolicyExtensions
{
    /// <summary>Registers the service's access policy; a host without one refuses every RPC.</summary>
    public static IServiceCollection AddAccessPolicy(this IServiceCollection services, AccessTable table) =>
        services.AddSingleton(table);
}
