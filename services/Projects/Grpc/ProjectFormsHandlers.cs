using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Projects.V1;
using Union.Projects.Messaging;
using Union.Projects.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using Domain = Union.Projects.Domain;

namespace Union.Projects.Grpc;

/// <summary>
/// The forms of <see cref="ProjectImplementationService"/>: launch, mid-term and acceptance, their
/// three signatures and the funder's decision, which launches, records or accepts the project.
/// </summary>
public sealed partial class ProjectImplementationService
{
    public const int MaxFormText = 2000;

    public override async Task<ProjectForm> FileLaunchForm(FileLaunchFormRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var d = request.Details ?? new LaunchDetails();
        var validator = new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Date("details.starts_on", d.StartsOn, required: true, out var startsOn)
            .Date("details.ends_on", d.EndsOn, required: true, out var endsOn)
            .RequiredText("details.overview", d.Overview, MaxFormText)
            .RequiredText("details.plan", d.Plan, MaxFormText)
            .RequiredText("details.budget_detail", d.BudgetDetail, MaxFormText)
            .RequiredText("details.subsidy_detail", d.SubsidyDetail, MaxFormText);
        validator.Check(startsOn is null || endsOn is null || endsOn >= startsOn, "details.ends_on", "ENDS_BEFORE_START", "项目结束时间不能早于启动时间");
        validator.ThrowIfInvalid();
        return await FileAsync(request.ProjectId,
            new Domain.LaunchDetails(startsOn!.Value, endsOn!.Value, d.Overview.Trim(), d.Plan.Trim(), d.BudgetDetail.Trim(), d.SubsidyDetail.Trim()),
            null, null, context.CancellationToken);
    }

    public override async Task<ProjectForm> FileMidTermForm(FileMidTermFormRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var d = request.Details ?? new MidTermDetails();
        new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Money("details.spent_total", d.SpentTotal)
            .Money("details.spent_subsidy", d.SpentSubsidy)
            .RequiredText("details.progress", d.Progress, MaxFormText)
            .MaxLength("details.spending_detail", d.SpendingDetail, MaxFormText)
            .Date("details.planned_acceptance_on", d.PlannedAcceptanceOn, required: false, out var plannedOn)
            .ThrowIfInvalid();
        return await FileAsync(request.ProjectId, null,
            new Domain.MidTermDetails(d.SpentTotal.Fen, d.SpentSubsidy.Fen, d.Progress.Trim(), d.SpendingDetail.Trim(), plannedOn),
            null, context.CancellationToken);
    }

    public override async Task<ProjectForm> FileAcceptanceForm(FileAcceptanceFormRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var d = request.Details ?? new AcceptanceDetails();
        new RequestValidator()
            .Id("project_id", request.ProjectId)
            .RequiredText("details.completion", d.Completion, MaxFormText)
            .Money("details.spent_total", d.SpentTotal)
            .Money("details.spent_subsidy", d.SpentSubsidy)
            .Range("details.workers_covered", d.WorkersCovered, 0, ApplicationValidation.MaxWorkers)
            .Range("details.workers_directly_served", d.WorkersDirectlyServed, 0, ApplicationValidation.MaxWorkers)
            .Range("details.satisfaction_percent", d.SatisfactionPercent, 0, 100)
            .RequiredText("details.effect", d.Effect, MaxFormText)
            .ThrowIfInvalid();
        return await FileAsync(request.ProjectId, null, null,
            new Domain.AcceptanceDetails(d.Completion.Trim(), d.SpentTotal.Fen, d.SpentSubsidy.Fen, d.WorkersCovered, d.WorkersDirectlyServed,
                d.SatisfactionPercent, d.Effect.Trim()), context.CancellationToken);
    }

    public override async Task<ProjectForm> SignForm(SignFormRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        new RequestValidator()
            .Id("form_id", request.FormId)
            .Enum("level", request.Level)
            .RequiredText("signer_name", request.SignerName, 50)
            .MaxLength("opinion", request.Opinion, 500)
            .ThrowIfInvalid();
        var form = await FindFormAsync(Guid.Parse(request.FormId), tracked: true, context.CancellationToken);
        form.Sign((Domain.SignatureLevel)(int)request.Level, request.SignerName, request.Opinion ?? string.Empty, caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(context.CancellationToken);
        return await FormDtoAsync(form, context.CancellationToken);
    }

    public override async Task<ProjectForm> DecideForm(DecideFormRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Deciders);
        var validator = new RequestValidator()
            .Id("form_id", request.FormId)
            .Date("decided_on", request.DecidedOn, required: true, out var decidedOn)
            .MaxLength("comment", request.Comment, 1000)
            .Check(request.Rectifications.Count <= 50, "rectifications", "TOO_MANY", "整改事项不能超过50项");
        var rectifications = new List<(string, DateOnly)>();
        for (var i = 0; i < request.Rectifications.Count; i++)
        {
            validator.RequiredText($"rectifications[{i}].finding", request.Rectifications[i].Finding, 1000)
                .Date($"rectifications[{i}].due_on", request.Rectifications[i].DueOn, required: true, out var due);
            if (due is { } d) rectifications.Add((request.Rectifications[i].Finding, d));
        }
        validator.Check(decidedOn is null || decidedOn <= clock.Today(), "decided_on", "DATE_IN_FUTURE", "审核日期不能晚于今天");
        validator.ThrowIfInvalid();

        var form = await FindFormAsync(Guid.Parse(request.FormId), tracked: true, context.CancellationToken);
        var project = await ProjectQueries.FindAsync(db, form.ProjectId, tracked: true, context.CancellationToken);
        // Forms are decided by the funder that approved the project (or those above it), never by the applicant.
        caller.RequireFunder(project);
        var rules = await db.RulesOfAsync(project.FunderPath, context.CancellationToken);
        var effect = project.DecideForm(form, request.Accept, decidedOn!.Value, request.Comment ?? string.Empty, rectifications, rules,
            caller.Subject, clock.UtcNowForStorage());
        if (effect.LaunchTrancheFen is { } first) db.Publish(ProjectEvents.Launched(project, first), project.OrganisationPath);
        if (effect.MidTermRecorded) db.Publish(ProjectEvents.MidTermReported(project), project.OrganisationPath);
        if (effect.AcceptanceTrancheFen is { } rest) db.Publish(ProjectEvents.Accepted(project, rest), project.OrganisationPath);
        foreach (var item in effect.Rectifications)
        {
            db.Rectifications.Add(item);
            db.Publish(ProjectEvents.RectificationOpened(item), project.OrganisationPath);
        }
        await db.SaveChangesAsync(context.CancellationToken);
        return await FormDtoAsync(form, context.CancellationToken);
    }

