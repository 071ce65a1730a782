using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Union.Shared.Auth;
using Union.Shared.Time;
using HouseholdDto = Union.Contracts.Archives.V1.Household;

namespace Union.Archives.Persistence;

/// <summary>
/// Read-through cache of household files as callers see them (masked), in memory and, when
/// configured, in Redis shared by every replica. Files are read far more often than changed
/// (visits, payments, evaluations all look them up). Every change to a file must call
/// <see cref="InvalidateAsync"/> when it is saved; the entry is cleared after the commit.
/// </summary>
public sealed class HouseholdCache(HybridCache cache, ArchivesDbContext db, CallerContext caller, TimeProvider clock)
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
            return household is null ? null : new CachedHousehold(household.OrganisationPath, map(household).ToByteArray(),
                household.Members.ToDictionary(m => m.Id.ToString(), m => m.BirthDate));
        }, cancellationToken: cancellationToken);
        if (entry is null || !caller.Sees(entry.OrganisationPath)) return null;
        return AsOfToday(HouseholdDto.Parser.ParseFrom(entry.Household), entry.BirthDates);
    }

    /// <summary>
    /// What depends on the date is worked out at read time, not when the entry was cached: a
    /// phase-out ending at midnight must not read as helpable the next morning, nor an age lag a birthday.
    /// </summary>
    private HouseholdDto AsOfToday(HouseholdDto household, IReadOnlyDictionary<string, DateOnly>? birthDates)
    {
        var today = clock.Today();
        household.Helpable = Domain.Household.IsHelpable(
            (Domain.ArchiveStatus)(int)household.Status, Grpc.HouseholdMapping.ParseDate(household.PhaseOutEndsOn), today);
        foreach (var member in household.Members)
        {
            // Entries cached before birth dates left the answer still carry one in the message.
            DateOnly? birth = birthDates is not null && birthDates.TryGetValue(member.MemberId, out var kept) ? kept
                : Grpc.HouseholdMapping.ParseDate(member.BirthDate);
            if (birth is { } date) member.Age = Domain.HouseholdMember.AgeOn(date, today);
            // Never beside the masked ID number (see HouseholdMapping).
            member.BirthDate = string.Empty;
        }
        return household;
    }

    /// <summary>Clears the file's entry once the change is committed (<see cref="Union.Shared.Persistence.UnionDbContext.AfterCommitAsync"/>).</summary>
    public Task InvalidateAsync(Guid id, CancellationToken cancellationToken) =>
        db.AfterCommitAsync(ct => cache.RemoveAsync(Key(id), ct).AsTask(), cancellationToken);

    /// <param name="BirthDates">By member id, for the age at read time; kept beside the answer, never in it.</param>
    public sealed record CachedHousehold(string OrganisationPath, byte[] Household, Dictionary<string, DateOnly>? BirthDates = null);
}
