using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Calendar;
using Union.Shared.Formatting;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using AidType = Union.Contracts.Funds.V1.AidType;
using DomainAidType = Union.Funds.Domain.AidType;
using DomainFundSource = Union.Funds.Domain.FundSource;
using FundSource = Union.Contracts.Common.V1.FundSource;
using Paths = Union.Shared.Tenancy.OrganisationPath;
using MovementKind = Union.Funds.Domain.MovementKind;
using DecisionStatus = Union.Funds.Domain.DecisionStatus;
using ReceiptKind = Union.Contracts.Funds.V1.ReceiptKind;
using ReconciliationDifference = Union.Contracts.Funds.V1.ReconciliationDifference;
using TransferOutKind = Union.Contracts.Funds.V1.TransferOutKind;

namespace Union.Funds.Grpc;

/// <summary>
/// The funds reports (003 §二(二), 002 §一, 指标7, 13): read-only queries over one organisation's own
/// books for a fiscal year; the rules are in <see cref="Reports"/> and <see cref="Timeliness"/>.
/// </summary>
public sealed class FundReportsService(FundsDbContext db, CallerContext caller, TimeProvider clock, IWorkingCalendarSource calendarSource)
    : Contracts.Funds.V1.FundReports.FundReportsBase
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public override async Task<ReceiptsReport> GetReceiptsReport(FundReportRequest request, ServerCallContext context) =>
        ToReceipts(await BookAsync(request.OrganisationPath, request.FiscalYear, context.CancellationToken));

    public override async Task<ExpenditureReport> GetExpenditureReport(FundReportRequest request, ServerCallContext context) =>
        ToExpenditure(await BookAsync(request.OrganisationPath, request.FiscalYear, context.CancellationToken));

    public override async Task<PassThroughReport> GetPassThroughReport(FundReportRequest request, ServerCallContext context) =>
        ToPassThrough(await BookAsync(request.OrganisationPath, request.FiscalYear, context.CancellationToken));

    public override async Task<BalanceReport> GetBalanceReport(FundReportRequest request, ServerCallContext context)
    {
        var book = await BookAsync(request.OrganisationPath, request.FiscalYear, context.CancellationToken);
        var planned = await PlannedAsync(book, [request.PlannedCentralFinance, request.PlannedProvincialFinance, request.PlannedUnionFunds, request.PlannedOther], context.CancellationToken);
        return ToBalance(book, planned);
    }

    public override async Task<ReconciliationReport> GetReconciliationReport(FundReportRequest request, ServerCallContext context) =>
        ToReconciliation(await BookAsync(request.OrganisationPath, request.FiscalYear, context.CancellationToken));

    public override async Task<TimelinessReport> GetTimelinessReport(FundReportRequest request, ServerCallContext context)
    {
        var book = await BookAsync(request.OrganisationPath, request.FiscalYear, context.CancellationToken);
        return ToTimeliness(book, await WorkingDayCalendar.LoadAsync(calendarSource, context.CancellationToken));
    }

    public override async Task<FundReportFile> ExportFundReport(ExportFundReportRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        new RequestValidator().Enum("report", request.Report).ThrowIfInvalid();
        var book = await BookAsync(request.OrganisationPath, request.FiscalYear, ct);
        IEnumerable<IDictionary<string, object>> sheet;
        string name;
        switch (request.Report)
        {
            case FundReportKind.Receipts:
                name = "receipts";
                sheet = ReceiptsSheet(ToReceipts(book));
                break;
            case FundReportKind.Expenditure:
                name = "expenditure";
                sheet = ExpenditureSheet(ToExpenditure(book));
                break;
            case FundReportKind.PassThrough:
                name = "pass-through";
                sheet = PassThroughSheet(ToPassThrough(book));
                break;
            case FundReportKind.Balance:
                name = "balance";
                var planned = await PlannedAsync(book, [request.PlannedCentralFinance, request.PlannedProvincialFinance, request.PlannedUnionFunds, request.PlannedOther], ct);
                sheet = BalanceSheet(ToBalance(book, planned));
                break;
            case FundReportKind.Reconciliation:
                name = "reconciliation";
                sheet = ReconciliationSheet(ToReconciliation(book));
                break;
            default:
                name = "timeliness";
                sheet = TimelinessSheet(ToTimeliness(book, await WorkingDayCalendar.LoadAsync(calendarSource, ct)));
                break;
        }
        using var stream = new MemoryStream();
        stream.SaveAs(sheet.ToList(), sheetName: name);
        return new FundReportFile
        {
            FileName = $"fund-report-{name}-{Paths.Code(book.OrganisationPath)}-{book.FiscalYear}.xlsx",
            ContentType = XlsxType,
            Content = ByteString.CopyFrom(stream.ToArray()),
        };
    }

    /// <summary>Loads the organisation's books of the year, read-only.</summary>
    private async Task<ReportBook> BookAsync(string organisationPath, int fiscalYear, CancellationToken ct)
    {
        caller.RequireAnyRole("查看帮扶资金报表需要财务、审计、评估或管理员角色", Roles.Finance, Roles.Auditor, Roles.Evaluator, Roles.Admin);
        new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", organisationPath)
            .Year("fiscal_year", fiscalYear)
            .ThrowIfInvalid();
        // A path outside the caller's subtree answers NotFound, like a missing organisation.
        var owner = Ownership.Resolve(caller, organisationPath);

        var accounts = await db.Accounts.AsNoTracking().Where(a => a.OrganisationPath == owner && a.FiscalYear == fiscalYear)
            .Select(a => new ReportAccount(a.Id, a.Source, a.SpecialFund, a.Kind)).ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToList();
        var entries = (await (from e in db.LedgerEntries.AsNoTracking().IgnoreQueryFilters()
                              join t in db.LedgerTransactions.AsNoTracking() on e.TransactionId equals t.Id
                              where ids.Contains(e.AccountId)
                              select new { e.TransactionId, e.AccountId, e.AmountFen, t.Memo, t.PostedAt }).ToListAsync(ct))
            .Select(e => new ReportEntry(e.TransactionId, e.AccountId, e.AmountFen, e.Memo, BeijingDate(e.PostedAt))).ToList();
        // Movements are owned by their receiver; the organisation's own ones and those it paid down the tree are all in its books.
        var movements = (await db.FundMovements.AsNoTracking().IgnoreQueryFilters()
                .Where(m => ids.Contains(m.FromAccountId) || ids.Contains(m.ToAccountId)).ToListAsync(ct))
            .Select(ToRow).ToList();
        var passedThrough = (await db.FundMovements.AsNoTracking()
                .Where(m => m.Kind == MovementKind.PassThrough && m.FiscalYear == fiscalYear).Where(Paths.Below<FundMovement>(m => m.OrganisationPath, owner)).ToListAsync(ct))
            .Where(m => m.PayerPath != owner && Paths.Covers(m.PayerPath, owner))
            .OrderBy(m => m.OccurredOn).ThenBy(m => m.OrganisationPath, StringComparer.Ordinal).Select(ToRow).ToList();
        var payments = (await (from p in db.Payments.AsNoTracking().IgnoreQueryFilters()
                               join b in db.PaymentBatches.AsNoTracking().IgnoreQueryFilters() on p.BatchId equals b.Id
                               where ids.Contains(p.SourceAccountId)
                               select new { p, b.ExportedAt }).ToListAsync(ct))
            .Select(x => new ReportPayment(x.p.Id, x.p.DecisionId, x.p.RecipientKey, x.p.AidType, x.p.Source, x.p.SourceAccountId, x.p.AmountFen, x.p.Status,
                x.p.PostingTransactionId, x.p.ReversalTransactionId,
                x.ExportedAt is { } exported ? BeijingDate(exported) : null,
                x.p.SettledAt is { } settled ? BeijingDate(settled) : null))
            .ToList();
        var decisions = await db.AssistanceDecisions.AsNoTracking().IgnoreQueryFilters().Where(d => ids.Contains(d.SourceAccountId))
            .Select(d => new ReportDecision(d.Id, d.AidType, d.Source, d.ApplicationCompletedOn, d.Status == DecisionStatus.Cancelled)).ToListAsync(ct);
        var transactionIds = entries.Select(e => e.TransactionId).Distinct().ToList();
        var tranches = await db.ProjectTranches.AsNoTracking()
            .Where(t => t.TransactionId != null && transactionIds.Contains(t.TransactionId.Value))
            .Select(t => new ReportTranche(t.TransactionId!.Value, t.Stage)).ToListAsync(ct);
        var allocations = await db.AllocationRuns.AsNoTracking().IgnoreQueryFilters()
            .Where(r => r.TransactionId != null && transactionIds.Contains(r.TransactionId.Value))
            .Select(r => r.TransactionId!.Value).ToListAsync(ct);
        var closed = await db.FiscalYearClosings.AsNoTracking().AnyAsync(c => c.OrganisationPath == owner && c.FiscalYear == fiscalYear, ct);
        return new ReportBook(owner, fiscalYear, closed, accounts, entries, movements, payments, decisions, tranches, allocations, passedThrough);
    }

    /// <summary>
    /// The planned amount per source for the arrival rate: the request's figure (budget or notice),
    /// else the organisation's share in the latest allocation run of each funder for that year and source.
    /// </summary>
    private async Task<IReadOnlyDictionary<DomainFundSource, long>> PlannedAsync(ReportBook book, Money?[] given, CancellationToken ct)
    {
        var planned = new Dictionary<DomainFundSource, long>();
        for (var i = 0; i < given.Length; i++)
        {
            if (given[i] is { } money) planned[(DomainFundSource)(i + 1)] = money.Fen;
        }
        var shares = await (from l in db.AllocationRunLines.AsNoTracking()
                            join r in db.AllocationRuns.AsNoTracking().IgnoreQueryFilters() on l.RunId equals r.Id
                            where l.ApplicantPath == book.OrganisationPath && r.Year == book.FiscalYear
                            select new { Funder = r.OrganisationPath, r.Source, r.Number, l.ShareFen }).ToListAsync(ct);
        foreach (var source in shares.GroupBy(s => s.Source).Where(g => !planned.ContainsKey(g.Key)))
            planned[source.Key] = source.GroupBy(s => s.Funder).Sum(f => f.OrderByDescending(s => s.Number).First().ShareFen);
        return planned;
    }

    private static ReportMovement ToRow(FundMovement m) => new(m.TransactionId, m.Kind, m.FromAccountId, m.ToAccountId, m.PayerPath, m.OrganisationPath,
        m.ExternalPayer, m.Reference, m.Memo, m.OccurredOn, m.AmountFen, m.Source, m.SpecialFund);

    private static DateOnly BeijingDate(DateTime utc) =>
        DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(BeijingTime.Offset));

    private static ReceiptsReport ToReceipts(ReportBook book)
    {
        var r = Reports.Receipts(book);
        return new ReceiptsReport
        {
            Organisation = Org(book.OrganisationPath),
            FiscalYear = book.FiscalYear,
            BySource = { r.BySource.Select(s => new SourceTotal { Source = Source(s.Source), SpecialFund = s.SpecialFund, Amount = Fen(s.AmountFen) }) },
            Total = Fen(r.TotalFen),
            Opening = Fen(r.OpeningFen),
            Receipts =
            {
                r.Receipts.Select(x => new ReceiptLine
                {
                    Kind = (ReceiptKind)(int)x.Kind,
                    Source = Source(x.Source),
                    SpecialFund = x.SpecialFund,
                    ReceivedOn = Date(x.ReceivedOn),
                    Amount = Fen(x.AmountFen),
                    Payer = x.Payer,
                    Reference = x.Reference,
                    Memo = x.Memo,
                    TransactionId = x.TransactionId.ToString(),
                }),
            },
        };
    }

    private static ExpenditureReport ToExpenditure(ReportBook book)
    {
        var r = Reports.Expenditure(book);
        return new ExpenditureReport
        {
            Organisation = Org(book.OrganisationPath),
            FiscalYear = book.FiscalYear,
            Lines =
            {
                r.Lines.Select(l => new ExpenditureLine
                {
                    Source = Source(l.Source),
                    AidType = l.AidType is { } a ? (AidType)(int)a : AidType.Unspecified,
                    Amount = Fen(l.AmountFen),
                    PersonTimes = l.PersonTimes,
                    Households = l.Households,
                }),
            },
            Total = Fen(r.TotalFen),
            PersonTimes = r.PersonTimes,
            Households = r.Households,
            InTransit = Fen(r.InTransitFen),
            TransfersOut = { r.TransfersOut.Select(t => new TransferOutLine { Kind = (TransferOutKind)(int)t.Kind, Source = Source(t.Source), Amount = Fen(t.AmountFen), Count = t.Count }) },
        };
    }

    private static PassThroughReport ToPassThrough(ReportBook book)
    {
        var paidByOrganisation = book.Movements.Where(m => m.Kind == MovementKind.PassThrough && m.PayerPath == book.OrganisationPath)
            .OrderBy(m => m.OccurredOn).ThenBy(m => m.ReceiverPath, StringComparer.Ordinal);
        return new PassThroughReport
        {
            Organisation = Org(book.OrganisationPath),
            FiscalYear = book.FiscalYear,
            Lines = { book.PassedThroughBelow.Select(PassThroughLine) },
            Total = Fen(book.PassedThroughBelow.Sum(m => m.AmountFen)),
            PaidByOrganisation = { paidByOrganisation.Select(PassThroughLine) },
        };
    }

    private static PassThroughLine PassThroughLine(ReportMovement m) => new()
    {
        Payer = Org(m.PayerPath),
        Receiver = Org(m.ReceiverPath),
        Source = Source(m.Source),
        SpecialFund = m.SpecialFund,
        OccurredOn = Date(m.OccurredOn),
        Amount = Fen(m.AmountFen),
        Reference = m.Reference ?? string.Empty,
        Memo = m.Memo,
    };

    private static BalanceReport ToBalance(ReportBook book, IReadOnlyDictionary<DomainFundSource, long> planned)
    {
        var r = Reports.Balance(book, planned);
        return new BalanceReport
        {
            Organisation = Org(book.OrganisationPath),
            FiscalYear = book.FiscalYear,
            Closed = r.Closed,
            Lines = { r.Lines.Select(BalanceLine) },
            Total = BalanceLine(r.Total),
        };
    }

    private static BalanceLine BalanceLine(BalanceRow r)
    {
        var line = new BalanceLine
        {
            Source = r.Source is { } s ? Source(s) : FundSource.Unspecified,
            SpecialFund = r.SpecialFund,
            Opening = Fen(r.OpeningFen),
            Received = Fen(r.ReceivedFen),
            Spent = Fen(r.SpentFen),
            InTransit = Fen(r.InTransitFen),
            TransferredOut = Fen(r.TransferredOutFen),
            YearEndBalance = Fen(r.YearEndBalanceFen),
            CarriedOver = Fen(r.CarriedOverFen),
            Closing = Fen(r.ClosingFen),
        };
        if (r.SpecialFund.Length == 0)
        {
            if (r.PlannedFen is { } p) line.Planned = Fen(p);
            line.ArrivalRate = r.ArrivalRate;
            line.UseRate = r.UseRate;
        }
        return line;
    }

    private static ReconciliationReport ToReconciliation(ReportBook book)
    {
        var r = Reports.Reconcile(book);
        return new ReconciliationReport
        {
            Organisation = Org(book.OrganisationPath),
            FiscalYear = book.FiscalYear,
            Ok = r.Ok,
            Sources = { r.Sources.Select(s => new ReconciliationSourceLine { Source = Source(s.Source), BySource = Fen(s.BySourceFen), ByAidType = Fen(s.ByAidTypeFen), Ledger = Fen(s.LedgerFen) }) },
            Differences =
            {
                r.Differences.Select(d => new ReconciliationDifference
                {
                    Code = d.Code,
                    Source = d.Source is { } s ? Source(s) : FundSource.Unspecified,
                    AccountId = d.AccountId?.ToString() ?? string.Empty,
                    TransactionId = d.TransactionId?.ToString() ?? string.Empty,
                    PaymentId = d.PaymentId?.ToString() ?? string.Empty,
                    Expected = Fen(d.ExpectedFen),
                    Found = Fen(d.FoundFen),
                    Difference = Fen(d.DifferenceFen),
                    Description = d.Description,
                }),
            },
        };
    }

    private TimelinessReport ToTimeliness(ReportBook book, WorkingDayCalendar calendar)
    {
        var r = Timeliness.Measure(book, calendar, clock.Today());
        return new TimelinessReport
        {
            Organisation = Org(book.OrganisationPath),
            FiscalYear = book.FiscalYear,
            LimitWorkingDays = r.LimitWorkingDays,
            ApplicationToPayment = Measure(r.ApplicationToPayment),
            PaymentToRecord = Measure(r.PaymentToRecord),
            LateCases =
            {
                r.LateCases.Select(c => new LateCase
                {
                    Measure = c.Measure,
                    DecisionId = c.DecisionId.ToString(),
                    PaymentId = c.PaymentId?.ToString() ?? string.Empty,
                    From = Date(c.From),
                    To = c.To is { } to ? Date(to) : string.Empty,
                    WorkingDays = c.WorkingDays,
                    AidType = (AidType)(int)c.AidType,
                    Source = Source(c.Source),
                }),
            },
            Provisional = r.Provisional,
            UnloadedYears = { r.UnloadedYears },
        };
    }

    private static TimelinessMeasure Measure(TimelinessFigures f) =>
        new() { Cases = f.Cases, OnTime = f.OnTime, Late = f.Late, Rate = f.Rate, Pending = f.Pending };

    // The sheets: Chinese column heads for the finance officer, amounts as exact yuan text.

    private static IEnumerable<IDictionary<string, object>> ReceiptsSheet(ReceiptsReport r) =>
        r.BySource.Select(s => Row(("类别", "合计"), ("资金来源", SourceName(s.Source)), ("专项", s.SpecialFund), ("日期", ""), ("金额（元）", Yuan(s.Amount)), ("拨款单位", ""), ("文号", ""), ("摘要", "")))
            .Append(Row(("类别", "总计"), ("资金来源", ""), ("专项", ""), ("日期", ""), ("金额（元）", Yuan(r.Total)), ("拨款单位", ""), ("文号", ""), ("摘要", "")))
            .Concat(r.Receipts.Select(x => Row(("类别", "收入明细"), ("资金来源", SourceName(x.Source)), ("专项", x.SpecialFund), ("日期", x.ReceivedOn),
                ("金额（元）", Yuan(x.Amount)), ("拨款单位", x.Payer), ("文号", x.Reference), ("摘要", x.Memo))));

    private static IEnumerable<IDictionary<string, object>> ExpenditureSheet(ExpenditureReport r) =>
        r.Lines.Select(l => Row(("资金来源", SourceName(l.Source)), ("救助类别", l.AidType == AidType.Unspecified ? "小计" : Reports.AidTypeName((DomainAidType)(int)l.AidType)),
                ("金额（元）", Yuan(l.Amount)), ("人次", l.PersonTimes), ("户数", l.Households)))
            .Append(Row(("资金来源", "合计"), ("救助类别", ""), ("金额（元）", Yuan(r.Total)), ("人次", r.PersonTimes), ("户数", r.Households)))
            .Append(Row(("资金来源", "银行代发在途（未计入支出）"), ("救助类别", ""), ("金额（元）", Yuan(r.InTransit)), ("人次", ""), ("户数", "")))
            .Concat(r.TransfersOut.Select(t => Row(("资金来源", SourceName(t.Source)), ("救助类别", TransferName(t.Kind)), ("金额（元）", Yuan(t.Amount)), ("人次", t.Count), ("户数", ""))));

    private static IEnumerable<IDictionary<string, object>> PassThroughSheet(PassThroughReport r) =>
        r.Lines.Select(l => PassRow("上级直接划拨下级单位", l))
            .Append(Row(("类别", "合计"), ("拨款单位", ""), ("收款单位", ""), ("资金来源", ""), ("专项", ""), ("日期", ""), ("金额（元）", Yuan(r.Total)), ("文号", "")))
            .Concat(r.PaidByOrganisation.Select(l => PassRow("本级直接划拨", l)));

    private static IDictionary<string, object> PassRow(string kind, PassThroughLine l) =>
        Row(("类别", kind), ("拨款单位", l.Payer.Path), ("收款单位", l.Receiver.Path), ("资金来源", SourceName(l.Source)), ("专项", l.SpecialFund),
            ("日期", l.OccurredOn), ("金额（元）", Yuan(l.Amount)), ("文号", l.Reference));

    private static IEnumerable<IDictionary<string, object>> BalanceSheet(BalanceReport r) =>
        r.Lines.Append(r.Total).Select(l => Row(
            ("资金来源", l == r.Total ? "合计" : SourceName(l.Source)), ("专项", l.SpecialFund), ("上年结转", Yuan(l.Opening)), ("本年收入", Yuan(l.Received)),
            ("本年支出", Yuan(l.Spent)), ("代发在途", Yuan(l.InTransit)), ("拨出", Yuan(l.TransferredOut)), ("年末结余", Yuan(l.YearEndBalance)),
            ("结转下年", Yuan(l.CarriedOver)), ("账面余额", Yuan(l.Closing)), ("计划", l.Planned is null ? "" : Yuan(l.Planned)),
            ("到位率", l.ArrivalRate), ("使用率", l.UseRate)));

    private static IEnumerable<IDictionary<string, object>> ReconciliationSheet(ReconciliationReport r) =>
        r.Sources.Select(s => Row(("项目", "支出核对"), ("资金来源", SourceName(s.Source)), ("按来源", Yuan(s.BySource)), ("按救助类别", Yuan(s.ByAidType)), ("账簿", Yuan(s.Ledger)), ("说明", "")))
            .Append(Row(("项目", "结论"), ("资金来源", ""), ("按来源", ""), ("按救助类别", ""), ("账簿", ""), ("说明", r.Ok ? "OK：三者一致，无未解释的记账" : $"有{r.Differences.Count}处差异")))
            .Concat(r.Differences.Select(d => Row(("项目", d.Code), ("资金来源", SourceName(d.Source)), ("按来源", Yuan(d.Expected)), ("按救助类别", ""), ("账簿", Yuan(d.Found)), ("说明", d.Description))));

    private static IEnumerable<IDictionary<string, object>> TimelinessSheet(TimelinessReport r) =>
        new[]
        {
            Row(("指标", "申请资料齐全至首次发放"), ("件数", r.ApplicationToPayment.Cases), ("及时", r.ApplicationToPayment.OnTime), ("超时", r.ApplicationToPayment.Late), ("及时率", r.ApplicationToPayment.Rate), ("说明", r.Provisional ? "暂定：日历未载入" : "")),
            Row(("指标", "发放至录入"), ("件数", r.PaymentToRecord.Cases), ("及时", r.PaymentToRecord.OnTime), ("超时", r.PaymentToRecord.Late), ("及时率", r.PaymentToRecord.Rate), ("说明", "")),
        }.Concat(r.LateCases.Select(c => Row(("指标", c.Measure), ("件数", c.DecisionId), ("及时", c.From), ("超时", c.To), ("及时率", c.WorkingDays), ("说明", c.PaymentId))));

    private static IDictionary<string, object> Row(params (string Key, object Value)[] cells) => cells.ToDictionary(c => c.Key, c => c.Value);

    private static string TransferName(TransferOutKind kind) => kind switch
    {
        TransferOutKind.Transfer => "下拨下级",
        TransferOutKind.PassThrough => "直接划拨（转拨）",
        TransferOutKind.Allocation => "分配下拨",
        TransferOutKind.ProjectTranches => "拨出到项目",
        _ => "拨出",
    };

    private static string SourceName(FundSource source) => source == FundSource.Unspecified ? string.Empty : Reports.SourceName((DomainFundSource)(int)source);

    private static string Yuan(Money money) => YuanText.FromFen(money.Fen);

    private static Money Fen(long fen) => new() { Fen = fen };

    private static FundSource Source(DomainFundSource source) => (FundSource)(int)source;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static OrganisationRef Org(string path) => new() { Code = Paths.Code(path), Path = path };
}
