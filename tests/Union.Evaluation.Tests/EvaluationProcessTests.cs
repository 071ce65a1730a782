using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Union.Contracts.Common.V1;
using Union.Contracts.Evaluation.V1;
using Union.Contracts.Events.V1;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Tests.Infrastructure;
using Union.Shared.Auth;
using Union.Testing;
using EvaluationStage = Union.Contracts.Evaluation.V1.EvaluationStage;

namespace Union.Evaluation.Tests;

/// <summary>The process over gRPC in-process: roles, stages, operational indicators from events, the grade event, reports, comparisons.</summary>
public class EvaluationProcessTests(EvaluationHost host) : IClassFixture<EvaluationHost>, IAsyncLifetime
{
    protected const string City = "51/5115";
    protected const string OtherCity = "51/5101";
    protected const string Province = "51";

    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected PerformanceEvaluations.PerformanceEvaluationsClient Owner(string org = City) => host.Client(org, Roles.Caseworker);
    protected PerformanceEvaluations.PerformanceEvaluationsClient Group() => host.Client(Province, Roles.Evaluator);

    protected async Task<string> StartAsync(string org = City, int year = 2025) =>
        (await host.Client(org).CreateEvaluationAsync(Requests.Programme(year, org))).EvaluationId;

    /// <summary>docs/evaluation.md's process, call by call; returns the archived sheet.</summary>
    protected async Task<EvaluationSheet> WalkAsync(string id, string org = City)
    {
        await Owner(org).SetTargetsAsync(new SetTargetsRequest { EvaluationId = id, Targets = { new AidTarget { AidType = "LIVING", Households = 20 } } });
        await Owner(org).RecordScoresAsync(new RecordScoresRequest
        {
            EvaluationId = id,
            Inputs =
            {
                new IndicatorInput { Key = "4", Yes = true },
                new IndicatorInput { Key = "16", Score = "10", Evidence = "帮扶效益明显" },
            },
        });
        await Owner(org).SubmitSelfEvaluationAsync(new SubmitSelfEvaluationRequest { EvaluationId = id, Report = "自评报告：目标全部完成。" });
        await Group().RecordScoresAsync(new RecordScoresRequest
        {
            EvaluationId = id, Reason = "整体评价核减",
            Inputs = { new IndicatorInput { Key = "16", Score = "8", Evidence = "部分效益未体现" } },
        });
        await Group().CompleteOverallEvaluationAsync(new StepRequest { EvaluationId = id, Reason = "整体评价完成" });
        var onSite = await Group().RecordFieldWorkAsync(new RecordFieldWorkRequest
        {
            EvaluationId = id,
            Records = { new FieldRecord { IndicatorKey = "8", Finding = "抽查档案10份，1份纸电不一致" } },
            Surveys = { new Survey { Kind = SurveyKind.Satisfaction, SampleSize = 50, Satisfied = 47 } },
            Issues = { new NewIssue { IndicatorKey = "8", Description = "档案纸电不一致" } },
        });
        Assert.Equal("94", onSite.Surveys[0].RatePercent);
        await Group().CompleteOnSiteEvaluationAsync(new StepRequest { EvaluationId = id });
        await Group().RecheckIssueAsync(new RecheckIssueRequest
        {
            EvaluationId = id, IssueId = onSite.Issues[0].IssueId, Result = RecheckResult.NotRectified, Note = "未整改",
        });
        var graded = await Group().GradeEvaluationAsync(new StepRequest { EvaluationId = id });
        Assert.Equal(EvaluationStage.Graded, graded.Evaluation.Stage);
        return await Group().ArchiveEvaluationAsync(new StepRequest { EvaluationId = id, Reason = "建立档案" });
    }

    public Task<EvaluationSheet> WalkPublicAsync(string id) => WalkAsync(id);

