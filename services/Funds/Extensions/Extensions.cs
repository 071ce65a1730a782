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
        builder.AddUnionMessaging("funds", consumers =>
        {
            consumers.Add<HouseholdRegisteredConsumer>();
            consumers.Add<HouseholdArchivedConsumer>();
            consumers.Add<HouseholdPhaseOutStartedConsumer>();
            consumers.Add<HouseholdExitedConsumer>();
            consumers.Add<HouseholdDeArchivedConsumer>();
            consumers.Add<HouseholdCancelledConsumer>();
            consumers.Add<HouseholdRelapsedConsumer>();
            // Project tranches (001 第六条): the projects' events release the funder's subsidy to the applicant.
            consumers.Add<ProjectApplicationSubmittedConsumer>();
            consumers.Add<ProjectApprovedConsumer>();
            consumers.Add<ProjectAdjustedConsumer>();
            consumers.Add<ProjectLaunchedConsumer>();
            consumers.Add<ProjectAcceptedConsumer>();
            consumers.Add<ProjectClosedConsumer>();
            // Last year's grades for the allocation (evaluation's EvaluationGraded).
            consumers.Add<EvaluationGradedConsumer>();
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
