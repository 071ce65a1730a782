using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Calendar;
using Union.Testing;
using AidType = Union.Contracts.Funds.V1.AidType;
using AssistanceDecision = Union.Contracts.Funds.V1.AssistanceDecision;
using DomainAidType = Union.Funds.Domain.AidType;
using DomainSource = Union.Funds.Domain.FundSource;
using DomainStanding = Union.Funds.Domain.HouseholdStanding;
using FundSource = Union.Contracts.Common.V1.FundSource;
using PaymentBatch = Union.Contracts.Funds.V1.PaymentBatch;
using PaymentStatus = Union.Funds.Domain.PaymentStatus;

namespace Union.Funds.Tests;

/// <summary>
/// The reconciliation and the 30-working-day measures through the gRPC API. Yu'an district, Lu'an
/// allowance 659 yuan a month (002_98225e89925c6ce6.txt 指标10); living aid of 500 yuan per household.
/// </summary>
public sealed class ReportTests(PaymentsHost host) : IClassFixture<PaymentsHost>, IAsyncLifetime
{
    private const string Luan = "34/3415";
    private const string Yuan = "34/3415/341502";

    private string _central = string.Empty;

    public async Task InitializeAsync()
    {
        await host.ResetAsync();
        host.Archives.EveryHouseholdHasACard = true;
        host.Clock.SetDate(new DateOnly(2024, 9, 20));
        await new LocalStandards.LocalStandardsClient(host.As(Luan, Roles.Finance)).SetAllowanceStandardAsync(new SetAllowanceStandardRequest
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
        });
    }

    public async Task DisposeAsync() =>
        Assert.Equal(0, await host.InScopeAsync(null, (_, db) => db.LedgerEntries.IgnoreQueryFilters().SumAsync(e => e.AmountFen)));

    private FundReports.FundReportsClient Reports => new(host.As(Yuan, Roles.Finance));

    private static FundReportRequest Year2024 => new() { FiscalYear = 2024 };

    [Fact]
    public async Task Reconciliation_is_ok_when_payments_and_ledger_agree_and_lists_a_transaction_posted_outside_payments()
    {
        var (paid, failed) = await DecideAsync("2024-09-20", "2024-09-20");
        host.Clock.SetDate(new DateOnly(2024, 11, 1));
        await PayAsync(paid, failed, failedToo: true);

        var spending = await Reports.GetExpenditureReportAsync(Year2024);
        var ok = await Reports.GetReconciliationReportAsync(Year2024);

        // The failed payment was reversed: it is not spending, and the books still agree.
        Assert.Equal((50_000L, 1), (spending.Total.Fen, spending.PersonTimes));
        Assert.True(ok.Ok, string.Join("\n", ok.Differences.Select(d => d.Description)));
        Assert.Equal((50_000L, 50_000L, 50_000L), (ok.Sources.Single().BySource.Fen, ok.Sources.Single().ByAidType.Fen, ok.Sources.Single().Ledger.Fen));

        // A posting straight to the ledger, from the central account to payments in transit, that no payment explains.
        var injected = await host.InScopeAsync(Yuan, async (sp, db) =>
        {
            var transit = await db.Accounts.SingleAsync(a => a.Kind == Domain.AccountKind.PaymentsInTransit);
            var transaction = await sp.GetRequiredService<Ledger>().PostAsync([(Guid.Parse(_central), -10_000), (transit.Id, 10_000)], "手工调整");
            await db.SaveChangesAsync();
            return transaction.Id.ToString();
        });
        var wrong = await Reports.GetReconciliationReportAsync(Year2024);

        Assert.False(wrong.Ok);
        Assert.Equal(2, wrong.Differences.Count(d => d.Code == "UNEXPLAINED_TRANSACTION" && d.TransactionId == injected));
        var ledger = wrong.Differences.Single(d => d.Code == "SOURCE_VS_LEDGER");
        Assert.Equal((50_000L, 60_000L, -10_000L), (ledger.Expected.Fen, ledger.Found.Fen, ledger.Difference.Fen));
        var balance = wrong.Differences.Single(d => d.Code == "BALANCE_VS_LEDGER");
        Assert.Equal((150_000L, 140_000L), (balance.Expected.Fen, balance.Found.Fen));
        Assert.DoesNotContain(wrong.Differences, d => d.Code == "SOURCE_VS_AID_TYPE");

        var file = await Reports.ExportFundReportAsync(new ExportFundReportRequest { Report = FundReportKind.Reconciliation, FiscalYear = 2024 });
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(file.Content.ToByteArray()), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count(r => (string)r["项目"] == "UNEXPLAINED_TRANSACTION"));
    }

    [Fact]
    public async Task Help_at_30_working_days_after_the_complete_application_is_on_time_and_at_31_late_across_national_day_2024()
    {
        // From Friday 2024-09-20, the 30th working day is 2024-11-06 (the swapped 09-29 and 10-12
        // count, 10-01..07 do not); from Thursday 09-19 the same day is the 31st.
        var (onTime, late) = await DecideAsync("2024-09-20", "2024-09-19");
        host.Clock.SetDate(new DateOnly(2024, 11, 6));
        await PayAsync(onTime, late, failedToo: false);

        var report = await Reports.GetTimelinessReportAsync(Year2024);

        Assert.Equal(30, report.LimitWorkingDays);
        Assert.Equal((2, 1, 1, "50.00%"), (report.ApplicationToPayment.Cases, report.ApplicationToPayment.OnTime, report.ApplicationToPayment.Late, report.ApplicationToPayment.Rate));
        var lateCase = report.LateCases.Single();
        Assert.Equal((Timeliness.ApplicationToPayment, late.DecisionId, "2024-09-19", "2024-11-06", 31),
            (lateCase.Measure, lateCase.DecisionId, lateCase.From, lateCase.To, lateCase.WorkingDays));
        // Recorded the day it was paid.
        Assert.Equal((2, 2, 0), (report.PaymentToRecord.Cases, report.PaymentToRecord.OnTime, report.PaymentToRecord.Late));
        Assert.False(report.Provisional);
    }

    [Fact]
    public async Task Reports_answer_not_found_outside_the_callers_subtree_and_need_a_reporting_role()
    {
        await RpcAssert.Fails(StatusCode.NotFound, () => Reports.GetBalanceReportAsync(new FundReportRequest { OrganisationPath = "34/3401", FiscalYear = 2024 }).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => new FundReports.FundReportsClient(host.As(Yuan, Roles.Caseworker)).GetBalanceReportAsync(Year2024).ResponseAsync);
        await RpcAssert.InvalidArgument(() => Reports.GetBalanceReportAsync(new FundReportRequest { FiscalYear = 1900 }).ResponseAsync, "fiscal_year");
        await RpcAssert.InvalidArgument(() => Reports.ExportFundReportAsync(new ExportFundReportRequest { FiscalYear = 2024 }).ResponseAsync, "report");
    }

    /// <summary>Two living-aid decisions of 500 yuan, decided 2024-10-21, with the given application-complete days, on notice from 10-22.</summary>
    private async Task<(AssistanceDecision A, AssistanceDecision B)> DecideAsync(string completedA, string completedB)
    {
        host.Clock.SetDate(new DateOnly(2024, 10, 21));
        var caseworker = new AssistanceDecisions.AssistanceDecisionsClient(host.As(Yuan, Roles.Caseworker));
        async Task<AssistanceDecision> One(string completed) => await caseworker.CreateDecisionAsync(new CreateDecisionRequest
        {
            HouseholdId = (await HouseholdAsync()).ToString(),
            AidType = AidType.Living,
            Amount = new Money { Fen = 50_000 },
            SourceAccountId = _central,
            CollectiveDecision = new CollectiveDecision { MeetingReference = "区总工会党组会议2024年第10次", DecidedOn = "2024-10-21" },
            ApplicationCompletedOn = completed,
        });
        var a = await One(completedA);
        var b = await One(completedB);
        await caseworker.StartNoticeAsync(new StartNoticeRequest { DecisionIds = { a.DecisionId, b.DecisionId }, Place = "裕安区总工会公示栏", StartsOn = "2024-10-22" });
        return (a, b);
    }

    /// <summary>Pays both in one batch exported today; the bank pays the first and pays or fails the second.</summary>
    private async Task PayAsync(AssistanceDecision a, AssistanceDecision b, bool failedToo)
    {
        var finance = new PaymentBatches.PaymentBatchesClient(host.As(Yuan, Roles.Finance));
        PaymentBatch batch = await finance.CreatePaymentBatchAsync(new CreatePaymentBatchRequest { DecisionIds = { a.DecisionId, b.DecisionId } });
        await finance.ExportPaymentBatchAsync(new ExportPaymentBatchRequest { BatchId = batch.BatchId, Format = BankFileFormat.Csv });
        var serialA = batch.Payments.Single(p => p.DecisionId == a.DecisionId).Serial;
        var serialB = batch.Payments.Single(p => p.DecisionId == b.DecisionId).Serial;
        var file = $"{serialA},paid,\n{serialB},{(failedToo ? "failed,卡号已销户" : "paid,")}\n";
        await finance.ImportBankReturnAsync(new ImportBankReturnRequest { BatchId = batch.BatchId, Content = ByteString.CopyFromUtf8(file) });
    }

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
        return id;
    }
}

