using System.Text.Json;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Testing;
using FundMovementsClient = Union.Contracts.Funds.V1.FundMovements.FundMovementsClient;
using MovementKind = Union.Contracts.Funds.V1.MovementKind;
using AccountKind = Union.Contracts.Funds.V1.AccountKind;

namespace Union.Funds.Tests;

/// <summary>
/// Sources, accounts and money movements (003_eca3cf9f3ec4784d.txt §二(一)) and the year end
/// (000 §四(三), 002 指标10) through the FundMovements API. The tree is Hainan's: the provincial
/// federation (46) above its workers' service centre (46/4601), which manages the industry and
/// system unions (46/4601/4601xx) that the province paid 240,000 yuan of 送温暖 money directly (转拨).
/// </summary>
public abstract class MoneyMovementTests<THost>(THost host) : IAsyncLifetime where THost : FundsHost
{
    private const string Province = "46";
    private const string Centre = "46/4601";
    private const string Finance = "46/4601/460101";   // 省财贸工会
    private const string Tourism = "46/4601/460102";   // 省旅游工会
    private const string Transport = "46/4601/460103"; // 省工交医药工会
    private const string Garrison = "46/4601/460104";  // 省驻琼工会
    private const string Science = "46/4601/460105";   // 省科文卫体工会
    private const string Sanya = "46/4602";
    private const int Year = 2025;
    private const long Wan = 10_000 * 100; // 1万元 in fen

    public Task InitializeAsync() => host.ResetAsync();

    public async Task DisposeAsync()
    {
        // The ledger balances after every test: all entries sum to zero.
        Assert.Equal(0, await host.WithDatabaseAsync(db => db.Set<LedgerEntry>().SumAsync(e => e.AmountFen)));
    }

    private FundMovementsClient Movements(string path, params string[] roles) =>
        new(host.As(path, roles.Length == 0 ? [Roles.Finance] : roles));

    private Task<Account> OpenAsync(string path, Union.Contracts.Common.V1.FundSource source, string specialFund = "", int year = Year) =>
        host.Client(Province, Roles.Finance).OpenAccountAsync(new OpenAccountRequest { OrganisationPath = path, FiscalYear = year, Source = source, SpecialFund = specialFund }).ResponseAsync;

