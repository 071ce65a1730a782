using Union.Contracts.Projects.V1;
using Union.Projects.Persistence;
using Union.Shared.Auth;

namespace Union.Projects.Grpc;

/// <summary>
/// Thin handlers for implementation: the forms (ProjectFormsHandlers.cs), milestones, the overdue
/// mid-term list, adjustments and worker surveys.
/// </summary>
public sealed partial class ProjectImplementationService(ProjectsDbContext db, CallerContext caller, TimeProvider clock)
    : ProjectImplementation.ProjectImplementationBase
{
}
