using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Messaging;
using Union.Shared.Persistence;

namespace Union.Shared.Idempotency;

/// <summary>
/// Makes a mutating RPC idempotent under the client's key (gRPC metadata or HTTP header
/// <c>idempotency-key</c>). The key is recorded in the same database transaction as the change:
/// a replay returns the first answer, a concurrent replay waits on the key's row and then returns
/// it, and the same key with a different request is refused. A failed call records nothing, so it
/// may be retried with the same key.
/// </summary>
public sealed class IdempotencyInterceptor : Interceptor
{
    public const string Header = "idempotency-key";
    public const int MaxKeyLength = 128;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var clientKey = context.RequestHeaders.GetValue(Header);
        if (string.IsNullOrEmpty(clientKey) || !ApiCatalog.IsMutating(context.Method))
        {
            return await continuation(request, context);
        }
        if (clientKey.Length > MaxKeyLength)
        {
            UnionErrors.InvalidArgument(Header, "TOO_LONG", $"幂等键长度不能超过{MaxKeyLength}个字符");
        }

        var services = context.GetHttpContext().RequestServices;
        var db = services.GetRequiredService<UnionDbContext>();
        var caller = services.GetRequiredService<CallerContext>();
        var key = Hash($"{caller.Subject}\n{caller.OrganisationPath}\n{context.Method}\n{clientKey}");
        var requestHash = Hash(Convert.ToBase64String(((IMessage)request).ToByteArray()));
        var parser = ApiCatalog.Find(context.Method)!.OutputType.Parser;

        for (var attempt = 0; ; attempt++)
        {
            var ct = context.CancellationToken;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, ct);
            if (existing is not null)
            {
                return Replay<TResponse>(existing, requestHash, parser);
            }

            var record = new IdempotencyRecord { Key = key, Method = context.Method, RequestHash = requestHash, CreatedAt = DateTime.UtcNow };
            db.IdempotencyRecords.Add(record);
            try
            {
                // Claims the key first: a concurrent call with the same key now blocks on this row.
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another call holding the same key committed first: read its answer.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                continue;
            }

            var response = await continuation(request, context);
            record.Response = ((IMessage)response).ToByteArray();
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            if (db.ChangeTracker.Entries<OutboxMessage>().Any()) services.GetRequiredService<OutboxSignal>().Notify();
            return response;
        }
    }

    private static TResponse Replay<TResponse>(IdempotencyRecord existing, string requestHash, Google.Protobuf.MessageParser parser)
    {
        if (existing.RequestHash != requestHash)
        {
            UnionErrors.FailedPrecondition("IDEMPOTENCY_KEY_REUSED", "该幂等键已用于另一个不同的请求");
        }
        return (TResponse)parser.ParseFrom(existing.Response ?? []);
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
