using Union.Evaluation.Domain;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Domain.Process;
using Union.Evaluation.Domain.Templates;
using Union.Shared.Calendar;
using Union.Shared.Errors;
using Union.Shared.Validation;

namespace Union.Evaluation.Tests;

/// <summary>The process's rules on the aggregate, without I/O: each transition, the grade bands, the re-check, the history.</summary>
public sealed class ProcessRuleTests
{
    private const string City = "51/5115";
    private static readonly DateTime Now = new(2025, 12, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly IndicatorTemplate Template = IndicatorTemplate.Create(BuiltInTemplates.YuAn2021, 1, true, "system", Now);
    private static IndicatorTree Tree => Template.Tree;
    private static WorkingDayCalendar Calendar => WorkingDayCalendar.Official;

    private static PerformanceEvaluation Started() =>
        PerformanceEvaluation.Start(City, EvaluationSubject.Programme(City), 2025, Template, "owner", Now);

    private static void Record(PerformanceEvaluation e, InputSource source, string reason, params IndicatorInput[] inputs)
    {
        var v = new RequestValidator();
        e.RecordInputs(Tree, inputs, source, reason, null, Calendar, v, source == InputSource.Self ? "owner" : "evaluator", Now);
        v.ThrowIfInvalid();
    }

    private static PerformanceEvaluation InRectification(params (string Key, string Description)[] issues)
    {
        var e = Started();
        Record(e, InputSource.Self, "", new IndicatorInput { Key = "16", Score = 10, Evidence = "帮扶效益明显" });
        e.SubmitSelfEvaluation("自评报告", "owner", Now);
        e.CompleteOverall("evaluator", Now, "");
        e.RecordFieldWork([], [], issues, "evaluator", Now);
        e.CompleteOnSite("evaluator", Now, "");
        return e;
    }

    [Theory]
    [InlineData("100", "优秀")]
    [InlineData("90.0", "优秀")]
    [InlineData("89.99", "良好")]
    [InlineData("80", "良好")]
    [InlineData("79.99", "合格")]
    [InlineData("60", "合格")]
    [InlineData("59.99", "不合格")]
    [InlineData("0", "不合格")]
    public void Default_grade_bands_are_read_on_exact_decimals(string score, string grade) =>
        Assert.Equal(grade, GradeBands.GradeOf(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), GradeBands.Default));

    [Fact]
    public void Configured_bands_replace_the_default()
    {
        var options = new EvaluationProcessOptions { GradeBands = [new() { Name = "A", MinScore = 85 }, new() { Name = "B", MinScore = 0 }] };
        Assert.Equal("A", GradeBands.GradeOf(85m, options.Bands));
        Assert.Equal("B", GradeBands.GradeOf(84.99m, options.Bands));
    }

    [Fact]
    public void Self_evaluation_refuses_an_indicator_not_self_evaluated()
    {
        var e = Started();
        var v = new RequestValidator();
        e.RecordInputs(Tree, [new IndicatorInput { Key = "17", Score = 0, Evidence = "x" }], InputSource.Self, "", null, Calendar, v, "owner", Now);
        Assert.Contains(v.Violations, x => x.Reason == "NOT_SELF_EVALUATED");
        Assert.Empty(e.Process.Inputs);
    }

