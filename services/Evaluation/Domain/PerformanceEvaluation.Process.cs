using System.Globalization;
using Union.Evaluation.Domain.Process;
using Union.Evaluation.Domain.Templates;
using Union.Shared.Calendar;
using Union.Shared.Errors;
using Union.Shared.Validation;

namespace Union.Evaluation.Domain;

/// <summary>
/// The process of 000_001fd36b94af060d.txt §四(四) on the evaluation: each step a guarded
/// transition recorded with who, when and why. The collected data (scores, report, field records,
/// surveys, issues, history) is one JSON document; <see cref="Revision"/> makes two concurrent
/// changes collide instead of one silently overwriting the other.
/// </summary>
public sealed partial class PerformanceEvaluation
{
    public const int MaxReportLength = 20_000;
    public const int MaxTextLength = 2_000;

    private EvaluationProcess? _process;

    public string ProcessJson { get; private set; } = string.Empty;
    /// <summary>Bumped on every change; a concurrency token.</summary>
    public int Revision { get; private set; }
    /// <summary>The final score (the sheet's total less the rectification adjustment), set at grading.</summary>
    public decimal? FinalScore { get; private set; }
    public string Grade { get; private set; } = string.Empty;
    public DateTime? ArchivedAt { get; private set; }

    public EvaluationProcess Process => _process ??= EvaluationProcess.Parse(ProcessJson);

    public bool Locked => Stage == EvaluationStage.Archived;

    /// <summary>The targets per aid type, entered at the start of the year (while the organisation evaluates itself).</summary>
    public void SetTargets(IReadOnlyList<AidTarget> targets, string actor, DateTime now)
    {
        RequireStage("填报年度目标任务", EvaluationStage.SelfEvaluation);
        Process.Targets = targets.ToList();
        Touch(actor, now);
    }

