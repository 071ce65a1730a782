using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Shared.Auth;
using AidType = Union.Contracts.Funds.V1.AidType;
using DomainStanding = Union.Funds.Domain.HouseholdStanding;
using FundSource = Union.Contracts.Common.V1.FundSource;

namespace Union.Funds.Tests;

/// <summary>
/// Hainan 2015 (003_eca3cf9f3ec4784d.txt §二(二)): the province (省总) receives the year's money and
/// passes it to its service centre (省职工服务中心), except 24万元 of winter-warmth money it passes
/// straight to five industry unions below the centre; the centre pays 2,059 person-times through
/// decisions, public notices, bank batches and return files, all through the gRPC API, and closes
/// the year. The reports reproduce every figure of §二(二)1 to the fen.
/// <para>
/// The seed gives amounts, not dates or per-receipt documents: the dates below are the test's.
/// Nor does it say which special fund paid which aid type: the centre's living aid from central
/// money draws first on the central 送温暖 and 女职工关爱 money, its union-funds living aid on 送温暖 and
/// its union-funds education aid on 金秋助学, so that each account's spending stays within what it
/// received and the balance left (142,986.55) is what the seed carries to 2016.
/// </para>
/// </summary>
public sealed class HainanReportTests(PaymentsHost host) : IClassFixture<PaymentsHost>, IAsyncLifetime
{
    private const string Province = "46";
    private const string Centre = "46/4601";
    private const string WinterWarmth = "送温暖";
    private const string WomenCare = "女职工关爱";
    private const string GoldenAutumn = "金秋助学";

    // 003 line 32 (收入): 423.0716万元, of which 中央财政108.6716万元, 省财政129.6万元, 省总工会184.8万元.
    private const long ReceivedFen = 423_071_600;
    private const long ReceivedCentralFen = 108_671_600;
    private const long ReceivedProvincialFen = 129_600_000;
    private const long ReceivedUnionFundsFen = 184_800_000;
    // 003 line 33 (支出): 408.772945万元, 总救助2059人次.
    private const long SpentFen = 408_772_945;
    private const int PersonTimes = 2059;
    // 003 line 34: 剩余14.298655万元，用于2016年.
    private const long CarriedOverFen = 14_298_655;
    // 003 line 27 and 36: 省总直接划拨 24万元送温暖资金 to five industry unions.
    private const long PassThroughFen = 24_000_000;

    // 003 line 33, by source × aid type: (source, aid type, amount in fen, person-times).
    private static readonly (FundSource Source, AidType Aid, long Fen, int Times)[] SeedSpending =
    [
        (FundSource.CentralFinance, AidType.Living, 58_201_600, 631),
        (FundSource.CentralFinance, AidType.Medical, 17_070_000, 25),
        (FundSource.CentralFinance, AidType.Education, 33_400_000, 104),
        (FundSource.ProvincialFinance, AidType.Living, 48_000_000, 480),
        (FundSource.ProvincialFinance, AidType.Medical, 31_600_000, 32),
        (FundSource.ProvincialFinance, AidType.Education, 50_000_000, 154),
        (FundSource.UnionFunds, AidType.Living, 30_800_000, 308),
        (FundSource.UnionFunds, AidType.Medical, 57_701_345, 62),
        (FundSource.UnionFunds, AidType.Education, 82_000_000, 263),
    ];

