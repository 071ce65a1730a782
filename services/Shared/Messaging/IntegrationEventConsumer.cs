using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Union.Contracts;
using Union.Shared.Auth;
using Union.Shared.Persistence;

namespace Union.Shared.Messaging;

/// <summary>
/// The base of every consumer: it handles an event at most once in effect. The inbox row (consumer
/// name + event id, unique) is written in the same transaction as what the handler changes, so a
/// redelivered event finds its row and changes nothing; two deliveries racing each other collide
/// on the key, and the loser's retry finds the row.
/// </summary>
public abstract class IntegrationEventConsumer<TEvent>(IServiceProvider services) : IConsumer<TEvent>
    where TEvent : class, IIntegrationEvent
{
    protected UnionDbContext Db { get; } = services.GetRequiredService<UnionDbContext>();

    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var caller = services.GetRequiredService<CallerContext>();
        caller.ActAsSystem($"consumer:{GetType().Name}");
        caller.CorrelationId = context.Message.Header?.CorrelationId is { Length: > 0 } cid ? cid
            : context.Headers.Get<string>(CorrelationHeaders.CorrelationId) ?? caller.CorrelationId;

        // The request's correlation id carries on into this consumer's logs and audit entries.
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(GetType());
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = caller.CorrelationId });

        if (!Guid.TryParse(context.Message.Header?.EventId, out var eventId))
            throw new InvalidOperationException("The event carries no valid header.event_id.");
        var consumer = GetType().Name;
        var ct = context.CancellationToken;

        await using var transaction = await Db.Database.BeginTransactionAsync(ct);
        if (await Db.InboxMessages.AnyAsync(m => m.Consumer == consumer && m.EventId == eventId, ct))
        {
            return;
        }
        Db.InboxMessages.Add(new InboxMessage
        {
            Consumer = consumer,
            EventId = eventId,
            EventType = context.Message.Descriptor.FullName,
            ProcessedAt = DateTime.UtcNow,
        });
        await HandleAsync(context.Message, ct);
        await Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (Db.ChangeTracker.Entries<OutboxMessage>().Any()) services.GetRequiredService<OutboxSignal>().Notify();
    }

    /// <summary>Apply the event to this service's data; do not call SaveChanges.</summary>
    protected abstract Task HandleAsync(TEvent message, CancellationToken cancellationToken);
}
