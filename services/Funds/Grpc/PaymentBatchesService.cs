using Union.Shared.Formatting;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using AidType = Union.Contracts.Funds.V1.AidType;
using BatchDto = Union.Contracts.Funds.V1.PaymentBatch;
using DomainAidType = Union.Funds.Domain.AidType;
using DomainBatch = Union.Funds.Domain.PaymentBatch;
using DomainPayment = Union.Funds.Domain.Payment;
using DomainBatchStatus = Union.Funds.Domain.PaymentBatchStatus;
using DomainPaymentStatus = Union.Funds.Domain.PaymentStatus;
using FundSource = Union.Contracts.Common.V1.FundSource;
using PaymentDto = Union.Contracts.Funds.V1.Payment;
using PaymentStatus = Union.Contracts.Funds.V1.PaymentStatus;

namespace Union.Funds.Grpc;

/// <summary>
/// Payment batches for the bank (银行代发), the 发放 step once a decision's notice has ended
/// (Hainan 003_eca3cf9f3ec4784d.txt §二(三)三). The ledger side is described on
/// <see cref="DomainBatch"/> and <see cref="Domain.AccountKind.PaymentsInTransit"/>. A batch belongs
/// to the caller's organisation; its payments to their decisions' organisations.
/// </summary>
public sealed class PaymentBatchesService(
    FundsDbContext db,
    Ledger ledger,
    CallerContext caller,
    TimeProvider clock,
    IBankCardDirectory cards)
    : PaymentBatches.PaymentBatchesBase
{
    public override async Task<BatchDto> CreatePaymentBatch(CreatePaymentBatchRequest request, ServerCallContext context)
    {
        RequireFinance();
        var today = clock.Today();
        var v = new RequestValidator()
            .Check(request.Instalments.Count + request.DecisionIds.Count > 0, "instalments", "REQUIRED", "须指定要发放的分期或救助决定")
            .Check(request.Instalments.Count + request.DecisionIds.Count <= DomainBatch.MaxPayments, "instalments", "TOO_MANY", $"一批最多发放{DomainBatch.MaxPayments}笔");
        for (var i = 0; i < request.Instalments.Count; i++)
        {
            v.Id($"instalments[{i}].decision_id", request.Instalments[i].DecisionId)
                .Check(request.Instalments[i].Number >= 1, $"instalments[{i}].number", "OUT_OF_RANGE", "分期序号从1开始");
        }
        for (var i = 0; i < request.DecisionIds.Count; i++) v.Id($"decision_ids[{i}]", request.DecisionIds[i]);
        v.Date("due_on_or_before", request.DueOnOrBefore, required: false, out var dueOn);
        v.ThrowIfInvalid();
        var until = dueOn ?? today;
        var ct = context.CancellationToken;

        var explicitRefs = request.Instalments.Select(r => (DecisionId: Guid.Parse(r.DecisionId), r.Number)).ToList();
        var byDecision = request.DecisionIds.Select(Guid.Parse).ToList();
        var ids = explicitRefs.Select(r => r.DecisionId).Concat(byDecision).Distinct().ToList();
        // The tenancy filter hides decisions outside the caller's subtree: they answer like missing ones.
        var decisions = await db.AssistanceDecisions.AsNoTracking().Include(d => d.Instalments)
            .Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var missing = ids.FirstOrDefault(id => !decisions.ContainsKey(id));
        if (missing != Guid.Empty)
            UnionErrors.NotFound("DECISION_NOT_FOUND", $"未找到救助决定{missing}");

        await RefuseNotPayableAsync(decisions.Values.ToList(), today, ct);

        var held = await db.Payments.IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.DecisionId))
            .Select(p => new { p.DecisionId, p.InstalmentNumber, p.Status, p.BatchId }).ToListAsync(ct);
        bool Holds(Guid decisionId, int number) => held.Any(p => p.DecisionId == decisionId && p.InstalmentNumber == number
            && p.Status is not (DomainPaymentStatus.Failed or DomainPaymentStatus.Returned));
        int Attempt(Guid decisionId, int number) => held.Count(p => p.DecisionId == decisionId && p.InstalmentNumber == number) + 1;

        var items = new List<(Domain.AssistanceDecision, DecisionInstalment, int)>();
        foreach (var (decisionId, number) in explicitRefs.Distinct())
        {
            var meta = new Dictionary<string, string> { ["decision_id"] = decisionId.ToString(), ["number"] = number.ToString(CultureInfo.InvariantCulture) };
            var instalment = decisions[decisionId].Instalments.FirstOrDefault(i => i.Number == number);
            if (instalment is null) UnionErrors.NotFound("INSTALMENT_NOT_FOUND", $"救助决定{decisionId}没有第{number}期");
            if (instalment.DueOn > today)
                throw new DomainRuleException("INSTALMENT_NOT_DUE", "该分期尚未到发放日期", meta);
            if (Holds(decisionId, number))
                throw new DomainRuleException("INSTALMENT_ALREADY_IN_BATCH", "该分期已在发放批次中", meta);
            items.Add((decisions[decisionId], instalment, Attempt(decisionId, number)));
        }
        foreach (var decisionId in byDecision.Distinct())
        {
            foreach (var instalment in decisions[decisionId].Instalments.Where(i => i.DueOn <= until && i.DueOn <= today).OrderBy(i => i.Number))
            {
                if (Holds(decisionId, instalment.Number) || items.Any(x => x.Item2.DecisionId == decisionId && x.Item2.Number == instalment.Number)) continue;
                items.Add((decisions[decisionId], instalment, Attempt(decisionId, instalment.Number)));
            }
        }

        var batch = DomainBatch.Create(caller.OrganisationPath ?? string.Empty, until, items, caller.Subject, clock.UtcNowForStorage());
        db.PaymentBatches.Add(batch);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another batch took one of these instalments (the payment's unique index).
            throw new DomainRuleException("INSTALMENT_ALREADY_IN_BATCH", "该分期已在发放批次中");
        }
        return ToDto(batch);
    }

    public override async Task<BatchDto> GetPaymentBatch(GetPaymentBatchRequest request, ServerCallContext context)
    {
        RequireFinance();
        new RequestValidator().Id("batch_id", request.BatchId).ThrowIfInvalid();
        return ToDto(await FindAsync(Guid.Parse(request.BatchId), tracked: false, context.CancellationToken));
    }

    public override async Task<ListPaymentBatchesResponse> ListPaymentBatches(ListPaymentBatchesRequest request, ServerCallContext context)
    {
        RequireFinance();
        var page = request.Page ?? new PageRequest();
        var v = new RequestValidator().Range("page.page_size", page.PageSize, 0, MaxPageSize);
        if (request.Status != Contracts.Funds.V1.PaymentBatchStatus.Unspecified) v.Enum("status", request.Status);
        var offset = 0;
        if (!string.IsNullOrEmpty(page.PageToken))
            v.Check(int.TryParse(page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset), "page.page_token", "INVALID_PAGE_TOKEN", "分页标记无效");
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        // The tenancy filter keeps the caller's subtree.
        var query = db.PaymentBatches.AsNoTracking();
        if (request.Status != Contracts.Funds.V1.PaymentBatchStatus.Unspecified)
        {
            var status = (DomainBatchStatus)(int)request.Status;
            query = query.Where(b => b.Status == status);
        }
        var total = await query.CountAsync(ct);
        var size = page.PageSize == 0 ? DefaultPageSize : page.PageSize;
        var batches = await query.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).Skip(offset).Take(size)
            .Select(b => new { b.Id, b.OrganisationPath, b.DueOnOrBefore, b.Status, b.CreatedAt, b.ExportedAt })
            .ToListAsync(ct);
        var ids = batches.Select(b => b.Id).ToList();
        var sums = await db.Payments.IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.BatchId))
            .GroupBy(p => p.BatchId).Select(g => new { BatchId = g.Key, Count = g.Count(), Fen = g.Sum(p => p.AmountFen) })
            .ToDictionaryAsync(x => x.BatchId, ct);
        var next = offset + batches.Count < total ? (offset + batches.Count).ToString(CultureInfo.InvariantCulture) : string.Empty;
        return new ListPaymentBatchesResponse
        {
            Batches =
            {
                batches.Select(b => new BatchDto
                {
                    BatchId = b.Id.ToString(),
                    Owner = new OrganisationRef { Code = OrganisationPath.Code(b.OrganisationPath), Path = b.OrganisationPath },
                    DueOnOrBefore = b.DueOnOrBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Status = (Contracts.Funds.V1.PaymentBatchStatus)(int)b.Status,
                    PaymentCount = sums.TryGetValue(b.Id, out var s1) ? s1.Count : 0,
                    Total = Fen(sums.TryGetValue(b.Id, out var s2) ? s2.Fen : 0),
                    CreatedAt = Stamp(b.CreatedAt),
                    ExportedAt = b.ExportedAt is { } at ? Stamp(at) : null,
                }),
            },
            Page = new PageResponse { NextPageToken = next, TotalSize = total },
        };
    }

    public override async Task<PaymentBatchFile> ExportPaymentBatch(ExportPaymentBatchRequest request, ServerCallContext context)
    {
        RequireFinance();
        new RequestValidator().Id("batch_id", request.BatchId).Enum("format", request.Format).ThrowIfInvalid();
        var ct = context.CancellationToken;
        var batch = await FindAsync(Guid.Parse(request.BatchId), tracked: true, ct);

        if (batch.Status == DomainBatchStatus.Draft)
        {
            // Between making up the batch and exporting it a household may have exited or an
            // objection been upheld: the money goes to the bank only if it may still be paid today.
            var decisionIds = batch.Payments.Select(p => p.DecisionId).Distinct().ToList();
            var decisions = await db.AssistanceDecisions.AsNoTracking().IgnoreQueryFilters()
                .Where(d => decisionIds.Contains(d.Id)).ToListAsync(ct);
            await RefuseNotPayableAsync(decisions, clock.Today(), ct);
        }

        // Cards first: if the archives cannot answer, or a card is missing, nothing is posted.
        var known = await CardsAsync(batch, ct);

        if (batch.Status == DomainBatchStatus.Draft)
        {
            await PaymentPostings.PostAsync(db, ledger, batch, caller.Subject, caller.OrganisationPath, clock.UtcNowForStorage(), ct);
            batch.MarkExported(caller.Subject, clock.UtcNowForStorage());
            await db.SaveChangesAsync(ct);
        }

        var rows = batch.Payments.OrderBy(p => p.Serial).Select(p =>
        {
            var holder = known[p.HouseholdId!.Value];
            return new BankPaymentFile.Row(p.Serial, holder.Name, holder.Card, YuanText.FromFen(p.AmountFen), BankPaymentFile.Memo(p));
        }).ToList();
        var name = $"payment-batch-{batch.Id}";
        return request.Format == BankFileFormat.Csv
            ? new PaymentBatchFile { FileName = name + ".csv", ContentType = "text/csv; charset=utf-8", Content = ByteString.CopyFrom(BankPaymentFile.Csv(rows)) }
            : new PaymentBatchFile { FileName = name + ".xlsx", ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Content = ByteString.CopyFrom(Xlsx(rows)) };
    }

    /// <summary>
    /// Every payment's holder and card, read from the archives now (and audited there). Refuses
    /// UNAVAILABLE / ARCHIVES_UNAVAILABLE when the archives cannot answer, and FAILED_PRECONDITION
    /// / BANK_CARD_MISSING naming the households (and the serials) that have no card on file.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, BankCardHolder>> CardsAsync(DomainBatch batch, CancellationToken ct)
    {
        var householdIds = batch.Payments.Where(p => p.HouseholdId is not null).Select(p => p.HouseholdId!.Value).Distinct().ToList();
        IReadOnlyDictionary<Guid, BankCardHolder> known;
        try
        {
            known = householdIds.Count == 0 ? new Dictionary<Guid, BankCardHolder>() : await cards.CardsAsync(householdIds, $"payment batch {batch.Id}", ct);
        }
        catch (PaymentDetailsUnavailableException)
        {
            throw UnionErrors.Create(StatusCode.Unavailable, "ARCHIVES_UNAVAILABLE", "暂时无法从困难职工档案读取银行卡信息，请稍后再导出");
        }
        var missing = BankFileRules.WithoutCard(batch.Payments, known);
        if (missing.Count > 0)
        {
            const int listed = 50;
            throw new DomainRuleException("BANK_CARD_MISSING", $"{missing.Count}笔款项没有登记工会会员服务卡，请先在档案中补录银行卡或从批次中移出",
                new Dictionary<string, string>
                {
                    ["household_ids"] = string.Join(",", missing.Take(listed).Select(p => p.RecipientKey)),
                    ["serials"] = string.Join(",", missing.Take(listed).Select(p => p.Serial.ToString(CultureInfo.InvariantCulture))),
                    ["count"] = missing.Count.ToString(CultureInfo.InvariantCulture),
                });
        }
        return known;
    }

    public override async Task<ImportBankReturnResponse> ImportBankReturn(ImportBankReturnRequest request, ServerCallContext context)
    {
        RequireFinance();
        var v = new RequestValidator().Id("batch_id", request.BatchId)
            .Check(!request.Content.IsEmpty, "content", "REQUIRED", "须上传银行回盘文件");
        var (lines, problems) = request.Content.IsEmpty ? ([], []) : BankReturnFile.Parse(request.Content.ToStringUtf8());
        foreach (var problem in problems) v.Add("content", "INVALID_LINE", problem);
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var batch = await FindAsync(Guid.Parse(request.BatchId), tracked: true, ct);
        var bySerial = batch.Payments.ToDictionary(p => p.Serial);
        var unknown = lines.Where(l => !bySerial.ContainsKey(l.Serial)).ToList();
        if (unknown.Count > 0)
        {
            var bad = new RequestValidator();
            foreach (var l in unknown) bad.Add("content", "UNKNOWN_SERIAL", $"第{l.LineNumber}行序号{l.Serial}不在该批次中");
            bad.ThrowIfInvalid();
        }
        if (batch.Status != DomainBatchStatus.Exported)
            throw new DomainRuleException("BATCH_NOT_EXPORTED", "该批次尚未导出给银行，不能登记回盘",
                new Dictionary<string, string> { ["batch_id"] = batch.Id.ToString() });

        var now = clock.UtcNowForStorage();
        var today = clock.Today();
        int settled = 0, unchanged = 0;
        foreach (var line in lines)
        {
            var payment = bySerial[line.Serial];
            if (payment.Settled)
            {
                unchanged++;
                continue;
            }
            Guid? reversalId = null;
            if (DomainPayment.NeedsReversal(line.Outcome))
            {
                var reversal = await ledger.ReverseAsync(payment.PostingTransactionId!.Value,
                    $"银行回盘{(line.Outcome == DomainPaymentStatus.Failed ? "发放失败" : "退汇")}：批次{batch.Id}第{payment.Serial}笔", ct);
                reversalId = reversal.Id;
            }
            payment.Settle(line.Outcome, line.Reason, reversalId, now);
            settled++;
            // The notice to the worker is queued with the settlement and sent afterwards (003 §二(三)四).
            if (Domain.PaymentNotification.ForPaid(payment, today, now) is { } notice) db.PaymentNotifications.Add(notice);
            db.Publish(new PaymentSettled
            {
                PaymentId = payment.Id.ToString(),
                BatchId = batch.Id.ToString(),
                DecisionId = payment.DecisionId.ToString(),
                InstalmentNumber = payment.InstalmentNumber,
                HouseholdId = payment.HouseholdId?.ToString() ?? string.Empty,
                Amount = Fen(payment.AmountFen),
                AidType = AidTypeName(payment.AidType),
                Source = (FundSource)(int)payment.Source,
                SourceAccountId = payment.SourceAccountId.ToString(),
                Status = line.Outcome.ToString().ToUpperInvariant(),
                PostingTransactionId = payment.PostingTransactionId?.ToString() ?? string.Empty,
                ReversalTransactionId = reversalId?.ToString() ?? string.Empty,
                DueOn = payment.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                SettledAt = Timestamp.FromDateTime(DateTime.SpecifyKind(now, DateTimeKind.Utc)),
            }, payment.OrganisationPath);
        }
        if (settled > 0) await db.SaveChangesAsync(ct);
        return new ImportBankReturnResponse { Batch = ToDto(batch), Settled = settled, Unchanged = unchanged };
    }

    /// <summary>Refuses when any decision may not be paid today, naming it and its reasons.</summary>
    private async Task RefuseNotPayableAsync(IReadOnlyList<Domain.AssistanceDecision> decisions, DateOnly today, CancellationToken ct)
    {
        var noticeIds = decisions.Where(d => d.NoticeId is not null).Select(d => d.NoticeId!.Value).Distinct().ToList();
        var householdIds = decisions.Where(d => d.HouseholdId is not null).Select(d => d.HouseholdId!.Value).Distinct().ToList();
        var notices = noticeIds.Count == 0 ? [] : await db.PublicNotices.AsNoTracking().IgnoreQueryFilters().Include(n => n.Objections)
            .Where(n => noticeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var standings = householdIds.Count == 0 ? [] : await db.HouseholdStandings.AsNoTracking().IgnoreQueryFilters()
            .Where(h => householdIds.Contains(h.HouseholdId)).ToDictionaryAsync(h => h.HouseholdId, ct);
        foreach (var d in decisions.OrderBy(d => d.Id))
        {
            var notice = d.NoticeId is { } n ? notices.GetValueOrDefault(n) : null;
            var householdPayable = d.HouseholdId is { } h && standings.TryGetValue(h, out var standing) && standing.IsPayableOn(today);
            var reasons = d.NotPayableReasons(notice, householdPayable, today);
            if (reasons.Count > 0)
                throw new DomainRuleException("NOT_PAYABLE", "该救助决定现在不能发放",
                    new Dictionary<string, string> { ["decision_id"] = d.Id.ToString(), ["reasons"] = string.Join(",", reasons) });
        }
    }

    private async Task<DomainBatch> FindAsync(Guid id, bool tracked, CancellationToken ct)
    {
        var query = db.PaymentBatches.Include(b => b.Payments).AsQueryable();
        if (!tracked) query = query.AsNoTracking();
        var batch = await query.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null) UnionErrors.NotFound("BATCH_NOT_FOUND", "未找到该发放批次");
        return batch;
    }

    private void RequireFinance()
    {
        if (!caller.IsInRole(Roles.Finance)) UnionErrors.PermissionDenied("ROLE_REQUIRED", "发放救助资金需要财务人员角色");
    }

    private static byte[] Xlsx(IReadOnlyList<BankPaymentFile.Row> rows)
    {
        var sheet = rows.Select(r => new Dictionary<string, object>
        {
            [BankPaymentFile.Header[0]] = r.Serial,
            [BankPaymentFile.Header[1]] = r.Name,
            // Text, not numbers: a 19-digit card would lose digits as a number, and the bank reads the amount exactly as written.
            [BankPaymentFile.Header[2]] = r.Card,
            [BankPaymentFile.Header[3]] = r.AmountYuan,
            [BankPaymentFile.Header[4]] = r.Memo,
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, sheetName: "payments");
        return stream.ToArray();
    }

    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    private static Timestamp Stamp(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private static Money Fen(long fen) => new() { Fen = fen };

    private static string AidTypeName(DomainAidType aidType) => aidType switch
    {
        DomainAidType.Living => "LIVING",
        DomainAidType.Medical => "MEDICAL",
        DomainAidType.Education => "EDUCATION",
        DomainAidType.WinterWarmth => "WINTER_WARMTH",
        _ => "UNSPECIFIED",
    };

    private static BatchDto ToDto(DomainBatch b) => new()
    {
        BatchId = b.Id.ToString(),
        Owner = new OrganisationRef { Code = OrganisationPath.Code(b.OrganisationPath), Path = b.OrganisationPath },
        DueOnOrBefore = b.DueOnOrBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Status = (Contracts.Funds.V1.PaymentBatchStatus)(int)b.Status,
        Total = Fen(b.Payments.Sum(p => p.AmountFen)),
        PaymentCount = b.Payments.Count,
        CreatedAt = Stamp(b.CreatedAt),
        ExportedAt = b.ExportedAt is { } at ? Stamp(at) : null,
        Payments =
        {
            b.Payments.OrderBy(p => p.Serial).Select(p => new PaymentDto
            {
                PaymentId = p.Id.ToString(),
                Serial = p.Serial,
                DecisionId = p.DecisionId.ToString(),
                InstalmentNumber = p.InstalmentNumber,
                Attempt = p.Attempt,
                HouseholdId = p.HouseholdId?.ToString() ?? string.Empty,
                AidType = (AidType)(int)p.AidType,
                Source = (FundSource)(int)p.Source,
                SourceAccountId = p.SourceAccountId.ToString(),
                Amount = Fen(p.AmountFen),
                DueOn = p.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Status = (PaymentStatus)(int)p.Status,
                PostingTransactionId = p.PostingTransactionId?.ToString() ?? string.Empty,
                ReversalTransactionId = p.ReversalTransactionId?.ToString() ?? string.Empty,
                SettlementReason = p.SettlementReason ?? string.Empty,
            }),
        },
    };
}