    private Task<Account> GetAsync(string accountId, string asPath = Province) =>
        host.Client(asPath, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = accountId }).ResponseAsync;

    private async Task<long> BalanceAsync(string accountId) => (await GetAsync(accountId)).Balance.Fen;

    private Task<Movement> ReceiveFromOutsideAsync(string accountId, long fen, string asPath = Province, string payer = "海南省财政厅", string on = "2025-03-10") =>
        Movements(asPath).RecordReceiptAsync(new RecordReceiptRequest
        {
            ToAccountId = accountId,
            Amount = new Money { Fen = fen },
            ReceivedOn = on,
            ExternalPayer = new ExternalPayer { Name = payer, DocumentReference = "琼财社〔2025〕12号" },
        }).ResponseAsync;

    private Task<Movement> TransferAsync(string from, string to, long fen, bool passThrough = false, string asPath = Province) =>
        Movements(asPath).TransferAsync(new TransferRequest
        {
            FromAccountId = from, ToAccountId = to, Amount = new Money { Fen = fen }, TransferredOn = "2025-04-01", PassThrough = passThrough,
            Reference = "琼工发〔2025〕3号",
        }).ResponseAsync;

    [Fact]
    public async Task A_receipt_from_outside_debits_the_account_and_credits_the_external_clearing_account()
    {
        var provincial = await OpenAsync(Province, Union.Contracts.Common.V1.FundSource.ProvincialFinance);

        var receipt = await ReceiveFromOutsideAsync(provincial.AccountId, 129_6000 * 100);

        Assert.Equal(MovementKind.Receipt, receipt.Kind);
        Assert.Equal("海南省财政厅", receipt.ExternalPayer);
        Assert.Equal("琼财社〔2025〕12号", receipt.Reference);
        Assert.Equal("2025-03-10", receipt.OccurredOn);
        Assert.Equal(Union.Contracts.Common.V1.FundSource.ProvincialFinance, receipt.Source);
        Assert.Equal(129_6000 * 100, await BalanceAsync(provincial.AccountId));
        // The clearing account's balance is what came from outside, negative.
        var clearing = await GetAsync(receipt.FromAccountId);
        Assert.Equal(AccountKind.ExternalClearing, clearing.Kind);
        Assert.Equal(-129_6000 * 100, clearing.Balance.Fen);
        Assert.Equal(Province, clearing.Owner.Path);

        // A second receipt of the same source reuses the clearing account.
        var second = await ReceiveFromOutsideAsync(provincial.AccountId, 5 * Wan);
        Assert.Equal(receipt.FromAccountId, second.FromAccountId);
        Assert.Equal(-134_6000 * 100, await BalanceAsync(receipt.FromAccountId));
    }

    [Fact]
    public async Task Hainan_transfers_to_the_centre_and_passes_240000_yuan_straight_to_five_industry_unions()
    {
        var provinceWarmth = await OpenAsync(Province, Union.Contracts.Common.V1.FundSource.UnionFunds, "送温暖");
        var centreWarmth = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.UnionFunds, "送温暖");
        await ReceiveFromOutsideAsync(provinceWarmth.AccountId, 88 * Wan, payer: "省总工会经费");
        var units = new[] { (Finance, 8 * Wan), (Tourism, 15 * Wan / 10), (Transport, 5 * Wan), (Garrison, 8 * Wan), (Science, 15 * Wan / 10) };

        var toCentre = await TransferAsync(provinceWarmth.AccountId, centreWarmth.AccountId, 64 * Wan);
        var passed = new List<Movement>();
        foreach (var (unit, fen) in units)
        {
            var account = await OpenAsync(unit, Union.Contracts.Common.V1.FundSource.UnionFunds, "送温暖");
            passed.Add(await TransferAsync(provinceWarmth.AccountId, account.AccountId, fen, passThrough: true));
            Assert.Equal(fen, await BalanceAsync(account.AccountId));
        }

        Assert.Equal(MovementKind.Transfer, toCentre.Kind);
        Assert.Equal(Province, toCentre.Payer.Path);
        Assert.Equal(Centre, toCentre.Owner.Path);
        Assert.All(passed, m => Assert.Equal(MovementKind.PassThrough, m.Kind));
        Assert.Equal(64 * Wan, await BalanceAsync(centreWarmth.AccountId));
        Assert.Equal(0, await BalanceAsync(provinceWarmth.AccountId));

        // Pass-through is listed apart from the transfers, and sums to the 24万.
        var listed = await Movements(Province).ListMovementsAsync(new ListMovementsRequest { FiscalYear = Year, Kinds = { MovementKind.PassThrough } });
        Assert.Equal(5, listed.Page.TotalSize);
        Assert.Equal(24 * Wan, listed.Movements.Sum(m => m.Amount.Fen));
        var transfers = await Movements(Province).ListMovementsAsync(new ListMovementsRequest { Kinds = { MovementKind.Transfer } });
        Assert.Equal(toCentre.MovementId, Assert.Single(transfers.Movements).MovementId);
    }

    [Fact]
    public async Task A_receipt_from_the_level_above_is_a_transfer_posted_by_the_level_above()
    {
        var provinceCentral = await OpenAsync(Province, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var centreCentral = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.CentralFinance);
        await ReceiveFromOutsideAsync(provinceCentral.AccountId, 200 * Wan, payer: "财政部");
        var request = new RecordReceiptRequest
        {
            ToAccountId = centreCentral.AccountId, PayerAccountId = provinceCentral.AccountId,
            Amount = new Money { Fen = 1_086_716 * 100 }, ReceivedOn = "2025-05-20", Memo = "中央财政专项帮扶资金",
        };

        // The centre cannot move the province's money: it does not see the province's account.
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.NotFound, () => Movements(Centre).RecordReceiptAsync(request).ResponseAsync);
        Assert.Equal("ACCOUNT_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());

        var receipt = await Movements(Province).RecordReceiptAsync(request);

        Assert.Equal(MovementKind.Transfer, receipt.Kind);
        Assert.Equal(provinceCentral.AccountId, receipt.FromAccountId);
        Assert.Equal("2025-05-20", receipt.OccurredOn);
        Assert.Equal(1_086_716 * 100, await BalanceAsync(centreCentral.AccountId));
        Assert.Equal(200 * Wan - 1_086_716 * 100, await BalanceAsync(provinceCentral.AccountId));
        // The centre sees its receipt.
        var seen = await Movements(Centre, Roles.Auditor).ListMovementsAsync(new ListMovementsRequest { AccountId = centreCentral.AccountId });
        Assert.Equal(receipt.MovementId, Assert.Single(seen.Movements).MovementId);
    }

    [Fact]
    public async Task Transfers_are_refused_across_sources_special_funds_upwards_skipping_a_level_or_beyond_the_balance_and_change_nothing()
    {
        var provinceCentral = await OpenAsync(Province, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var provinceWomen = await OpenAsync(Province, Union.Contracts.Common.V1.FundSource.CentralFinance, "女职工关爱");
        var centreCentral = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var centreProvincial = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.ProvincialFinance);
        var centreWomen = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.CentralFinance, "女职工关爱");
        var unitCentral = await OpenAsync(Finance, Union.Contracts.Common.V1.FundSource.CentralFinance);
        await ReceiveFromOutsideAsync(provinceCentral.AccountId, 10 * Wan, payer: "财政部");
        await ReceiveFromOutsideAsync(centreCentral.AccountId, 10 * Wan, asPath: Centre, payer: "财政部");
        var before = await host.RowCountsAsync();

        async Task Refused(string code, string from, string to, long fen, bool passThrough = false)
        {
            var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => TransferAsync(from, to, fen, passThrough));
            Assert.Equal(code, e.Code());
        }

        await Refused("SOURCE_MISMATCH", provinceCentral.AccountId, centreProvincial.AccountId, Wan);
        await Refused("SOURCE_MISMATCH", provinceCentral.AccountId, centreWomen.AccountId, Wan);
        await Refused("SOURCE_MISMATCH", provinceWomen.AccountId, centreCentral.AccountId, Wan);
        await Refused("NOT_BELOW_PAYER", centreCentral.AccountId, provinceCentral.AccountId, Wan);
        await Refused("NOT_A_DIRECT_CHILD", provinceCentral.AccountId, unitCentral.AccountId, Wan);
        await Refused("INSUFFICIENT_FUNDS", provinceCentral.AccountId, centreCentral.AccountId, 10 * Wan + 1);

        Assert.Equal(before, await host.RowCountsAsync());
        // Skipping a level is allowed as pass-through.
        Assert.Equal(MovementKind.PassThrough, (await TransferAsync(provinceCentral.AccountId, unitCentral.AccountId, Wan, passThrough: true)).Kind);
    }

    [Fact]
    public async Task Bad_input_answers_field_violations_and_writes_nothing()
    {
        var account = await OpenAsync(Province, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var before = await host.RowCountsAsync();

        await RpcAssert.InvalidArgument(() => Movements(Province).RecordReceiptAsync(new RecordReceiptRequest
        {
            ToAccountId = "not-an-id", Amount = new Money { Fen = 0 }, ReceivedOn = "2025-13-01",
        }).ResponseAsync, "to_account_id", "amount", "received_on", "payer");
        await RpcAssert.InvalidArgument(() => Movements(Province).RecordReceiptAsync(new RecordReceiptRequest
        {
            ToAccountId = account.AccountId, Amount = new Money { Fen = -5 }, ReceivedOn = "2999-01-01",
            ExternalPayer = new ExternalPayer { Name = " ", DocumentReference = new string('号', 101) },
        }).ResponseAsync, "amount", "received_on", "external_payer.name", "external_payer.document_reference");
        await RpcAssert.InvalidArgument(() => Movements(Province).TransferAsync(new TransferRequest
        {
            FromAccountId = account.AccountId, ToAccountId = account.AccountId, Amount = new Money { Fen = 100 }, TransferredOn = "",
            Memo = new string('摘', 201),
        }).ResponseAsync, "to_account_id", "transferred_on", "memo");
        await RpcAssert.InvalidArgument(() => Movements(Province).CloseFiscalYearAsync(new CloseFiscalYearRequest { FiscalYear = 1999, OrganisationPath = "46//4601" }).ResponseAsync,
            "fiscal_year", "organisation_path");
        await RpcAssert.InvalidArgument(() => Movements(Province).SetUseDeadlineAsync(new SetUseDeadlineRequest
        {
            Source = Union.Contracts.Common.V1.FundSource.UnionFunds, FiscalYear = Year, Deadline = "2027-01-01",
        }).ResponseAsync, "source", "deadline");
        await RpcAssert.InvalidArgument(() => Movements(Province).ListMovementsAsync(new ListMovementsRequest
        {
            AccountId = "x", FiscalYear = 3000, Page = new PageRequest { PageSize = 500, PageToken = "abc" },
        }).ResponseAsync, "account_id", "fiscal_year", "page.page_size", "page.page_token");
        await RpcAssert.InvalidArgument(() => host.Client(Province, Roles.Finance).OpenAccountAsync(new OpenAccountRequest
        {
            FiscalYear = Year, Source = Union.Contracts.Common.V1.FundSource.UnionFunds, SpecialFund = new string('专', 51),
        }).ResponseAsync, "special_fund");

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Writes_need_the_finance_or_admin_role_and_readers_may_list()
    {
        var account = await OpenAsync(Province, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var before = await host.RowCountsAsync();

        foreach (var role in new[] { Roles.Caseworker, Roles.Auditor, Roles.Worker })
        {
            var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => Movements(Province, role).RecordReceiptAsync(new RecordReceiptRequest
            {
                ToAccountId = account.AccountId, Amount = new Money { Fen = 100 }, ReceivedOn = "2025-03-01",
                ExternalPayer = new ExternalPayer { Name = "财政部", DocumentReference = "财社〔2025〕1号" },
            }).ResponseAsync);
            Assert.Equal("ROLE_REQUIRED", e.Code());
            await RpcAssert.Fails(StatusCode.PermissionDenied, () => Movements(Province, role).CloseFiscalYearAsync(new CloseFiscalYearRequest { FiscalYear = Year }).ResponseAsync);
        }
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Movements(Province, Roles.Worker).ListMovementsAsync(new ListMovementsRequest()).ResponseAsync);

        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Empty((await Movements(Province, Roles.Auditor).ListMovementsAsync(new ListMovementsRequest())).Movements);
        await ReceiveFromOutsideAsync(account.AccountId, 100);
        Assert.Single((await Movements(Province, Roles.Admin).ListMovementsAsync(new ListMovementsRequest())).Movements);
    }

    [Fact]
    public async Task A_sibling_neither_moves_nor_sees_another_units_money()
    {
        var centre = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.UnionFunds);
        var sanya = await OpenAsync(Sanya, Union.Contracts.Common.V1.FundSource.UnionFunds);
        var unit = await OpenAsync(Finance, Union.Contracts.Common.V1.FundSource.UnionFunds);
        await ReceiveFromOutsideAsync(centre.AccountId, 10 * Wan, asPath: Centre, payer: "社会捐赠");
        await TransferAsync(centre.AccountId, unit.AccountId, 3 * Wan, asPath: Centre);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.NotFound, () => TransferAsync(centre.AccountId, sanya.AccountId, Wan, asPath: Sanya));
        Assert.Equal("ACCOUNT_NOT_FOUND", e.Code());
        await RpcAssert.Fails(StatusCode.NotFound, () => ReceiveFromOutsideAsync(centre.AccountId, Wan, asPath: Sanya));
        await RpcAssert.Fails(StatusCode.NotFound, () => Movements(Sanya).ListMovementsAsync(new ListMovementsRequest { OrganisationPath = Centre }).ResponseAsync);
        Assert.Equal(before, await host.RowCountsAsync());

        Assert.Empty((await Movements(Sanya).ListMovementsAsync(new ListMovementsRequest())).Movements);
        Assert.Equal(MovementKind.Transfer, Assert.Single((await Movements(Finance).ListMovementsAsync(new ListMovementsRequest())).Movements).Kind);
        Assert.Equal(2, (await Movements(Centre).ListMovementsAsync(new ListMovementsRequest())).Page.TotalSize);
        Assert.Equal(2, (await Movements(Province).ListMovementsAsync(new ListMovementsRequest { OrganisationPath = Centre })).Page.TotalSize);
    }

    [Fact]
    public async Task A_receipt_replayed_under_the_same_idempotency_key_is_posted_once()
    {
        var account = await OpenAsync(Province, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var key = Guid.NewGuid().ToString();
        var request = new RecordReceiptRequest
        {
            ToAccountId = account.AccountId, Amount = new Money { Fen = 70 * Wan }, ReceivedOn = "2025-06-30",
            ExternalPayer = new ExternalPayer { Name = "财政部", DocumentReference = "财社〔2025〕第二期" },
        };

        var first = await Movements(Province).RecordReceiptAsync(request, new Metadata { { "idempotency-key", key } });
        var replay = await Movements(Province).RecordReceiptAsync(request, new Metadata { { "idempotency-key", key } });

        Assert.Equal(first, replay);
        Assert.Equal(70 * Wan, await BalanceAsync(account.AccountId));
        Assert.Equal(1, await host.WithDatabaseAsync(db => db.Set<FundMovement>().CountAsync()));
    }

    [Fact]
    public async Task Movements_are_listed_newest_first_in_pages()
    {
        var account = await OpenAsync(Province, Union.Contracts.Common.V1.FundSource.CentralFinance);
        for (var day = 1; day <= 5; day++) await ReceiveFromOutsideAsync(account.AccountId, day * 100, on: $"2025-03-0{day}");

        var first = await Movements(Province).ListMovementsAsync(new ListMovementsRequest { Page = new PageRequest { PageSize = 2 } });
        var second = await Movements(Province).ListMovementsAsync(new ListMovementsRequest { Page = new PageRequest { PageSize = 2, PageToken = first.Page.NextPageToken } });
        var last = await Movements(Province).ListMovementsAsync(new ListMovementsRequest { Page = new PageRequest { PageSize = 2, PageToken = second.Page.NextPageToken } });

        Assert.Equal(["2025-03-05", "2025-03-04"], first.Movements.Select(m => m.OccurredOn));
        Assert.Equal(["2025-03-03", "2025-03-02"], second.Movements.Select(m => m.OccurredOn));
        Assert.Equal("2025-03-01", Assert.Single(last.Movements).OccurredOn);
        Assert.Equal("", last.Page.NextPageToken);
        Assert.Equal(5, first.Page.TotalSize);
    }

    [Fact]
    public async Task Special_funds_are_sub_accounts_of_their_source_one_per_name()
    {
        var general = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.UnionFunds);
        var autumn = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.UnionFunds, " 金秋助学 ");
        var warmth = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.UnionFunds, "送温暖");

        Assert.Equal("", general.SpecialFund);
        Assert.Equal("金秋助学", (await GetAsync(autumn.AccountId)).SpecialFund);
        Assert.Equal(AccountKind.Earmarked, autumn.Kind);
        Assert.Equal(3, new[] { general, autumn, warmth }.Select(a => a.AccountId).Distinct().Count());
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.UnionFunds, "金秋助学"));
        Assert.Equal(autumn.AccountId, e.Metadata()["account_id"]);
    }

    [Fact]
    public async Task Closing_a_year_carries_each_balance_over_and_locks_the_year()
    {
        var central = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var autumn = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.UnionFunds, "金秋助学");
        var empty = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.ProvincialFinance);
        // Next year's central account exists already; the 金秋助学 one is opened by the close.
        var nextCentral = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.CentralFinance, year: Year + 1);
        var unit = await OpenAsync(Finance, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var receipt = await ReceiveFromOutsideAsync(central.AccountId, 14 * Wan, asPath: Centre, payer: "财政部");
        await TransferAsync(central.AccountId, unit.AccountId, 2 * Wan, asPath: Centre);
        await ReceiveFromOutsideAsync(autumn.AccountId, 82 * Wan, asPath: Centre, payer: "省总工会经费");
        var entriesBefore = await host.WithDatabaseAsync(db => db.Set<LedgerEntry>().AsNoTracking().Select(e => new { e.Id, e.AmountFen }).ToListAsync());
        var balances = new Dictionary<string, long> { [central.AccountId] = 12 * Wan, [autumn.AccountId] = 82 * Wan };

        var closing = await Movements(Province).CloseFiscalYearAsync(new CloseFiscalYearRequest { OrganisationPath = Centre, FiscalYear = Year });

        Assert.Equal(Centre, closing.Owner.Path);
        Assert.Equal(94 * Wan, closing.CarriedOver.Fen);
        Assert.Equal(2, closing.CarryOvers.Count);
        foreach (var carry in closing.CarryOvers)
        {
            Assert.Equal(balances[carry.FromAccountId], carry.Amount.Fen);
            Assert.Equal(0, await BalanceAsync(carry.FromAccountId));
            var next = await GetAsync(carry.ToAccountId);
            Assert.Equal(Year + 1, next.FiscalYear);
            Assert.Equal(carry.Amount.Fen, next.Balance.Fen);
            Assert.Equal((await GetAsync(carry.FromAccountId)).SpecialFund, next.SpecialFund);
            Assert.False(next.Closed);
        }
        Assert.Equal(nextCentral.AccountId, closing.CarryOvers.Single(c => c.FromAccountId == central.AccountId).ToAccountId);
        Assert.DoesNotContain(closing.CarryOvers, c => c.FromAccountId == empty.AccountId);
        // The clearing account stays behind: it is the record of what came from outside in the year.
        Assert.Equal(-14 * Wan, await BalanceAsync(receipt.FromAccountId));
        Assert.True((await GetAsync(central.AccountId)).Closed);
        // The unit below did not close: its year stays open.
        Assert.False((await GetAsync(unit.AccountId)).Closed);
        var carried = await Movements(Centre).ListMovementsAsync(new ListMovementsRequest { OrganisationPath = Centre, Kinds = { MovementKind.CarryOver } });
        Assert.Equal(2, carried.Page.TotalSize);
        Assert.All(carried.Movements, m => Assert.Equal(closing.TransactionId, m.TransactionId));
        // Entries are never updated or deleted: every earlier entry is there as it was.
        var entriesAfter = await host.WithDatabaseAsync(db => db.Set<LedgerEntry>().AsNoTracking().Select(e => new { e.Id, e.AmountFen }).ToListAsync());
        Assert.All(entriesBefore, e => Assert.Contains(e, entriesAfter));
        Assert.Equal(entriesBefore.Count + 4, entriesAfter.Count);

        // The closed year accepts no entries, reversals included, and is not closed twice.
        var before = await host.RowCountsAsync();
        var e1 = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ReceiveFromOutsideAsync(central.AccountId, Wan, asPath: Centre));
        Assert.Equal("FISCAL_YEAR_CLOSED", e1.Code());
        var e2 = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => TransferAsync(central.AccountId, unit.AccountId, Wan, asPath: Centre));
        Assert.Equal("FISCAL_YEAR_CLOSED", e2.Code());
        var e3 = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Movements(Centre).CloseFiscalYearAsync(new CloseFiscalYearRequest { FiscalYear = Year }).ResponseAsync);
        Assert.Equal("FISCAL_YEAR_ALREADY_CLOSED", e3.Code());
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => host.InScopeAsync(Centre, async (sp, db) =>
        {
            await sp.GetRequiredService<Ledger>().ReverseAsync(Guid.Parse(receipt.TransactionId), "金额录入错误");
            await db.SaveChangesAsync();
        }));
        Assert.Equal("FISCAL_YEAR_CLOSED", refused.Code);
        Assert.Equal(before, await host.RowCountsAsync());

        // Next year's accounts take money as usual.
        await ReceiveFromOutsideAsync(nextCentral.AccountId, Wan, asPath: Centre, on: "2026-01-05");
        Assert.Equal(13 * Wan, await BalanceAsync(nextCentral.AccountId));
    }

    [Fact]
    public async Task Closing_a_year_publishes_FiscalYearClosed_through_the_outbox()
    {
        var central = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.CentralFinance);
        await ReceiveFromOutsideAsync(central.AccountId, 5 * Wan, asPath: Centre, payer: "财政部");

        var closing = await Movements(Centre).CloseFiscalYearAsync(new CloseFiscalYearRequest { FiscalYear = Year });

        var message = await Eventually.ReturnsAsync(() => host.WithDatabaseAsync(db =>
            db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.EventType == "union.events.v1.FiscalYearClosed" && m.PublishedAt != null)));
        Assert.Equal(Centre, message.OrganisationPath);
        using var payload = JsonDocument.Parse(message.Payload);
        Assert.Equal(closing.ClosingId, payload.RootElement.GetProperty("closingId").GetString());
        Assert.Equal(Year, payload.RootElement.GetProperty("fiscalYear").GetInt32());
        Assert.Equal(Centre, payload.RootElement.GetProperty("organisationPath").GetString());
        Assert.Equal(closing.TransactionId, payload.RootElement.GetProperty("transactionId").GetString());
    }

    [Fact]
    public async Task Closing_a_year_with_nothing_left_locks_it_without_a_transaction()
    {
        var union = await OpenAsync(Sanya, Union.Contracts.Common.V1.FundSource.UnionFunds);

        var closing = await Movements(Sanya).CloseFiscalYearAsync(new CloseFiscalYearRequest { FiscalYear = Year });

        Assert.Equal("", closing.TransactionId);
        Assert.Empty(closing.CarryOvers);
        Assert.True((await GetAsync(union.AccountId)).Closed);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ReceiveFromOutsideAsync(union.AccountId, Wan, asPath: Sanya));
        Assert.Equal("FISCAL_YEAR_CLOSED", e.Code());
    }

    [Fact]
    public async Task Central_and_provincial_money_left_is_listed_from_1_October_with_its_deadline()
    {
        var central = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var provincial = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.ProvincialFinance);
        var union = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.UnionFunds);
        var spent = await OpenAsync(Finance, Union.Contracts.Common.V1.FundSource.CentralFinance);
        var nextYear = await OpenAsync(Centre, Union.Contracts.Common.V1.FundSource.CentralFinance, year: Year + 1);
        await ReceiveFromOutsideAsync(central.AccountId, 3 * Wan, asPath: Centre, payer: "财政部");
        await ReceiveFromOutsideAsync(provincial.AccountId, 2 * Wan, asPath: Centre);
        await ReceiveFromOutsideAsync(union.AccountId, Wan, asPath: Centre, payer: "省总工会经费");
        await ReceiveFromOutsideAsync(nextYear.AccountId, Wan, asPath: Centre, payer: "财政部", on: "2026-01-10");
        _ = spent;

        Task<ListAccountsAtRiskResponse> AtRisk(string asOf, string path = Centre) =>
            Movements(path, Roles.Auditor).ListAccountsAtRiskAsync(new ListAccountsAtRiskRequest { AsOf = asOf }).ResponseAsync;

        Assert.Empty((await AtRisk("2025-09-30")).Accounts);
        var october = await AtRisk("2025-10-01");
        Assert.Equal("2025-10-01", october.AsOf);
        Assert.Equal([central.AccountId, provincial.AccountId], october.Accounts.Select(a => a.AccountId));
        Assert.All(october.Accounts, a => Assert.Equal("2025-12-31", a.Deadline));
        Assert.Equal(3 * Wan, october.Accounts[0].Balance.Fen);
        Assert.False(october.Accounts[0].Overdue);
        // A sibling's subtree does not show them.
        Assert.Empty((await AtRisk("2025-10-01", Sanya)).Accounts);

        // The province allows its subtree until February for the provincial money (Yu'an's superiors did).
        var set = await Movements(Province).SetUseDeadlineAsync(new SetUseDeadlineRequest
        {
            Source = Union.Contracts.Common.V1.FundSource.ProvincialFinance, FiscalYear = Year, Deadline = "2026-02-28",
        });
        Assert.Equal(Province, set.Owner.Path);
        Assert.Equal(central.AccountId, Assert.Single((await AtRisk("2025-10-01")).Accounts).AccountId);
        var january = await AtRisk("2026-01-05");
        var late = january.Accounts.Single(a => a.AccountId == provincial.AccountId);
        Assert.Equal("2026-02-28", late.Deadline);
        Assert.False(late.Overdue);
        Assert.True(january.Accounts.Single(a => a.AccountId == central.AccountId).Overdue);
        Assert.DoesNotContain(january.Accounts, a => a.AccountId == nextYear.AccountId);
        Assert.True((await AtRisk("2026-03-01")).Accounts.Single(a => a.AccountId == provincial.AccountId).Overdue);

        // A nearer override wins, and setting it again changes it.
        await Movements(Centre).SetUseDeadlineAsync(new SetUseDeadlineRequest { Source = Union.Contracts.Common.V1.FundSource.ProvincialFinance, FiscalYear = Year, Deadline = "2026-01-31" });
        await Movements(Centre).SetUseDeadlineAsync(new SetUseDeadlineRequest { Source = Union.Contracts.Common.V1.FundSource.ProvincialFinance, FiscalYear = Year, Deadline = "2025-12-15" });
        Assert.Equal("2025-12-15", (await AtRisk("2025-10-01")).Accounts.Single(a => a.AccountId == provincial.AccountId).Deadline);
        Assert.Equal(2, await host.WithDatabaseAsync(db => db.Set<Domain.UseDeadline>().CountAsync()));
    }
}

public sealed class SqliteMoneyMovementTests(FundsHost host) : MoneyMovementTests<FundsHost>(host), IClassFixture<FundsHost>;

public sealed class PostgresMoneyMovementTests(PostgresFundsHost host) : MoneyMovementTests<PostgresFundsHost>(host), IClassFixture<PostgresFundsHost>;
