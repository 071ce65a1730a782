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
using Union.Shared.PersonalData;
using Union.Shared.Time;

namespace Union.Shared.Idempotency;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key answers with its first response; a client retries within minutes, not days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired records are deleted.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// The keyed hashes of idempotency records. The stored key and request hash are HMAC-SHA256 under
/// a key derived (HKDF, its own label) from the configured personal-data look-up key: a request
/// holds personal data (an ID number, a card), and an unkeyed hash of it could be confirmed by
/// anyone who reads the table and guesses the request.
/// </summary>
public sealed class IdempotencyHasher(PersonalDataOptions personalData)
{
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(personalData.LookupKey), 32,
        info: "union-idempotency-v1"u8.ToArray());

    public string Hash(ReadOnlySpan<byte> value) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, value));

    public string Hash(string value) => Hash(Encoding.UTF8.GetBytes(value));
}

/// <summary>
/// Makes a mutating RPC idempotent under the client's key (gRPC metadata or HTTP header
/// <c>idempotency-key</c>). The key is recorded in the same database transaction as the change:
/// a replay returns the first answer, a concurrent replay waits on the key's row and then returns
/// it, and the same key with a different request is refused. A failed call records nothing, so it
/// may be retried with the same key. Reads are never recorded (<see cref="ApiCatalog.IsMutating"/>:
/// a read over POST such as RevealPersonalData is marked NO_SIDE_EFFECTS), so no unmasked answer
/// is kept and every read is audited; a record answers for <see cref="IdempotencyOptions.Retention"/>,
/// then <see cref="IdempotencyCleanup"/> deletes it.
/// </summary>
public sealed class IdempotencyInterceptor(IdempotencyHasher hasher, IdempotencyOptions options, TimeProvider clock) : Interceptor
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
        var key = hasher.Hash($"{caller.Subject}\n{caller.OrganisationPath}\n{context.Method}\n{clientKey}");
        var requestHash = hasher.Hash(((IMessage)request).ToByteArray());
        var parser = ApiCatalog.Find(context.Method)!.OutputType.Parser;

        for (var attempt = 0; ; attempt++)
        {
            var ct = context.CancellationToken;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.UtcNowForStorage();
            var existing = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.Key == key, ct);
            if (existing is not null && existing.CreatedAt >= now - options.Retention)
            {
                return Replay<TResponse>(existing, requestHash, parser);
            }
            if (existing is not null) db.IdempotencyRecords.Remove(existing); // expired, not yet cleaned up: the key is free again

            var record = new IdempotencyRecord { Key = key, Method = context.Method, RequestHash = requestHash, CreatedAt = now };
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
}
