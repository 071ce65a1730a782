using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Evaluation.V1;
using Union.Contracts.Events.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Domain.Templates;
using Union.Evaluation.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Validation;
using EvaluationDto = Union.Contracts.Evaluation.V1.Evaluation;
using EvaluationStage = Union.Contracts.Evaluation.V1.EvaluationStage;
using SubjectKind = Union.Contracts.Evaluation.V1.SubjectKind;

namespace Union.Evaluation.Grpc;

/// <summary>Thin RPC handlers: check the role, validate, call the domain, save, map.</summary>
public sealed partial class PerformanceEvaluationsService(EvaluationDbContext db, CallerContext caller, SubjectProjects subjectProjects, TemplateStore templates, TimeProvider clock,
    OperationalFactsReader facts, Microsoft.Extensions.Options.IOptions<Domain.Process.EvaluationProcessOptions> processOptions)
    : PerformanceEvaluations.PerformanceEvaluationsBase
{
    private static readonly string[] StaffRoles = Roles.All.Where(r => r != Roles.Worker).ToArray();

    public override async Task<EvaluationDto> CreateEvaluation(CreateEvaluationRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("只有评价人员或管理员可以发起绩效评价", Roles.Evaluator, Roles.Admin);

        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Enum("subject_kind", request.SubjectKind)
            .Year("year", request.Year)
            .Required("indicator_system", request.IndicatorSystem)
            .Range("indicator_system_version", request.IndicatorSystemVersion, 0, int.MaxValue);
        if (request.SubjectKind == SubjectKind.Project)
            validator.Id("subject_id", request.SubjectId);
        else if (request.SubjectKind == SubjectKind.Programme)
            validator.Check(string.IsNullOrEmpty(request.SubjectId), "subject_id", "NOT_ALLOWED", "评价整体帮扶工作时不填写评价对象编号");
        // The template version the evaluation will keep: the one asked for, or the latest active one.
        var code = request.IndicatorSystem.Trim().ToLowerInvariant();
        var template = TemplateRules.IsCode(code)
            ? await templates.FindAsync(code, request.IndicatorSystemVersion, context.CancellationToken)
            : null;
        if (!string.IsNullOrWhiteSpace(request.IndicatorSystem) && template is null)
            validator.Add("indicator_system", "UNKNOWN_INDICATOR_SYSTEM", request.IndicatorSystemVersion > 0
                ? $"未找到指标体系{code}第{request.IndicatorSystemVersion}版"
                : $"未知的指标体系，可选：{string.Join("、", (await templates.ListAsync(null, false, context.CancellationToken)).Select(t => t.Code).Distinct())}");
        validator.ThrowIfInvalid();

        var owner = Ownership.Resolve(caller, request.OrganisationPath);
        var ct = context.CancellationToken;
        var subject = request.SubjectKind == SubjectKind.Project
            ? await subjectProjects.FindAsync(Guid.Parse(request.SubjectId), ct)
            : EvaluationSubject.Programme(owner);

        // Checked after the subject is known to be visible, so the answer reveals nothing about
        // projects outside the caller's subtree.
        await RefuseIfExistsAsync(subject, request.Year, ct);

        var evaluation = PerformanceEvaluation.Start(owner, subject, request.Year, template!, caller.Subject, clock.GetUtcNow().UtcDateTime);
        db.Evaluations.Add(evaluation);
        db.Publish(new EvaluationStarted
        {
            EvaluationId = evaluation.Id.ToString(),
            SubjectId = evaluation.SubjectId,
            Year = evaluation.Year,
        }, owner);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with another evaluation of the same subject and year started a moment ago.
            db.ChangeTracker.Clear();
            await RefuseIfExistsAsync(subject, request.Year, CancellationToken.None);
            throw;
        }
        return ProcessMapping.ToDto(evaluation);
    }

    public override async Task<EvaluationDto> GetEvaluation(GetEvaluationRequest request, ServerCallContext context)
    {
        // Evaluations are staff business: a worker (mobile-app user) sees only his own applications.
        caller.RequireAnyRole("无权查看绩效评价", StaffRoles);
        new RequestValidator().Id("evaluation_id", request.EvaluationId).ThrowIfInvalid();
        var id = Guid.Parse(request.EvaluationId);
        // The tenancy filter hides evaluations outside the caller's subtree: they answer NotFound like missing ones.
        var evaluation = await db.Evaluations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, context.CancellationToken);
        if (evaluation is null) UnionErrors.NotFound("EVALUATION_NOT_FOUND", "未找到该绩效评价");
        return ProcessMapping.ToDto(evaluation);
    }

    private async Task RefuseIfExistsAsync(EvaluationSubject subject, int year, CancellationToken ct)
    {
        // Across organisations: a project is evaluated once a year, whoever evaluates it.
        var existing = await db.Evaluations.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.SubjectKey == subject.Key && e.Year == year)
            .Select(e => new { e.Id, e.OrganisationPath })
            .FirstOrDefaultAsync(ct);
        if (existing is null) return;
        UnionErrors.AlreadyExists("EVALUATION_EXISTS", $"该评价对象{year}年度的绩效评价已存在",
            new Dictionary<string, string>
            {
                ["evaluation_id"] = existing.Id.ToString(),
                ["organisation_path"] = existing.OrganisationPath,
            });
    }
}