    [Fact]
    public async Task An_evaluation_goes_from_self_evaluation_to_an_archived_grade()
    {
        var id = await StartAsync();

        var archived = await WalkAsync(id);

        Assert.Equal(EvaluationStage.Archived, archived.Evaluation.Stage);
        Assert.Equal("13", archived.ScoredTotal);     // 指标4 yes (5) + 指标16 as the group changed it (8)
        Assert.Equal("1", archived.Adjustment);
        Assert.Equal("12", archived.Evaluation.FinalScore);
        Assert.Equal("不合格", archived.Evaluation.Grade);
        Assert.NotNull(archived.Evaluation.ArchivedAt);
        Assert.Equal(5, archived.Transitions.Count);
        Assert.Equal("自评报告：目标全部完成。", archived.SelfReport);
        var change = archived.History.Last(h => h.Key == "16");
        Assert.Equal("10", change.PreviousScore);
        Assert.Equal("8", change.NewScore);
        Assert.Equal("整体评价核减", change.Reason);
    }

    [Fact]
    public async Task Archiving_publishes_the_grade_through_the_outbox()
    {
        var id = await StartAsync();
        await WalkAsync(id);

        var message = await Eventually.ReturnsAsync(
            () => host.WithDatabaseAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.EventType == "union.events.v1.EvaluationGraded").ToListAsync()),
            m => m.Count == 1 && m[0].PublishedAt is not null, "the outbox to publish EvaluationGraded");
        Assert.Contains(id, message[0].Payload);
        Assert.Contains("不合格", message[0].Payload);
        Assert.Equal(City, message[0].OrganisationPath);
    }

    [Fact]
    public async Task Self_evaluation_is_the_owners_and_the_later_steps_the_provinces()
    {
        var id = await StartAsync();
        var self = new RecordScoresRequest { EvaluationId = id, Inputs = { new IndicatorInput { Key = "4", Yes = true } } };

        Assert.Equal("OWNER_ONLY", (await RpcAssert.Fails(StatusCode.PermissionDenied, () => Group().RecordScoresAsync(self).ResponseAsync)).Code());
        Assert.Equal("ROLE_REQUIRED", (await RpcAssert.Fails(StatusCode.PermissionDenied, () => host.Client(City, Roles.Auditor).RecordScoresAsync(self).ResponseAsync)).Code());
        Assert.Equal("PROVINCE_ONLY", (await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Client(City, Roles.Evaluator).CompleteOverallEvaluationAsync(new StepRequest { EvaluationId = id }).ResponseAsync)).Code());
        Assert.Equal("ROLE_REQUIRED", (await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Client(Province, Roles.Admin).CompleteOverallEvaluationAsync(new StepRequest { EvaluationId = id }).ResponseAsync)).Code());
        // Another city does not see it at all.
        await RpcAssert.Fails(StatusCode.NotFound, () => Owner(OtherCity).RecordScoresAsync(self).ResponseAsync);
    }

    [Fact]
    public async Task A_step_in_the_wrong_stage_answers_a_stable_code()
    {
        var id = await StartAsync();
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Group().CompleteOnSiteEvaluationAsync(new StepRequest { EvaluationId = id }).ResponseAsync);
        Assert.Equal("WRONG_STAGE", e.Code());
        Assert.Equal("SelfEvaluation", e.Metadata()["stage"]);
    }

    [Fact]
    public async Task Self_evaluation_refuses_indicators_not_self_evaluated()
    {
        var id = await StartAsync();
        await RpcAssert.InvalidArgument(() => Owner().RecordScoresAsync(new RecordScoresRequest
        {
            EvaluationId = id, Inputs = { new IndicatorInput { Key = "19", Score = "0", Evidence = "x" } },
        }).ResponseAsync, "inputs[0].key");
    }

    [Fact]
    public async Task The_working_group_must_give_a_reason_to_change_a_submitted_score()
    {
        var id = await StartAsync();
        await Owner().RecordScoresAsync(new RecordScoresRequest { EvaluationId = id, Inputs = { new IndicatorInput { Key = "4", Yes = true } } });
        await Owner().SubmitSelfEvaluationAsync(new SubmitSelfEvaluationRequest { EvaluationId = id, Report = "报告" });
        await RpcAssert.InvalidArgument(() => Group().RecordScoresAsync(new RecordScoresRequest
        {
            EvaluationId = id, Inputs = { new IndicatorInput { Key = "4", Yes = false } },
        }).ResponseAsync, "reason");
    }

    [Fact]
    public async Task An_archived_evaluation_is_locked_and_reported()
    {
        var id = await StartAsync();
        await WalkAsync(id);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Group().RecordScoresAsync(new RecordScoresRequest
        {
            EvaluationId = id, Reason = "r", Inputs = { new IndicatorInput { Key = "4", Yes = false } },
        }).ResponseAsync);
        Assert.Equal("EVALUATION_ARCHIVED", e.Code());

        var xlsx = await Owner().ExportEvaluationReportAsync(new ExportEvaluationReportRequest { EvaluationId = id });
        Assert.EndsWith(".xlsx", xlsx.FileName);
        var rows = MiniExcel.Query(new MemoryStream(xlsx.Content.ToByteArray()), useHeaderRow: true, sheetName: "评价结果").Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(rows, r => (string)r["项目"] == "评价等级" && (string)r["内容"] == "不合格");
        var html = await Owner().ExportEvaluationReportAsync(new ExportEvaluationReportRequest { EvaluationId = id, Format = "html" });
        var text = Encoding.UTF8.GetString(html.Content.ToByteArray());
        Assert.Contains("绩效评价报告", text);
        Assert.Contains("档案纸电不一致", text);
    }

    [Fact]
    public async Task The_report_waits_for_the_grade()
    {
        var id = await StartAsync();
        Assert.Equal("WRONG_STAGE", (await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => Owner().ExportEvaluationReportAsync(new ExportEvaluationReportRequest { EvaluationId = id }).ResponseAsync)).Code());
    }

    [Fact]
    public async Task Operational_indicators_come_from_events_and_a_redelivered_payment_counts_once()
    {
        var id = await StartAsync();
        await Owner().SetTargetsAsync(new SetTargetsRequest { EvaluationId = id, Targets = { new AidTarget { AidType = "LIVING", Households = 2 } } });
        var decision = Guid.NewGuid();
        var household = Guid.NewGuid();
        var bus = host.Services.GetRequiredService<IBus>();
        await bus.Publish(new AssistanceDecided
        {
            Header = Header(City), DecisionId = decision.ToString(), HouseholdId = household.ToString(), AidType = "LIVING",
            Amount = new Money { Fen = 100_000 }, Source = FundSource.CentralFinance, DecidedOn = "2025-03-03",
            ApplicationCompletedOn = "2025-03-03", Instalments = 1, Frequency = "QUARTERLY",
        });
        var payment = Paid(decision, household, 100_000, new DateTime(2025, 3, 10, 2, 0, 0, DateTimeKind.Utc));
        await bus.Publish(payment);
        await bus.Publish(payment.Clone());
        // The same payment again under a new event id (a publisher's retry) is still one payment.
        var again = payment.Clone();
        again.Header.EventId = Guid.CreateVersion7().ToString();
        await bus.Publish(again);

        await Eventually.ReturnsAsync(() => host.WithDatabaseAsync(db => db.InboxMessages.CountAsync()), n => n == 3, "the decision and both payment events to be consumed");
        var sheet = await Owner().RefreshOperationalIndicatorsAsync(new RefreshOperationalIndicatorsRequest { EvaluationId = id });

        var completion = sheet.Inputs.Single(i => i.Input.Key == "12");
        Assert.Equal(InputSource.Operational, completion.Source);
        Assert.Equal("1", completion.Input.Lines[0].Actual);
        Assert.Equal([payment.PaymentId], completion.EvidenceIds);
        Assert.Equal("0", Find(sheet.Sheet.Indicators, "12")!.Score); // 50 %: 10 − 50 × 0.5 → floored at 0
        Assert.Equal("2", Find(sheet.Sheet.Indicators, "13.2")!.Score);
        Assert.Equal("9", Find(sheet.Sheet.Indicators, "14")!.Score);
        Assert.Equal(1, await host.WithDatabaseAsync(db => db.Set<PaymentFact>().CountAsync()));

        // Overriding it takes a reason.
        await RpcAssert.InvalidArgument(() => Owner().RecordScoresAsync(new RecordScoresRequest
        {
            EvaluationId = id, Inputs = { new IndicatorInput { Key = "14", Occurrences = 3 } },
        }).ResponseAsync, "reason");
    }

    [Fact]
    public async Task The_province_compares_every_organisation_with_the_year_before()
    {
        var lastYear = await StartAsync(City, 2024);
        await WalkAsync(lastYear);
        var thisYear = await StartAsync(City, 2025);
        await Owner().RecordScoresAsync(new RecordScoresRequest { EvaluationId = thisYear, Inputs = { new IndicatorInput { Key = "4", Yes = true }, new IndicatorInput { Key = "3", Ticked = { "经集体研究决定" } } } });
        var other = await StartAsync(OtherCity, 2025);
        await Owner(OtherCity).RecordScoresAsync(new RecordScoresRequest { EvaluationId = other, Inputs = { new IndicatorInput { Key = "16", Score = "10", Evidence = "x" } } });

        var comparison = await Group().CompareEvaluationsAsync(new CompareEvaluationsRequest { Year = 2025 });

        Assert.Equal(2, comparison.Rows.Count);
        var city = comparison.Rows.Single(r => r.Owner.Path == City);
        Assert.Equal("7", city.Total);
        Assert.Equal("12", city.PreviousTotal);
        Assert.Equal("-5", city.Change);
        Assert.Equal("5", city.Indicators.Single(i => i.Key == "4").Score);
        Assert.Equal(string.Empty, comparison.Rows.Single(r => r.Owner.Path == OtherCity).PreviousTotal);
        Assert.Equal(5, comparison.Lowest.Count);
        Assert.Equal("0", comparison.Lowest[0].AverageScore);

        var workbook = await Group().ExportComparisonAsync(new CompareEvaluationsRequest { Year = 2025 });
        var rows = MiniExcel.Query(new MemoryStream(workbook.Content.ToByteArray()), useHeaderRow: true, sheetName: "各单位得分").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);

        // A city sees only its own subtree.
        var own = await Owner(OtherCity).CompareEvaluationsAsync(new CompareEvaluationsRequest { Year = 2025 });
        Assert.Equal(OtherCity, Assert.Single(own.Rows).Owner.Path);
    }

    private static IndicatorScore? Find(IEnumerable<IndicatorScore> nodes, string key)
    {
        foreach (var n in nodes)
        {
            if (n.Key == key) return n;
            if (Find(n.Children, key) is { } hit) return hit;
        }
        return null;
    }

    private static EventHeader Header(string org) => new()
    {
        EventId = Guid.CreateVersion7().ToString(), OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow), OrganisationPath = org,
        CorrelationId = Guid.NewGuid().ToString("N"),
    };

    private static PaymentSettled Paid(Guid decision, Guid household, long fen, DateTime settledAt) => new()
    {
        Header = Header(City), PaymentId = Guid.NewGuid().ToString(), BatchId = Guid.NewGuid().ToString(), DecisionId = decision.ToString(),
        InstalmentNumber = 1, HouseholdId = household.ToString(), Amount = new Money { Fen = fen }, AidType = "LIVING",
        Source = FundSource.CentralFinance, Status = "PAID", DueOn = "2025-03-10", SettledAt = Timestamp.FromDateTime(settledAt),
    };
}

/// <summary>The same walk on the real PostgreSQL server: the process document, the concurrency token and the fact tables on Npgsql.</summary>
public sealed class PostgresEvaluationProcessTests(PostgresEvaluationHost host) : IClassFixture<PostgresEvaluationHost>, IAsyncLifetime
{
    private const string City = "51/5115";

    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_process_round_trips_on_postgres()
    {
        var walk = new EvaluationProcessTests(host);
        var id = (await host.Client(City).CreateEvaluationAsync(Requests.Programme(2025, City))).EvaluationId;
        var archived = await walk.WalkPublicAsync(id);
        var read = await host.Client("51", Roles.Evaluator).GetEvaluationSheetAsync(new GetEvaluationRequest { EvaluationId = id });
        Assert.Equal(archived, read);
        Assert.Equal("12", read.Evaluation.FinalScore);
    }
}