/// <summary>The reports' pure rules, on rows built by hand.</summary>
public sealed class ReportRuleTests
{
    private static readonly ReportAccount Union = new(Guid.NewGuid(), DomainSource.UnionFunds, "", Domain.AccountKind.Earmarked);

    private static ReportBook Book(int year, IReadOnlyList<ReportEntry> entries, IReadOnlyList<ReportPayment> payments, IReadOnlyList<ReportDecision> decisions,
        IReadOnlyList<ReportTranche>? tranches = null) =>
        new("46/4601", year, false, [Union], entries, [], payments, decisions, tranches ?? [], [], []);

    [Theory]
    [InlineData(408_772_945L, 423_071_600L, "96.62%")]
    [InlineData(1L, 3L, "33.33%")]
    [InlineData(2L, 3L, "66.67%")]
    [InlineData(1L, 8L, "12.50%")]
    [InlineData(5L, 0L, "")]
    public void Rates_are_exact_percentages_rounded_half_up(long numerator, long denominator, string expected) =>
        Assert.Equal(expected, Domain.Reports.Percent(numerator, denominator));

    [Fact]
    public void A_project_tranche_released_by_the_funder_is_a_transfer_out_not_spending_and_a_return_reduces_it()
    {
        var launch = Guid.NewGuid();
        var back = Guid.NewGuid();
        var book = Book(2024, [
            new(Guid.NewGuid(), Union.Id, 1_000_000, "收款", new DateOnly(2024, 3, 1)),
            new(launch, Union.Id, -200_000, "扶助实事项目启动拨付", new DateOnly(2024, 4, 1)),
            new(back, Union.Id, 50_000, "结项退回", new DateOnly(2024, 12, 1)),
        ], [], [], [new(launch, Domain.TrancheStage.Launch), new(back, Domain.TrancheStage.Return)]);

        var spending = Domain.Reports.Expenditure(book);
        var reconciliation = Domain.Reports.Reconcile(book);

        Assert.Equal(0, spending.TotalFen);
        Assert.Equal((Domain.TransferOutKind.ProjectTranches, 150_000L, 2), (spending.TransfersOut.Single().Kind, spending.TransfersOut.Single().AmountFen, spending.TransfersOut.Single().Count));
        // The first entry has no movement behind it: the only unexplained line.
        Assert.Equal("UNEXPLAINED_TRANSACTION", reconciliation.Differences.Single(d => d.Code == "UNEXPLAINED_TRANSACTION").Code);
    }

