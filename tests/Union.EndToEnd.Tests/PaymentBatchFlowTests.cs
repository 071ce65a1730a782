using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Testing;
using AidType = Union.Contracts.Funds.V1.AidType;
using FundSource = Union.Contracts.Common.V1.FundSource;

namespace Union.EndToEnd.Tests;

/// <summary>
/// The bank card travels from the archives to the bank file only at export time (Hainan
/// 003_eca3cf9f3ec4784d.txt §二(三)四, 全部通过工会会员服务卡转账), through the real archives' internal
/// PaymentDetails call made with funds' own service identity, and the paid payment's notice goes
/// out with the phone read the same way. Through the gateway, against the real processes.
/// </summary>
[Collection(SuiteCollection.Name)]
public class PaymentBatchFlowTests(Suite suite)
{
    private const string City = "51/5116";
    private const string County = "51/5116/511602";

    [Fact]
    public async Task The_bank_file_carries_the_card_from_the_archives_and_the_paid_worker_is_notified()
    {
        var (householdId, household) = await ActiveHouseholds.CreateAsync(suite, County);
        var year = DateOnly.Parse(ActiveHouseholds.Day(0)).Year;
        await new LocalStandards.LocalStandardsClient(suite.As(City, "finance")).SetAllowanceStandardAsync(new SetAllowanceStandardRequest
        {
            LocalityPath = City, MonthlyAllowance = new Money { Fen = 65_900 }, EffectiveFrom = $"{year - 1}-01-01", Reference = "市政府低保标准通知",
        });
        var account = await new FundLedger.FundLedgerClient(suite.As(County, "finance")).OpenAccountAsync(new OpenAccountRequest { FiscalYear = year, Source = FundSource.CentralFinance });
        await new FundMovements.FundMovementsClient(suite.As(County, "finance")).RecordReceiptAsync(new RecordReceiptRequest
        {
            ToAccountId = account.AccountId, Amount = new Money { Fen = 100_000 }, ReceivedOn = ActiveHouseholds.Day(0),
            ExternalPayer = new ExternalPayer { Name = "省财政厅", DocumentReference = "财社〔2026〕1号" }, Memo = "中央财政帮扶资金",
        });
        var decisions = new AssistanceDecisions.AssistanceDecisionsClient(suite.As(County, "caseworker"));
        var decision = await decisions.CreateDecisionAsync(new CreateDecisionRequest
        {
            HouseholdId = householdId, AidType = AidType.Living, Amount = new Money { Fen = 60_000 }, SourceAccountId = account.AccountId,
            CollectiveDecision = new CollectiveDecision { MeetingReference = "区总工会党组会议", DecidedOn = ActiveHouseholds.Day(-21) }, ApplicationCompletedOn = ActiveHouseholds.Day(-25),
        });
        // A notice that ended before today, so the decision may be paid now.
        await decisions.StartNoticeAsync(new StartNoticeRequest { DecisionIds = { decision.DecisionId }, Place = "区总工会公示栏", StartsOn = ActiveHouseholds.Day(-20) });
        var finance = new PaymentBatches.PaymentBatchesClient(suite.As(County, "finance"));
        var batch = await finance.CreatePaymentBatchAsync(new CreatePaymentBatchRequest { DecisionIds = { decision.DecisionId } });

        var file = await finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId, Format = BankFileFormat.Csv });

        var lines = file.Content.ToStringUtf8().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("serial,name,card,amount,memo", lines[0]);
        Assert.Equal($"1,{household.HeadName},{household.BankCard},600.00,工会生活救助资金第1期", lines[1]);

        // The bank says paid: the notice goes out with the phone read from the archives at send time.
        await finance.ImportBankReturnAsync(new ImportBankReturnRequest { BatchId = batch.BatchId, Content = Google.Protobuf.ByteString.CopyFromUtf8("1,paid,\n") });
        var followUp = new PaymentFollowUp.PaymentFollowUpClient(suite.As(County, "finance"));
        PaymentNotification? sent = null;
        Assert.True(await Poll.UntilAsync(async () =>
        {
            sent = (await followUp.ListNotificationsAsync(new ListNotificationsRequest { BatchId = batch.BatchId })).Notifications.SingleOrDefault();
            return sent?.Status == NotificationStatus.Sent;
        }, TimeSpan.FromSeconds(40)), $"the notice was never sent ({sent})\n{suite.Output()}");
        Assert.Equal(household.HeadPhone[..3] + "****" + household.HeadPhone[^4..], sent!.RecipientMasked);
        Assert.Contains("600.00元", sent.Text);

        // Nobody outside reaches the internal call, not even with a finance token.
        var refused = await RpcAssert.Fails(StatusCode.PermissionDenied, () => new PaymentDetails.PaymentDetailsClient(suite.As(County, "finance"))
            .GetPaymentDetailsAsync(new GetPaymentDetailsRequest { HouseholdIds = { householdId }, Fields = { PaymentDetailField.BankCard }, Purpose = "probe" }).ResponseAsync);
        Assert.Equal("INTERNAL_SERVICE", refused.Code());
    }
}
