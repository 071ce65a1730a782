using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Shared.Auth;
using Union.Shared.Persistence;
using Union.Testing;
using AidType = Union.Contracts.Funds.V1.AidType;
using AssistanceDecision = Union.Contracts.Funds.V1.AssistanceDecision;
using DomainStanding = Union.Funds.Domain.HouseholdStanding;
using FundSource = Union.Contracts.Common.V1.FundSource;
using PaymentBatch = Union.Contracts.Funds.V1.PaymentBatch;
using PaymentBatchStatus = Union.Contracts.Funds.V1.PaymentBatchStatus;
using PaymentStatus = Union.Contracts.Funds.V1.PaymentStatus;
using PublicNotice = Union.Contracts.Funds.V1.PublicNotice;
using NotificationStatus = Union.Contracts.Funds.V1.NotificationStatus;
using SpotCheckOutcome = Union.Contracts.Funds.V1.SpotCheckOutcome;

namespace Union.Funds.Tests;

/// <summary>
/// Payment batches for the bank (发放, Hainan 003_eca3cf9f3ec4784d.txt §二(三)三): only decisions whose
/// notice ended without an upheld objection are paid; exporting posts each payment from its source
/// account to payments in transit; the bank's return file settles each payment once and reverses
/// the failed ones. Yu'an district, Lu'an allowance 659 yuan a month; two households of 500 yuan
/// each noticed from 2024-09-27 to 2024-10-09 (five working days around National Day).
/// </summary>
public abstract class PaymentBatchTests<THost>(THost host) : IAsyncLifetime where THost : PaymentsHost
{
    private const string Luan = "34/3415";
    private const string Yuan = "34/3415/341502";

    private string _central = string.Empty;

    public async Task InitializeAsync()
    {
        await host.ResetAsync();
        host.Archives.Reset();
        host.Clock.SetDate(new DateOnly(2024, 9, 20));
        var standards = new LocalStandards.LocalStandardsClient(host.As(Luan, Roles.Finance));
        await standards.SetAllowanceStandardAsync(new SetAllowanceStandardRequest
        {
            LocalityPath = Luan,
            MonthlyAllowance = new Money { Fen = 65_900 },
            EffectiveFrom = "2021-07-01",
            Reference = "六安市人民政府关于调整城乡低保标准的通知",
        });
        _central = (await host.Client(Yuan, Roles.Finance).OpenAccountAsync(new OpenAccountRequest { FiscalYear = 2024, Source = FundSource.CentralFinance })).AccountId;
        await new FundMovements.FundMovementsClient(host.As(Yuan, Roles.Finance)).RecordReceiptAsync(new RecordReceiptRequest
        {
            ToAccountId = _central,
            Amount = new Money { Fen = 200_000 },
            ReceivedOn = "2024-09-20",
            ExternalPayer = new ExternalPayer { Name = "安徽省财政厅", DocumentReference = "皖财社〔2024〕1号" },
            Memo = "中央财政困难职工帮扶资金",
        });
    }

    /// <summary>The ledger sums to zero after every test, whatever it did.</summary>
    public async Task DisposeAsync() =>
        Assert.Equal(0, await host.InScopeAsync(null, (_, db) => db.LedgerEntries.IgnoreQueryFilters().SumAsync(e => e.AmountFen)));

    private AssistanceDecisions.AssistanceDecisionsClient Caseworker => new(host.As(Yuan, Roles.Caseworker));

    private PaymentBatches.PaymentBatchesClient Finance => new(host.As(Yuan, Roles.Finance));

    private async Task<Guid> HouseholdAsync()
    {
        var id = Guid.NewGuid();
        await host.WithDatabaseAsync(async db =>
        {
            var standing = DomainStanding.Start(id, Yuan);
            var at = new DateTime(2021, 1, 5, 2, 0, 0, DateTimeKind.Utc);
            standing.Apply(Guid.NewGuid(), "union.events.v1.HouseholdArchived", Yuan, "ACTIVE", at, at);
            db.Add(standing);
            await db.SaveChangesAsync();
        });
        // The archives have the household's 工会会员服务卡 on file.
        host.Archives.Cards[id] = new BankCardHolder($"户主{id.ToString()[..4]}", "62170012345678" + (id.GetHashCode() & 0xFFFF).ToString("D5", System.Globalization.CultureInfo.InvariantCulture));
        host.Archives.Phones[id] = "13812345678";
        return id;
    }