    [Fact]
    public void Timeliness_outside_the_loaded_calendar_years_is_provisional()
    {
        var decision = new ReportDecision(Guid.NewGuid(), DomainAidType.Living, DomainSource.UnionFunds, new DateOnly(2030, 3, 1), false);
        var payment = new ReportPayment(Guid.NewGuid(), decision.DecisionId, "h", DomainAidType.Living, DomainSource.UnionFunds, Union.Id, 100,
            PaymentStatus.Paid, Guid.NewGuid(), null, new DateOnly(2030, 3, 15), new DateOnly(2030, 3, 16));

        var result = Timeliness.Measure(Book(2030, [], [payment], [decision]), WorkingDayCalendar.Official, new DateOnly(2030, 4, 1));

        Assert.True(result.Provisional);
        Assert.Contains(2030, result.UnloadedYears);
        Assert.Equal(1, result.ApplicationToPayment.OnTime);
    }

    [Fact]
    public void An_open_case_past_the_limit_is_late_and_one_within_it_is_pending()
    {
        var old = new ReportDecision(Guid.NewGuid(), DomainAidType.Living, DomainSource.UnionFunds, new DateOnly(2024, 9, 19), false);
        var recent = new ReportDecision(Guid.NewGuid(), DomainAidType.Living, DomainSource.UnionFunds, new DateOnly(2024, 9, 20), false);

        var result = Timeliness.Measure(Book(2024, [], [], [old, recent]), WorkingDayCalendar.Official, new DateOnly(2024, 11, 6));

        Assert.Equal((1, 0, 1, 1), (result.ApplicationToPayment.Cases, result.ApplicationToPayment.OnTime, result.ApplicationToPayment.Late, result.ApplicationToPayment.Pending));
        Assert.Equal(old.DecisionId, result.LateCases.Single().DecisionId);
        Assert.Null(result.LateCases.Single().To);
    }
}
