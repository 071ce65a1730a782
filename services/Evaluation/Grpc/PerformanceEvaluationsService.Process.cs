using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Evaluation.V1;
using Union.Contracts.Events.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Domain.Process;
using Union.Evaluation.Domain.Templates;
using Union.Evaluation.Exchange;
using Union.Shared.Auth;
using Union.Shared.Calendar;
using Union.Shared.Errors;
using Union.Shared.Validation;
using static Union.Evaluation.Grpc.TemplateMapping;
using DomainStage = Union.Evaluation.Domain.EvaluationStage;
using InputSource = Union.Evaluation.Domain.Process.InputSource;
using AidTarget = Union.Evaluation.Domain.Process.AidTarget;
using DomainSurveyKind = Union.Evaluation.Domain.Process.SurveyKind;
using DomainRecheck = Union.Evaluation.Domain.Process.RecheckResult;
using IndicatorTemplate = Union.Evaluation.Domain.Templates.IndicatorTemplate;

namespace Union.Evaluation.Grpc;

/// <summary>
/// The process handlers (000_001fd36b94af060d.txt §四(四)). Who may act: the evaluated
/// organisation's own staff in self-evaluation (OWNER_ONLY otherwise), the province's evaluators
/// (the working group) from the overall evaluation on (PROVINCE_ONLY otherwise). The stage rules
/// live in the domain.
/// </summary>
public sealed partial class PerformanceEvaluationsService
{
    private static readonly string[] AidTypes = ["LIVING", "EDUCATION", "MEDICAL", "WINTER_WARMTH"];
    private static readonly string[] OwnerRoles = [Roles.Caseworker, Roles.Reviewer, Roles.Approver, Roles.Finance, Roles.Evaluator, Roles.Admin];
    private const int MaxHouseholds = 10_000_000;
    private const int MaxFieldItems = 200;

    private static WorkingDayCalendar Calendar => WorkingDayCalendar.Official;

