using Microsoft.EntityFrameworkCore;
using Union.Contracts.Events.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Messaging;
using Union.Shared.Tenancy;
using Union.Shared.Time;

namespace Union.Funds.Messaging;

/// <summary>
/// Keeps the household standing read model from the archives' HouseholdRegistered events. The
/// base class records the event in the inbox in the same transaction, so a redelivered event
/// changes nothing; the history row is keyed by the event id as a second line of defence.
/// </summary>
public sealed class HouseholdRegisteredConsumer(IServiceProvider services, TimeProvider clock)
    : IntegrationEventConsumer<HouseholdRegistered>(services)
{
    private FundsDbContext Funds => (FundsDbContext)Db;

    protected override async Task HandleAsync(HouseholdRegistered message, CancellationToken cancellationToken)
    {
        // A malformed event is a publisher's bug: failing sends it through the retries to the error queue.
        if (!Guid.TryParse(message.HouseholdId, out var householdId))
            throw new InvalidOperationException($"HouseholdRegistered {message.Header.EventId} carries no valid household_id.");
        var path = message.Header.OrganisationPath;
        if (!OrganisationPath.IsValid(path))
            throw new InvalidOperationException($"HouseholdRegistered {message.Header.EventId} carries no valid organisation path.");
        if (string.IsNullOrWhiteSpace(message.ArchiveStatus) || message.ArchiveStatus.Length > 30)
            throw new InvalidOperationException($"HouseholdRegistered {message.Header.EventId} carries no valid archive status.");

        var now = clock.UtcNowForStorage();
        // Cut to whole microseconds like every stored instant, so the history reads back as written.
        var occurredAt = message.Header.OccurredAt?.ToDateTime() is { } at ? new DateTime(at.Ticks - at.Ticks % 10, DateTimeKind.Utc) : now;
        var standing = await Funds.HouseholdStandings.Include(h => h.Changes)
            .FirstOrDefaultAsync(h => h.HouseholdId == householdId, cancellationToken);
        if (standing is null)
        {
            standing = HouseholdStanding.Start(householdId, path);
            Funds.HouseholdStandings.Add(standing);
        }
        standing.Apply(Guid.Parse(message.Header.EventId), HouseholdRegistered.Descriptor.FullName, path, message.ArchiveStatus, occurredAt, now);
    }
}
