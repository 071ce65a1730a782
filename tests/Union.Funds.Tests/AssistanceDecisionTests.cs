using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Shared.Auth;
using Union.Testing;
using DomainStanding = Union.Funds.Domain.HouseholdStanding;

namespace Union.Funds.Tests;

/// <summary>The funds host with a clock the test sets: decision dates, notice periods and phase-outs depend on today.</summary>
public class ClockedDecisionsHost : FundsHost
{
    public static readonly DateTimeOffset DefaultNow = TestClock.BeijingAt(new DateOnly(2021, 12, 1));

    public ClockedDecisionsHost() : base(TestDatabase.Sqlite) { }

    protected ClockedDecisionsHost(TestDatabase database) : base(database) { }

    public TestClock Clock { get; } = new(DefaultNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class PostgresClockedDecisionsHost() : ClockedDecisionsHost(TestDatabase.Postgres);

/// <summary>
/// Assistance decisions and their public notice (Hainan 003_eca3cf9f3ec4784d.txt §二(三)三: 申请、审核、
/// 公示、建档、审批、再公示和发放; Yu'an 002_98225e89925c6ce6.txt 指标2, 3, 13). Yu'an district under Lu'an:
/// Lu'an's allowance is 659 yuan a month from 2021-07-01 (指标10), so living aid per household per year
/// is capped at 7,908.00 yuan; 620 yuan from 2020-07-01 stands in for the previous standard.
/// </summary>
public abstract class AssistanceDecisionTests<THost>(THost host) : IAsyncLifetime where THost : ClockedDecisionsHost
{
    private const string Luan = "34/3415";
    private const string Yuan = "34/3415/341502";
    private const string Jinan = "34/3415/341503";

    private string _central = string.Empty;
    private string _unionFunds = string.Empty;

    public async Task InitializeAsync()
    {
        await host.ResetAsync();
        host.Clock.Set(ClockedDecisionsHost.DefaultNow);
        var standards = new LocalStandards.LocalStandardsClient(host.As(Luan, Roles.Finance));
        await standards.SetAllowanceStandardAsync(Allowance(62_000, "2020-07-01"));
        await standards.SetAllowanceStandardAsync(Allowance(65_900, "2021-07-01"));
        var ledger = host.Client(Yuan, Roles.Finance);
        _central = (await ledger.OpenAccountAsync(new OpenAccountRequest { FiscalYear = 2021, Source = FundSource.CentralFinance })).AccountId;
        _unionFunds = (await ledger.OpenAccountAsync(new OpenAccountRequest { FiscalYear = 2021, Source = FundSource.UnionFunds })).AccountId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static SetAllowanceStandardRequest Allowance(long fen, string from) => new()
    {
        LocalityPath = Luan,
        MonthlyAllowance = new Money { Fen = fen },
        EffectiveFrom = from,
        Reference = "六安市人民政府关于调整城乡低保标准的通知",
    };

    private AssistanceDecisions.AssistanceDecisionsClient Client(string path, params string[] roles) => new(host.As(path, roles));

    private AssistanceDecisions.AssistanceDecisionsClient Caseworker => Client(Yuan, Roles.Caseworker);

    /// <summary>Seeds a household's standing as the archives' events would leave it.</summary>
    private async Task<Guid> HouseholdAsync(string status = "ACTIVE", DateOnly? phaseOutEndsOn = null, string path = Yuan)
    {
        var id = Guid.NewGuid();
        await host.WithDatabaseAsync(async db =>
        {
            var standing = DomainStanding.Start(id, path);
            var at = new DateTime(2021, 1, 5, 2, 0, 0, DateTimeKind.Utc);
            standing.Apply(Guid.NewGuid(), "union.events.v1.HouseholdArchived", path, "ACTIVE", at, at);
            if (status != "ACTIVE")
                standing.Apply(Guid.NewGuid(), "union.events.v1.Household" + status, path, status, at.AddDays(30), at.AddDays(30), phaseOutEndsOn);
            db.Add(standing);
            await db.SaveChangesAsync();
        });
        return id;
    }

    private CreateDecisionRequest Living(Guid household, long fen, string decidedOn = "2021-09-15", string? account = null) => new()
    {
        HouseholdId = household.ToString(),
        AidType = AidType.Living,
        Amount = new Money { Fen = fen },
        SourceAccountId = account ?? _central,
        CollectiveDecision = new CollectiveDecision { MeetingReference = "区总工会党组会议2021年第9次", DecidedOn = decidedOn },
        ApplicationCompletedOn = "2021-06-01",
    };

    private Task<AssistanceDecision> CreateAsync(CreateDecisionRequest request) => Caseworker.CreateDecisionAsync(request).ResponseAsync;

    private async Task<RpcException> RefusedOverCapAsync(CreateDecisionRequest request)
    {
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.InvalidArgument(() => CreateAsync(request), "amount");
        Assert.Equal(before, await host.RowCountsAsync());
        return e;
    }

    [Fact]
    public async Task Living_aid_of_twelve_months_of_the_allowance_is_accepted_and_one_fen_more_is_refused_naming_the_cap()
    {
        var accepted = await CreateAsync(Living(await HouseholdAsync(), 790_800));

        var e = await RefusedOverCapAsync(Living(await HouseholdAsync(), 790_801));

        Assert.Equal(790_800, accepted.Amount.Fen);
        Assert.Equal(Yuan, accepted.Owner.Path);
        Assert.Equal("LIVING_AID_CAP_EXCEEDED", e.Code());
        Assert.Equal("790800", e.Metadata()["cap_fen"]);
        Assert.Equal("790800", e.Metadata()["remaining_fen"]);
        Assert.Contains("尚余7,908.00元", e.Status.Detail);
    }

    [Fact]
    public async Task Concurrent_living_aid_decisions_for_one_household_never_pass_the_cap_together()
    {
        // Eight caseworkers file 3,000.00 yuan each for the same household at once: 7,908.00 allows two.
        var household = await HouseholdAsync();
        const int filers = 8;
        using var start = new SemaphoreSlim(0, filers);
        var calls = Enumerable.Range(0, filers).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            try { return (Decision: await CreateAsync(Living(household, 300_000, account: i % 2 == 0 ? _central : _unionFunds)), Error: (RpcException?)null); }
            catch (RpcException e) { return (Decision: (AssistanceDecision?)null, Error: e); }
        })).ToList();
        start.Release(filers);
        var results = await Task.WhenAll(calls);

        Assert.Equal(2, results.Count(r => r.Decision is not null));
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Equal("LIVING_AID_CAP_EXCEEDED", r.Error!.Code()));
        var stored = await host.WithDatabaseAsync(db => db.Set<Union.Funds.Domain.AssistanceDecision>().IgnoreQueryFilters().Where(d => d.HouseholdId == household).SumAsync(d => d.AmountFen));
        Assert.Equal(600_000, stored);
    }

    [Fact]
    public async Task A_second_living_aid_decision_counts_the_first_from_another_source()
    {
        var household = await HouseholdAsync();
        await CreateAsync(Living(household, 400_000, "2021-08-01"));

        var e = await RefusedOverCapAsync(Living(household, 390_801, "2021-11-01", _unionFunds));
        var second = await CreateAsync(Living(household, 390_800, "2021-11-01", _unionFunds));

        Assert.Equal("400000", e.Metadata()["earlier_fen"]);
        Assert.Equal("390800", e.Metadata()["remaining_fen"]);
        Assert.Equal(FundSource.UnionFunds, second.Source);
    }

    [Fact]
    public async Task Before_2021_07_01_the_previous_allowance_sets_the_cap()
    {
        var accepted = await CreateAsync(Living(await HouseholdAsync(), 744_000, "2021-06-30"));

        var e = await RefusedOverCapAsync(Living(await HouseholdAsync(), 744_001, "2021-06-30"));

        Assert.Equal("2021-06-30", accepted.CollectiveDecision.DecidedOn);
        Assert.Equal("744000", e.Metadata()["cap_fen"]);
    }

    [Fact]
    public async Task A_cancelled_decision_no_longer_counts_toward_the_cap()
    {
        var household = await HouseholdAsync();
        var first = await CreateAsync(Living(household, 790_800));
        await RefusedOverCapAsync(Living(household, 100));

        var cancelled = await Client(Yuan, Roles.Approver).CancelDecisionAsync(new CancelDecisionRequest { DecisionId = first.DecisionId, Reason = "重复申报" });
        var again = await CreateAsync(Living(household, 790_800));

        Assert.Equal(DecisionStatus.Cancelled, cancelled.Status);
        Assert.Contains("CANCELLED", cancelled.NotPayableReasons);
        Assert.Equal(DecisionStatus.Decided, again.Status);
    }

    [Fact]
    public async Task Quarterly_instalments_split_the_amount_and_count_toward_the_cap_of_the_year_each_falls_due()
    {
        var household = await HouseholdAsync();
        var request = Living(household, 790_801 - 1, "2021-10-08");
        request.Instalments = new InstalmentPlan { Frequency = InstalmentFrequency.Quarterly, Count = 4, FirstDueOn = "2021-10-15" };

        var quarterly = await CreateAsync(request);
        // 2021 holds one instalment (197,700 fen): 593,100 fen of the 2021 cap is left.
        await RefusedOverCapAsync(Living(household, 593_101, "2021-11-01"));
        await CreateAsync(Living(household, 593_100, "2021-11-01"));

        Assert.Equal(InstalmentFrequency.Quarterly, quarterly.Frequency);
        Assert.Equal(["2021-10-15", "2022-01-15", "2022-04-15", "2022-07-15"], quarterly.Instalments.Select(i => i.DueOn));
        Assert.Equal([197_700L, 197_700L, 197_700L, 197_700L], quarterly.Instalments.Select(i => i.Amount.Fen));
    }

    [Fact]
    public async Task Monthly_instalments_put_the_odd_fen_on_the_first_ones()
    {
        var request = Living(await HouseholdAsync(), 100_000, "2021-09-01");
        request.Instalments = new InstalmentPlan { Frequency = InstalmentFrequency.Monthly, Count = 3 };

        var decision = await CreateAsync(request);

        Assert.Equal(["2021-09-01", "2021-10-01", "2021-11-01"], decision.Instalments.Select(i => i.DueOn));
        Assert.Equal([33_334L, 33_333L, 33_333L], decision.Instalments.Select(i => i.Amount.Fen));
    }

    [Theory]
    [InlineData("EXITED")]
    [InlineData("DE_ARCHIVED")]
    [InlineData("CANCELLED")]
    public async Task A_household_no_longer_helped_is_refused_and_nothing_is_written(string status)
    {
        var household = await HouseholdAsync(status);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => CreateAsync(Living(household, 10_000)));

        Assert.Equal("HOUSEHOLD_NOT_PAYABLE", e.Code());
        Assert.Equal(status, e.Metadata()["archive_status"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_phase_out_household_is_helped_up_to_its_last_day_and_refused_after()
    {
        var household = await HouseholdAsync("PHASE_OUT", new DateOnly(2021, 9, 30));

        var lastDay = await CreateAsync(Living(household, 10_000, "2021-09-30"));
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => CreateAsync(Living(household, 10_000, "2021-10-01")));

        Assert.Equal("2021-09-30", lastDay.CollectiveDecision.DecidedOn);
        Assert.Equal("HOUSEHOLD_NOT_PAYABLE", e.Code());
    }

    [Fact]
    public async Task A_household_outside_the_callers_subtree_is_not_found()
    {
        var household = await HouseholdAsync(path: Jinan);

        var e = await RpcAssert.Fails(StatusCode.NotFound, () => CreateAsync(Living(household, 10_000)));

        Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task Medical_aid_needs_the_burden_and_is_capped_by_it()
    {
        var household = await HouseholdAsync();
        var request = new CreateDecisionRequest(Living(household, 300_001)) { AidType = AidType.Medical };
        await RpcAssert.InvalidArgument(() => CreateAsync(request), "medical");

        request.Medical = new MedicalBurden
        {
            CompliantCosts = new Money { Fen = 1_000_000 },
            BasicInsurance = new Money { Fen = 500_000 },
            SeriousIllnessInsurance = new Money { Fen = 200_000 },
        };
        var e = await RefusedOverCapAsync(request);
        request.Amount = new Money { Fen = 300_000 };
        var accepted = await CreateAsync(request);

        Assert.Equal("MEDICAL_AID_CAP_EXCEEDED", e.Code());
        Assert.Equal(1_000_000, accepted.Medical.CompliantCosts.Fen);
    }

    [Fact]
    public async Task A_non_archived_student_is_helped_with_a_reference_and_reason_and_capped_per_student()
    {
        NonArchivedRecipient Student(string reference) => new() { Reference = reference, Reason = "家庭困难未建档，经区总党组会议研究予以金秋助学" };
        CreateDecisionRequest Education(string reference, long fen) => new(Living(Guid.Empty, fen))
        {
            HouseholdId = string.Empty,
            NonArchived = Student(reference),
            AidType = AidType.Education,
            HigherEducation = true,
        };

        // 10 months of 659 yuan per student per year.
        var helped = await CreateAsync(Education("裕安区2021金秋助学-017", 659_000));
        var e = await RefusedOverCapAsync(Education("裕安区2021金秋助学-017", 1));
        await CreateAsync(Education("裕安区2021金秋助学-018", 659_000));
        var living = new CreateDecisionRequest(Living(Guid.Empty, 10_000)) { HouseholdId = string.Empty, NonArchived = Student("x-1") };
        await RpcAssert.InvalidArgument(() => CreateAsync(living), "non_archived");

        Assert.Equal("", helped.HouseholdId);
        Assert.Equal("裕安区2021金秋助学-017", helped.NonArchived.Reference);
        Assert.Equal(Yuan, helped.Owner.Path);
        Assert.Equal("EDUCATION_AID_CAP_EXCEEDED", e.Code());
        Assert.True(helped.Payable is false && helped.NotPayableReasons.SequenceEqual(["NOT_NOTICED"]));
    }

    [Fact]
    public async Task Bad_input_names_every_field_and_writes_nothing()
    {
        var before = await host.RowCountsAsync();
        var request = new CreateDecisionRequest
        {
            AidType = AidType.Unspecified,
            Amount = new Money { Fen = 0 },
            SourceAccountId = "not-an-id",
            CollectiveDecision = new CollectiveDecision { MeetingReference = "", DecidedOn = "2021-12-02" },
            ApplicationCompletedOn = "2021-02-30",
            Instalments = new InstalmentPlan { Frequency = InstalmentFrequency.Monthly, Count = 13 },
        };

        var e = await RpcAssert.InvalidArgument(() => CreateAsync(request),
            "household_id", "aid_type", "amount", "source_account_id", "collective_decision.meeting_reference",
            "collective_decision.decided_on", "application_completed_on", "instalments.frequency", "instalments.count");

        Assert.Equal("INVALID_ARGUMENT", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Only_a_caseworker_files_and_only_an_approver_or_finance_cancels()
    {
        var household = await HouseholdAsync();
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => Client(Yuan, Roles.Finance).CreateDecisionAsync(Living(household, 10_000)).ResponseAsync);
        var decision = await CreateAsync(Living(household, 10_000));
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => Caseworker.CancelDecisionAsync(new CancelDecisionRequest { DecisionId = decision.DecisionId, Reason = "x" }).ResponseAsync);
        var cancelled = await Client(Luan, Roles.Finance).CancelDecisionAsync(new CancelDecisionRequest { DecisionId = decision.DecisionId, Reason = "家庭收入已超标" });
        await RpcAssert.Fails(StatusCode.NotFound,
            () => Client(Jinan, Roles.Approver).GetDecisionAsync(new GetDecisionRequest { DecisionId = decision.DecisionId }).ResponseAsync);

        Assert.Equal("ROLE_REQUIRED", e.Code());
        Assert.Equal("家庭收入已超标", cancelled.CancelReason);
    }

    [Fact]
    public async Task The_decision_publishes_AssistanceDecided_with_ids_amounts_and_dates_only()
    {
        var household = await HouseholdAsync();
        var decision = await CreateAsync(Living(household, 120_000));

        var message = await Eventually.ReturnsAsync(() => host.WithDatabaseAsync(db =>
            db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.EventType == "union.events.v1.AssistanceDecided" && m.PublishedAt != null)));
        using var payload = JsonDocument.Parse(message.Payload);
        var root = payload.RootElement;
        Assert.Equal(Yuan, message.OrganisationPath);
        Assert.Equal(decision.DecisionId, root.GetProperty("decisionId").GetString());
        Assert.Equal(household.ToString(), root.GetProperty("householdId").GetString());
        Assert.Equal("LIVING", root.GetProperty("aidType").GetString());
        Assert.Equal("120000", root.GetProperty("amount").GetProperty("fen").ToString());
        Assert.Equal("FUND_SOURCE_CENTRAL_FINANCE", root.GetProperty("source").GetString());
        Assert.Equal("2021-09-15", root.GetProperty("decidedOn").GetString());
        Assert.Equal("2021-06-01", root.GetProperty("applicationCompletedOn").GetString());
        Assert.DoesNotContain("区总工会党组会议", message.Payload);
    }

    private async Task<(AssistanceDecision A, AssistanceDecision B, PublicNotice Notice)> NoticedBeforeNationalDayAsync()
    {
        host.Clock.SetDate(new DateOnly(2024, 9, 20));
        var a = await CreateAsync(Living(await HouseholdAsync(), 50_000, "2024-09-20"));
        var b = await CreateAsync(Living(await HouseholdAsync(), 50_000, "2024-09-20"));
        var notice = await Caseworker.StartNoticeAsync(new StartNoticeRequest
        {
            DecisionIds = { a.DecisionId, b.DecisionId },
            Place = "裕安区总工会公示栏及网站",
            StartsOn = "2024-09-27",
        });
        return (a, b, notice);
    }

    private Task<AssistanceDecision> GetAsync(string id) =>
        Caseworker.GetDecisionAsync(new GetDecisionRequest { DecisionId = id }).ResponseAsync;

    [Fact]
    public async Task A_notice_posted_before_National_Day_2024_ends_after_five_working_days_of_the_official_calendar()
    {
        var (a, _, notice) = await NoticedBeforeNationalDayAsync();

        // 09-27, Sunday 09-29 (a swapped working day), 09-30, then 10-08 and 10-09 after the holiday.
        Assert.Equal("2024-10-09", notice.EndsOn);
        Assert.Equal(5, notice.WorkingDays);
        Assert.False(notice.EndsOnProvisional);
        Assert.Equal(["NOTICE_RUNNING"], (await GetAsync(a.DecisionId)).NotPayableReasons);
        host.Clock.SetDate(new DateOnly(2024, 10, 9));
        Assert.False((await GetAsync(a.DecisionId)).Payable);

        host.Clock.SetDate(new DateOnly(2024, 10, 10));
        var after = await GetAsync(a.DecisionId);
        var read = await Caseworker.GetNoticeAsync(new GetNoticeRequest { NoticeId = notice.NoticeId });

        Assert.True(after.Payable);
        Assert.Empty(after.NotPayableReasons);
        Assert.Equal(notice.NoticeId, after.NoticeId);
        Assert.True(read.Ended);
    }

    [Fact]
    public async Task An_upheld_objection_blocks_only_the_household_it_names()
    {
        var (a, b, notice) = await NoticedBeforeNationalDayAsync();
        host.Clock.SetDate(new DateOnly(2024, 9, 30));
        var recorded = await Caseworker.RecordObjectionAsync(new RecordObjectionRequest
        {
            NoticeId = notice.NoticeId,
            DecisionId = a.DecisionId,
            Text = "群众反映该户家庭成员有经营收入",
        });
        var decided = await Client(Yuan, Roles.Approver).DecideObjectionAsync(new DecideObjectionRequest
        {
            NoticeId = notice.NoticeId,
            ObjectionId = recorded.Objections.Single().ObjectionId,
            Upheld = true,
            Reason = "经核实家庭收入超过标准",
        });

        host.Clock.SetDate(new DateOnly(2024, 10, 10));
        var blocked = await GetAsync(a.DecisionId);
        var payable = await GetAsync(b.DecisionId);
        var list = await Caseworker.ListDecisionsAsync(new ListDecisionsRequest { Year = 2024, Payable = true });

        Assert.Equal(ObjectionStatus.Upheld, decided.Objections.Single().Status);
        Assert.Equal(["OBJECTION_UPHELD"], blocked.NotPayableReasons);
        Assert.True(payable.Payable);
        Assert.Equal([b.DecisionId], list.Decisions.Select(d => d.DecisionId));
    }

    [Fact]
    public async Task A_phase_out_that_ends_with_the_notice_leaves_its_decision_unpayable()
    {
        host.Clock.SetDate(new DateOnly(2024, 9, 20));
        var decision = await CreateAsync(Living(await HouseholdAsync("PHASE_OUT", new DateOnly(2024, 10, 9)), 50_000, "2024-09-20"));
        await Caseworker.StartNoticeAsync(new StartNoticeRequest { DecisionIds = { decision.DecisionId }, Place = "公示栏", StartsOn = "2024-09-27" });

        host.Clock.SetDate(new DateOnly(2024, 10, 10));
        var after = await GetAsync(decision.DecisionId);

        Assert.Equal(["HOUSEHOLD_NOT_PAYABLE"], after.NotPayableReasons);
        Assert.False(after.Payable);
    }

    [Fact]
    public async Task An_objection_is_recorded_only_while_the_notice_runs_and_decided_once()
    {
        var (a, _, notice) = await NoticedBeforeNationalDayAsync();
        var objection = new RecordObjectionRequest { NoticeId = notice.NoticeId, DecisionId = a.DecisionId, Text = "异议" };
        var early = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Caseworker.RecordObjectionAsync(objection).ResponseAsync);

        host.Clock.SetDate(new DateOnly(2024, 10, 9));
        var recorded = await Caseworker.RecordObjectionAsync(objection);
        host.Clock.SetDate(new DateOnly(2024, 10, 10));
        var pending = await GetAsync(a.DecisionId);
        var late = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Caseworker.RecordObjectionAsync(objection).ResponseAsync);
        var decide = new DecideObjectionRequest { NoticeId = notice.NoticeId, ObjectionId = recorded.Objections[0].ObjectionId, Upheld = false, Reason = "经核实不属实" };
        await Client(Yuan, Roles.Approver).DecideObjectionAsync(decide);
        var twice = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Client(Yuan, Roles.Approver).DecideObjectionAsync(decide).ResponseAsync);

        Assert.Equal("NOTICE_NOT_RUNNING", early.Code());
        Assert.Equal("NOTICE_NOT_RUNNING", late.Code());
        Assert.Equal(["OBJECTION_PENDING"], pending.NotPayableReasons);
        Assert.Equal("OBJECTION_ALREADY_DECIDED", twice.Code());
        Assert.True((await GetAsync(a.DecisionId)).Payable);
    }

    [Fact]
    public async Task A_decision_goes_on_one_notice_only_and_a_refused_notice_writes_nothing()
    {
        var (a, _, _) = await NoticedBeforeNationalDayAsync();
        var fresh = await CreateAsync(Living(await HouseholdAsync(), 50_000, "2024-09-20"));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Caseworker.StartNoticeAsync(new StartNoticeRequest
        {
            DecisionIds = { fresh.DecisionId, a.DecisionId },
            Place = "公示栏",
            StartsOn = "2024-10-08",
        }).ResponseAsync);
        var bad = await RpcAssert.InvalidArgument(() => Caseworker.StartNoticeAsync(new StartNoticeRequest
        {
            DecisionIds = { fresh.DecisionId, fresh.DecisionId, "x" },
            StartsOn = "2024-13-01",
        }).ResponseAsync, "decision_ids", "decision_ids[2]", "place", "starts_on");

        Assert.Equal("DECISION_ALREADY_NOTICED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal("", (await GetAsync(fresh.DecisionId)).NoticeId);
        Assert.NotNull(bad);
    }
}

public sealed class SqliteAssistanceDecisionTests(ClockedDecisionsHost host)
    : AssistanceDecisionTests<ClockedDecisionsHost>(host), IClassFixture<ClockedDecisionsHost>;

public sealed class PostgresAssistanceDecisionTests(PostgresClockedDecisionsHost host)
    : AssistanceDecisionTests<PostgresClockedDecisionsHost>(host), IClassFixture<PostgresClockedDecisionsHost>;
