using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Grpc;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Testing;
using AllocationFormulaKind = Union.Contracts.Funds.V1.AllocationFormulaKind;
using AllocationRun = Union.Contracts.Funds.V1.AllocationRun;
using AllocationRunStatus = Union.Contracts.Funds.V1.AllocationRunStatus;
using DomainFundSource = Union.Funds.Domain.FundSource;
using FundSource = Union.Contracts.Common.V1.FundSource;
using ProjectFunding = Union.Funds.Domain.ProjectFunding;

namespace Union.Funds.Tests;

/// <summary>
/// The province allocates its union-funds pool to the cities (000_001fd36b94af060d.txt 二(二)),
/// dry-running it first and committing the latest run once; and the 5 % report (000 五(一)).
/// The province is 51; the cities Chengdu (51/5101) and Yibin (51/5115).
/// </summary>
public abstract class AllocationTests<THost>(THost host) : IAsyncLifetime where THost : FundsHost
{
    private const string Province = "51";
    private const string Chengdu = "51/5101";
    private const string Yibin = "51/5115";
    private const string Cuiping = "51/5115/511502";
    private const int Year = 2025;
    private const long Yuan = 100;

    private Guid _provinceAccount;

    public async Task InitializeAsync()
    {
        await host.ResetAsync();
        // The province's union-funds account holds 1,000,000 yuan, moved in from its provincial-finance account.
        _provinceAccount = await host.InScopeAsync(Province, async (sp, db) =>
        {
            var pool = FundAccount.Open(Province, Year, DomainFundSource.UnionFunds, "test", DateTime.UtcNow);
            var finance = FundAccount.Open(Province, Year, DomainFundSource.ProvincialFinance, "test", DateTime.UtcNow);
            db.Accounts.AddRange(pool, finance);
            await db.SaveChangesAsync();
            await sp.GetRequiredService<Ledger>().PostAsync([(pool.Id, 1_000_000 * Yuan), (finance.Id, -1_000_000 * Yuan)], "省总工会经费安排帮扶资金");
            await db.SaveChangesAsync();
            return pool.Id;
        });
    }

    public async Task DisposeAsync()
    {
        // The ledger balances after every test: all entries sum to zero.
        var sum = await host.WithDatabaseAsync(db => db.Set<LedgerEntry>().SumAsync(e => e.AmountFen));
        Assert.Equal(0, sum);
    }

    private Contracts.Funds.V1.Allocation.AllocationClient Client(string path = Province, params string[] roles) =>
        new(host.As(path, roles.Length == 0 ? [Roles.Finance] : roles));

    private static Money Fen(long fen) => new() { Fen = fen };

    private Task<Contracts.Funds.V1.AllocationFormula> SetFormulaAsync(string volumeWeight = "0.6", string scoreWeight = "0.4") =>
        Client().SetAllocationFormulaAsync(new SetAllocationFormulaRequest
        {
            Kind = AllocationFormulaKind.ProjectVolume,
            VolumeWeight = volumeWeight,
            ScoreWeight = scoreWeight,
            GradeFactors =
            {
                new GradeFactor { Grade = "A", Factor = "1.2" },
                new GradeFactor { Grade = "B", Factor = "1.0" },
                new GradeFactor { Grade = "C", Factor = "0.8" },
                new GradeFactor { Grade = "D", Factor = "0.5" },
            },
        }).ResponseAsync;

    private static DryRunAllocationRequest Request(long poolFen, params ApplicantInput[] applicants) => new()
    {
        Year = Year,
        Source = FundSource.UnionFunds,
        Pool = Fen(poolFen),
        Applicants = { applicants },
    };

    private static ApplicantInput Applicant(string path, long? volumeFen, string score, string grade)
    {
        var input = new ApplicantInput { OrganisationPath = path, ReviewScore = score, LastYearGrade = grade };
        if (volumeFen is { } v) input.ApprovedVolume = Fen(v);
        return input;
    }

    /// <summary>Chengdu: 300,000 yuan approved, score 90, grade A; Yibin: 100,000 yuan, score 80, grade C.</summary>
    private static DryRunAllocationRequest Cities(long poolFen) => Request(poolFen,
        Applicant(Chengdu, 300_000 * Yuan, "90", "A"),
        Applicant(Yibin, 100_000 * Yuan, "80", "C"));

