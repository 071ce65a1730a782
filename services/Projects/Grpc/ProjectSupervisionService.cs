using Union.Contracts.Projects.V1;
using Union.Projects.Persistence;
using Union.Shared.Auth;

namespace Union.Projects.Grpc;

/// <summary>Thin handlers for ProjectSupervision (projects.proto family).</summary>
public sealed partial class ProjectSupervisionService(ProjectsDbContext db, CallerContext caller, TimeProvider clock)
    : ProjectSupervision.ProjectSupervisionBase
{
    private ProjectsDbContext Db => db;
    private CallerContext Caller => caller;
    private TimeProvider Clock => clock;
}