    // The seed's spending laid on the centre's accounts (see the class comment): (source, special fund, aid type, fen, payments).
    private static readonly (FundSource Source, string Fund, AidType Aid, long Fen, int Count)[] Segments =
    [
        (FundSource.CentralFinance, WinterWarmth, AidType.Living, 25_000_000, 271),
        (FundSource.CentralFinance, WomenCare, AidType.Living, 3_671_600, 40),
        (FundSource.CentralFinance, "", AidType.Living, 29_530_000, 320),
        (FundSource.ProvincialFinance, "", AidType.Living, 48_000_000, 480),
        (FundSource.UnionFunds, WinterWarmth, AidType.Living, 30_800_000, 308),
        (FundSource.CentralFinance, "", AidType.Medical, 17_070_000, 25),
        (FundSource.ProvincialFinance, "", AidType.Medical, 31_600_000, 32),
        (FundSource.UnionFunds, "", AidType.Medical, 57_701_345, 62),
        (FundSource.CentralFinance, "", AidType.Education, 33_400_000, 104),
        (FundSource.ProvincialFinance, "", AidType.Education, 50_000_000, 154),
        (FundSource.UnionFunds, GoldenAutumn, AidType.Education, 82_000_000, 263),
    ];

    // 003 line 13: the centre keeps 1,431 household files; the payments go round them in order.
    private const int Households = 1431;

    // 003 line 36: the five industry unions and what each received.
    private static readonly (string Path, long Fen)[] IndustryUnions =
    [
        ("46/4601/460101", 8_000_000),  // 省财贸工会
        ("46/4601/460102", 1_500_000),  // 省旅游工会
        ("46/4601/460103", 5_000_000),  // 省工交医药工会
        ("46/4601/460104", 8_000_000),  // 省驻琼工会
        ("46/4601/460105", 1_500_000),  // 省科文卫体工会
    ];

    private readonly Dictionary<(string Org, FundSource Source, string Fund), string> _accounts = [];

    public async Task InitializeAsync()
    {
        await host.ResetAsync();
        host.Archives.EveryHouseholdHasACard = true;
    }

    public async Task DisposeAsync() =>
        Assert.Equal(0, await host.InScopeAsync(null, (_, db) => db.LedgerEntries.IgnoreQueryFilters().SumAsync(e => e.AmountFen)));

    private FundReports.FundReportsClient Reports => new(host.As(Centre, Roles.Finance));