    private Task<AllocationRun> DryRunAsync(DryRunAllocationRequest request) => Client().DryRunAllocationAsync(request).ResponseAsync;

    private Task<long> BalanceAsync(string path) =>
        host.InScopeAsync(null, async (sp, db) =>
        {
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.OrganisationPath == path && a.FiscalYear == Year && a.Source == DomainFundSource.UnionFunds);
            return account is null ? 0 : await sp.GetRequiredService<Ledger>().BalanceAsync(account.Id);
        });

    private Task<int> TransactionCountAsync() => host.WithDatabaseAsync(db => db.Set<LedgerTransaction>().CountAsync());

    private Task<int> RunCountAsync() => host.WithDatabaseAsync(db => db.Set<Domain.AllocationRun>().CountAsync());

    private Task FundProjectAsync(string applicant, string funder, long approvedFen, long? currentFen = null) =>
        host.InScopeAsync(null, async (_, db) =>
        {
            var funding = ProjectFunding.Start(Guid.NewGuid(), applicant, DateTime.UtcNow);
            funding.RecordApplication(Year, approvedFen * 2, DateTime.UtcNow);
            funding.RecordApproval(Year, funder, approvedFen, DateTime.UtcNow, DateTime.UtcNow);
            if (currentFen is { } current) funding.RecordSubsidy(current, DateTime.UtcNow.AddMinutes(1), DateTime.UtcNow);
            db.ProjectFundings.Add(funding);
            await db.SaveChangesAsync();
        });

    [Fact]
    public async Task A_dry_run_explains_every_line_and_moves_no_money()
    {
        await SetFormulaAsync();
        var transactions = await TransactionCountAsync();

        // 100,000.01 yuan: the odd fen is the remainder.
        var run = await DryRunAsync(Cities(100_000 * Yuan + 1));

        Assert.Equal(AllocationRunStatus.DryRun, run.Status);
        Assert.Equal(100_000 * Yuan + 1, run.Lines.Sum(l => l.Share.Fen));
        Assert.Equal("LARGEST_REMAINDER_THEN_PATH", run.RemainderRule);
        Assert.Empty(run.Differences);
        Assert.Empty(run.PreviousRunId);
        Assert.Equal("0.6", run.Formula.VolumeWeight);
        // Chengdu: (0.6 × 3/4 + 0.4 × 90/170) × 1.2; Yibin: (0.6 × 1/4 + 0.4 × 80/170) × 0.8.
        var chengdu = Assert.Single(run.Lines, l => l.Applicant.Path == Chengdu);
        var yibin = Assert.Single(run.Lines, l => l.Applicant.Path == Yibin);
        Assert.Equal("1.2", chengdu.GradeFactor);
        Assert.Equal("0.8", yibin.GradeFactor);
        Assert.Equal("REQUEST", chengdu.VolumeSource);
        Assert.Equal(300_000 * Yuan, chengdu.ApprovedVolume.Fen);
        Assert.Equal("0.7941176471", chengdu.Weight);
        Assert.Equal("0.2705882353", yibin.Weight);
        // 10,000,001 × 0.7941…/1.0647… = 7,458,564.28… and 2,541,436.71…: the fen goes to Yibin's .71.
        Assert.Equal(7_458_564, chengdu.Floored.Fen);
        Assert.Equal(7_458_564, chengdu.Share.Fen);
        Assert.Equal(2_541_436, yibin.Floored.Fen);
        Assert.Equal(1, yibin.RemainderFen);
        Assert.Equal(2_541_437, yibin.Share.Fen);
        Assert.Equal(1, run.RemainderFen);
        Assert.Contains("分得2541437分", yibin.Explanation);
        Assert.Contains("绩效等级C（系数0.8）", yibin.Explanation);
        Assert.Equal(transactions, await TransactionCountAsync());

        var read = await Client(Province, Roles.Auditor).GetAllocationRunAsync(new GetAllocationRunRequest { RunId = run.RunId });
        Assert.Equal(run.Lines, read.Lines);
    }

    [Fact]
    public async Task The_approved_volume_defaults_to_the_projects_funds_knows()
    {
        await SetFormulaAsync("1", "0");
        // Yibin's district and Chengdu have projects the province approved this year; another funder's does not count.
        await FundProjectAsync(Cuiping, Province, 100_000 * Yuan);
        await FundProjectAsync(Chengdu, Province, 300_000 * Yuan);
        await FundProjectAsync(Chengdu, Yibin, 999 * Yuan);

        var run = await DryRunAsync(Request(1_000 * Yuan, Applicant(Chengdu, null, "", "B"), Applicant(Yibin, null, "", "B")));

        var yibin = Assert.Single(run.Lines, l => l.Applicant.Path == Yibin);
        Assert.Equal("PROJECT_FUNDINGS", yibin.VolumeSource);
        Assert.Equal(100_000 * Yuan, yibin.ApprovedVolume.Fen);
        Assert.Equal(250 * Yuan, yibin.Share.Fen);
        Assert.Equal(750 * Yuan, Assert.Single(run.Lines, l => l.Applicant.Path == Chengdu).Share.Fen);
    }

    [Fact]
    public async Task A_second_dry_run_after_a_formula_change_shows_the_difference_from_the_first()
    {
        await SetFormulaAsync("1", "0");
        var first = await DryRunAsync(Cities(100_000 * Yuan));
        await SetFormulaAsync("0", "1");

        var second = await DryRunAsync(Cities(100_000 * Yuan));

        Assert.Equal(first.RunId, second.PreviousRunId);
        // By volume: 3/4 × 1.2 and 1/4 × 0.8 → 0.9 : 0.2. By score: 90/170 × 1.2 and 80/170 × 0.8 → 108 : 64.
        var chengdu = Assert.Single(second.Differences, d => d.Applicant.Path == Chengdu);
        Assert.Equal(8_181_818, chengdu.PreviousShare.Fen);
        Assert.Equal(6_279_070, chengdu.NewShare.Fen);
        Assert.Equal(6_279_070 - 8_181_818, chengdu.DeltaFen);
        var yibin = Assert.Single(second.Differences, d => d.Applicant.Path == Yibin);
        Assert.Equal(8_181_818 - 6_279_070, yibin.DeltaFen);
        // The run keeps the formula it used, whatever the formula says now.
        var again = await Client().GetAllocationRunAsync(new GetAllocationRunRequest { RunId = first.RunId });
        Assert.Equal("1", again.Formula.VolumeWeight);
        Assert.Equal(8_181_818, Assert.Single(again.Lines, l => l.Applicant.Path == Chengdu).Share.Fen);
    }

    [Fact]
    public async Task Committing_posts_one_balanced_transfer_from_the_province_to_each_city()
    {
        await SetFormulaAsync();
        var run = await DryRunAsync(Cities(100_000 * Yuan + 1));
        var transactions = await TransactionCountAsync();

        var committed = await Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = run.RunId });

        Assert.Equal(AllocationRunStatus.Committed, committed.Status);
        Assert.NotEmpty(committed.TransactionId);
        Assert.NotNull(committed.CommittedAt);
        Assert.Equal(transactions + 1, await TransactionCountAsync());
        Assert.Equal(900_000 * Yuan - 1, await BalanceAsync(Province));
        Assert.Equal(7_458_564, await BalanceAsync(Chengdu));
        Assert.Equal(2_541_437, await BalanceAsync(Yibin));
        var entries = await host.WithDatabaseAsync(db => db.Set<LedgerEntry>().Where(e => e.TransactionId == Guid.Parse(committed.TransactionId)).ToListAsync());
        Assert.Equal(3, entries.Count);
        Assert.Equal(0, entries.Sum(e => e.AmountFen));
        // The cities' receiving accounts were opened by the system for the year and source.
        var opened = await host.WithDatabaseAsync(db => db.Set<FundAccount>().Where(a => a.OrganisationPath == Yibin).ToListAsync());
        Assert.Equal(AllocationService.AccountOpener, Assert.Single(opened).CreatedBy);
        var events = await host.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.EventType == "union.events.v1.AllocationCommitted").ToListAsync());
        var published = Assert.Single(events);
        Assert.Contains(run.RunId, published.Payload);
        Assert.Equal(Province, published.OrganisationPath);
    }

    [Fact]
    public async Task Committing_the_same_run_twice_is_refused_and_moves_nothing_more()
    {
        await SetFormulaAsync();
        var run = await DryRunAsync(Cities(100_000 * Yuan));
        await Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = run.RunId });
        var transactions = await TransactionCountAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = run.RunId }).ResponseAsync);

        Assert.Equal("RUN_ALREADY_COMMITTED", e.Code());
        Assert.Equal(transactions, await TransactionCountAsync());
        Assert.Equal(900_000 * Yuan, await BalanceAsync(Province));
    }

    [Fact]
    public async Task A_run_older_than_the_latest_dry_run_is_refused_and_the_latest_commits()
    {
        await SetFormulaAsync();
        var older = await DryRunAsync(Cities(100_000 * Yuan));
        var latest = await DryRunAsync(Cities(200_000 * Yuan));

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = older.RunId }).ResponseAsync);

        Assert.Equal("RUN_SUPERSEDED", e.Code());
        Assert.Equal(latest.RunId, e.Metadata()["latest_run_id"]);
        Assert.Equal(1_000_000 * Yuan, await BalanceAsync(Province));
        Assert.Equal(0, await BalanceAsync(Chengdu));

        await Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = latest.RunId });
        Assert.Equal(800_000 * Yuan, await BalanceAsync(Province));

        // A later dry run may still be made and compared, but the year is allocated: it cannot be committed too.
        var after = await DryRunAsync(Cities(50_000 * Yuan));
        var again = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = after.RunId }).ResponseAsync);
        Assert.Equal("ALREADY_ALLOCATED", again.Code());
        Assert.Equal(800_000 * Yuan, await BalanceAsync(Province));
    }

    private Task<AllocationRun> ReverseAsync(string runId, string reason = "分配基数录入有误") =>
        Client().ReverseAllocationAsync(new ReverseAllocationRequest { RunId = runId, Reason = reason }).ResponseAsync;

    [Fact]
    public async Task A_reversed_run_returns_the_money_and_the_year_is_allocated_again_compared_with_the_last_run_not_reversed()
    {
        await SetFormulaAsync();
        var first = await DryRunAsync(Cities(200_000 * Yuan));
        await Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = first.RunId });

        var reversed = await ReverseAsync(first.RunId);

        Assert.Equal(AllocationRunStatus.Reversed, reversed.Status);
        Assert.NotEmpty(reversed.ReversalTransactionId);
        Assert.Equal("分配基数录入有误", reversed.ReversalReason);
        Assert.Equal(1_000_000 * Yuan, await BalanceAsync(Province));
        Assert.Equal(0, await BalanceAsync(Chengdu));
        Assert.Equal(0, await BalanceAsync(Yibin));
        var published = await host.WithDatabaseAsync(db => db.OutboxMessages.SingleAsync(m => m.EventType == "union.events.v1.AllocationReversed"));
        Assert.Contains(reversed.ReversalTransactionId, published.Payload);

        // The reversed run is no base: the next run has nothing committed to compare with.
        var second = await DryRunAsync(Cities(100_000 * Yuan));
        Assert.Empty(second.PreviousRunId);
        Assert.Empty(second.Differences);
        var committed = await Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = second.RunId });
        Assert.Equal(AllocationRunStatus.Committed, committed.Status);
        Assert.Equal(900_000 * Yuan, await BalanceAsync(Province));

        // Later drafts compare with the committed run, not with the reversed one nor with each other.
        var third = await DryRunAsync(Cities(150_000 * Yuan));
        var fourth = await DryRunAsync(Cities(120_000 * Yuan));
        Assert.Equal(second.RunId, third.PreviousRunId);
        Assert.Equal(second.RunId, fourth.PreviousRunId);
        var chengdu = Assert.Single(fourth.Differences, d => d.Applicant.Path == Chengdu);
        Assert.Equal(Assert.Single(second.Lines, l => l.Applicant.Path == Chengdu).Share.Fen, chengdu.PreviousShare.Fen);
    }

    [Fact]
    public async Task A_run_whose_money_was_passed_on_is_not_reversed()
    {
        await SetFormulaAsync();
        var run = await DryRunAsync(Cities(100_000 * Yuan));
        await Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = run.RunId });
        // Yibin passes 1,000 yuan of its share on to Cuiping.
        await host.InScopeAsync(Yibin, async (sp, db) =>
        {
            var yibin = await db.Accounts.SingleAsync(a => a.OrganisationPath == Yibin);
            var cuiping = FundAccount.Open(Cuiping, Year, DomainFundSource.UnionFunds, "test", DateTime.UtcNow);
            db.Accounts.Add(cuiping);
            await db.SaveChangesAsync();
            await sp.GetRequiredService<Ledger>().PostCoveredAsync([(cuiping.Id, 1_000 * Yuan), (yibin.Id, -1_000 * Yuan)], "下拨");
            await db.SaveChangesAsync();
        });
        var transactions = await TransactionCountAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ReverseAsync(run.RunId));

        Assert.Equal("ALLOCATION_SPENT", e.Code());
        Assert.Equal(Yibin, e.Metadata()["organisation_path"]);
        Assert.Equal(transactions, await TransactionCountAsync());
        Assert.Equal(AllocationRunStatus.Committed, (await Client().GetAllocationRunAsync(new GetAllocationRunRequest { RunId = run.RunId })).Status);
        // A run not committed, or reversed already, is not reversed.
        var draft = await DryRunAsync(Cities(50_000 * Yuan));
        Assert.Equal("RUN_NOT_COMMITTED", (await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ReverseAsync(draft.RunId))).Code());
    }

    [Fact]
    public async Task A_pool_larger_than_the_funders_balance_is_not_committed()
    {
        await SetFormulaAsync();
        var run = await DryRunAsync(Cities(1_000_001 * Yuan));

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => Client().CommitAllocationAsync(new CommitAllocationRequest { RunId = run.RunId }).ResponseAsync);

        Assert.Equal("INSUFFICIENT_FUNDS", e.Code());
        Assert.Equal(1_000_000 * Yuan, await BalanceAsync(Province));
        Assert.False(await host.WithDatabaseAsync(db => db.Set<FundAccount>().AnyAsync(a => a.OrganisationPath == Chengdu)));
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_stores_no_run()
    {
        await SetFormulaAsync();

        await RpcAssert.InvalidArgument(() => DryRunAsync(Request(0,
                Applicant(Chengdu, 1, "abc", "E"),
                Applicant("52/5201", 1, "80", "A"),
                Applicant(Chengdu, -5, "80", "A"))),
            "pool", "applicants[0].review_score", "applicants[0].last_year_grade",
            "applicants[1].organisation_path", "applicants[2].organisation_path", "applicants[2].approved_volume");
        await RpcAssert.InvalidArgument(() => Client().SetAllocationFormulaAsync(new SetAllocationFormulaRequest
        {
            Kind = AllocationFormulaKind.ProjectVolume, VolumeWeight = "0", ScoreWeight = "-1",
            GradeFactors = { new GradeFactor { Grade = "A", Factor = "x" }, new GradeFactor { Grade = "a", Factor = "1" } },
        }).ResponseAsync, "score_weight", "grade_factors[0].factor", "grade_factors[1].grade");

        Assert.Equal(0, await RunCountAsync());
        Assert.Equal("0.6", (await Client().GetAllocationFormulaAsync(new GetAllocationFormulaRequest())).VolumeWeight);
    }

    [Fact]
    public async Task Without_a_formula_or_the_writing_role_nothing_is_computed()
    {
        var missing = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => DryRunAsync(Cities(100)));
        Assert.Equal("FORMULA_NOT_SET", missing.Code());
        await SetFormulaAsync();

        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => Client(Province, Roles.Auditor).DryRunAllocationAsync(Cities(100)).ResponseAsync);
        // A city cannot allocate the province's money, nor see its runs.
        await RpcAssert.Fails(StatusCode.NotFound,
            () => Client(Yibin).DryRunAllocationAsync(new DryRunAllocationRequest(Cities(100)) { FunderPath = Province }).ResponseAsync);
        Assert.Equal(0, await RunCountAsync());
    }

    [Fact]
    public async Task The_households_formula_splits_by_archived_households()
    {
        await Client().SetAllocationFormulaAsync(new SetAllocationFormulaRequest { Kind = AllocationFormulaKind.Households });

        var run = await DryRunAsync(Request(447_0716 * Yuan,
            new ApplicantInput { OrganisationPath = Chengdu, ArchivedHouseholds = 1000 },
            new ApplicantInput { OrganisationPath = Yibin, ArchivedHouseholds = 431 }));

        Assert.Equal(447_0716 * Yuan, run.Lines.Sum(l => l.Share.Fen));
        var yibin = Assert.Single(run.Lines, l => l.Applicant.Path == Yibin);
        Assert.Equal(431, yibin.ArchivedHouseholds);
        Assert.Contains("在档困难职工431户", yibin.Explanation);
        // 447,071,600 × 431 / 1431 = 134,652,592.31…; Chengdu's 312,419,007.68… takes the odd fen.
        Assert.Equal(134_652_592, yibin.Share.Fen);
        Assert.Equal(312_419_008, Assert.Single(run.Lines, l => l.Applicant.Path == Chengdu).Share.Fen);
    }

    [Fact]
    public async Task The_five_percent_report_shows_which_organisation_put_enough_to_projects()
    {
        // Yibin retained 1,000,000 yuan and funds 60,000 yuan of projects (6 %); Chengdu 2,000,000 and 50,000 (2.5 %).
        await Client(Yibin).RecordRetainedFundsAsync(new RecordRetainedFundsRequest { Year = Year, Retained = Fen(900_000 * Yuan), Reference = "宜宾市总工会2025年预算" });
        await Client(Yibin).RecordRetainedFundsAsync(new RecordRetainedFundsRequest { Year = Year, Retained = Fen(1_000_000 * Yuan), Reference = "宜宾市总工会2025年预算（调整）" });
        await Client(Province).RecordRetainedFundsAsync(new RecordRetainedFundsRequest { OrganisationPath = Chengdu, Year = Year, Retained = Fen(2_000_000 * Yuan), Reference = "成都市总工会2025年预算" });
        await FundProjectAsync(Cuiping, Yibin, 80_000 * Yuan, currentFen: 60_000 * Yuan);
        await FundProjectAsync("51/5101/510104", Chengdu, 50_000 * Yuan);

        var report = await Client(Province, Roles.Auditor).GetFivePercentReportAsync(new GetFivePercentReportRequest { Year = Year });

        Assert.Equal(500, report.RequiredBasisPoints);
        Assert.Equal([Province, Chengdu, Yibin], report.Lines.Select(l => l.Organisation.Path));
        var yibin = report.Lines.Single(l => l.Organisation.Path == Yibin);
        Assert.Equal(1_000_000 * Yuan, yibin.Retained.Fen);
        Assert.Equal(60_000 * Yuan, yibin.ToProjects.Fen);
        Assert.Equal(600, yibin.ShareBasisPoints);
        Assert.True(yibin.Meets);
        var chengdu = report.Lines.Single(l => l.Organisation.Path == Chengdu);
        Assert.Equal(250, chengdu.ShareBasisPoints);
        Assert.False(chengdu.Meets);
        // The province recorded nothing: it is listed, without a figure, and not met.
        var province = report.Lines.Single(l => l.Organisation.Path == Province);
        Assert.Null(province.Retained);
        Assert.False(province.Meets);

        // Yibin's own report covers only its subtree.
        var own = await Client(Yibin, Roles.Auditor).GetFivePercentReportAsync(new GetFivePercentReportRequest { Year = Year });
        Assert.Equal([Yibin], own.Lines.Select(l => l.Organisation.Path));
    }

    [Fact]
    public async Task Retained_funds_with_bad_input_are_refused_and_nothing_is_recorded()
    {
        await RpcAssert.InvalidArgument(() => Client(Yibin).RecordRetainedFundsAsync(new RecordRetainedFundsRequest
        {
            Year = 1999, Retained = Fen(-1), Reference = " ",
        }).ResponseAsync, "year", "retained", "reference");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Client(Yibin, Roles.Caseworker).RecordRetainedFundsAsync(new RecordRetainedFundsRequest
        {
            Year = Year, Retained = Fen(1), Reference = "x",
        }).ResponseAsync);

        Assert.False(await host.WithDatabaseAsync(db => db.Set<Domain.RetainedFunds>().AnyAsync()));
    }
}

public sealed class SqliteAllocationTests(FundsHost host) : AllocationTests<FundsHost>(host), IClassFixture<FundsHost>;

public sealed class PostgresAllocationTests(PostgresFundsHost host) : AllocationTests<PostgresFundsHost>(host), IClassFixture<PostgresFundsHost>;
