using Microsoft.EntityFrameworkCore;
using Union.Contracts.Events.V1;
using Union.Evaluation.Domain;
using Union.Shared.Messaging;
using Union.Shared.Tenancy;

namespace Union.Evaluation.Messaging;

/// <summary>
/// Keeps the <see cref="KnownProject"/> read model: every project application filed at projects
/// becomes a subject this service can evaluate without asking projects. The base class makes a
/// redelivered event a no-op (inbox); an older event arriving after a newer one changes nothing.
/// </summary>
public sealed class ProjectApplicationSubmittedConsumer(IServiceProvider services)
    : IntegrationEventConsumer<ProjectApplicationSubmitted>(services)
{
    protected override async Task HandleAsync(ProjectApplicationSubmitted message, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(message.ProjectId, out var projectId))
            throw new InvalidOperationException("ProjectApplicationSubmitted carries no valid project_id.");
        var owner = message.Header.OrganisationPath;
        if (!OrganisationPath.IsValid(owner))
            throw new InvalidOperationException("ProjectApplicationSubmitted carries no valid header.organisation_path.");
        var asOf = message.Header.OccurredAt?.ToDateTime() ?? DateTime.UtcNow;

        var projects = Db.Set<KnownProject>();
        var project = await projects.FirstOrDefaultAsync(p => p.ProjectId == projectId, cancellationToken);
        if (project is null)
        {
            project = new KnownProject { ProjectId = projectId };
            projects.Add(project);
        }
        else if (project.AsOf > asOf)
        {
            return;
        }
        project.OrganisationPath = owner;
        project.Year = message.Year;
        project.Category = message.Category ?? string.Empty;
        project.TotalFen = message.Total?.Fen ?? 0;
        project.AsOf = asOf;
    }
}
