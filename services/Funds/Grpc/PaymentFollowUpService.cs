using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Time;
using Union.Shared.Validation;
using DomainNotification = Union.Funds.Domain.PaymentNotification;
using DomainNotificationStatus = Union.Funds.Domain.NotificationStatus;
using DomainOutcome = Union.Funds.Domain.SpotCheckOutcome;
using DomainPaymentStatus = Union.Funds.Domain.PaymentStatus;
using DomainSpotCheck = Union.Funds.Domain.PaymentSpotCheck;
using PaymentSpotCheck = Union.Contracts.Funds.V1.PaymentSpotCheck;
using NotificationStatus = Union.Contracts.Funds.V1.NotificationStatus;
using SpotCheckOutcome = Union.Contracts.Funds.V1.SpotCheckOutcome;

namespace Union.Funds.Grpc;

/// <summary>
/// After payment (Hainan 003_eca3cf9f3ec4784d.txt §二(三)四: 短信告知职工，同时电话抽查，确保人款一致):
/// the queued notices and the phone spot checks. Finance and the auditor only; payments are seen
/// through their organisations (the tenancy filter), a batch outside the subtree answers NOT_FOUND.
/// </summary>
public sealed class PaymentFollowUpService(FundsDbContext db, CallerContext caller, TimeProvider clock) : PaymentFollowUp.PaymentFollowUpBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        RequireFinanceOrAuditor();
        var page = request.Page ?? new PageRequest();
        var v = new RequestValidator();
        if (request.BatchId.Length > 0) v.Id("batch_id", request.BatchId);
        if (request.Status != NotificationStatus.Unspecified) v.Enum("status", request.Status);
        var offset = Paging(v, page);
        v.ThrowIfInvalid();
        var query = db.PaymentNotifications.AsNoTracking();
        if (request.BatchId.Length > 0)
        {
            var batchId = Guid.Parse(request.BatchId);
            query = query.Where(n => n.BatchId == batchId);
        }
        if (request.Status != NotificationStatus.Unspecified)
        {
            var status = (DomainNotificationStatus)(int)request.Status;
            query = query.Where(n => n.Status == status);
        }
        var ct = context.CancellationToken;
        var total = await query.CountAsync(ct);
        var size = page.PageSize == 0 ? DefaultPageSize : page.PageSize;
        var rows = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(offset).Take(size).ToListAsync(ct);
        return new ListNotificationsResponse { Notifications = { rows.Select(ToDto) }, Page = Next(offset, rows.Count, total) };
    }

    public override async Task<PaymentSpotCheck> RecordPaymentSpotCheck(RecordPaymentSpotCheckRequest request, ServerCallContext context)
    {
        RequireFinanceOrAuditor();
        var today = clock.Today();
        var v = new RequestValidator()
            .Id("batch_id", request.BatchId)
            .Id("payment_id", request.PaymentId)
            .Date("called_on", request.CalledOn, required: true, out var calledOn)
            .RequiredText("called_by", request.CalledBy, DomainSpotCheck.MaxCalledByLength)
            .Enum("outcome", request.Outcome)
            .MaxLength("note", request.Note, DomainSpotCheck.MaxNoteLength);
        if (calledOn is { } on) v.Check(on <= today, "called_on", "IN_FUTURE", "抽查日期不能晚于今天");
        // A "not received" answer starts a follow-up: what the worker said is needed to follow it up.
        if (request.Outcome == SpotCheckOutcome.NotReceived) v.RequiredText("note", request.Note, DomainSpotCheck.MaxNoteLength);
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var batchId = Guid.Parse(request.BatchId);
        var paymentId = Guid.Parse(request.PaymentId);
        var payment = await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId && p.BatchId == batchId, ct);
        if (payment is null) UnionErrors.NotFound("PAYMENT_NOT_FOUND", "未找到该批次中的这笔款项");
        var check = DomainSpotCheck.Record(payment, calledOn!.Value, request.CalledBy, (DomainOutcome)(int)request.Outcome, request.Note, caller.Subject, clock.UtcNowForStorage());
        db.PaymentSpotChecks.Add(check);
        await db.SaveChangesAsync(ct);
        return ToDto(check, payment.Serial, payment.HouseholdId);
    }

    public override async Task<ListPaymentSpotChecksResponse> ListPaymentSpotChecks(ListPaymentSpotChecksRequest request, ServerCallContext context)
    {
        RequireFinanceOrAuditor();
        new RequestValidator().Id("batch_id", request.BatchId).ThrowIfInvalid();
        var ct = context.CancellationToken;
        var batchId = Guid.Parse(request.BatchId);
        if (!await db.PaymentBatches.AsNoTracking().AnyAsync(b => b.Id == batchId, ct))
            UnionErrors.NotFound("BATCH_NOT_FOUND", "未找到该发放批次");
        var payments = await db.Payments.AsNoTracking().Where(p => p.BatchId == batchId)
            .Select(p => new { p.Id, p.Serial, p.HouseholdId, p.Status }).ToDictionaryAsync(p => p.Id, ct);
        var checks = await db.PaymentSpotChecks.AsNoTracking().Where(c => c.BatchId == batchId).ToListAsync(ct);
        var paid = payments.Values.Where(p => p.Status == DomainPaymentStatus.Paid).Select(p => p.Id).ToHashSet();
        var checkedPaid = checks.Select(c => c.PaymentId).Where(paid.Contains).Distinct().Count();
        return new ListPaymentSpotChecksResponse
        {
            SpotChecks =
            {
                checks.Where(c => payments.ContainsKey(c.PaymentId)).OrderBy(c => c.CalledOn).ThenBy(c => c.RecordedAt).ThenBy(c => c.Id)
                    .Select(c => ToDto(c, payments[c.PaymentId].Serial, payments[c.PaymentId].HouseholdId)),
            },
            PaidPayments = paid.Count,
            CheckedPayments = checkedPaid,
            CheckedSharePermille = DomainSpotCheck.SharePermille(checkedPaid, paid.Count),
            FollowUpPaymentIds = { DomainSpotCheck.FlaggedForFollowUp(checks).Where(payments.ContainsKey).Select(id => id.ToString()) },
        };
    }

    public override async Task<ListPaymentFollowUpsResponse> ListPaymentFollowUps(ListPaymentFollowUpsRequest request, ServerCallContext context)
    {
        RequireFinanceOrAuditor();
        var page = request.Page ?? new PageRequest();
        var v = new RequestValidator();
        var offset = Paging(v, page);
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        // Payments with any "not received" check; the latest check of each decides (a later
        // confirmation clears the flag). Spot checks are few: they are read whole.
        var candidates = await db.PaymentSpotChecks.AsNoTracking().Where(c => c.Outcome == DomainOutcome.NotReceived)
            .Select(c => c.PaymentId).Distinct().ToListAsync(ct);
        var checks = await db.PaymentSpotChecks.AsNoTracking().Where(c => candidates.Contains(c.PaymentId)).ToListAsync(ct);
        var flagged = DomainSpotCheck.FlaggedForFollowUp(checks);
        var latest = checks.Where(c => flagged.Contains(c.PaymentId)).GroupBy(c => c.PaymentId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.CalledOn).ThenByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).First());
        var ordered = latest.Values.OrderByDescending(c => c.CalledOn).ThenByDescending(c => c.Id).Select(c => c.PaymentId).ToList();
        var size = page.PageSize == 0 ? DefaultPageSize : page.PageSize;
        var pageIds = ordered.Skip(offset).Take(size).ToList();
        var payments = await db.Payments.AsNoTracking().Where(p => pageIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return new ListPaymentFollowUpsResponse
        {
            FollowUps =
            {
                pageIds.Where(payments.ContainsKey).Select(id => new FlaggedPayment
                {
                    PaymentId = id.ToString(),
                    BatchId = payments[id].BatchId.ToString(),
                    Serial = payments[id].Serial,
                    HouseholdId = payments[id].HouseholdId?.ToString() ?? string.Empty,
                    Amount = new Money { Fen = payments[id].AmountFen },
                    LatestCheck = ToDto(latest[id], payments[id].Serial, payments[id].HouseholdId),
                }),
            },
            Page = Next(offset, pageIds.Count, ordered.Count),
        };
    }

    private void RequireFinanceOrAuditor() =>
        caller.RequireAnyRole("查看发放后的告知和电话抽查需要财务人员或审计人员角色", Roles.Finance, Roles.Auditor);

    private static int Paging(RequestValidator v, PageRequest page)
    {
        v.Range("page.page_size", page.PageSize, 0, MaxPageSize);
        var offset = 0;
        if (!string.IsNullOrEmpty(page.PageToken))
            v.Check(int.TryParse(page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset), "page.page_token", "INVALID_PAGE_TOKEN", "分页标记无效");
        return offset;
    }

    private static PageResponse Next(int offset, int count, int total) => new()
    {
        NextPageToken = offset + count < total ? (offset + count).ToString(CultureInfo.InvariantCulture) : string.Empty,
        TotalSize = total,
    };

    private static Timestamp Stamp(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private static PaymentNotification ToDto(DomainNotification n) => new()
    {
        NotificationId = n.Id.ToString(),
        PaymentId = n.PaymentId.ToString(),
        BatchId = n.BatchId.ToString(),
        HouseholdId = n.HouseholdId.ToString(),
        Status = (NotificationStatus)(int)n.Status,
        Text = n.Text,
        RecipientMasked = n.RecipientMasked ?? string.Empty,
        Channel = n.Channel ?? string.Empty,
        Attempts = n.Attempts,
        LastError = n.LastError ?? string.Empty,
        CreatedAt = Stamp(n.CreatedAt),
        SentAt = n.SentAt is { } at ? Stamp(at) : null,
    };

    private static PaymentSpotCheck ToDto(DomainSpotCheck c, int serial, Guid? householdId) => new()
    {
        SpotCheckId = c.Id.ToString(),
        BatchId = c.BatchId.ToString(),
        PaymentId = c.PaymentId.ToString(),
        Serial = serial,
        HouseholdId = householdId?.ToString() ?? string.Empty,
        CalledOn = c.CalledOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CalledBy = c.CalledBy,
        Outcome = (SpotCheckOutcome)(int)c.Outcome,
        Note = c.Note ?? string.Empty,
        RecordedBy = c.RecordedBy,
        RecordedAt = Stamp(c.RecordedAt),
    };
}