    [Fact]
    public async Task Hainan_2015_reports_reproduce_every_figure_of_the_seed_to_the_fen()
    {
        host.Clock.SetDate(new DateOnly(2015, 12, 1));
        await FundAsync();
        await PayAsync();
        host.Clock.SetDate(new DateOnly(2016, 1, 4));
        await new FundMovements.FundMovementsClient(host.As(Centre, Roles.Finance)).CloseFiscalYearAsync(new CloseFiscalYearRequest { FiscalYear = 2015 });

        var query = new FundReportRequest
        {
            FiscalYear = 2015,
            // 003 line 27: what the province allocated the centre, less the pass-through (资金到位率100%).
            PlannedCentralFinance = new Money { Fen = ReceivedCentralFen },
            PlannedProvincialFinance = new Money { Fen = ReceivedProvincialFen },
            PlannedUnionFunds = new Money { Fen = ReceivedUnionFundsFen },
        };
        var receipts = await Reports.GetReceiptsReportAsync(query);
        var spending = await Reports.GetExpenditureReportAsync(query);
        var passThrough = await Reports.GetPassThroughReportAsync(query);
        var balance = await Reports.GetBalanceReportAsync(query);
        var reconciliation = await Reports.GetReconciliationReportAsync(query);

        Assert.Equal(ReceivedFen, receipts.Total.Fen);
        Assert.Equal(ReceivedCentralFen, Total(receipts, FundSource.CentralFinance, ""));
        Assert.Equal(ReceivedProvincialFen, Total(receipts, FundSource.ProvincialFinance, ""));
        Assert.Equal(ReceivedUnionFundsFen, Total(receipts, FundSource.UnionFunds, ""));
        // 003 line 27: 女职工关爱行动3.6716万元 within the central money; 送温暖 64万元 less the 24万元 passed through.
        Assert.Equal(3_671_600, Total(receipts, FundSource.CentralFinance, WomenCare));
        Assert.Equal(40_000_000, Total(receipts, FundSource.UnionFunds, WinterWarmth));
        Assert.Equal(82_000_000, Total(receipts, FundSource.UnionFunds, GoldenAutumn));
        Assert.All(receipts.Receipts, r => Assert.Equal(ReceiptKind.Transfer, r.Kind));
        Assert.All(receipts.Receipts, r => Assert.Matches(@"^2015-\d\d-\d\d$", r.ReceivedOn));

        Assert.Equal(SpentFen, spending.Total.Fen);
        Assert.Equal(PersonTimes, spending.PersonTimes);
        Assert.Equal(Households, spending.Households);
        foreach (var (source, aid, fen, times) in SeedSpending)
        {
            var line = spending.Lines.Single(l => l.Source == source && l.AidType == aid);
            Assert.Equal((fen, times), (line.Amount.Fen, line.PersonTimes));
        }
        // 003 line 33: 中央 108.6716万元 760人次, 省财政 129.6万元 666人次, 省总工会经费 170.501345万元 633人次.
        Assert.Equal((108_671_600L, 760), Subtotal(spending, FundSource.CentralFinance));
        Assert.Equal((129_600_000L, 666), Subtotal(spending, FundSource.ProvincialFinance));
        Assert.Equal((170_501_345L, 633), Subtotal(spending, FundSource.UnionFunds));
        Assert.Equal(0, spending.InTransit.Fen);
        Assert.Empty(spending.TransfersOut);

        Assert.Equal(PassThroughFen, passThrough.Total.Fen);
        Assert.Equal(IndustryUnions.Select(u => (u.Path, u.Fen)), passThrough.Lines.Select(l => (l.Receiver.Path, l.Amount.Fen)).OrderBy(l => l.Path));
        Assert.All(passThrough.Lines, l => Assert.Equal(Province, l.Payer.Path));

        Assert.True(balance.Closed);
        Assert.Equal(ReceivedFen, balance.Total.Received.Fen);
        Assert.Equal(SpentFen, balance.Total.Spent.Fen);
        Assert.Equal(CarriedOverFen, balance.Total.YearEndBalance.Fen);
        Assert.Equal(CarriedOverFen, balance.Total.CarriedOver.Fen);
        Assert.Equal(0, balance.Total.Closing.Fen);
        Assert.Equal(CarriedOverFen, balance.Lines.Single(l => l.Source == FundSource.UnionFunds && l.SpecialFund == "").CarriedOver.Fen);
        Assert.Equal("100.00%", balance.Total.ArrivalRate);
        // 4,087,729.45 / 4,230,716.00 = 96.620…%; union funds 1,705,013.45 / 1,848,000.00 = 92.262…%.
        Assert.Equal("96.62%", balance.Total.UseRate);
        Assert.Equal("92.26%", balance.Lines.Single(l => l.Source == FundSource.UnionFunds && l.SpecialFund == "").UseRate);
        Assert.Equal("100.00%", balance.Lines.Single(l => l.Source == FundSource.CentralFinance && l.SpecialFund == "").UseRate);

        Assert.True(reconciliation.Ok, string.Join("\n", reconciliation.Differences.Select(d => d.Description)));
        Assert.All(reconciliation.Sources, s => Assert.Equal((s.BySource.Fen, s.BySource.Fen), (s.ByAidType.Fen, s.Ledger.Fen)));

        // The next year opens with the carry-over, not a receipt.
        var next = await Reports.GetReceiptsReportAsync(new FundReportRequest { FiscalYear = 2016 });
        Assert.Equal((CarriedOverFen, 0L), (next.Opening.Fen, next.Total.Fen));

        var file = await Reports.ExportFundReportAsync(new ExportFundReportRequest { Report = FundReportKind.Expenditure, FiscalYear = 2015 });
        Assert.EndsWith(".xlsx", file.FileName);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(file.Content.ToByteArray()), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(rows, r => (string)r["资金来源"] == "合计" && (string)r["金额（元）"] == "4087729.45");
    }