    [Fact]
    public void Each_step_is_refused_in_the_wrong_stage()
    {
        var e = Started();
        Assert.Equal("WRONG_STAGE", Assert.Throws<DomainRuleException>(() => e.CompleteOverall("evaluator", Now, "")).Code);
        Assert.Equal("WRONG_STAGE", Assert.Throws<DomainRuleException>(() => e.CompleteOnSite("evaluator", Now, "")).Code);
        Assert.Equal("WRONG_STAGE", Assert.Throws<DomainRuleException>(() => e.GradeFinal(Tree, Calendar, GradeBands.Default, "evaluator", Now, "")).Code);
        Assert.Equal("WRONG_STAGE", Assert.Throws<DomainRuleException>(() => e.Archive("evaluator", Now, "")).Code);
        Assert.Equal("WRONG_STAGE", Assert.Throws<DomainRuleException>(() => e.RecordFieldWork([("12", "x")], [], [], "evaluator", Now)).Code);
        Assert.Equal("WRONG_STAGE", Assert.Throws<DomainRuleException>(() => Record(e, InputSource.WorkingGroup, "r", new IndicatorInput { Key = "4", Yes = true })).Code);

        e.SubmitSelfEvaluation("报告", "owner", Now);
        Assert.Equal(EvaluationStage.Overall, e.Stage);
        Assert.Equal("WRONG_STAGE", Assert.Throws<DomainRuleException>(() => e.SubmitSelfEvaluation("报告", "owner", Now)).Code);
        Assert.Equal("WRONG_STAGE", Assert.Throws<DomainRuleException>(() => e.SetTargets([new AidTarget("LIVING", 1)], "owner", Now)).Code);
        Assert.Equal("WRONG_STAGE", Assert.Throws<DomainRuleException>(() => Record(e, InputSource.Self, "", new IndicatorInput { Key = "4", Yes = true })).Code);
    }

    [Fact]
    public void Every_transition_records_who_when_and_why()
    {
        var e = InRectification();
        e.GradeFinal(Tree, Calendar, GradeBands.Default, "evaluator", Now, "");
        e.Archive("evaluator", Now.AddHours(1), "建立档案");

        Assert.Equal(
            [(EvaluationStage.SelfEvaluation, EvaluationStage.Overall), (EvaluationStage.Overall, EvaluationStage.OnSite),
             (EvaluationStage.OnSite, EvaluationStage.Rectification), (EvaluationStage.Rectification, EvaluationStage.Graded),
             (EvaluationStage.Graded, EvaluationStage.Archived)],
            e.Process.Transitions.Select(t => (t.From, t.To)));
        var last = e.Process.Transitions[^1];
        Assert.Equal("evaluator", last.By);
        Assert.Equal("建立档案", last.Reason);
        Assert.Equal(Now.AddHours(1), last.At);
        Assert.Equal("owner", e.Process.Transitions[0].By);
    }

    [Fact]
    public void A_score_changed_after_submission_needs_a_reason_and_keeps_the_earlier_one()
    {
        var e = Started();
        Record(e, InputSource.Self, "", new IndicatorInput { Key = "16", Score = 10, Evidence = "自评" });
        e.SubmitSelfEvaluation("报告", "owner", Now);

        var v = new RequestValidator();
        e.RecordInputs(Tree, [new IndicatorInput { Key = "16", Score = 7, Evidence = "核减" }], InputSource.WorkingGroup, "", null, Calendar, v, "evaluator", Now);
        Assert.Contains(v.Violations, x => x.Reason == "REASON_REQUIRED");
        Assert.Equal(10m, e.Sheet(Tree, Calendar).Find("16")!.Score);

        Record(e, InputSource.WorkingGroup, "整体评价核减", new IndicatorInput { Key = "16", Score = 7, Evidence = "核减" });
        Assert.Equal(7m, e.Sheet(Tree, Calendar).Find("16")!.Score);
        var change = e.Process.History[^1];
        Assert.Equal(10m, change.PreviousScore);
        Assert.Equal(InputSource.Self, change.PreviousSource);
        Assert.Equal(7m, change.NewScore);
        Assert.Equal("整体评价核减", change.Reason);
        Assert.Equal(EvaluationStage.Overall, change.Stage);
    }

    [Fact]
    public void An_operational_value_is_overridden_only_with_a_reason()
    {
        var e = Started();
        var v = new RequestValidator();
        e.RecordInputs(Tree, [new IndicatorInput { Key = "14", Occurrences = 12 }], InputSource.Operational, "按业务数据计算",
            new Dictionary<string, (IReadOnlyList<string>, string)> { ["14"] = (["h1", "h2"], "超标准") }, Calendar, v, "system", Now);
        Assert.Equal(7.8m, e.Sheet(Tree, Calendar).Find("14")!.Score);
        Assert.Equal(["h1", "h2"], e.Process.Inputs["14"].EvidenceIds);

        v = new RequestValidator();
        e.RecordInputs(Tree, [new IndicatorInput { Key = "14", Occurrences = 0 }], InputSource.Self, "", null, Calendar, v, "owner", Now);
        Assert.Contains(v.Violations, x => x.Reason == "REASON_REQUIRED");

        Record(e, InputSource.Self, "12户中有12户为系统误报，已附银行回单", new IndicatorInput { Key = "14", Occurrences = 0 });
        Assert.Equal(9m, e.Sheet(Tree, Calendar).Find("14")!.Score);
        Assert.Equal(7.8m, e.Process.History[^1].PreviousScore);
        Assert.Equal(InputSource.Operational, e.Process.History[^1].PreviousSource);
    }