    public override async Task<EvaluationSheet> SetTargets(SetTargetsRequest request, ServerCallContext context)
    {
        var (evaluation, template) = await LoadAsync(request.EvaluationId, context.CancellationToken);
        RequireOwnerStaff(evaluation);
        var v = new RequestValidator().Check(request.Targets.Count > 0, "targets", "REQUIRED", "至少填报一类帮扶的目标任务");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Targets.Count; i++)
        {
            var t = request.Targets[i];
            v.Check(AidTypes.Contains(t.AidType), $"targets[{i}].aid_type", "UNKNOWN_AID_TYPE", $"帮扶类型应为{string.Join("、", AidTypes)}之一")
                .Check(seen.Add(t.AidType), $"targets[{i}].aid_type", "DUPLICATE", "同一帮扶类型重复填报")
                .Check(t.Households is > 0 and <= MaxHouseholds, $"targets[{i}].households", "INVALID_TARGET", "目标户数应大于0");
        }
        v.ThrowIfInvalid();
        evaluation.SetTargets(request.Targets.Select(t => new AidTarget(t.AidType, t.Households)).ToList(), caller.Subject, Now);
        return await SaveAsync(evaluation, template, context.CancellationToken);
    }

    public override async Task<EvaluationSheet> RecordScores(RecordScoresRequest request, ServerCallContext context)
    {
        var (evaluation, template) = await LoadAsync(request.EvaluationId, context.CancellationToken);
        var source = evaluation.Stage == DomainStage.SelfEvaluation ? InputSource.Self : InputSource.WorkingGroup;
        if (source == InputSource.Self) RequireOwnerStaff(evaluation);
        else RequireProvinceEvaluator();
        var v = new RequestValidator()
            .Check(request.Inputs.Count > 0, "inputs", "REQUIRED", "至少填写一个指标的得分")
            .MaxLength("reason", request.Reason, PerformanceEvaluation.MaxTextLength);
        var inputs = ToInputs(v, request.Inputs);
        v.ThrowIfInvalid();
        evaluation.RecordInputs(template.Tree, inputs, source, request.Reason, null, Calendar, v, caller.Subject, Now);
        v.ThrowIfInvalid();
        return await SaveAsync(evaluation, template, context.CancellationToken);
    }

    public override async Task<EvaluationSheet> RefreshOperationalIndicators(RefreshOperationalIndicatorsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var (evaluation, template) = await LoadAsync(request.EvaluationId, ct);
        if (!IsProvinceEvaluator()) RequireOwnerStaff(evaluation);
        // The bindings of the template version the evaluation started on, stored with that version.
        var bindings = template.Bindings;
        var subjectPath = await SubjectPathAsync(evaluation, ct);
        var read = await facts.ReadAsync(subjectPath, evaluation.Year, ct);
        var (values, skipped) = OperationalIndicators.Compute(template.Tree, bindings, evaluation.Year, evaluation.Process.Targets, read, evaluation.Process.Inputs);
        var notes = skipped.ToList();
        if (bindings.Count == 0) notes.Add($"指标体系{evaluation.IndicatorSystem}未配置由业务数据计算的指标");
        var writable = values.Where(x => evaluation.OperationalMayReplace(x.Input.Key)).ToList();
        notes.AddRange(values.Except(writable).Select(x => $"指标{x.Input.Key}：评价工作组已评分，保留其评分"));
        if (writable.Count > 0)
        {
            var v = new RequestValidator();
            evaluation.RecordInputs(template.Tree, writable.Select(x => x.Input).ToList(), InputSource.Operational, "按业务数据计算",
                writable.ToDictionary(x => x.Input.Key, x => (x.EvidenceIds, x.Basis)), Calendar, v, "system:operational", Now);
            // Computed inputs that the rules refuse (e.g. a zero target) are the data's problem: say so, store nothing.
            v.ThrowIfInvalid();
        }
        var sheet = await SaveAsync(evaluation, template, ct);
        sheet.OperationalNotes.AddRange(notes);
        return sheet;
    }

    public override async Task<EvaluationSheet> SubmitSelfEvaluation(SubmitSelfEvaluationRequest request, ServerCallContext context)
    {
        var (evaluation, template) = await LoadAsync(request.EvaluationId, context.CancellationToken);
        RequireOwnerStaff(evaluation);
        new RequestValidator().RequiredText("report", request.Report, PerformanceEvaluation.MaxReportLength).ThrowIfInvalid();
        evaluation.SubmitSelfEvaluation(request.Report, caller.Subject, Now);
        return await SaveAsync(evaluation, template, context.CancellationToken);
    }

    public override Task<EvaluationSheet> CompleteOverallEvaluation(StepRequest request, ServerCallContext context) =>
        ProvinceStepAsync(request, context, (e, _) => e.CompleteOverall(caller.Subject, Now, request.Reason));

    public override async Task<EvaluationSheet> RecordFieldWork(RecordFieldWorkRequest request, ServerCallContext context)
    {
        var (evaluation, template) = await LoadAsync(request.EvaluationId, context.CancellationToken);
        RequireProvinceEvaluator();
        var keys = template.Tree.Walk().Select(w => w.Node.Key).ToHashSet(StringComparer.Ordinal);
        var v = new RequestValidator()
            .Check(request.Records.Count + request.Surveys.Count + request.Issues.Count > 0, "records", "REQUIRED", "请至少填写一条现场记录、调查或问题")
            .Check(request.Records.Count <= MaxFieldItems && request.Issues.Count <= MaxFieldItems && request.Surveys.Count <= MaxFieldItems, "records", "TOO_MANY", $"每次最多{MaxFieldItems}条");
        for (var i = 0; i < request.Records.Count; i++)
        {
            var r = request.Records[i];
            v.Check(keys.Contains(r.IndicatorKey), $"records[{i}].indicator_key", "UNKNOWN_INDICATOR", $"该指标体系中没有编号为“{r.IndicatorKey}”的指标")
                .RequiredText($"records[{i}].finding", r.Finding, PerformanceEvaluation.MaxTextLength);
        }
        for (var i = 0; i < request.Surveys.Count; i++)
        {
            var s = request.Surveys[i];
            v.Enum($"surveys[{i}].kind", s.Kind)
                .Check(s.SampleSize > 0, $"surveys[{i}].sample_size", "INVALID_SAMPLE", "样本量应大于0")
                .Check(s.Satisfied >= 0 && s.Satisfied <= s.SampleSize, $"surveys[{i}].satisfied", "OUT_OF_RANGE", "满意（知晓）人数应在0至样本量之间");
        }
        for (var i = 0; i < request.Issues.Count; i++)
        {
            var s = request.Issues[i];
            v.Check(string.IsNullOrEmpty(s.IndicatorKey) || keys.Contains(s.IndicatorKey), $"issues[{i}].indicator_key", "UNKNOWN_INDICATOR", $"该指标体系中没有编号为“{s.IndicatorKey}”的指标")
                .RequiredText($"issues[{i}].description", s.Description, PerformanceEvaluation.MaxTextLength);
        }
        v.ThrowIfInvalid();
        evaluation.RecordFieldWork(
            request.Records.Select(r => (r.IndicatorKey, r.Finding)).ToList(),
            request.Surveys.Select(s => ((DomainSurveyKind)(int)s.Kind, s.SampleSize, s.Satisfied)).ToList(),
            request.Issues.Select(i => (i.IndicatorKey, i.Description)).ToList(), caller.Subject, Now);
        return await SaveAsync(evaluation, template, context.CancellationToken);
    }

    public override Task<EvaluationSheet> CompleteOnSiteEvaluation(StepRequest request, ServerCallContext context) =>
        ProvinceStepAsync(request, context, (e, _) => e.CompleteOnSite(caller.Subject, Now, request.Reason));

    public override async Task<EvaluationSheet> RecheckIssue(RecheckIssueRequest request, ServerCallContext context)
    {
        var (evaluation, template) = await LoadAsync(request.EvaluationId, context.CancellationToken);
        RequireProvinceEvaluator();
        new RequestValidator().Id("issue_id", request.IssueId).Enum("result", request.Result)
            .MaxLength("note", request.Note, PerformanceEvaluation.MaxTextLength).ThrowIfInvalid();
        var result = (DomainRecheck)(int)request.Result;
        evaluation.RecheckIssue(request.IssueId, result, request.Note, processOptions.Value.DeductionFor(result), caller.Subject, Now);
        return await SaveAsync(evaluation, template, context.CancellationToken);
    }

    public override Task<EvaluationSheet> GradeEvaluation(StepRequest request, ServerCallContext context) =>
        ProvinceStepAsync(request, context, (e, t) => e.GradeFinal(t.Tree, Calendar, processOptions.Value.Bands, caller.Subject, Now, request.Reason.Trim()));

    public override Task<EvaluationSheet> ArchiveEvaluation(StepRequest request, ServerCallContext context) =>
        ProvinceStepAsync(request, context, (e, _) =>
        {
            e.Archive(caller.Subject, Now, request.Reason);
            db.Publish(new EvaluationGraded
            {
                EvaluationId = e.Id.ToString(),
                SubjectKind = e.SubjectKind == Domain.SubjectKind.Project ? "PROJECT" : "PROGRAMME",
                SubjectId = e.SubjectId,
                OrganisationPath = _subjectPath ?? e.OrganisationPath,
                Year = e.Year,
                Score = Text(e.FinalScore ?? 0m),
                Grade = e.Grade,
            }, e.OrganisationPath);
        });

    public override async Task<EvaluationSheet> GetEvaluationSheet(GetEvaluationRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        var (evaluation, template) = await LoadAsync(request.EvaluationId, context.CancellationToken, tracked: false);
        return ProcessMapping.ToSheetDto(evaluation, template, evaluation.Sheet(template.Tree, Calendar));
    }

    public override async Task<ExportedFile> ExportEvaluationReport(ExportEvaluationReportRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        var format = string.IsNullOrWhiteSpace(request.Format) ? "xlsx" : request.Format.Trim().ToLowerInvariant();
        new RequestValidator().Check(format is "xlsx" or "html", "format", "UNKNOWN_FORMAT", "格式应为 xlsx 或 html").ThrowIfInvalid();
        var (evaluation, template) = await LoadAsync(request.EvaluationId, context.CancellationToken, tracked: false);
        if (evaluation.Stage is not (DomainStage.Graded or DomainStage.Archived))
            throw new DomainRuleException("WRONG_STAGE", "评定等级后才能生成绩效评价报告",
                new Dictionary<string, string> { ["stage"] = evaluation.Stage.ToString(), ["allowed_stages"] = "Graded,Archived" });
        var sheet = evaluation.Sheet(template.Tree, Calendar);
        var name = $"绩效评价报告-{evaluation.OrganisationPath.Replace('/', '-')}-{evaluation.Year}";
        return format == "html"
            ? new ExportedFile { FileName = name + ".html", ContentType = "text/html; charset=utf-8", Content = Google.Protobuf.ByteString.CopyFrom(EvaluationReport.Html(evaluation, template, sheet)) }
            : new ExportedFile { FileName = name + ".xlsx", ContentType = EvaluationReport.XlsxContentType, Content = Google.Protobuf.ByteString.CopyFrom(EvaluationReport.Xlsx(evaluation, template, sheet)) };
    }

    public override async Task<EvaluationComparison> CompareEvaluations(CompareEvaluationsRequest request, ServerCallContext context) =>
        await ComparisonAsync(request, context.CancellationToken);

    public override async Task<ExportedFile> ExportComparison(CompareEvaluationsRequest request, ServerCallContext context)
    {
        var comparison = await ComparisonAsync(request, context.CancellationToken);
        return new ExportedFile
        {
            FileName = $"绩效评价对比-{comparison.IndicatorSystem}-{comparison.Year}.xlsx",
            ContentType = EvaluationReport.XlsxContentType,
            Content = Google.Protobuf.ByteString.CopyFrom(EvaluationReport.ComparisonXlsx(comparison)),
        };
    }

    // ------------------------------------------------------------ helpers

    private string? _subjectPath;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<EvaluationComparison> ComparisonAsync(CompareEvaluationsRequest request, CancellationToken ct)
    {
        caller.RequireStaff();
        var code = string.IsNullOrWhiteSpace(request.IndicatorSystem) ? Domain.Templates.BuiltInTemplates.YuAn2021.Code : request.IndicatorSystem.Trim();
        new RequestValidator().Year("year", request.Year).TemplateCode("indicator_system", code).ThrowIfInvalid();
        // The tenancy filter keeps the view to the caller's subtree: the province sees every organisation.
        var evaluations = await db.Evaluations.AsNoTracking()
            .Where(e => (e.Year == request.Year || e.Year == request.Year - 1) && e.IndicatorSystem == code)
            .ToListAsync(ct);
        var cache = new Dictionary<int, IndicatorTemplate?>();
        async Task<IndicatorTemplate?> TemplateOf(int version) =>
            cache.TryGetValue(version, out var t) ? t : cache[version] = await templates.FindAsync(code, version, ct);
        var scored = new List<(PerformanceEvaluation E, Domain.Templates.ScoreSheet Sheet)>();
        foreach (var e in evaluations)
            if (await TemplateOf(e.IndicatorSystemVersion) is { } t) scored.Add((e, e.Sheet(t.Tree, Calendar)));
        var latest = await templates.FindAsync(code, 0, ct);
        return Comparisons.Build(request.Year, code, scored, latest?.Tree);
    }

    private async Task<EvaluationSheet> ProvinceStepAsync(StepRequest request, ServerCallContext context, Action<PerformanceEvaluation, IndicatorTemplate> step)
    {
        var ct = context.CancellationToken;
        var (evaluation, template) = await LoadAsync(request.EvaluationId, ct);
        RequireProvinceEvaluator();
        new RequestValidator().MaxLength("reason", request.Reason, PerformanceEvaluation.MaxTextLength).ThrowIfInvalid();
        _subjectPath = await SubjectPathAsync(evaluation, ct);
        step(evaluation, template);
        return await SaveAsync(evaluation, template, ct);
    }

    private async Task<(PerformanceEvaluation, IndicatorTemplate)> LoadAsync(string evaluationId, CancellationToken ct, bool tracked = true)
    {
        caller.RequireStaff();
        new RequestValidator().Id("evaluation_id", evaluationId).ThrowIfInvalid();
        var id = Guid.Parse(evaluationId);
        var query = tracked ? db.Evaluations : db.Evaluations.AsNoTracking();
        var evaluation = await query.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (evaluation is null) UnionErrors.NotFound("EVALUATION_NOT_FOUND", "未找到该绩效评价");
        var template = await templates.FindAsync(evaluation.IndicatorSystem, evaluation.IndicatorSystemVersion, ct)
            ?? throw new InvalidOperationException($"Template {evaluation.IndicatorSystem} v{evaluation.IndicatorSystemVersion} of evaluation {evaluation.Id} is missing.");
        return (evaluation, template);
    }

    private async Task<EvaluationSheet> SaveAsync(PerformanceEvaluation evaluation, IndicatorTemplate template, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw UnionErrors.Create(StatusCode.Aborted, "CONCURRENT_CHANGE", "该绩效评价刚刚被他人修改，请刷新后重试");
        }
        return ProcessMapping.ToSheetDto(evaluation, template, evaluation.Sheet(template.Tree, Calendar));
    }

    /// <summary>The evaluated organisation: the programme's owner, or the project's applicant as the read model knows it.</summary>
    private async Task<string> SubjectPathAsync(PerformanceEvaluation evaluation, CancellationToken ct)
    {
        if (evaluation.SubjectKind != Domain.SubjectKind.Project || !Guid.TryParse(evaluation.SubjectId, out var projectId))
            return evaluation.OrganisationPath;
        return await db.KnownProjects.IgnoreQueryFilters().AsNoTracking().Where(p => p.ProjectId == projectId)
            .Select(p => p.OrganisationPath).FirstOrDefaultAsync(ct) ?? evaluation.OrganisationPath;
    }

    /// <summary>Self-evaluation is the evaluated organisation's own business (本级自评): its staff, acting for it.</summary>
    private void RequireOwnerStaff(PerformanceEvaluation evaluation)
    {
        caller.RequireAnyRole("自评需要本组织的工作人员角色", OwnerRoles);
        if (caller.OrganisationPath != evaluation.OrganisationPath)
            UnionErrors.PermissionDenied("OWNER_ONLY", "自评由被评价组织本级完成");
    }

    private bool IsProvinceEvaluator() =>
        caller.IsInRole(Roles.Evaluator) && caller.OrganisationPath is { } path && !path.Contains('/');

    /// <summary>The overall, on-site, re-check, grading and archiving steps are the provincial working group's (省总工会项目评价工作组).</summary>
    private void RequireProvinceEvaluator()
    {
        caller.RequireAnyRole("该步骤由省级评价工作组完成，需要评价人员角色", Roles.Evaluator);
        if (caller.OrganisationPath is not { } path || path.Contains('/'))
            UnionErrors.PermissionDenied("PROVINCE_ONLY", "该步骤由省总工会项目评价工作组完成");
    }
}