    private async Task<AssistanceDecision> DecideAsync() => await Caseworker.CreateDecisionAsync(new CreateDecisionRequest
    {
        HouseholdId = (await HouseholdAsync()).ToString(),
        AidType = AidType.Living,
        Amount = new Money { Fen = 50_000 },
        SourceAccountId = _central,
        CollectiveDecision = new CollectiveDecision { MeetingReference = "区总工会党组会议2024年第9次", DecidedOn = "2024-09-20" },
        ApplicationCompletedOn = "2024-09-01",
    });

    private async Task<(AssistanceDecision A, AssistanceDecision B, PublicNotice Notice)> NoticedAsync()
    {
        var a = await DecideAsync();
        var b = await DecideAsync();
        var notice = await Caseworker.StartNoticeAsync(new StartNoticeRequest
        {
            DecisionIds = { a.DecisionId, b.DecisionId },
            Place = "裕安区总工会公示栏及网站",
            StartsOn = "2024-09-27",
        });
        return (a, b, notice);
    }

    private static CreatePaymentBatchRequest For(params AssistanceDecision[] decisions) => new() { DecisionIds = { decisions.Select(d => d.DecisionId) } };

    private Task<long> BalanceAsync(string accountId) =>
        host.InScopeAsync(null, (_, db) => db.LedgerEntries.IgnoreQueryFilters().Where(e => e.AccountId == Guid.Parse(accountId)).SumAsync(e => e.AmountFen));

    private Task<int> SettledEventsAsync() =>
        host.InScopeAsync(null, (_, db) => db.Set<OutboxMessage>().CountAsync(m => m.EventType.Contains("PaymentSettled")));

