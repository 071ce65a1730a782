using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Union.Shared.Auth;
using HouseholdDto = Union.Contracts.Archives.V1.Household;

namespace Union.Archives.Persistence;

/// <summary>
/// Read-through cache of household files as callers see them (masked), in memory and, when
/// configured, in Redis shared by every replica. Files are read far more often than changed
/// (visits, payments, evaluations all look them up). Every change to a file must call
/// <see cref="InvalidateAsync"/> after it is saved.
/// </summary>
public sealed class HouseholdCache(HybridCache cache, ArchivesDbContext db, CallerContext caller)
{
    private static string Key(Guid id) => $"household:{id}";

    /// <summary>The file if it exists and lies within the caller's subtree; null otherwise.</summary>
    public async Task<HouseholdDto?> GetAsync(Guid id, Func<Domain.Household, HouseholdDto> map, CancellationToken cancellationToken)
    {
        var entry = await cache.GetOrCreateAsync(Key(id), async ct =>
        {
            // Loaded across organisations so one entry serves every caller; the subtree check
            // below stands in for the query filter, which a cached value never passes through.
            var household = await db.WholeHouseholds.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct);
            return household is null ? null : new CachedHousehold(household.OrganisationPath, map(household).ToByteArray());
        }, cancellationToken: cancellationToken);
        return entry is not null && caller.Sees(entry.OrganisationPath) ? HouseholdDto.Parser.ParseFrom(entry.Household) : null;
    }

    public ValueTask InvalidateAsync(Guid id, CancellationToken cancellationToken) => cache.RemoveAsync(Key(id), cancellationToken);

    public sealed record CachedHousehold(string OrganisationPath, byte[] Household);
}
