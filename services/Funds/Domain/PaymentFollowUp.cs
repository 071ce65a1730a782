using System.Globalization;
using Union.Shared.Errors;
using Union.Shared.Formatting;
using Union.Shared.Persistence;

namespace Union.Funds.Domain;

public enum NotificationStatus { Pending = 1, Sent = 2, NoPhone = 3, Failed = 4 }

/// <summary>
/// The SMS notice to the worker once the bank reports a payment paid (Hainan 003_eca3cf9f3ec4784d.txt
/// §二(三)四: 帮扶资金发放后及时短信告知职工). Queued in the settlement's transaction, like an outbox row,
/// and delivered afterwards by the notification dispatcher: a delivery failure never touches the
/// settlement. The phone number is read from the archives at send time and only its masked form
/// is kept, once sent.
/// </summary>
public sealed class PaymentNotification : IOrganisationOwned
{
    public const int MaxErrorLength = 300;

    public Guid Id { get; private set; }
    public Guid PaymentId { get; private set; }
    public Guid BatchId { get; private set; }
    public Guid HouseholdId { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public string Text { get; private set; } = string.Empty;
    public NotificationStatus Status { get; private set; }
    public string? RecipientMasked { get; private set; }
    public string? Channel { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public DateTime? SentAt { get; private set; }

    private PaymentNotification() { }

    /// <summary>The notice of a paid payment to a household; a non-archived recipient has no phone on file, so gets none.</summary>
    public static PaymentNotification? ForPaid(Payment payment, DateOnly paidOn, DateTime now)
    {
        if (payment.Status != PaymentStatus.Paid || payment.HouseholdId is not { } household) return null;
        return new PaymentNotification
        {
            Id = Guid.CreateVersion7(),
            PaymentId = payment.Id,
            BatchId = payment.BatchId,
            HouseholdId = household,
            OrganisationPath = payment.OrganisationPath,
            Text = NotificationText.Paid(payment.AidType, payment.AmountFen, paidOn),
            Status = NotificationStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    public void Sent(string phone, string channel, DateTime now)
    {
        Status = NotificationStatus.Sent;
        RecipientMasked = Union.Shared.PersonalData.Mask.Phone(phone);
        Channel = channel;
        Attempts++;
        LastError = null;
        SentAt = now;
    }

    public void NoPhone(DateTime now)
    {
        Status = NotificationStatus.NoPhone;
        LastError = "档案中没有手机号码";
        NextAttemptAt = now;
    }

    /// <summary>A failed attempt: tried again after a growing delay, given up after <paramref name="maxAttempts"/>.</summary>
    public void AttemptFailed(string error, DateTime now, int maxAttempts, TimeSpan firstDelay, TimeSpan maxDelay, bool counts = true)
    {
        if (counts) Attempts++;
        LastError = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        if (Attempts >= maxAttempts)
        {
            Status = NotificationStatus.Failed;
            return;
        }
        var delay = TimeSpan.FromTicks(Math.Min(maxDelay.Ticks, firstDelay.Ticks * (1L << Math.Min(Math.Max(Attempts - 1, 0), 20))));
        NextAttemptAt = now + delay;
    }
}

/// <summary>The notice's wording: amount in yuan, aid type and date; never a card number or a name.</summary>
public static class NotificationText
{
    public static string Paid(AidType aidType, long amountFen, DateOnly paidOn) =>
        string.Create(CultureInfo.InvariantCulture,
            $"【工会帮扶】您好，工会已于{paidOn.Year}年{paidOn.Month}月{paidOn.Day}日向您的工会会员服务卡发放{AidTypeName(aidType)}资金{YuanText.FromFen(amountFen)}元，请注意查收。如有疑问，请与所在工会联系。");

    public static string AidTypeName(AidType aidType) => aidType switch
    {
        AidType.Living => "生活救助",
        AidType.Medical => "医疗救助",
        AidType.Education => "助学",
        AidType.WinterWarmth => "送温暖慰问",
        _ => "帮扶",
    };
}

/// <summary>One SMS to deliver; the phone is the one archives has on file now.</summary>
public sealed record NotificationMessage(Guid Id, string Phone, string Text);

/// <summary>
/// Delivers an SMS. Throws on failure (the dispatcher tries again later). The local simulator
/// delivers nothing (the queued notification row is its record); the HTTP adapter posts to the
/// province's SMS gateway.
/// </summary>
public interface INotificationSender
{
    /// <summary>The channel name recorded with a sent notice.</summary>
    string Channel { get; }

    Task SendAsync(NotificationMessage message, CancellationToken cancellationToken);
}

public enum SpotCheckOutcome { ConfirmedReceived = 1, NotReceived = 2, Unreachable = 3 }

/// <summary>
/// A phone call to the recipient of a paid payment (电话抽查，确保人款一致, 003 §二(三)四). A payment
/// whose latest check is <see cref="SpotCheckOutcome.NotReceived"/> needs following up.
/// </summary>
public sealed class PaymentSpotCheck : IOrganisationOwned
{
    public const int MaxCalledByLength = 50;
    public const int MaxNoteLength = 500;

    public Guid Id { get; private set; }
    public Guid PaymentId { get; private set; }
    public Guid BatchId { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public DateOnly CalledOn { get; private set; }
    public string CalledBy { get; private set; } = string.Empty;
    public SpotCheckOutcome Outcome { get; private set; }
    public string? Note { get; private set; }
    public string RecordedBy { get; private set; } = string.Empty;
    public DateTime RecordedAt { get; private set; }

    private PaymentSpotCheck() { }

    /// <summary>Only a paid payment is checked: the call asks whether the money arrived.</summary>
    public static PaymentSpotCheck Record(Payment payment, DateOnly calledOn, string calledBy, SpotCheckOutcome outcome, string? note, string actor, DateTime now)
    {
        if (payment.Status != PaymentStatus.Paid)
            throw new DomainRuleException("PAYMENT_NOT_PAID", "只能对银行回盘为发放成功的款项进行电话抽查",
                new Dictionary<string, string> { ["payment_id"] = payment.Id.ToString(), ["status"] = payment.Status.ToString() });
        return new PaymentSpotCheck
        {
            Id = Guid.CreateVersion7(),
            PaymentId = payment.Id,
            BatchId = payment.BatchId,
            OrganisationPath = payment.OrganisationPath,
            CalledOn = calledOn,
            CalledBy = calledBy.Trim(),
            Outcome = outcome,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            RecordedBy = actor,
            RecordedAt = now,
        };
    }

    /// <summary>The payments among <paramref name="checks"/> whose latest check says the money did not arrive.</summary>
    public static IReadOnlyList<Guid> FlaggedForFollowUp(IEnumerable<PaymentSpotCheck> checks) =>
        checks.GroupBy(c => c.PaymentId)
            .Select(g => g.OrderByDescending(c => c.CalledOn).ThenByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).First())
            .Where(c => c.Outcome == SpotCheckOutcome.NotReceived)
            .Select(c => c.PaymentId)
            .ToList();

    /// <summary>Checked share in per mille, rounded down.</summary>
    public static int SharePermille(int checkedCount, int paidCount) => paidCount == 0 ? 0 : (int)(checkedCount * 1000L / paidCount);
}
