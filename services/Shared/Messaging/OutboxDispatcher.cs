using Google.Protobuf;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Union.Contracts;
using Union.Shared.Auth;
using Union.Shared.Persistence;

namespace Union.Shared.Messaging;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; set; } = 50;
    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Publishes what the outbox holds. It selects every unpublished row whose retry time has come,
/// oldest first (never a "highest id seen" cursor, which skips rows committed out of order),
/// publishes each with the broker's confirm, and marks it published. A failed publish stays in
/// the outbox with a growing back-off; nothing is dropped. A row published twice (a crash between
/// confirm and mark) is harmless: consumers deduplicate on the event id.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, OutboxSignal signal, OutboxOptions options, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Outbox dispatch failed; will retry");
                published = 0;
            }
            if (published < options.BatchSize)
            {
                try { await signal.WaitAsync(options.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Publishes one batch; returns how many rows it published.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("outbox");
        var db = scope.ServiceProvider.GetRequiredService<UnionDbContext>();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var now = DateTime.UtcNow;
        var due = await db.OutboxMessages
            .Where(m => m.PublishedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id)
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken);
        var published = 0;
        foreach (var message in due)
        {
            try
            {
                await PublishAsync(publisher, message, cancellationToken);
                message.PublishedAt = DateTime.UtcNow;
                message.LastError = null;
                published++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
                var backoff = TimeSpan.FromSeconds(Math.Min(options.MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(message.Attempts, 10))));
                message.NextAttemptAt = DateTime.UtcNow.Add(backoff);
                logger.LogWarning("Publishing {EventType} {EventId} failed (attempt {Attempts}): {Error}",
                    message.EventType, message.EventId, message.Attempts, message.LastError);
                await db.SaveChangesAsync(CancellationToken.None);
                // The broker is likely down: stop this batch, keep order for the next one.
                break;
            }
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return published;
    }

    private async Task PublishAsync(IPublishEndpoint publisher, OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!IntegrationEvents.ByFullName.TryGetValue(message.EventType, out var descriptor))
            throw new InvalidOperationException($"Unknown event type {message.EventType}.");
        var integrationEvent = (IIntegrationEvent)JsonParser.Default.Parse(message.Payload, descriptor);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        await publisher.Publish(integrationEvent, descriptor.ClrType, context =>
        {
            context.MessageId = message.EventId;
            if (Guid.TryParse(message.CorrelationId, out var correlation)) context.CorrelationId = correlation;
            context.Headers.Set(CorrelationHeaders.CorrelationId, message.CorrelationId);
            context.Headers.Set("organisation-path", message.OrganisationPath);
        }, timeout.Token);
    }
}

public static class CorrelationHeaders
{
    public const string CorrelationId = "x-correlation-id";
}