    private static long Total(ReceiptsReport r, FundSource source, string fund) => r.BySource.Single(s => s.Source == source && s.SpecialFund == fund).Amount.Fen;

    private static (long, int) Subtotal(ExpenditureReport r, FundSource source)
    {
        var line = r.Lines.Single(l => l.Source == source && l.AidType == AidType.Unspecified);
        return (line.Amount.Fen, line.PersonTimes);
    }

    /// <summary>The province's receipts from outside, its transfers to the centre and its pass-through to the industry unions (003 line 27).</summary>
    private async Task FundAsync()
    {
        var province = new FundMovements.FundMovementsClient(host.As(Province, Roles.Finance));
        // (source, special fund, external payer, amount received by the province, of which to the centre, date).
        var money = new (FundSource Source, string Fund, string Payer, long Fen, long ToCentre, string On)[]
        {
            (FundSource.CentralFinance, WinterWarmth, "中华全国总工会（中央财政）", 25_000_000, 25_000_000, "2015-01-20"),
            (FundSource.CentralFinance, "", "中华全国总工会（中央财政第二期）", 70_000_000, 70_000_000, "2015-06-10"),
            (FundSource.CentralFinance, "", "中华全国总工会（中央财政第三期）", 10_000_000, 10_000_000, "2015-09-15"),
            (FundSource.CentralFinance, WomenCare, "中华全国总工会（女职工关爱行动）", 3_671_600, 3_671_600, "2015-08-05"),
            (FundSource.ProvincialFinance, "", "海南省财政厅", 129_600_000, 129_600_000, "2015-04-20"),
            (FundSource.UnionFunds, WinterWarmth, "海南省总工会经费", 64_000_000, 40_000_000, "2015-01-10"),
            (FundSource.UnionFunds, GoldenAutumn, "海南省总工会经费", 82_000_000, 82_000_000, "2015-07-01"),
            (FundSource.UnionFunds, "", "海南省总工会工作经费调整", 62_800_000, 62_800_000, "2015-11-20"),
        };
        foreach (var m in money)
        {
            var from = await AccountAsync(Province, m.Source, m.Fund);
            await province.RecordReceiptAsync(new RecordReceiptRequest
            {
                ToAccountId = from,
                Amount = new Money { Fen = m.Fen },
                ReceivedOn = m.On,
                ExternalPayer = new ExternalPayer { Name = m.Payer, DocumentReference = "琼工发〔2015〕" },
            });
            await province.TransferAsync(new TransferRequest
            {
                FromAccountId = from,
                ToAccountId = await AccountAsync(Centre, m.Source, m.Fund),
                Amount = new Money { Fen = m.ToCentre },
                TransferredOn = m.On,
                Memo = "省总下拨省职工服务中心",
            });
        }
        foreach (var (path, fen) in IndustryUnions)
        {
            await province.TransferAsync(new TransferRequest
            {
                FromAccountId = await AccountAsync(Province, FundSource.UnionFunds, WinterWarmth),
                ToAccountId = await AccountAsync(path, FundSource.UnionFunds, WinterWarmth),
                Amount = new Money { Fen = fen },
                TransferredOn = "2015-01-10",
                PassThrough = true,
                Memo = "省总直接划拨送温暖资金",
            });
        }
    }

    private async Task<string> AccountAsync(string org, FundSource source, string fund)
    {
        if (_accounts.TryGetValue((org, source, fund), out var id)) return id;
        var account = await host.Client(Province, Roles.Finance).OpenAccountAsync(new OpenAccountRequest
        {
            OrganisationPath = org,
            FiscalYear = 2015,
            Source = source,
            SpecialFund = fund,
        });
        return _accounts[(org, source, fund)] = account.AccountId;
    }

