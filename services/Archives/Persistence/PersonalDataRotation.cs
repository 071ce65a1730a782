using Microsoft.EntityFrameworkCore;
using Union.Shared.PersonalData;

namespace Union.Archives.Persistence;

/// <summary>
/// Re-protects with the active key every stored personal-data value protected with an older one,
/// so a retired key can be removed from PersonalData:Keys (docs/operations.md). Runs as the
/// system across every organisation, in batches of files ordered by id (keyset paging), one
/// SaveChanges and one audit line per batch that changed. The look-up hashes and masked forms do
/// not change (the look-up key is separate), nor do the files' versions. A second run changes nothing.
/// </summary>
public sealed class PersonalDataRotation(ArchivesDbContext db, PersonalDataProtector protector, ILogger<PersonalDataRotation> logger)
{
    public const int DefaultBatchSize = 200;
    private const int Attempts = 3;

    /// <summary>The maintenance command <c>--rotate-personal-data</c>: resolves the rotation from the scope and runs it.</summary>
    public static Task<int> RunAsync(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<PersonalDataRotation>(services).RotateAsync();

    /// <summary>Rotates every value that needs it; returns how many values were re-protected.</summary>
    public async Task<int> RotateAsync(int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        db.Caller.ActAsSystem("rotate-personal-data");
        var total = 0;
        Guid? after = null;
        while (true)
        {
            var (count, last) = await RotateBatchAsync(after, batchSize, cancellationToken);
            if (last is null) break;
            total += count;
            after = last;
        }
        logger.LogInformation("Re-protected {Count} personal data value(s) with the active key", total);
        return total;
    }

    /// <summary>One batch after <paramref name="after"/>; a file changed meanwhile by a caseworker (its version moved on) makes the batch start again.</summary>
    private async Task<(int Count, Guid? Last)> RotateBatchAsync(Guid? after, int batchSize, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var query = db.Households.IgnoreQueryFilters().Include(h => h.Members).AsSplitQuery();
            if (after is { } id) query = query.Where(h => h.Id.CompareTo(id) > 0);
            var batch = await query.OrderBy(h => h.Id).Take(batchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0) return (0, null);

            var count = batch.Sum(h => h.ReprotectPersonalData(Reprotect));
            if (count > 0)
            {
                db.Audit("PersonalDataRotated", "Household", $"{batch[0].Id}..{batch[^1].Id}", null, $"{count} values");
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateConcurrencyException) when (attempt < Attempts)
                {
                    logger.LogInformation("A file of the batch after {After} changed meanwhile; reading the batch again", after);
                    continue;
                }
                logger.LogInformation("Re-protected {Count} value(s) in households {First}..{Last}", count, batch[0].Id, batch[^1].Id);
            }
            db.ChangeTracker.Clear();
            return (count, batch[^1].Id);
        }
    }

    private string Reprotect(string stored) =>
        protector.NeedsRotation(stored) ? protector.Protect(protector.Unprotect(stored)) : stored;
}
