using Microsoft.EntityFrameworkCore;
using Union.Archives.Domain;
using Union.Contracts.Archives.V1;
using Union.Testing;
using DomainCategory = Union.Archives.Domain.HardshipCategory;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;
using Household = Union.Archives.Domain.Household;

namespace Union.Archives.Tests;

/// <summary>
/// Puts files into the states the dynamic-management tests start from (ACTIVE, PHASE_OUT, a stale
/// file, a history of transitions) directly in the database, as the system, without walking the
/// whole life cycle: these tests are about visits, lists and figures, not about the transitions.
/// No reflection: status and dates are set with EF's ExecuteUpdate, transitions with the domain's
/// own <see cref="StatusTransition.Record"/>.
/// </summary>
internal static class ArchiveStates
{
    /// <summary>Opens a file (DRAFT) through the API, as a caseworker of <paramref name="organisationPath"/>.</summary>
    public static async Task<string> OpenAsync(this ServiceHost<Program> host, string organisationPath, Action<CreateHouseholdRequest>? change = null)
    {
        var request = Households.Valid();
        change?.Invoke(request);
        var created = await new HouseholdArchives.HouseholdArchivesClient(host.As(organisationPath, "caseworker")).CreateHouseholdAsync(request);
        return created.HouseholdId;
    }

    /// <summary>Opens a file and puts it on record (ACTIVE unless said otherwise) with the schedule given.</summary>
    public static async Task<string> OnRecordAsync(this ServiceHost<Program> host, string organisationPath,
        DomainCategory category = DomainCategory.Relative, DateOnly? lastVisitedOn = null, DateOnly? nextVisitDueOn = null,
        DomainStatus status = DomainStatus.Active, DateOnly? phaseOutEndsOn = null)
    {
        var id = await host.OpenAsync(organisationPath);
        await host.PutAsync(id, status, category, lastVisitedOn, nextVisitDueOn, phaseOutEndsOn);
        return id;
    }

    public static Task PutAsync(this ServiceHost<Program> host, string householdId, DomainStatus status,
        DomainCategory category = DomainCategory.Relative, DateOnly? lastVisitedOn = null, DateOnly? nextVisitDueOn = null,
        DateOnly? phaseOutEndsOn = null) =>
        host.Update(householdId, s => s
            .SetProperty(h => h.Status, status)
            .SetProperty(h => h.Category, category)
            .SetProperty(h => h.LastVisitedOn, lastVisitedOn)
            .SetProperty(h => h.NextVisitDueOn, nextVisitDueOn)
            .SetProperty(h => h.PhaseOutEndsOn, phaseOutEndsOn));

    public static Task SetUpdatedAtAsync(this ServiceHost<Program> host, string householdId, DateTimeOffset at) =>
        host.Update(householdId, s => s.SetProperty(h => h.UpdatedAt, at.UtcDateTime));

    public static Task SetArchiveTimesAsync(this ServiceHost<Program> host, string householdId, DateTimeOffset appliedAt, DateTimeOffset archivedAt) =>
        host.Update(householdId, s => s
            .SetProperty(h => h.AppliedAt, appliedAt.UtcDateTime)
            .SetProperty(h => h.ArchivedAt, archivedAt.UtcDateTime)
            .SetProperty(h => h.ArchivedOn, DateOnly.FromDateTime(archivedAt.ToOffset(TimeSpan.FromHours(8)).DateTime)));

    /// <summary>Adds a step to a file's history as the life cycle would have recorded it.</summary>
    public static Task AddTransitionAsync(this ServiceHost<Program> host, string householdId, DomainStatus? from, DomainStatus to,
        string action, DateTimeOffset at) =>
        host.WithDatabaseAsync(async db =>
        {
            var household = await db.Set<Household>().AsNoTracking().SingleAsync(h => h.Id == Guid.Parse(householdId));
            db.Set<StatusTransition>().Add(StatusTransition.Record(household, from, to, action, "test", at.UtcDateTime, null, null));
            await db.SaveChangesAsync();
        });

    /// <summary>Moves every existing transition of a file to <paramref name="at"/> (e.g. its CREATE, into an earlier period).</summary>
    public static Task MoveHistoryAsync(this ServiceHost<Program> host, string householdId, DateTimeOffset at) =>
        host.WithDatabaseAsync(db => db.Set<StatusTransition>().Where(t => t.HouseholdId == Guid.Parse(householdId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.At, at.UtcDateTime)));

    /// <summary>The field violations of an INVALID_ARGUMENT answer, with their reasons.</summary>
    public static IReadOnlyList<(string Field, string Reason)> Violations(this global::Grpc.Core.RpcException e) =>
        global::Grpc.Core.RpcExceptionExtensions.GetRpcStatus(e)?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Select(v => (v.Field, v.Reason)).ToList() ?? [];

    private static Task Update(this ServiceHost<Program> host, string householdId,
        Func<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Household>, Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Household>> set) =>
        host.WithDatabaseAsync(db => db.Set<Household>().Where(h => h.Id == Guid.Parse(householdId))
            .ExecuteUpdateAsync(s => set(s)));
}
