using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Union.Contracts;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Messaging;
using Union.Shared.Tenancy;
using Union.Shared.Time;

namespace Union.Funds.Messaging;

/// <summary>
/// What funds reads from one archive event: which household, its status after the event, the file's
/// version after it (which orders the household's events), and a phase-out's last day.
/// </summary>
public readonly record struct HouseholdStatusReport(string HouseholdId, string ArchiveStatus, long HouseholdVersion, string? PhaseOutEndsOn = null);

/// <summary>
/// The one way every archive event moves the household standing read model. The base class records
/// the event in the inbox in the same transaction, so a redelivered event changes nothing; the
/// history row is keyed by the event id as a second line of defence. Every event is kept in the
/// history; the current status follows the event that came last in the file's history (by the
/// household version archives stamps, then occurred_at), so an event delivered late does not undo
/// a newer one. Two events of one household handled at once (two replicas, or two consumers of
/// one replica) race on the standing's concurrency token: the loser's save fails, its transaction
/// rolls back, and the endpoint's retry applies it again on top of the winner's. A subclass only
/// says how to read its event.
/// </summary>
public abstract class HouseholdStatusConsumer<TEvent>(IServiceProvider services, TimeProvider clock)
    : IntegrationEventConsumer<TEvent>(services)
    where TEvent : class, IIntegrationEvent
{
    private FundsDbContext Funds => (FundsDbContext)Db;

    /// <summary>The household, its status and (for a phase-out) its end date as the event carries them.</summary>
    protected abstract HouseholdStatusReport Read(TEvent message);

    protected sealed override async Task HandleAsync(TEvent message, CancellationToken cancellationToken)
    {
        var report = Read(message);
        var name = message.Descriptor.Name;
        var eventId = message.Header.EventId;
        // A malformed event is a publisher's bug: failing sends it through the retries to the error queue.
        if (!Guid.TryParse(report.HouseholdId, out var householdId))
            throw new InvalidOperationException($"{name} {eventId} carries no valid household_id.");
        var path = message.Header.OrganisationPath;
        if (!OrganisationPath.IsValid(path))
            throw new InvalidOperationException($"{name} {eventId} carries no valid organisation path.");
        if (string.IsNullOrWhiteSpace(report.ArchiveStatus) || report.ArchiveStatus.Length > 30)
            throw new InvalidOperationException($"{name} {eventId} carries no valid archive status.");
        if (report.HouseholdVersion < 0)
            throw new InvalidOperationException($"{name} {eventId} carries a negative household_version.");
        DateOnly? phaseOutEndsOn = null;
        if (report.PhaseOutEndsOn is not null)
        {
            if (!DateOnly.TryParseExact(report.PhaseOutEndsOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
                throw new InvalidOperationException($"{name} {eventId} carries no valid phase_out_ends_on.");
            phaseOutEndsOn = end;
        }

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
        standing.Apply(Guid.Parse(eventId), message.Descriptor.FullName, path, report.ArchiveStatus, occurredAt, now, phaseOutEndsOn,
            report.HouseholdVersion);
    }

    /// <summary>The status the event reports, or the one its kind implies when the publisher left it empty.</summary>
    protected static string StatusOr(string reported, string implied) =>
        string.IsNullOrWhiteSpace(reported) ? implied : reported;
}
