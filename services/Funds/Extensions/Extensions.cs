using Union.Funds.Domain;
using Union.Funds.Messaging;
using Union.Funds.Persistence;
using Union.Shared.Messaging;
using Union.Shared.Persistence;

namespace Union.Funds.Extensions;

public static class Extensions
{
    /// <summary>The funds service's own registrations, on top of the shared defaults.</summary>
    public static WebApplicationBuilder AddFunds(this WebApplicationBuilder builder)
    {
        builder.AddUnionPersistence<FundsDbContext, FundsSqliteDbContext, FundsPostgresDbContext, FundsSqlServerDbContext>("funds");
        // funds keeps the standing of every household it may pay, fed by the archives' events.
        builder.AddUnionMessaging("funds", bus =>
        {
            bus.AddConsumer<HouseholdRegisteredConsumer>(typeof(IntegrationEventConsumerDefinition<HouseholdRegisteredConsumer>));
            bus.AddConsumer<HouseholdArchivedConsumer>(typeof(IntegrationEventConsumerDefinition<HouseholdArchivedConsumer>));
            bus.AddConsumer<HouseholdPhaseOutStartedConsumer>(typeof(IntegrationEventConsumerDefinition<HouseholdPhaseOutStartedConsumer>));
            bus.AddConsumer<HouseholdExitedConsumer>(typeof(IntegrationEventConsumerDefinition<HouseholdExitedConsumer>));
            bus.AddConsumer<HouseholdDeArchivedConsumer>(typeof(IntegrationEventConsumerDefinition<HouseholdDeArchivedConsumer>));
            bus.AddConsumer<HouseholdCancelledConsumer>(typeof(IntegrationEventConsumerDefinition<HouseholdCancelledConsumer>));
            bus.AddConsumer<HouseholdRelapsedConsumer>(typeof(IntegrationEventConsumerDefinition<HouseholdRelapsedConsumer>));
            // Project tranches (001 第六条): the projects' events release the funder's subsidy to the applicant.
            bus.AddConsumer<ProjectApplicationSubmittedConsumer>(typeof(IntegrationEventConsumerDefinition<ProjectApplicationSubmittedConsumer>));
            bus.AddConsumer<ProjectApprovedConsumer>(typeof(IntegrationEventConsumerDefinition<ProjectApprovedConsumer>));
            bus.AddConsumer<ProjectAdjustedConsumer>(typeof(IntegrationEventConsumerDefinition<ProjectAdjustedConsumer>));
            bus.AddConsumer<ProjectLaunchedConsumer>(typeof(IntegrationEventConsumerDefinition<ProjectLaunchedConsumer>));
            bus.AddConsumer<ProjectAcceptedConsumer>(typeof(IntegrationEventConsumerDefinition<ProjectAcceptedConsumer>));
            bus.AddConsumer<ProjectClosedConsumer>(typeof(IntegrationEventConsumerDefinition<ProjectClosedConsumer>));
            // Last year's grades for the allocation (evaluation's EvaluationGraded).
            bus.AddConsumer<EvaluationGradedConsumer>(typeof(IntegrationEventConsumerDefinition<EvaluationGradedConsumer>));
        });
        builder.Services.AddScoped<Ledger>();
        builder.Services.AddScoped<TrancheReleases>();
        builder.Services.AddScoped<MoneyMovements>();
        builder.AddPaymentDetailsAndNotifications();
        builder.Services.AddScoped<Union.Shared.Calendar.IWorkingCalendarSource, StoredCalendarYears>();
        builder.Services.Configure<Domain.PublicNoticeOptions>(builder.Configuration.GetSection(Domain.PublicNoticeOptions.Section));
        return builder;
    }
}