    [Fact]
    public void Grading_waits_for_every_issue_to_be_rechecked()
    {
        var e = InRectification(("8", "纸电不一致"));
        Assert.Equal("ISSUES_NOT_RECHECKED", Assert.Throws<DomainRuleException>(() => e.GradeFinal(Tree, Calendar, GradeBands.Default, "evaluator", Now, "")).Code);
    }

    [Fact]
    public void Recheck_results_adjust_the_final_score_by_the_configured_deduction()
    {
        var options = new EvaluationProcessOptions { NotRectifiedDeduction = 2m, PartlyRectifiedDeduction = 0.75m };
        var e = InRectification(("8", "纸电不一致"), ("11", "未告知"), ("5", "已改"));
        var issues = e.Process.Issues;
        e.RecheckIssue(issues[0].IssueId, RecheckResult.NotRectified, "", options.DeductionFor(RecheckResult.NotRectified), "evaluator", Now);
        e.RecheckIssue(issues[1].IssueId, RecheckResult.PartlyRectified, "", options.DeductionFor(RecheckResult.PartlyRectified), "evaluator", Now);
        e.RecheckIssue(issues[2].IssueId, RecheckResult.Rectified, "", options.DeductionFor(RecheckResult.Rectified), "evaluator", Now);

        e.GradeFinal(Tree, Calendar, GradeBands.Default, "evaluator", Now, "");

        Assert.Equal(10m, e.Process.ScoredTotal);
        Assert.Equal(2.75m, e.Process.Adjustment);
        Assert.Equal(7.25m, e.FinalScore);
        Assert.Equal("不合格", e.Grade);
    }

    [Fact]
    public void The_final_score_is_never_below_zero()
    {
        var e = InRectification(("8", "纸电不一致"));
        e.RecheckIssue(e.Process.Issues[0].IssueId, RecheckResult.NotRectified, "", 50m, "evaluator", Now);
        e.GradeFinal(Tree, Calendar, GradeBands.Default, "evaluator", Now, "");
        Assert.Equal(0m, e.FinalScore);
    }

    [Fact]
    public void An_unknown_issue_is_refused()
    {
        var e = InRectification();
        Assert.Equal("ISSUE_NOT_FOUND", Assert.Throws<DomainRuleException>(() => e.RecheckIssue("nope", RecheckResult.Rectified, "", 0, "evaluator", Now)).Code);
    }

    [Fact]
    public void An_archived_evaluation_is_locked()
    {
        var e = InRectification();
        e.GradeFinal(Tree, Calendar, GradeBands.Default, "evaluator", Now, "");
        e.Archive("evaluator", Now, "");
        Assert.Equal("EVALUATION_ARCHIVED", Assert.Throws<DomainRuleException>(() => Record(e, InputSource.WorkingGroup, "r", new IndicatorInput { Key = "4", Yes = true })).Code);
        Assert.Equal("EVALUATION_ARCHIVED", Assert.Throws<DomainRuleException>(() => e.Archive("evaluator", Now, "")).Code);
    }

    [Fact]
    public void A_survey_rate_is_satisfied_over_sample()
    {
        Assert.Equal(94m, new Survey(SurveyKind.Satisfaction, 50, 47, "e", Now).RatePercent);
        Assert.Equal(66.67m, new Survey(SurveyKind.Awareness, 3, 2, "e", Now).RatePercent);
    }

    [Fact]
    public void The_process_document_survives_a_round_trip()
    {
        var e = InRectification(("8", "纸电不一致"));
        var copy = EvaluationProcess.Parse(e.ProcessJson);
        Assert.Equal(e.Process.Serialize(), copy.Serialize());
        Assert.Equal(10m, copy.Inputs["16"].Input.Score);
    }

