using Union.Contracts.Projects.V1;
using Union.Evaluation.Grpc;
using Union.Evaluation.Messaging;
using Union.Evaluation.Persistence;
using Union.Shared.Messaging;
using Union.Shared.Persistence;
using Union.Shared.Resilience;

namespace Union.Evaluation.Extensions;

public static class Extensions
{
    /// <summary>The evaluation service's own registrations, on top of the shared defaults.</summary>
    public static WebApplicationBuilder AddEvaluation(this WebApplicationBuilder builder)
    {
        builder.AddUnionPersistence<EvaluationDbContext, EvaluationSqliteDbContext, EvaluationPostgresDbContext, EvaluationSqlServerDbContext>("evaluation");
        // The projects it may evaluate arrive as events and are kept in a local read model.
        builder.AddUnionMessaging("evaluation", consumers =>
        {
            consumers.Add<ProjectApplicationSubmittedConsumer>();
            // The facts behind the operational indicators: funds' decisions, payments and allocations, archives' households.
            consumers.Add<AssistanceDecidedConsumer>();
            consumers.Add<PaymentSettledConsumer>();
            consumers.Add<AllocationCommittedConsumer>();
            consumers.Add<AllocationReversedConsumer>();
            consumers.Add<HouseholdArchivedConsumer>();
            // Visits in the campaign windows, and the closings that end a household's turn to be visited.
            consumers.Add<HouseholdVisitedConsumer>();
            consumers.Add<HouseholdExitedConsumer>();
            consumers.Add<HouseholdDeArchivedConsumer>();
            consumers.Add<HouseholdCancelledConsumer>();
        });
        builder.Services.Configure<Domain.Process.EvaluationProcessOptions>(builder.Configuration.GetSection(Domain.Process.EvaluationProcessOptions.Section));
        builder.Services.AddScoped<OperationalFactsReader>();
        // The exception to the read model: a project not seen yet (event lag) is asked of projects itself.
        builder.Services.AddUnionGrpcClient<ProjectApplications.ProjectApplicationsClient>(builder.Configuration, "projects");
        builder.Services.AddScoped<SubjectProjects>();
        builder.Services.AddScoped<TemplateStore>();
        // The built-in indicator systems are stored when the service starts (idempotent).
        builder.Services.AddHostedService<BuiltInTemplateSeeder>();
        return builder;
    }
}
