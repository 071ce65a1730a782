using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Union.Contracts;
using Union.Contracts.Events.V1;
using Union.Evaluation.Domain.Operational;
using Union.Shared.Messaging;
using Union.Shared.Time;

namespace Union.Evaluation.Messaging;

// The facts behind the operational indicators (Domain/Operational), from funds' and archives'
// events. The base class makes a redelivered event a no-op (inbox); each fact is keyed by the
// publisher's id, so the same payment published again under a new event id is still one payment.

/// <summary>funds' AssistanceDecided → <see cref="DecisionFact"/>.</summary>
public sealed class AssistanceDecidedConsumer(IServiceProvider services) : IntegrationEventConsumer<AssistanceDecided>(services)
{
    protected override async Task HandleAsync(AssistanceDecided message, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(message.DecisionId);
        var facts = Db.Set<DecisionFact>();
        var fact = await facts.FirstOrDefaultAsync(d => d.DecisionId == id, cancellationToken);
        if (fact is null) facts.Add(fact = new DecisionFact { DecisionId = id });
        fact.OrganisationPath = message.Header.OrganisationPath;
        fact.HouseholdId = message.HouseholdId;
        fact.AidType = message.AidType;
        fact.AmountFen = message.Amount?.Fen ?? 0;
        fact.Source = (int)message.Source;
        fact.DecidedOn = Day(message.DecidedOn);
        fact.ApplicationCompletedOn = Day(message.ApplicationCompletedOn);
        fact.Frequency = message.Frequency;
    }