    // ------------------------------------------------------------ operational indicators

    private static readonly Guid Decision1 = Guid.NewGuid(), Decision2 = Guid.NewGuid();

    private static DecisionFact Decision(Guid id, string aidType, long fen, DateOnly completed, string frequency = "ONCE", string household = "h1") => new()
    {
        DecisionId = id, OrganisationPath = City, HouseholdId = household, AidType = aidType, AmountFen = fen, Source = 1,
        DecidedOn = completed, ApplicationCompletedOn = completed, Frequency = frequency,
    };

    private static PaymentFact Payment(Guid decision, string aidType, long fen, DateOnly on, string household = "h1", string status = "PAID", int source = 1) => new()
    {
        PaymentId = Guid.NewGuid(), DecisionId = decision, OrganisationPath = City, HouseholdId = household, AidType = aidType,
        Source = source, AmountFen = fen, Status = status, SettledOn = on,
    };

    private static IReadOnlyList<OperationalValue> Compute(OperationalFacts facts, params AidTarget[] targets) =>
        OperationalIndicators.Compute(Tree, BuiltInTemplates.YuAn2021.Bindings!, 2025, targets, facts, new Dictionary<string, StoredInput>()).Values;

    [Fact]
    public void Completion_counts_households_paid_in_the_year_per_aid_type()
    {
        var d = new DateOnly(2025, 3, 3);
        var facts = new OperationalFacts(
            [Decision(Decision1, "LIVING", 100_000, d), Decision(Decision2, "LIVING", 100_000, d, household: "h2")],
            [Payment(Decision1, "LIVING", 50_000, d.AddDays(5)), Payment(Decision1, "LIVING", 50_000, d.AddDays(40)),
             Payment(Decision2, "LIVING", 100_000, d.AddDays(5), household: "h2", status: "FAILED")],
            [], []);

        var completion = Compute(facts, new AidTarget("LIVING", 2)).Single(x => x.Input.Key == "12");
        var line = Assert.Single(completion.Input.Lines);
        Assert.Equal(1m, line.Actual); // h1 twice counts once; h2's payment failed
        Assert.Equal(2m, line.Target);
        Assert.Equal(2, completion.EvidenceIds.Count);
    }

    [Fact]
    public void Help_on_the_31st_working_day_scores_zero()
    {
        // The 30th and 31st working days after 2025-03-03 on the official calendar (清明 falls between).
        var start = new DateOnly(2025, 3, 3);
        var day30 = start;
        while (Calendar.WorkingDaysBetween(start, day30).Value < 30) day30 = day30.AddDays(1);
        var day31 = day30.AddDays(1);
        while (Calendar.WorkingDaysBetween(start, day31).Value < 31) day31 = day31.AddDays(1);
        Assert.Equal(new DateOnly(2025, 4, 15), day30); // 4 April (清明) is a holiday
        var lateFacts = new OperationalFacts([Decision(Decision1, "LIVING", 1, start)], [Payment(Decision1, "LIVING", 1, day31)], [], []);
        var onTimeFacts = new OperationalFacts([Decision(Decision1, "LIVING", 1, start)], [Payment(Decision1, "LIVING", 1, day30)], [], []);

        Assert.Equal(0m, ScoreOf(Compute(lateFacts), "13.2"));
        Assert.Equal(2m, ScoreOf(Compute(onTimeFacts), "13.2"));
    }

    [Fact]
    public void A_household_paid_above_its_decision_is_one_deduction()
    {
        var d = new DateOnly(2025, 3, 3);
        var facts = new OperationalFacts(
            [Decision(Decision1, "LIVING", 100_000, d), Decision(Decision2, "MEDICAL", 100_000, d, household: "h2")],
            [Payment(Decision1, "LIVING", 100_000, d), Payment(Decision1, "LIVING", 1, d),
             Payment(Decision2, "MEDICAL", 100_000, d, household: "h2")],
            [], []);
        var value = Compute(facts).Single(x => x.Input.Key == "14");
        Assert.Equal(1, value.Input.Occurrences);
        Assert.Equal(["h1"], value.EvidenceIds);
        Assert.Equal(8.9m, ScoreOf([value], "14"));
    }

