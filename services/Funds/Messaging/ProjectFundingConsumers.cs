using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Union.Contracts;
using Union.Contracts.Events.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Messaging;
using Union.Shared.Tenancy;
using Union.Shared.Time;

namespace Union.Funds.Messaging;

/// <summary>
/// The projects' events as they move a project's funding (001_ab13bea91fa8b22f.txt 第六条). The base
/// class records each event in the inbox in the same transaction, so a redelivered event releases
/// nothing; the domain keeps one tranche per project and stage (a unique key in the database) as a
/// second line, so a second event for the same stage releases nothing either. Events may arrive in
/// any order: any of them starts the project's record, and the subsidy in force follows the event
/// that happened last.
/// </summary>
public abstract class ProjectFundingConsumer<TEvent>(IServiceProvider services, TimeProvider clock)
    : IntegrationEventConsumer<TEvent>(services)
    where TEvent : class, IIntegrationEvent
{
    private readonly IServiceProvider _services = services;

    protected FundsDbContext Funds => (FundsDbContext)Db;
    protected DateTime Now { get; } = clock.UtcNowForStorage();

    protected Task ReleaseAsync(ProjectFunding funding, ProjectTranche tranche, CancellationToken ct) =>
        _services.GetRequiredService<TrancheReleases>().ReleaseAsync(funding, tranche, ct);

    /// <summary>The project's funding record, started from this event when it is the first funds hears of the project.</summary>
    protected async Task<ProjectFunding> FundingAsync(TEvent message, string projectId, CancellationToken ct)
    {
        var name = message.Descriptor.Name;
        // A malformed event is a publisher's bug: failing sends it through the retries to the error queue.
        if (!Guid.TryParse(projectId, out var id))
            throw new InvalidOperationException($"{name} {message.Header.EventId} carries no valid project_id.");
        var funding = await Funds.ProjectFundings.Include(p => p.Tranches).FirstOrDefaultAsync(p => p.ProjectId == id, ct);
        if (funding is not null) return funding;
        var path = message.Header.OrganisationPath;
        if (!OrganisationPath.IsValid(path))
            throw new InvalidOperationException($"{name} {message.Header.EventId} carries no valid organisation path.");
        funding = ProjectFunding.Start(id, path, Now);
        Funds.ProjectFundings.Add(funding);
        return funding;
    }

    protected DateTime OccurredAt(TEvent message) =>
        message.Header.OccurredAt?.ToDateTime() is { } at ? new DateTime(at.Ticks - at.Ticks % 10, DateTimeKind.Utc) : Now;

    protected static Guid EventId(TEvent message) => Guid.Parse(message.Header.EventId);

    protected static string Funder(TEvent message, string funderPath) =>
        OrganisationPath.IsValid(funderPath) ? funderPath
            : throw new InvalidOperationException($"{message.Descriptor.Name} {message.Header.EventId} carries no valid funder_path.");
}

/// <summary>An application was filed: funds keeps the project's total, the second bound on what may be released.</summary>
public sealed class ProjectApplicationSubmittedConsumer(IServiceProvider services, TimeProvider clock)
    : ProjectFundingConsumer<ProjectApplicationSubmitted>(services, clock)
{
    protected override async Task HandleAsync(ProjectApplicationSubmitted message, CancellationToken cancellationToken)
    {
        var funding = await FundingAsync(message, message.ProjectId, cancellationToken);
        funding.RecordApplication(message.Year, message.Total?.Fen ?? 0, Now);
    }
}

/// <summary>The project was approved: its subsidy, year, funder and the committee's review score.</summary>
public sealed class ProjectApprovedConsumer(IServiceProvider services, TimeProvider clock)
    : ProjectFundingConsumer<ProjectApproved>(services, clock)
{
    protected override async Task HandleAsync(ProjectApproved message, CancellationToken cancellationToken)
    {
        var funding = await FundingAsync(message, message.ProjectId, cancellationToken);
        funding.RecordApproval(message.Year, Funder(message, message.FunderPath), message.ApprovedSubsidy?.Fen ?? 0, OccurredAt(message), Now,
            ReviewScore(message));
    }

    /// <summary>Empty in approvals published before projects sent the score: no score, not zero.</summary>
    private static decimal? ReviewScore(ProjectApproved message)
    {
        if (string.IsNullOrWhiteSpace(message.ReviewScore)) return null;
        // A malformed score is a publisher's bug: failing sends it through the retries to the error queue.
        return decimal.TryParse(message.ReviewScore.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score)
            ? score
            : throw new InvalidOperationException($"ProjectApproved {message.Header.EventId} carries a review_score that is not a decimal.");
    }
}

/// <summary>An adjustment took effect: the subsidy in force changes, and with it what acceptance may release.</summary>
public sealed class ProjectAdjustedConsumer(IServiceProvider services, TimeProvider clock)
    : ProjectFundingConsumer<ProjectAdjusted>(services, clock)
{
    protected override async Task HandleAsync(ProjectAdjusted message, CancellationToken cancellationToken)
    {
        var funding = await FundingAsync(message, message.ProjectId, cancellationToken);
        funding.RecordSubsidy(message.NewSubsidy?.Fen ?? 0, OccurredAt(message), Now);
    }
}

/// <summary>The launch form was approved: the first tranche (40 %) moves from the funder to the applicant.</summary>
public sealed class ProjectLaunchedConsumer(IServiceProvider services, TimeProvider clock)
    : ProjectFundingConsumer<ProjectLaunched>(services, clock)
{
    protected override async Task HandleAsync(ProjectLaunched message, CancellationToken cancellationToken)
    {
        var funding = await FundingAsync(message, message.ProjectId, cancellationToken);
        funding.RecordPayer(message.Year, Funder(message, message.FunderPath), Now);
        if (message.CurrentSubsidy is { } current) funding.RecordSubsidy(current.Fen, OccurredAt(message), Now);
        var tranche = funding.Plan(TrancheStage.Launch, message.Tranche?.Fen ?? 0, EventId(message), Now);
        if (tranche is not null) await ReleaseAsync(funding, tranche, cancellationToken);
    }
}

/// <summary>The acceptance form was accepted: the rest of the subsidy in force moves, never more than remains of it.</summary>
public sealed class ProjectAcceptedConsumer(IServiceProvider services, TimeProvider clock)
    : ProjectFundingConsumer<ProjectAccepted>(services, clock)
{
    protected override async Task HandleAsync(ProjectAccepted message, CancellationToken cancellationToken)
    {
        var funding = await FundingAsync(message, message.ProjectId, cancellationToken);
        funding.RecordPayer(message.Year, Funder(message, message.FunderPath), Now);
        if (message.CurrentSubsidy is { } current) funding.RecordSubsidy(current.Fen, OccurredAt(message), Now);
        var tranche = funding.Plan(TrancheStage.Acceptance, message.Tranche?.Fen ?? 0, EventId(message), Now);
        if (tranche is not null) await ReleaseAsync(funding, tranche, cancellationToken);
    }
}

/// <summary>The project was closed: the unspent subsidy it returns goes back to the funder's account.</summary>
public sealed class ProjectClosedConsumer(IServiceProvider services, TimeProvider clock)
    : ProjectFundingConsumer<ProjectClosed>(services, clock)
{
    protected override async Task HandleAsync(ProjectClosed message, CancellationToken cancellationToken)
    {
        var funding = await FundingAsync(message, message.ProjectId, cancellationToken);
        var tranche = funding.PlanReturn(message.ReturnedSubsidy?.Fen ?? 0, EventId(message), Now);
        if (tranche is not null) await ReleaseAsync(funding, tranche, cancellationToken);
    }
}
