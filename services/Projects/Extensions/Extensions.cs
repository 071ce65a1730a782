using Union.Projects.Persistence;
using Union.Shared.Messaging;
using Union.Shared.Persistence;

namespace Union.Projects.Extensions;

public static class Extensions
{
    /// <summary>The projects service's own registrations, on top of the shared defaults.</summary>
    public static WebApplicationBuilder AddProjects(this WebApplicationBuilder builder)
    {
        builder.AddUnionPersistence<ProjectsDbContext, ProjectsSqliteDbContext, ProjectsPostgresDbContext, ProjectsSqlServerDbContext>("projects");
        // projects raises events; it consumes none yet.
        builder.AddUnionMessaging("projects");
        return builder;
    }
}