    [Fact]
    public void Central_funds_are_used_within_the_year_when_payments_reach_the_allocation()
    {
        var d = new DateOnly(2025, 3, 3);
        var run = Guid.NewGuid();
        var allocation = new AllocationFact { RunId = run, OrganisationPath = City, Year = 2025, Source = 1, AmountFen = 200 };
        var spent = new OperationalFacts([Decision(Decision1, "LIVING", 200, d, "QUARTERLY")], [Payment(Decision1, "LIVING", 200, d)], [allocation], []);
        var short_ = new OperationalFacts([Decision(Decision1, "LIVING", 200, d, "ONCE")], [Payment(Decision1, "LIVING", 199, d)], [allocation], []);

        var full = Compute(spent).Single(x => x.Input.Key == "10").Input.Ticked;
        Assert.Contains("中央财政帮扶资金年度内使用完毕", full);
        Assert.DoesNotContain("省财政帮扶资金年度内使用完毕", full);
        Assert.DoesNotContain("中央财政帮扶资金年度内使用完毕", Compute(short_).Single(x => x.Input.Key == "10").Input.Ticked);

        Assert.Contains("生活救助按月或按季发放并告知", Compute(spent).Single(x => x.Input.Key == "11").Input.Ticked);
        Assert.DoesNotContain("生活救助按月或按季发放并告知", Compute(short_).Single(x => x.Input.Key == "11").Input.Ticked);
        Assert.Contains("银行卡打卡发放并告知", Compute(short_).Single(x => x.Input.Key == "11").Input.Ticked);
    }

    [Fact]
    public void Help_before_archiving_unticks_the_public_notice_items()
    {
        var d = new DateOnly(2025, 3, 3);
        var household = Guid.NewGuid();
        var early = new OperationalFacts([Decision(Decision1, "LIVING", 1, d, household: household.ToString())],
            [Payment(Decision1, "LIVING", 1, d, household: household.ToString())],
            [], [new HouseholdFact { HouseholdId = household, OrganisationPath = City, ArchivedOn = d.AddDays(1) }]);
        var onTime = early with { Households = [new HouseholdFact { HouseholdId = household, OrganisationPath = City, ArchivedOn = d }] };

        Assert.DoesNotContain("建档帮扶公示", Compute(early).Single(x => x.Input.Key == "8").Input.Ticked);
        Assert.Contains("建档帮扶公示", Compute(onTime).Single(x => x.Input.Key == "8").Input.Ticked);
    }

    [Fact]
    public void A_checklist_keeps_the_items_people_ticked_that_events_do_not_measure()
    {
        var current = new Dictionary<string, StoredInput>
        {
            ["8"] = new() { Input = new IndicatorInput { Key = "8", Ticked = ["退档履行程序", "建档帮扶公示"] }, Source = InputSource.Self },
        };
        var facts = new OperationalFacts([], [], [], []);
        var value = OperationalIndicators.Compute(Tree, BuiltInTemplates.YuAn2021.Bindings!, 2025, [], facts, current).Values.Single(x => x.Input.Key == "8");
        Assert.Equal(["退档履行程序"], value.Input.Ticked);
    }

    [Fact]
    public void Completion_without_targets_is_skipped_and_said()
    {
        var (values, skipped) = OperationalIndicators.Compute(Tree, BuiltInTemplates.YuAn2021.Bindings!, 2025, [], new OperationalFacts([], [], [], []), new Dictionary<string, StoredInput>());
        Assert.DoesNotContain(values, x => x.Input.Key == "12");
        Assert.Contains(skipped, s => s.Contains("目标任务"));
    }

    private static decimal ScoreOf(IReadOnlyList<OperationalValue> values, string key)
    {
        var v = new RequestValidator();
        var sheet = ScoringEngine.Score(Tree, values.Where(x => x.Input.Key == key).Select(x => x.Input).ToList(), Calendar, v);
        Assert.Empty(v.Violations);
        return sheet.Find(key)!.Score;
    }
}
