using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Union.Contracts.Projects.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;

namespace Union.Evaluation.Grpc;

/// <summary>
/// Finds the project an evaluation is about. The local read model (fed by projects' events)
/// answers almost always; only a project it has not heard of yet (the event is still on its way)
/// is asked of the projects service, through the resilient typed client. The caller's token goes
/// with the call, so projects applies the caller's own organisation subtree too.
/// </summary>
public sealed class SubjectProjects(
    EvaluationDbContext db,
    ProjectApplications.ProjectApplicationsClient projects,
    CallerContext caller,
    ILogger<SubjectProjects> logger)
{
    public async Task<EvaluationSubject> FindAsync(Guid projectId, CancellationToken cancellationToken)
    {
        // Look across organisations so a project outside the caller's subtree is refused here,
        // answered like a missing one, without a needless call to projects.
        var known = await db.KnownProjects.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(p => p.ProjectId == projectId, cancellationToken);
        if (known is not null)
        {
            if (!caller.Sees(known.OrganisationPath)) throw Missing();
            return EvaluationSubject.Project(projectId, known.OrganisationPath, known.Title);
        }

        logger.LogInformation("Project {ProjectId} is not in the read model yet; asking projects", projectId);
        ProjectApplication project;
        try
        {
            project = await projects.GetProjectApplicationAsync(
                new GetProjectApplicationRequest { ProjectId = projectId.ToString() }, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            throw Missing();
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("projects answered {Status} for project {ProjectId}", e.StatusCode, projectId);
            throw Unavailable();
        }
        catch (Exception e) when (e is BrokenCircuitException or TimeoutRejectedException)
        {
            logger.LogWarning("projects is not being called ({Reason}) for project {ProjectId}", e.GetType().Name, projectId);
            throw Unavailable();
        }

        var owner = project.Owner?.Path ?? string.Empty;
        if (!caller.Sees(owner)) throw Missing();
        return EvaluationSubject.Project(projectId, owner, project.Title);
    }

    private static RpcException Missing() =>
        UnionErrors.Create(StatusCode.FailedPrecondition, "SUBJECT_PROJECT_NOT_FOUND", "未找到要评价的帮扶项目，或该项目不在您的管辖范围内");

    private static RpcException Unavailable() =>
        UnionErrors.Create(StatusCode.Unavailable, "PROJECTS_UNAVAILABLE", "项目服务暂时无法访问，无法确认要评价的项目，请稍后重试");
}
