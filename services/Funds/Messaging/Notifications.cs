using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Time;

namespace Union.Funds.Messaging;

/// <summary>Notifications:* (docs/operations.md, "Notices after payment").</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>"simulator" (default: records only) or "http" (posts to <see cref="Endpoint"/>).</summary>
    public string Sender { get; set; } = "simulator";
    public Uri? Endpoint { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Immediate retries of one delivery inside the adapter (Polly), before the attempt counts as failed.</summary>
    public int HttpRetries { get; set; } = 2;
    public TimeSpan HttpRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Whether this replica runs the background dispatcher.</summary>
    public bool Dispatch { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
    public int BatchSize { get; set; } = 100;
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);
    /// <summary>How long a replica holds a notice it is delivering before another may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>The local simulator: sends nothing; the notification row (text, masked phone, time) is the record.</summary>
public sealed class SimulatedNotificationSender : INotificationSender
{
    public string Channel => "simulator";

    public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The production adapter: posts <c>{"id", "phone", "text"}</c> as JSON to the configured SMS
/// gateway, with the notice id as the <c>Idempotency-Key</c> header so the gateway can drop a
/// repeat. A timeout per request and a few quick Polly retries on transport errors and 5xx/429;
/// any other answer fails the attempt, which the dispatcher repeats later.
/// </summary>
public sealed class HttpNotificationSender : INotificationSender
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public HttpNotificationSender(HttpClient http, NotificationOptions options)
    {
        _http = http;
        _endpoint = options.Endpoint ?? throw new InvalidOperationException("Notifications:Endpoint must be configured for the http sender.");
        _http.Timeout = Timeout.InfiniteTimeSpan;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.HttpRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.HttpRetries,
                Delay = options.HttpRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<Polly.Timeout.TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || (int)r.StatusCode == 429),
            });
        }
        // The timeout inside the retry: each try gets the full timeout.
        _pipeline = pipeline.AddTimeout(options.Timeout).Build();
    }

    public string Channel => "http";

    public async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        using var response = await _pipeline.ExecuteAsync(async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = JsonContent.Create(new { id = message.Id.ToString(), phone = message.Phone, text = message.Text }),
            };
            request.Headers.Add("Idempotency-Key", message.Id.ToString());
            return await _http.SendAsync(request, ct);
        }, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"SMS gateway answered {(int)response.StatusCode}", null, response.StatusCode);
    }
}

/// <summary>
/// Delivers the queued notices: takes the due ones (each claimed by a lease, so two replicas never
/// send the same notice at once), reads the phones from the archives in one call, sends, and
/// records the outcome. The archives down or the sender failing leaves the notice pending for a
/// later attempt; nothing here touches a payment.
/// </summary>
public sealed class NotificationDelivery(FundsDbContext db, IRecipientPhoneDirectory phones, INotificationSender sender, NotificationOptions options, TimeProvider clock, ILogger<NotificationDelivery> log)
{
    /// <summary>Delivers what is due now; returns how many notices were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = clock.UtcNowForStorage();
        var due = await db.PaymentNotifications.IgnoreQueryFilters()
            .Where(n => n.Status == NotificationStatus.Pending && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt).Take(options.BatchSize).ToListAsync(ct);
        if (due.Count == 0) return 0;

        // Claim: push the next attempt out by the lease, only where no one else did meanwhile.
        var leaseUntil = now + options.Lease;
        var claimed = new List<PaymentNotification>();
        foreach (var n in due)
        {
            var previous = n.NextAttemptAt;
            var rows = await db.PaymentNotifications.IgnoreQueryFilters()
                .Where(x => x.Id == n.Id && x.Status == NotificationStatus.Pending && x.NextAttemptAt == previous)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextAttemptAt, leaseUntil), ct);
            if (rows == 1) claimed.Add(n);
        }
        db.ChangeTracker.Clear();
        if (claimed.Count == 0) return 0;
        var ids = claimed.Select(n => n.Id).ToList();
        var notices = await db.PaymentNotifications.IgnoreQueryFilters().Where(n => ids.Contains(n.Id)).ToListAsync(ct);

        IReadOnlyDictionary<Guid, string> found;
        try
        {
            found = await phones.PhonesAsync(notices.Select(n => n.HouseholdId).Distinct().ToList(), "payment notice (短信告知)", ct);
        }
        catch (PaymentDetailsUnavailableException e)
        {
            log.LogWarning("Payment notices wait: the archives are unavailable ({Reason})", e.Message);
            foreach (var n in notices)
                n.AttemptFailed("档案服务暂不可用", now, int.MaxValue, options.FirstRetryDelay, options.MaxRetryDelay, counts: false);
            await db.SaveChangesAsync(ct);
            return 0;
        }

        var sent = 0;
        foreach (var n in notices)
        {
            if (!found.TryGetValue(n.HouseholdId, out var phone))
            {
                n.NoPhone(now);
                continue;
            }
            try
            {
                await sender.SendAsync(new NotificationMessage(n.Id, phone, n.Text), ct);
                n.Sent(phone, sender.Channel, clock.UtcNowForStorage());
                sent++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Whatever the adapter threw, this notice waits and the others go on. The exception
                // text never carries the phone: the adapters do not put it there.
                log.LogWarning("Payment notice {NotificationId} not delivered: {Error}", n.Id, e.Message);
                n.AttemptFailed(e.Message, now, options.MaxAttempts, options.FirstRetryDelay, options.MaxRetryDelay);
            }
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }
}

/// <summary>Runs <see cref="NotificationDelivery"/> every <see cref="NotificationOptions.PollInterval"/>.</summary>
public sealed class NotificationDispatcher(IServiceScopeFactory scopes, NotificationOptions options, ILogger<NotificationDispatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Dispatch) return;
        using var timer = new PeriodicTimer(options.PollInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("notification-dispatcher");
                await scope.ServiceProvider.GetRequiredService<NotificationDelivery>().DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "Payment notice delivery failed; trying again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
