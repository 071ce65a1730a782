using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Union.Shared.Persistence;

/// <summary>
/// Runs what a context queued with <see cref="UnionDbContext.AfterCommitAsync"/> once its
/// transaction commits, and drops it when the transaction rolls back. Stateless: the queue lives
/// in the context.
/// </summary>
internal sealed class AfterCommitInterceptor : DbTransactionInterceptor
{
    public static readonly AfterCommitInterceptor Instance = new();

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is UnionDbContext db) await db.RunAfterCommitAsync();
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is UnionDbContext db) db.RunAfterCommitAsync().GetAwaiter().GetResult();
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as UnionDbContext)?.DropAfterCommit();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as UnionDbContext)?.DropAfterCommit();

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as UnionDbContext)?.DropAfterCommit();
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) =>
        (eventData.Context as UnionDbContext)?.DropAfterCommit();

    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        // Nothing queued before a transaction starts belongs to it (it ran at once, or belonged
        // to a transaction that was disposed without a commit).
        (eventData.Context as UnionDbContext)?.DropAfterCommit();
        return ValueTask.FromResult(result);
    }
}
