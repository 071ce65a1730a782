using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Union.Shared.Auth;
using Union.Shared.Persistence;
using Union.Shared.Time;

namespace Union.Shared.Idempotency;

/// <summary>
/// Deletes idempotency records older than <see cref="IdempotencyOptions.Retention"/>, at start and
/// then every <see cref="IdempotencyOptions.CleanupInterval"/>: the stored answers are the first
/// responses of changes (masked, but still about households) and must not pile up for ever.
/// Every replica may run it; a row deleted twice is simply gone.
/// </summary>
public sealed class IdempotencyCleanup(IServiceScopeFactory scopes, IdempotencyOptions options, TimeProvider clock, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("idempotency-cleanup");
        var db = scope.ServiceProvider.GetRequiredService<UnionDbContext>();
        var cutoff = clock.UtcNowForStorage() - options.Retention;
        return await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await DeleteExpiredAsync(stoppingToken);
                if (deleted > 0) logger.LogInformation("Deleted {Count} expired idempotency record(s)", deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The table may not exist yet (migrations still pending) or the database may be away: next round.
                logger.LogWarning(e, "Expired idempotency records could not be deleted; trying again in {Interval}", options.CleanupInterval);
            }
            try
            {
                await Task.Delay(options.CleanupInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