    internal static DateOnly Day(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : default;
}

/// <summary>funds' PaymentSettled → <see cref="PaymentFact"/>; a later settlement of the same payment replaces an earlier one.</summary>
public sealed class PaymentSettledConsumer(IServiceProvider services) : IntegrationEventConsumer<PaymentSettled>(services)
{
    protected override async Task HandleAsync(PaymentSettled message, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(message.PaymentId);
        var settledAt = message.SettledAt?.ToDateTime() ?? message.Header.OccurredAt?.ToDateTime() ?? DateTime.UtcNow;
        var facts = Db.Set<PaymentFact>();
        var fact = await facts.FirstOrDefaultAsync(p => p.PaymentId == id, cancellationToken);
        if (fact is null) facts.Add(fact = new PaymentFact { PaymentId = id });
        else if (fact.SettledAt > settledAt) return;
        fact.DecisionId = Guid.TryParse(message.DecisionId, out var decision) ? decision : Guid.Empty;
        fact.OrganisationPath = message.Header.OrganisationPath;
        fact.HouseholdId = message.HouseholdId;
        fact.AidType = message.AidType;
        fact.Source = (int)message.Source;
        fact.AmountFen = message.Amount?.Fen ?? 0;
        fact.Status = message.Status;
        fact.SettledAt = settledAt;
        fact.SettledOn = DateOnly.FromDateTime(settledAt + BeijingTime.Offset);
    }
}

/// <summary>funds' AllocationCommitted → one <see cref="AllocationFact"/> per share.</summary>
public sealed class AllocationCommittedConsumer(IServiceProvider services) : IntegrationEventConsumer<AllocationCommitted>(services)
{
    protected override async Task HandleAsync(AllocationCommitted message, CancellationToken cancellationToken)
    {
        var run = Guid.Parse(message.RunId);
        var facts = Db.Set<AllocationFact>();
        var known = await facts.Where(a => a.RunId == run).Select(a => a.OrganisationPath).ToListAsync(cancellationToken);
        foreach (var share in message.Shares.Where(s => !known.Contains(s.OrganisationPath)))
            facts.Add(new AllocationFact
            {
                RunId = run, OrganisationPath = share.OrganisationPath, Year = message.Year,
                Source = (int)message.Source, AmountFen = share.Amount?.Fen ?? 0,
            });
    }
}

/// <summary>funds' AllocationReversed: the run's shares no longer count as received.</summary>
public sealed class AllocationReversedConsumer(IServiceProvider services) : IntegrationEventConsumer<AllocationReversed>(services)
{
    protected override async Task HandleAsync(AllocationReversed message, CancellationToken cancellationToken)
    {
        var run = Guid.Parse(message.RunId);
        foreach (var share in await Db.Set<AllocationFact>().Where(a => a.RunId == run).ToListAsync(cancellationToken))
            share.Reversed = true;
    }
}

/// <summary>archives' HouseholdArchived (after its public notice) → <see cref="HouseholdFact"/>; the first archiving day is kept.</summary>
public sealed class HouseholdArchivedConsumer(IServiceProvider services) : IntegrationEventConsumer<HouseholdArchived>(services)
{
    protected override async Task HandleAsync(HouseholdArchived message, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(message.HouseholdId);
        var on = DateOnly.FromDateTime((message.Header.OccurredAt?.ToDateTime() ?? DateTime.UtcNow) + BeijingTime.Offset);
        var facts = Db.Set<HouseholdFact>();
        var fact = await facts.FirstOrDefaultAsync(h => h.HouseholdId == id, cancellationToken);
        if (fact is null) facts.Add(new HouseholdFact { HouseholdId = id, OrganisationPath = message.Header.OrganisationPath, ArchivedOn = on });
        else
        {
            if (on < fact.ArchivedOn) fact.ArchivedOn = on;
            // Archived again after a relapse: on file again.
            if (fact.ClosedOn is { } closed && on >= closed) fact.ClosedOn = null;
        }
    }
}

/// <summary>
/// archives' HouseholdVisited → <see cref="VisitFact"/>, keyed by the visit: the same visit published
/// again is stored once. Counted by the campaign-window visits measure (002 指标8 ②).
/// </summary>
public sealed class HouseholdVisitedConsumer(IServiceProvider services) : IntegrationEventConsumer<HouseholdVisited>(services)
{
    protected override async Task HandleAsync(HouseholdVisited message, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(message.VisitId);
        var facts = Db.Set<VisitFact>();
        if (await facts.AnyAsync(v => v.VisitId == id, cancellationToken)) return;
        facts.Add(new VisitFact
        {
            VisitId = id,
            HouseholdId = Guid.Parse(message.HouseholdId),
            OrganisationPath = message.Header.OrganisationPath,
            VisitedOn = AssistanceDecidedConsumer.Day(message.VisitedOn),
            Kind = message.VisitKind,
        });
    }
}

/// <summary>
/// archives' exit, de-archive and cancel: the file closed on that Beijing day, so the household no
/// longer has to be visited in a campaign window that opens after it. A file never seen archived is
/// not tracked (it was never in the visits measure's population).
/// </summary>
public abstract class HouseholdClosedConsumer<TEvent>(IServiceProvider services) : IntegrationEventConsumer<TEvent>(services)
    where TEvent : class, IIntegrationEvent
{
    protected abstract string HouseholdIdOf(TEvent message);

    protected override async Task HandleAsync(TEvent message, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(HouseholdIdOf(message));
        var on = DateOnly.FromDateTime((message.Header.OccurredAt?.ToDateTime() ?? DateTime.UtcNow) + BeijingTime.Offset);
        var fact = await Db.Set<HouseholdFact>().FirstOrDefaultAsync(h => h.HouseholdId == id, cancellationToken);
        if (fact is not null && (fact.ClosedOn is not { } closed || on > closed)) fact.ClosedOn = on;
    }
}

public sealed class HouseholdExitedConsumer(IServiceProvider services) : HouseholdClosedConsumer<HouseholdExited>(services)
{
    protected override string HouseholdIdOf(HouseholdExited message) => message.HouseholdId;
}

public sealed class HouseholdDeArchivedConsumer(IServiceProvider services) : HouseholdClosedConsumer<HouseholdDeArchived>(services)
{
    protected override string HouseholdIdOf(HouseholdDeArchived message) => message.HouseholdId;
}

public sealed class HouseholdCancelledConsumer(IServiceProvider services) : HouseholdClosedConsumer<HouseholdCancelled>(services)
{
    protected override string HouseholdIdOf(HouseholdCancelled message) => message.HouseholdId;
}