    public override async Task<ProjectForm> GetForm(GetFormRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("form_id", request.FormId).ThrowIfInvalid();
        var form = await FindFormAsync(Guid.Parse(request.FormId), tracked: false, context.CancellationToken);
        return await FormDtoAsync(form, context.CancellationToken);
    }

    public override async Task<ListFormsResponse> ListForms(ListFormsRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("project_id", request.ProjectId).ThrowIfInvalid();
        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: false, context.CancellationToken);
        var forms = await db.Forms.AsNoTracking().Where(f => f.ProjectId == project.Id).OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).ToListAsync(context.CancellationToken);
        var response = new ListFormsResponse();
        foreach (var form in forms) response.Forms.Add(await FormDtoAsync(form, context.CancellationToken));
        return response;
    }

    private async Task<ProjectForm> FileAsync(string projectId, Domain.LaunchDetails? launch, Domain.MidTermDetails? midTerm,
        Domain.AcceptanceDetails? acceptance, CancellationToken cancellationToken)
    {
        var project = await ProjectQueries.FindAsync(db, Guid.Parse(projectId), tracked: false, cancellationToken);
        var form = Domain.ProjectForm.File(project, launch, midTerm, acceptance, caller.Subject, clock.UtcNowForStorage());
        // One open form of a kind at a time: a second would split the signatures between two papers.
        var open = await db.Forms.AsNoTracking()
            .Where(f => f.ProjectId == project.Id && f.Kind == form.Kind && (f.Status == Domain.FormStatus.Signing || f.Status == Domain.FormStatus.Signed))
            .Select(f => (Guid?)f.Id).FirstOrDefaultAsync(cancellationToken);
        if (open is { } openId)
            UnionErrors.AlreadyExists("FORM_ALREADY_OPEN", "该项目已有同类表格在签字或待审核中",
                new Dictionary<string, string> { ["form_id"] = openId.ToString() });
        db.Forms.Add(form);
        await db.SaveChangesAsync(cancellationToken);
        return await FormDtoAsync(form, cancellationToken);
    }

    private async Task<Domain.ProjectForm> FindFormAsync(Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var query = tracked ? db.Forms : db.Forms.AsNoTracking();
        var form = await query.FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (form is null) UnionErrors.NotFound("FORM_NOT_FOUND", "未找到该表格");
        return form;
    }

    private async Task<ProjectForm> FormDtoAsync(Domain.ProjectForm f, CancellationToken cancellationToken)
    {
        var dto = new ProjectForm
        {
            FormId = f.Id.ToString(),
            ProjectId = f.ProjectId.ToString(),
            Kind = (FormKind)(int)f.Kind,
            Status = (FormStatus)(int)f.Status,
            Signatures = { f.Signatures.OrderBy(s => s.Level).Select(s => s.ToDto()) },
            DecidedOn = ProjectMapping.Date(f.DecidedOn),
            DecisionComment = f.DecisionComment ?? string.Empty,
            Audit = ProjectMapping.Audit(f.CreatedAt, f.CreatedBy, f.UpdatedAt, f.UpdatedBy),
        };
        if (f.Launch is { } l)
            dto.Launch = new LaunchDetails
            {
                StartsOn = ProjectMapping.Date(l.StartsOn), EndsOn = ProjectMapping.Date(l.EndsOn), Overview = l.Overview,
                Plan = l.Plan, BudgetDetail = l.BudgetDetail, SubsidyDetail = l.SubsidyDetail,
            };
        if (f.MidTerm is { } m)
            dto.MidTerm = new MidTermDetails
            {
                SpentTotal = ProjectMapping.Fen(m.SpentTotalFen), SpentSubsidy = ProjectMapping.Fen(m.SpentSubsidyFen), Progress = m.Progress,
                SpendingDetail = m.SpendingDetail, PlannedAcceptanceOn = ProjectMapping.Date(m.PlannedAcceptanceOn),
            };
        if (f.Acceptance is { } a)
            dto.Acceptance = new AcceptanceDetails
            {
                Completion = a.Completion, SpentTotal = ProjectMapping.Fen(a.SpentTotalFen), SpentSubsidy = ProjectMapping.Fen(a.SpentSubsidyFen),
                WorkersCovered = a.WorkersCovered, WorkersDirectlyServed = a.WorkersDirectlyServed, SatisfactionPercent = a.SatisfactionPercent, Effect = a.Effect,
            };
        if (f.Status == Domain.FormStatus.SentBack)
        {
            var ids = await db.Rectifications.AsNoTracking().Where(r => r.SourceId == f.Id).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
            dto.RectificationIds.AddRange(ids.Select(id => id.ToString()));
        }
        return dto;
    }
}