    /// <summary>
    /// Records scores (inputs for the template's rules). The organisation scores in self-evaluation
    /// and may not score indicators the template keeps from self-evaluation; the working group scores
    /// from the overall evaluation to the re-check; operational inputs come from events in any open
    /// stage before grading. Replacing a score the working group changes after submission, or any
    /// score computed from operational events, needs a reason; the earlier score stays in
    /// <see cref="EvaluationProcess.History"/>. Problems go to <paramref name="v"/>; nothing changes then.
    /// </summary>
    public void RecordInputs(IndicatorTree tree, IReadOnlyList<IndicatorInput> inputs, InputSource source, string reason,
        IReadOnlyDictionary<string, (IReadOnlyList<string> EvidenceIds, string Basis)>? operational,
        WorkingDayCalendar calendar, RequestValidator v, string actor, DateTime now)
    {
        switch (source)
        {
            case InputSource.Self: RequireStage("自评打分", EvaluationStage.SelfEvaluation); break;
            case InputSource.WorkingGroup: RequireStage("评价工作组打分", EvaluationStage.Overall, EvaluationStage.OnSite, EvaluationStage.Rectification); break;
            default: RequireStage("按业务数据计算指标", EvaluationStage.SelfEvaluation, EvaluationStage.Overall, EvaluationStage.OnSite, EvaluationStage.Rectification); break;
        }
        ScoringEngine.Score(tree, inputs, calendar, v, selfEvaluation: source == InputSource.Self);
        reason = reason.Trim();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!Process.Inputs.TryGetValue(inputs[i].Key.Trim(), out var existing)) continue;
            if (existing.Source == InputSource.Operational && source != InputSource.Operational && reason.Length == 0)
                v.Add("reason", "REASON_REQUIRED", $"指标“{existing.Input.Key}”的得分由业务数据计算，覆盖时应说明理由");
            else if (source == InputSource.WorkingGroup && reason.Length == 0)
                v.Add("reason", "REASON_REQUIRED", $"指标“{existing.Input.Key}”已有得分，修改时应说明理由");
        }
        if (v.Violations.Count > 0) return;

        var before = Sheet(tree, calendar);
        var changed = new List<(string Key, decimal? Previous, InputSource? PreviousSource)>();
        foreach (var input in inputs)
        {
            var key = input.Key.Trim();
            Process.Inputs.TryGetValue(key, out var existing);
            var evidence = operational is not null && operational.TryGetValue(key, out var o) ? o : ([], string.Empty);
            Process.Inputs[key] = new StoredInput
            {
                Input = input with { Key = key },
                Source = source,
                By = actor,
                At = now,
                Reason = reason,
                EvidenceIds = evidence.EvidenceIds,
                Basis = evidence.Basis,
            };
            changed.Add((key, existing is null ? null : before.Find(key)?.Score, existing?.Source));
        }
        var after = Sheet(tree, calendar);
        foreach (var (key, previous, previousSource) in changed)
            Process.History.Add(new ScoreChange(key, Stage, previous, previousSource, after.Find(key)?.Score ?? 0m, source, actor, now, reason));
        Touch(actor, now);
    }

    /// <summary>True when an operational refresh may write this indicator: the working group's own judgement is never replaced by it.</summary>
    public bool OperationalMayReplace(string key) =>
        !Process.Inputs.TryGetValue(key, out var existing) || existing.Source != InputSource.WorkingGroup;

    /// <summary>The scores as they stand (missing inputs count zero).</summary>
    public ScoreSheet Sheet(IndicatorTree tree, WorkingDayCalendar calendar) =>
        ScoringEngine.Score(tree, Process.Inputs.Values.Select(i => i.Input).ToList(), calendar, new RequestValidator());

    /// <summary>The organisation submits its self-evaluation with its report (附件4); the working group takes over.</summary>
    public void SubmitSelfEvaluation(string report, string actor, DateTime now)
    {
        RequireStage("提交自评", EvaluationStage.SelfEvaluation);
        Process.SelfReport = report.Trim();
        MoveTo(EvaluationStage.Overall, actor, now, "提交自评报告");
    }

    /// <summary>The working group has made its overall evaluation (整体评价) and goes on site.</summary>
    public void CompleteOverall(string actor, DateTime now, string reason) =>
        Move(EvaluationStage.Overall, EvaluationStage.OnSite, "完成整体评价", actor, now, reason);

    /// <summary>On-site work: field records (附件5), surveys, and issues for the rectification list.</summary>
    public IReadOnlyList<RectificationIssue> RecordFieldWork(IReadOnlyList<(string Key, string Finding)> records,
        IReadOnlyList<(SurveyKind Kind, int Sample, int Satisfied)> surveys, IReadOnlyList<(string Key, string Description)> issues,
        string actor, DateTime now)
    {
        RequireStage("记录现场评价", EvaluationStage.OnSite);
        Process.FieldRecords.AddRange(records.Select(r => new FieldRecord(r.Key, r.Finding.Trim(), actor, now)));
        Process.Surveys.AddRange(surveys.Select(s => new Survey(s.Kind, s.Sample, s.Satisfied, actor, now)));
        var raised = issues.Select(i => new RectificationIssue
        {
            IssueId = Guid.CreateVersion7().ToString(),
            IndicatorKey = i.Key,
            Description = i.Description.Trim(),
            RaisedBy = actor,
            RaisedAt = now,
        }).ToList();
        Process.Issues.AddRange(raised);
        Touch(actor, now);
        return raised;
    }

    /// <summary>On-site evaluation done: the issues found are re-checked next.</summary>
    public void CompleteOnSite(string actor, DateTime now, string reason) =>
        Move(EvaluationStage.OnSite, EvaluationStage.Rectification, "完成现场评价", actor, now, reason);

    /// <summary>Re-checks one issue; the result's deduction (configured) is kept on the issue.</summary>
    public void RecheckIssue(string issueId, RecheckResult result, string note, decimal deduction, string actor, DateTime now)
    {
        RequireStage("整改复查", EvaluationStage.Rectification);
        var index = Process.Issues.FindIndex(i => i.IssueId == issueId);
        if (index < 0)
            throw new DomainRuleException("ISSUE_NOT_FOUND", "整改问题列表中没有该问题", new Dictionary<string, string> { ["issue_id"] = issueId });
        Process.Issues[index] = Process.Issues[index] with
        {
            Result = result, Note = note.Trim(), Deduction = deduction, CheckedBy = actor, CheckedAt = now,
        };
        Touch(actor, now);
    }

    /// <summary>
    /// Final score = the sheet's total less the re-check deductions, never below zero; the grade is
    /// read from <paramref name="bands"/>. Every issue must have been re-checked.
    /// </summary>
    public void GradeFinal(IndicatorTree tree, WorkingDayCalendar calendar, IReadOnlyList<GradeBand> bands, string actor, DateTime now, string reason)
    {
        RequireStage("评定等级", EvaluationStage.Rectification);
        var pending = Process.Issues.Where(i => i.Result == RecheckResult.Pending).Select(i => i.IssueId).ToList();
        if (pending.Count > 0)
            throw new DomainRuleException("ISSUES_NOT_RECHECKED", $"还有{pending.Count}个整改问题未复查，不能评定等级",
                new Dictionary<string, string> { ["issue_ids"] = string.Join(",", pending) });
        var total = Sheet(tree, calendar).Total;
        var adjustment = Process.Issues.Sum(i => i.Deduction);
        var final = Math.Max(0m, total - adjustment);
        Process.ScoredTotal = total;
        Process.Adjustment = adjustment;
        Process.Bands = bands.ToList();
        FinalScore = final;
        Grade = GradeBands.GradeOf(final, bands);
        MoveTo(EvaluationStage.Graded, actor, now, reason.Length > 0 ? reason : $"最终得分{final.ToString("0.##", CultureInfo.InvariantCulture)}，等级{Grade}");
    }

    /// <summary>Archives (建立档案) and locks the evaluation; the grade then goes to funds.</summary>
    public void Archive(string actor, DateTime now, string reason)
    {
        Move(EvaluationStage.Graded, EvaluationStage.Archived, "归档", actor, now, reason);
        ArchivedAt = Stamp(now);
    }

    public static string StageName(EvaluationStage stage) => stage switch
    {
        EvaluationStage.SelfEvaluation => "本级自评",
        EvaluationStage.Overall => "整体评价",
        EvaluationStage.OnSite => "现场评价",
        EvaluationStage.Rectification => "整改复查",
        EvaluationStage.Graded => "已评定等级",
        EvaluationStage.Archived => "已归档",
        _ => stage.ToString(),
    };

    private void Move(EvaluationStage from, EvaluationStage to, string action, string actor, DateTime now, string reason)
    {
        RequireStage(action, from);
        MoveTo(to, actor, now, reason.Trim().Length > 0 ? reason.Trim() : action);
    }

    private void MoveTo(EvaluationStage to, string actor, DateTime now, string reason)
    {
        Process.Transitions.Add(new StageTransition(Stage, to, actor, Stamp(now), reason));
        Stage = to;
        Touch(actor, now);
    }

    private void RequireStage(string action, params EvaluationStage[] allowed)
    {
        if (allowed.Contains(Stage)) return;
        var metadata = new Dictionary<string, string>
        {
            ["stage"] = Stage.ToString(),
            ["allowed_stages"] = string.Join(",", allowed.Select(s => s.ToString())),
        };
        if (Locked) throw new DomainRuleException("EVALUATION_ARCHIVED", "该绩效评价已归档锁定，不能再修改", metadata);
        throw new DomainRuleException("WRONG_STAGE",
            $"该绩效评价处于“{StageName(Stage)}”阶段，不能{action}（应在{string.Join("、", allowed.Select(StageName))}阶段）", metadata);
    }

    private void Touch(string actor, DateTime now)
    {
        ProcessJson = Process.Serialize();
        Revision++;
        UpdatedAt = Stamp(now);
        UpdatedBy = actor;
    }

    private static DateTime Stamp(DateTime now) => new(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
}