    /// <summary>
    /// The centre's 2,059 payments: one decision each, amounts split evenly in fen within each
    /// segment (the first ones a fen more) so every segment adds up exactly; noticed in lists of
    /// 500, paid in batches of 500 and all settled PAID by the bank's return file.
    /// </summary>
    private async Task PayAsync()
    {
        // The seed gives no Hainan allowance; 1,000 yuan a month only keeps the living-aid cap (12,000 a year) out of the way.
        await new LocalStandards.LocalStandardsClient(host.As(Province, Roles.Finance)).SetAllowanceStandardAsync(new SetAllowanceStandardRequest
        {
            LocalityPath = Province,
            MonthlyAllowance = new Money { Fen = 100_000 },
            EffectiveFrom = "2015-01-01",
            Reference = "测试用低保标准",
        });
        var households = Enumerable.Range(0, Households).Select(_ => Guid.NewGuid()).ToList();
        // The household read model is fed by the archives' events; the test writes it directly, in bulk.
        await host.WithDatabaseAsync(async db =>
        {
            var at = new DateTime(2014, 12, 1, 2, 0, 0, DateTimeKind.Utc);
            foreach (var id in households)
            {
                var standing = DomainStanding.Start(id, Centre);
                standing.Apply(Guid.NewGuid(), "union.events.v1.HouseholdArchived", Centre, "ACTIVE", at, at);
                db.Add(standing);
            }
            await db.SaveChangesAsync();
        });

        var caseworker = new AssistanceDecisions.AssistanceDecisionsClient(host.As(Centre, Roles.Caseworker));
        var decisionIds = new List<string>();
        var n = 0;
        foreach (var segment in Segments)
        {
            var account = await AccountAsync(Centre, segment.Source, segment.Fund);
            foreach (var fen in Split(segment.Fen, segment.Count))
            {
                var request = new CreateDecisionRequest
                {
                    HouseholdId = households[n++ % Households].ToString(),
                    AidType = segment.Aid,
                    Amount = new Money { Fen = fen },
                    SourceAccountId = account,
                    CollectiveDecision = new CollectiveDecision { MeetingReference = "中心主任办公会议2015年第12次", DecidedOn = "2015-12-01" },
                    ApplicationCompletedOn = "2015-11-20",
                };
                if (segment.Aid == AidType.Medical) request.Medical = new MedicalBurden { CompliantCosts = new Money { Fen = fen } };
                if (segment.Aid == AidType.Education) request.StudentReference = "子女";
                decisionIds.Add((await caseworker.CreateDecisionAsync(request)).DecisionId);
            }
        }
        Assert.Equal(PersonTimes, decisionIds.Count);

        var chunks = decisionIds.Chunk(500).ToList();
        foreach (var chunk in chunks)
            await caseworker.StartNoticeAsync(new StartNoticeRequest { DecisionIds = { chunk }, Place = "省职工服务中心公示栏", StartsOn = "2015-12-02" });

        host.Clock.SetDate(new DateOnly(2015, 12, 15));
        var finance = new PaymentBatches.PaymentBatchesClient(host.As(Centre, Roles.Finance));
        foreach (var chunk in chunks)
        {
            var batch = await finance.CreatePaymentBatchAsync(new CreatePaymentBatchRequest { DecisionIds = { chunk } });
            await finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId, Format = BankFileFormat.Csv });
            var file = "serial,status,reason\n" + string.Concat(batch.Payments.Select(p => $"{p.Serial},paid,\n"));
            await finance.ImportBankReturnAsync(new ImportBankReturnRequest { BatchId = batch.BatchId, Content = ByteString.CopyFromUtf8(file) });
        }
    }

    /// <summary>A total split into n amounts in fen that add up to it exactly, no two more than a fen apart.</summary>
    private static IEnumerable<long> Split(long totalFen, int n) =>
        Enumerable.Range(0, n).Select(i => totalFen / n + (i < totalFen % n ? 1L : 0L));
}
