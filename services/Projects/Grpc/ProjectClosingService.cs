using Grpc.Core;
using Union.Contracts.Projects.V1;
using Union.Projects.Messaging;
using Union.Projects.Persistence;
using Union.Shared.Auth;
using Union.Shared.Time;
using Union.Shared.Validation;
using Domain = Union.Projects.Domain;

namespace Union.Projects.Grpc;

/// <summary>
/// Thin handlers for ProjectClosing (supervision.proto): the final accounts (决算, 001_ab13bea91fa8b22f.txt
/// 第五条(九)), the project archive (000_001fd36b94af060d.txt §四(四)7) and closing (结项).
/// </summary>
public sealed partial class ProjectClosingService(ProjectsDbContext db, CallerContext caller, TimeProvider clock)
    : ProjectClosing.ProjectClosingBase
{
    /// <summary>The applicant's staff report the final accounts ("各基层单位要上报项目经费决算报告").</summary>
    public override async Task<ProjectArchive> RecordFinalAccounts(RecordFinalAccountsRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var validator = new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Money("spent_total", request.SpentTotal)
            .Money("spent_subsidy", request.SpentSubsidy)
            .Money("returned_subsidy", request.ReturnedSubsidy)
            .RequiredText("report_reference", request.ReportReference, 100)
            .Date("reported_on", request.ReportedOn, required: true, out var reportedOn);
        validator.Check(reportedOn is null || reportedOn <= clock.Today(), "reported_on", "DATE_IN_FUTURE", "上报日期不能晚于今天");
        validator.ThrowIfInvalid();

        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: true, context.CancellationToken);
        project.RecordFinalAccounts(new Domain.FinalAccounts(request.SpentTotal.Fen, request.SpentSubsidy.Fen, request.ReturnedSubsidy.Fen,
            request.ReportReference.Trim(), reportedOn!.Value), caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(context.CancellationToken);
        return project.ArchiveDto();
    }

    /// <summary>保障部 staff keep the archive ("各级工会保障部门收集整理项目资料建立项目档案").</summary>
    public override async Task<ProjectArchive> RecordArchiveDocument(RecordArchiveDocumentRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var validator = new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Enum("kind", request.Kind)
            .MaxLength("reference", request.Reference, 200);
        // A document counts as kept only when one can find it: its file number, storage key or cabinet.
        if (request.Present) validator.Required("reference", request.Reference);
        validator.ThrowIfInvalid();

        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: true, context.CancellationToken);
        project.RecordArchiveDocument((Domain.ArchiveDocumentKind)(int)request.Kind, request.Present, request.Reference ?? string.Empty,
            caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(context.CancellationToken);
        return project.ArchiveDto();
    }

    public override async Task<ProjectArchive> GetProjectArchive(GetProjectArchiveRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("project_id", request.ProjectId).ThrowIfInvalid();
        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: false, context.CancellationToken);
        return project.ArchiveDto();
    }

    /// <summary>Closing is the funder's decision, like acceptance: its approvers, never the applicant.</summary>
    public override async Task<ProjectApplication> CloseProject(CloseProjectRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Deciders);
        var validator = new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Date("closed_on", request.ClosedOn, required: true, out var closedOn);
        validator.Check(closedOn is null || closedOn <= clock.Today(), "closed_on", "DATE_IN_FUTURE", "结项日期不能晚于今天");
        validator.ThrowIfInvalid();

        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: true, context.CancellationToken);
        caller.RequireFunder(project);
        project.Close(closedOn!.Value, caller.Subject, clock.UtcNowForStorage());
        db.Publish(ProjectEvents.Closed(project), project.OrganisationPath);
        await db.SaveChangesAsync(context.CancellationToken);
        return project.ToDto();
    }
}
