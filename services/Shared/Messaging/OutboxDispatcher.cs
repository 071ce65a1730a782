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
    /// <summary>
    /// How long a dispatcher holds the rows it claimed. A replica that dies holding a claim delays
    /// its rows by this much at most: then any replica may claim them again.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Failed attempts after which a row is parked (set aside for operations) instead of tried again.</summary>
    public int MaxAttempts { get; set; } = 10;
}

/// <summary>
/// Publishes what the outbox holds. Every replica of a service runs one; they share the outbox by
/// claiming rows: a round reads the oldest unpublished, unparked rows that are due and not held
/// under a live claim (never a "highest id seen" cursor, which skips rows committed out of order),
/// then claims them with one conditional UPDATE that only matches rows still unclaimed, so under
/// the database's row locks each row goes to one replica. It publishes its claimed rows oldest
/// first, each with the broker's confirm, and marks each published. A claim is a lease
/// (<see cref="OutboxOptions.ClaimLease"/>): the rows of a replica that died are claimed again
/// once it runs out. A row published twice (a crash between confirm and mark, or a lease that ran
/// out) is harmless: consumers deduplicate on the event id.
/// <para>
/// A failed publish stays in the outbox with a growing back-off and ends the round, keeping the
/// order of the rest. A row that cannot be read (unknown event type, broken payload) or that fails
/// <see cref="OutboxOptions.MaxAttempts"/> times while the broker is reachable is parked: it keeps
/// its attempts and last error, is never tried again by itself, and no longer holds up the rows
/// after it. docs/operations.md says how to find and re-queue parked rows.
/// </para>
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, OutboxSignal signal, OutboxOptions options, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private const int MaxErrorLength = 2000;
    private long _claims;

    /// <summary>Names this dispatcher in the claims it makes: host, process and instance, so two replicas never share it.</summary>
    public string ReplicaId { get; } = Truncate($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}", 80);

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

    /// <summary>Claims and publishes one batch; returns how many rows it published.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("outbox");
        var db = scope.ServiceProvider.GetRequiredService<UnionDbContext>();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var claimed = await ClaimAsync(db, cancellationToken);
        var published = 0;
        for (var i = 0; i < claimed.Count; i++)
        {
            var message = claimed[i];
            // Start no publish the lease might not cover: once it runs out another replica may take the row.
            if (DateTime.UtcNow + options.PublishTimeout >= message.ClaimedUntil)
            {
                await ReleaseAsync(db, claimed.Skip(i));
                break;
            }
            IIntegrationEvent integrationEvent;
            try
            {
                integrationEvent = Read(message);
            }
            catch (Exception e)
            {
                // The row itself is at fault, not the broker: it fails alike every time, and the rows
                // after it need not wait for it.
                await FailAsync(db, message, e, brokerReachable: true);
                continue;
            }
            try
            {
                await PublishAsync(publisher, message, integrationEvent, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await FailAsync(db, message, e, BrokerReachable(scope.ServiceProvider));
                // The broker is likely down: stop this round and hand the rest back, in order, for the next.
                await ReleaseAsync(db, claimed.Skip(i + 1));
                break;
            }
            message.PublishedAt = DateTime.UtcNow;
            message.ClaimedUntil = null;
            message.LastError = null;
            published++;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return published;
    }

    /// <summary>
    /// Claims up to a batch of due rows for this dispatcher. The UPDATE repeats the read's
    /// conditions, so a row another replica claimed between the read and the UPDATE no longer
    /// matches (the database re-checks a row it waited for), and each row has one holder.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimAsync(UnionDbContext db, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var due = await db.OutboxMessages
            .Where(m => m.PublishedAt == null && m.ParkedAt == null
                && (m.NextAttemptAt == null || m.NextAttemptAt <= now)
                && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0) return [];
        // One name per claim, so this claim's rows are told apart from an earlier one of the same replica.
        var claim = $"{ReplicaId}#{Interlocked.Increment(ref _claims)}";
        var until = now + options.ClaimLease;
        var taken = await db.OutboxMessages
            .Where(m => due.Contains(m.Id) && m.PublishedAt == null && m.ParkedAt == null
                && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, claim).SetProperty(m => m.ClaimedUntil, until), cancellationToken);
        if (taken == 0) return [];
        return await db.OutboxMessages
            .Where(m => due.Contains(m.Id) && m.ClaimedBy == claim && m.PublishedAt == null)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Hands claimed rows back at once, so the next round (of any replica) need not wait for the lease.</summary>
    private static async Task ReleaseAsync(UnionDbContext db, IEnumerable<OutboxMessage> rows)
    {
        foreach (var row in rows)
        {
            row.ClaimedBy = null;
            row.ClaimedUntil = null;
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task FailAsync(UnionDbContext db, OutboxMessage message, Exception e, bool brokerReachable)
    {
        var now = DateTime.UtcNow;
        message.Attempts++;
        message.LastError = Truncate($"{e.GetType().Name}: {e.Message}", MaxErrorLength);
        message.ClaimedUntil = null;
        // While the broker is away every row fails; only attempts the broker could have taken park a row.
        if (message.Attempts >= options.MaxAttempts && brokerReachable)
        {
            message.ParkedAt = now;
            message.NextAttemptAt = null;
            logger.LogError("Parked {EventType} {EventId} (outbox row {Id}) after {Attempts} failed attempts: {Error}",
                message.EventType, message.EventId, message.Id, message.Attempts, message.LastError);
        }
        else
        {
            var backoff = TimeSpan.FromSeconds(Math.Min(options.MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(message.Attempts, 10))));
            message.NextAttemptAt = now.Add(backoff);
            logger.LogWarning("Publishing {EventType} {EventId} failed (attempt {Attempts}): {Error}",
                message.EventType, message.EventId, message.Attempts, message.LastError);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Whether the bus reports it can reach the broker (always so for the in-memory bus, or without a bus).</summary>
    private static bool BrokerReachable(IServiceProvider services) =>
        services.GetService<IBusControl>()?.CheckHealth().Status is null or BusHealthStatus.Healthy or BusHealthStatus.Degraded;

    private static IIntegrationEvent Read(OutboxMessage message)
    {
        if (!IntegrationEvents.ByFullName.TryGetValue(message.EventType, out var descriptor))
            throw new InvalidOperationException($"Unknown event type {message.EventType}.");
        return (IIntegrationEvent)JsonParser.Default.Parse(message.Payload, descriptor);
    }

    private async Task PublishAsync(IPublishEndpoint publisher, OutboxMessage message, IIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        await publisher.Publish(integrationEvent, integrationEvent.Descriptor.ClrType, context =>
        {
            context.MessageId = message.EventId;
            if (Guid.TryParse(message.CorrelationId, out var correlation)) context.CorrelationId = correlation;
            context.Headers.Set(CorrelationHeaders.CorrelationId, message.CorrelationId);
            context.Headers.Set("organisation-path", message.OrganisationPath);
        }, timeout.Token);
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}

public static class CorrelationHeaders
{
    public const string CorrelationId = "x-correlation-id";
}