    private async Task<RpcException> RefusedAsync(CreatePaymentBatchRequest request)
    {
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Finance.CreatePaymentBatchAsync(request).ResponseAsync);
        Assert.Equal(before, await host.RowCountsAsync());
        return e;
    }

    private Task<ImportBankReturnResponse> ImportAsync(PaymentBatch batch, string csv) =>
        Finance.ImportBankReturnAsync(new ImportBankReturnRequest { BatchId = batch.BatchId, Content = ByteString.CopyFromUtf8(csv) }).ResponseAsync;

    [Fact]
    public async Task No_payment_before_the_notice_ends()
    {
        var (a, _, _) = await NoticedAsync();
        host.Clock.SetDate(new DateOnly(2024, 10, 9));

        var e = await RefusedAsync(For(a));

        Assert.Equal("NOT_PAYABLE", e.Code());
        Assert.Equal("NOTICE_RUNNING", e.Metadata()["reasons"]);
    }

    [Fact]
    public async Task Only_payable_instalments_are_batched_and_an_instalment_already_in_a_batch_is_refused()
    {
        var (a, b, _) = await NoticedAsync();
        var unnoticed = await DecideAsync();
        host.Clock.SetDate(new DateOnly(2024, 10, 10));

        var e = await RefusedAsync(For(a, unnoticed));
        var batch = await Finance.CreatePaymentBatchAsync(For(a, b));
        var again = await RefusedAsync(new CreatePaymentBatchRequest { Instalments = { new InstalmentRef { DecisionId = a.DecisionId, Number = 1 } } });

        Assert.Equal("NOT_NOTICED", e.Metadata()["reasons"]);
        Assert.Equal(unnoticed.DecisionId, e.Metadata()["decision_id"]);
        Assert.Equal(2, batch.Payments.Count);
        Assert.Equal(100_000, batch.Total.Fen);
        Assert.All(batch.Payments, p => Assert.Equal(PaymentStatus.Pending, p.Status));
        Assert.Equal("INSTALMENT_ALREADY_IN_BATCH", again.Code());
        // Nothing is posted before the file goes to the bank.
        Assert.Equal(200_000, await BalanceAsync(_central));
    }

    [Fact]
    public async Task An_upheld_objection_blocks_payment_of_the_decision_it_names()
    {
        var (a, b, notice) = await NoticedAsync();
        host.Clock.SetDate(new DateOnly(2024, 9, 30));
        var recorded = await Caseworker.RecordObjectionAsync(new RecordObjectionRequest { NoticeId = notice.NoticeId, DecisionId = a.DecisionId, Text = "群众反映该户有经营收入" });
        await new AssistanceDecisions.AssistanceDecisionsClient(host.As(Yuan, Roles.Approver)).DecideObjectionAsync(new DecideObjectionRequest
        {
            NoticeId = notice.NoticeId,
            ObjectionId = recorded.Objections.Single().ObjectionId,
            Upheld = true,
            Reason = "经核实家庭收入超过标准",
        });
        host.Clock.SetDate(new DateOnly(2024, 10, 10));

        var e = await RefusedAsync(For(a));
        var batch = await Finance.CreatePaymentBatchAsync(For(b));

        Assert.Equal("OBJECTION_UPHELD", e.Metadata()["reasons"]);
        Assert.Equal(b.DecisionId, batch.Payments.Single().DecisionId);
    }

    [Fact]
    public async Task Export_posts_each_payment_once_and_joins_names_and_cards_from_the_archives()
    {
        var (a, b, _) = await NoticedAsync();
        host.Clock.SetDate(new DateOnly(2024, 10, 10));
        var batch = await Finance.CreatePaymentBatchAsync(For(a, b));

        var csv = await Finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId, Format = BankFileFormat.Csv });
        var xlsx = await Finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId, Format = BankFileFormat.Xlsx });
        var read = await Finance.GetPaymentBatchAsync(new GetPaymentBatchRequest { BatchId = batch.BatchId });

        var lines = csv.Content.ToStringUtf8().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("serial,name,card,amount,memo", lines[0]);
        Assert.Equal(3, lines.Length);
        foreach (var p in batch.Payments)
        {
            var holder = host.Archives.Cards[Guid.Parse(p.HouseholdId)];
            Assert.Contains($"{p.Serial},{holder.Name},{holder.Card},500.00,工会生活救助资金第1期", lines);
        }
        Assert.All(host.Archives.Purposes, purpose => Assert.Equal($"payment batch {batch.BatchId}", purpose));
        // Cards are joined at export time only: nowhere in funds' database.
        var cards = host.Archives.Cards.Values.Select(c => c.Card).ToList();
        Assert.False(await host.InScopeAsync(null, async (_, db) => (await db.Set<OutboxMessage>().Select(m => m.Payload).ToListAsync()).Any(text => cards.Any(text.Contains))));
        Assert.False(await host.InScopeAsync(null, async (_, db) => (await db.Set<AuditEntry>().Select(a => a.Changes ?? string.Empty).ToListAsync()).Any(text => cards.Any(text.Contains))));
        Assert.Equal("PK", Encoding.ASCII.GetString(xlsx.Content.Span[..2]));
        Assert.Equal(100_000, await BalanceAsync(_central));
        Assert.All(read.Payments, p => Assert.Equal(PaymentStatus.InTransit, p.Status));
        Assert.Equal(PaymentBatchStatus.Exported, read.Status);
    }

    [Fact]
    public async Task A_return_file_imported_twice_settles_once_and_a_failed_payment_is_reversed_and_reissued()
    {
        var (a, b, _) = await NoticedAsync();
        host.Clock.SetDate(new DateOnly(2024, 10, 10));
        var batch = await Finance.CreatePaymentBatchAsync(For(a, b));
        await Finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId, Format = BankFileFormat.Csv });
        var failedSerial = batch.Payments.Single(p => p.DecisionId == b.DecisionId).Serial;
        var paidSerial = batch.Payments.Single(p => p.DecisionId == a.DecisionId).Serial;
        var file = $"serial,status,reason\n{paidSerial},paid,\n{failedSerial},failed,卡号已销户\n{failedSerial},failed,卡号已销户\n";

        var first = await ImportAsync(batch, file);
        var balanceAfterFirst = await BalanceAsync(_central);
        var rowsAfterFirst = await host.RowCountsAsync();
        var second = await ImportAsync(batch, file);

        Assert.Equal(2, first.Settled);
        Assert.Equal(1, first.Unchanged);
        Assert.Equal(0, second.Settled);
        Assert.Equal(3, second.Unchanged);
        Assert.Equal(rowsAfterFirst, await host.RowCountsAsync());
        // The failed 500 yuan are back in the source account; the paid 500 yuan are gone.
        Assert.Equal(150_000, balanceAfterFirst);
        Assert.Equal(150_000, await BalanceAsync(_central));
        Assert.Equal(2, await SettledEventsAsync());
        var failed = second.Batch.Payments.Single(p => p.Serial == failedSerial);
        Assert.Equal(PaymentStatus.Failed, failed.Status);
        Assert.NotEmpty(failed.ReversalTransactionId);
        Assert.Equal("卡号已销户", failed.SettlementReason);

        var reissued = await Finance.CreatePaymentBatchAsync(For(a, b));
        Assert.Equal(b.DecisionId, reissued.Payments.Single().DecisionId);
        Assert.Equal(2, reissued.Payments.Single().Attempt);
    }

    [Fact]
    public async Task Bad_input_changes_nothing()
    {
        var (a, b, _) = await NoticedAsync();
        host.Clock.SetDate(new DateOnly(2024, 10, 10));
        var batch = await Finance.CreatePaymentBatchAsync(For(a, b));
        await Finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId, Format = BankFileFormat.Csv });
        var before = await host.RowCountsAsync();

        await RpcAssert.InvalidArgument(() => Finance.CreatePaymentBatchAsync(new CreatePaymentBatchRequest { DecisionIds = { "not-an-id" }, DueOnOrBefore = "2024-13-01" }).ResponseAsync, "decision_ids[0]", "due_on_or_before");
        await RpcAssert.InvalidArgument(() => Finance.CreatePaymentBatchAsync(new CreatePaymentBatchRequest()).ResponseAsync, "instalments");
        await RpcAssert.InvalidArgument(() => ImportAsync(batch, "1,paid,\n2,lost,\n"), "content");
        await RpcAssert.InvalidArgument(() => ImportAsync(batch, "1,paid,\n99,failed,\n"), "content");
        await RpcAssert.InvalidArgument(() => Finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId }).ResponseAsync, "format");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => new PaymentBatches.PaymentBatchesClient(host.As(Yuan, Roles.Caseworker)).CreatePaymentBatchAsync(For(a)).ResponseAsync);

        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(100_000, await BalanceAsync(_central));
        Assert.All((await Finance.GetPaymentBatchAsync(new GetPaymentBatchRequest { BatchId = batch.BatchId })).Payments, p => Assert.Equal(PaymentStatus.InTransit, p.Status));
    }

    private async Task<(PaymentBatch Batch, AssistanceDecision A, AssistanceDecision B)> DraftAsync()
    {
        var (a, b, _) = await NoticedAsync();
        host.Clock.SetDate(new DateOnly(2024, 10, 10));
        return (await Finance.CreatePaymentBatchAsync(For(a, b)), a, b);
    }

    private async Task<RpcException> ExportRefusedAsync(StatusCode status, PaymentBatch batch)
    {
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(status, () => Finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId, Format = BankFileFormat.Csv }).ResponseAsync);
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(200_000, await BalanceAsync(_central));
        Assert.Equal(PaymentBatchStatus.Draft, (await Finance.GetPaymentBatchAsync(new GetPaymentBatchRequest { BatchId = batch.BatchId })).Status);
        return e;
    }

    [Fact]
    public async Task Export_is_refused_and_posts_nothing_while_the_archives_are_unreachable()
    {
        var (batch, _, _) = await DraftAsync();
        host.Archives.Unavailable = true;

        var e = await ExportRefusedAsync(StatusCode.Unavailable, batch);

        Assert.Equal("ARCHIVES_UNAVAILABLE", e.Code());
    }

    [Fact]
    public async Task Export_is_refused_naming_the_household_without_a_card_and_posts_nothing()
    {
        var (batch, _, b) = await DraftAsync();
        host.Archives.Cards.TryRemove(Guid.Parse(b.HouseholdId), out _);

        var e = await ExportRefusedAsync(StatusCode.FailedPrecondition, batch);

        Assert.Equal("BANK_CARD_MISSING", e.Code());
        Assert.Equal(b.HouseholdId, e.Metadata()["household_ids"]);
        Assert.Equal("1", e.Metadata()["count"]);
    }

    [Fact]
    public async Task Export_re_checks_payability_a_household_exited_since_the_batch_was_made_up_is_refused()
    {
        var (batch, a, _) = await DraftAsync();
        await host.WithDatabaseAsync(async db =>
        {
            var standing = await db.Set<DomainStanding>().Include(h => h.Changes).SingleAsync(h => h.HouseholdId == Guid.Parse(a.HouseholdId));
            var at = new DateTime(2024, 10, 9, 2, 0, 0, DateTimeKind.Utc);
            standing.Apply(Guid.NewGuid(), "union.events.v1.HouseholdExited", Yuan, "EXITED", at, at);
            await db.SaveChangesAsync();
        });

        var e = await ExportRefusedAsync(StatusCode.FailedPrecondition, batch);

        Assert.Equal("NOT_PAYABLE", e.Code());
        Assert.Equal(a.DecisionId, e.Metadata()["decision_id"]);
    }

    [Fact]
    public async Task Batches_are_listed_newest_first_and_by_status()
    {
        var (draft, a, b) = await DraftAsync();
        await Finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = draft.BatchId, Format = BankFileFormat.Csv });
        var c = await DecideAsync();
        await Caseworker.StartNoticeAsync(new StartNoticeRequest { DecisionIds = { c.DecisionId }, Place = "公示栏", StartsOn = "2024-10-10" });
        host.Clock.SetDate(new DateOnly(2024, 10, 18));
        var second = await Finance.CreatePaymentBatchAsync(For(c));

        var all = await Finance.ListPaymentBatchesAsync(new ListPaymentBatchesRequest());
        var drafts = await Finance.ListPaymentBatchesAsync(new ListPaymentBatchesRequest { Status = PaymentBatchStatus.Draft });
        var exported = await Finance.ListPaymentBatchesAsync(new ListPaymentBatchesRequest { Status = PaymentBatchStatus.Exported, Page = new PageRequest { PageSize = 1 } });
        var elsewhere = await new PaymentBatches.PaymentBatchesClient(host.As("34/3415/341503", Roles.Finance)).ListPaymentBatchesAsync(new ListPaymentBatchesRequest());

        Assert.Equal([second.BatchId, draft.BatchId], all.Batches.Select(x => x.BatchId));
        Assert.Equal(second.BatchId, Assert.Single(drafts.Batches).BatchId);
        var one = Assert.Single(exported.Batches);
        Assert.Equal((draft.BatchId, 2, 100_000L), (one.BatchId, one.PaymentCount, one.Total.Fen));
        Assert.Empty(one.Payments);
        Assert.Equal(string.Empty, exported.Page.NextPageToken);
        Assert.Empty(elsewhere.Batches);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => new PaymentBatches.PaymentBatchesClient(host.As(Yuan, Roles.Caseworker)).ListPaymentBatchesAsync(new ListPaymentBatchesRequest()).ResponseAsync);
    }

    private async Task<(PaymentBatch Batch, int PaidSerial, int FailedSerial)> SettledAsync()
    {
        var (batch, a, b) = await DraftAsync();
        await Finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId, Format = BankFileFormat.Csv });
        var paid = batch.Payments.Single(p => p.DecisionId == a.DecisionId).Serial;
        var failed = batch.Payments.Single(p => p.DecisionId == b.DecisionId).Serial;
        var imported = await ImportAsync(batch, $"{paid},paid,\n{failed},failed,卡号已销户\n");
        return (imported.Batch, paid, failed);
    }

    private Task<int> DeliverAsync() => host.InScopeAsync(null, (sp, _) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Union.Funds.Messaging.NotificationDelivery>(sp).DeliverDueAsync(CancellationToken.None));

    private PaymentFollowUp.PaymentFollowUpClient FollowUp(string role = Roles.Finance) => new(host.As(Yuan, role));

    [Fact]
    public async Task A_paid_payment_queues_a_notice_that_is_sent_later_with_amount_aid_and_date_and_no_card()
    {
        var (batch, paidSerial, _) = await SettledAsync();
        var paid = batch.Payments.Single(p => p.Serial == paidSerial);

        var queued = await FollowUp().ListNotificationsAsync(new ListNotificationsRequest { BatchId = batch.BatchId });
        var sent = await DeliverAsync();
        var again = await DeliverAsync();
        var after = await FollowUp(Roles.Auditor).ListNotificationsAsync(new ListNotificationsRequest { BatchId = batch.BatchId });

        // Only the paid payment is noticed; the failed one is not.
        var pending = Assert.Single(queued.Notifications);
        Assert.Equal((paid.PaymentId, NotificationStatus.Pending, ""), (pending.PaymentId, pending.Status, pending.RecipientMasked));
        Assert.Equal((1, 0), (sent, again));
        var notice = Assert.Single(after.Notifications);
        Assert.Equal(NotificationStatus.Sent, notice.Status);
        Assert.Equal("138****5678", notice.RecipientMasked);
        Assert.Equal("simulator", notice.Channel);
        Assert.Equal("【工会帮扶】您好，工会已于2024年10月10日向您的工会会员服务卡发放生活救助资金500.00元，请注意查收。如有疑问，请与所在工会联系。", notice.Text);
        Assert.DoesNotContain(host.Archives.Cards[Guid.Parse(paid.HouseholdId)].Card, notice.Text);
        // The phone itself is nowhere in funds' database.
        Assert.False(await host.InScopeAsync(null, (_, db) => db.PaymentNotifications.AnyAsync(n => n.Text.Contains("13812345678") || n.RecipientMasked == "13812345678")));
    }

    [Fact]
    public async Task A_notice_waits_while_the_archives_are_down_and_the_payment_stays_settled()
    {
        var (batch, paidSerial, _) = await SettledAsync();
        host.Archives.Unavailable = true;

        var sent = await DeliverAsync();
        var waiting = Assert.Single((await FollowUp().ListNotificationsAsync(new ListNotificationsRequest { BatchId = batch.BatchId })).Notifications);
        var payment = (await Finance.GetPaymentBatchAsync(new GetPaymentBatchRequest { BatchId = batch.BatchId })).Payments.Single(p => p.Serial == paidSerial);

        Assert.Equal(0, sent);
        Assert.Equal(NotificationStatus.Pending, waiting.Status);
        Assert.NotEmpty(waiting.LastError);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal(150_000, await BalanceAsync(_central));

        // Once the archives answer again and the retry time has come, the notice goes out.
        host.Archives.Unavailable = false;
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await DeliverAsync());
    }

    [Fact]
    public async Task Spot_checks_show_the_share_checked_and_a_not_received_answer_flags_the_payment_until_confirmed()
    {
        var (batch, paidSerial, failedSerial) = await SettledAsync();
        var paid = batch.Payments.Single(p => p.Serial == paidSerial);
        var failed = batch.Payments.Single(p => p.Serial == failedSerial);
        RecordPaymentSpotCheckRequest Check(string paymentId, SpotCheckOutcome outcome, string calledOn, string note = "") =>
            new() { BatchId = batch.BatchId, PaymentId = paymentId, CalledOn = calledOn, CalledBy = "王会计", Outcome = outcome, Note = note };

        var before = await FollowUp().ListPaymentSpotChecksAsync(new ListPaymentSpotChecksRequest { BatchId = batch.BatchId });
        await FollowUp(Roles.Auditor).RecordPaymentSpotCheckAsync(Check(paid.PaymentId, SpotCheckOutcome.NotReceived, "2024-10-10", "职工称未收到，待核对卡号"));
        var flagged = await FollowUp().ListPaymentSpotChecksAsync(new ListPaymentSpotChecksRequest { BatchId = batch.BatchId });
        var followUps = await FollowUp().ListPaymentFollowUpsAsync(new ListPaymentFollowUpsRequest());
        var notPaid = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => FollowUp().RecordPaymentSpotCheckAsync(Check(failed.PaymentId, SpotCheckOutcome.ConfirmedReceived, "2024-10-10")).ResponseAsync);
        await RpcAssert.InvalidArgument(() => FollowUp().RecordPaymentSpotCheckAsync(Check(paid.PaymentId, SpotCheckOutcome.NotReceived, "2024-10-11")).ResponseAsync, "called_on", "note");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => FollowUp(Roles.Caseworker).RecordPaymentSpotCheckAsync(Check(paid.PaymentId, SpotCheckOutcome.ConfirmedReceived, "2024-10-10")).ResponseAsync);
        await FollowUp().RecordPaymentSpotCheckAsync(Check(paid.PaymentId, SpotCheckOutcome.ConfirmedReceived, "2024-10-10", "复核后职工确认已到账"));
        var cleared = await FollowUp().ListPaymentSpotChecksAsync(new ListPaymentSpotChecksRequest { BatchId = batch.BatchId });

        Assert.Equal((1, 0, 0), (before.PaidPayments, before.CheckedPayments, before.CheckedSharePermille));
        Assert.Equal((1, 1, 1000), (flagged.PaidPayments, flagged.CheckedPayments, flagged.CheckedSharePermille));
        Assert.Equal([paid.PaymentId], flagged.FollowUpPaymentIds);
        var follow = Assert.Single(followUps.FollowUps);
        Assert.Equal((paid.PaymentId, 50_000L, SpotCheckOutcome.NotReceived), (follow.PaymentId, follow.Amount.Fen, follow.LatestCheck.Outcome));
        Assert.Equal("PAYMENT_NOT_PAID", notPaid.Code());
        Assert.Empty(cleared.FollowUpPaymentIds);
        Assert.Equal(2, cleared.SpotChecks.Count);
        Assert.Empty((await FollowUp().ListPaymentFollowUpsAsync(new ListPaymentFollowUpsRequest())).FollowUps);
    }
}

