using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Union.Shared.Errors;

/// <summary>
/// Turns what handlers throw into the suite's error answers. Unexpected exceptions are logged
/// with the correlation id and answered INTERNAL without their text, which may hold data.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (DomainRuleException e)
        {
            IMessage[] details = e.Field is null ? [] :
                [new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = e.Field, Reason = e.Code, Description = e.Message } } }];
            throw UnionErrors.Create(StatusCode.FailedPrecondition, e.Code, e.Message, e.Metadata, details);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw UnionErrors.Create(StatusCode.Aborted, "CONCURRENT_CHANGE", "记录已被他人修改，请刷新后重试");
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw UnionErrors.Create(StatusCode.Cancelled, "CANCELLED", "请求已取消");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in {Method}", context.Method);
            throw UnionErrors.Create(StatusCode.Internal, "INTERNAL", "服务内部错误，请稍后重试");
        }
    }
}