public sealed class SqlitePaymentBatchTests(PaymentsHost host)
    : PaymentBatchTests<PaymentsHost>(host), IClassFixture<PaymentsHost>;

public sealed class PostgresPaymentBatchTests(PostgresPaymentsHost host)
    : PaymentBatchTests<PostgresPaymentsHost>(host), IClassFixture<PostgresPaymentsHost>;

/// <summary>The bank files' pure rules.</summary>
public sealed class BankFileRuleTests
{
    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(5L, "0.05")]
    [InlineData(50_000L, "500.00")]
    [InlineData(790_801L, "7908.01")]
    public void Yuan_are_written_from_fen_exactly(long fen, string yuan) => Assert.Equal(yuan, Union.Shared.Formatting.YuanText.FromFen(fen));

    [Fact]
    public void A_return_file_with_one_bad_line_reads_nothing()
    {
        var (lines, problems) = BankReturnFile.Parse("serial,status,reason\n1,paid,\n2,unknown,\n");

        Assert.Empty(lines);
        Assert.Single(problems);
        Assert.Contains("第3行", problems[0]);
    }

    [Fact]
    public void A_return_file_reads_serial_status_and_reason_with_commas()
    {
        var (lines, problems) = BankReturnFile.Parse("1,PAID,\r\n2,returned,户名不符,已退汇\r\n");

        Assert.Empty(problems);
        Assert.Equal([(1, Domain.PaymentStatus.Paid, ""), (2, Domain.PaymentStatus.Returned, "户名不符,已退汇")], lines.Select(l => (l.Serial, l.Outcome, l.Reason)));
    }
}
