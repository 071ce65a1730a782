using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Testing;
using DomainFundSource = Union.Funds.Domain.FundSource;
using ProjectFunding = Union.Contracts.Funds.V1.ProjectFunding;
using TrancheStage = Union.Contracts.Funds.V1.TrancheStage;
using TrancheStatus = Union.Contracts.Funds.V1.TrancheStatus;

namespace Union.Funds.Tests;

/// <summary>
/// Project tranches (001_ab13bea91fa8b22f.txt 第六条) on the stored ledger: the projects' events,
/// delivered through the bus, release the funder's subsidy to the applicant, 40 % on launch and the
/// rest of the subsidy in force on acceptance, never twice and never more than the subsidy.
/// The funder is Yibin city (51/5115), the applicant its Cuiping district (51/5115/511502).
/// </summary>
public abstract class ProjectTrancheTests<THost>(THost host) : IAsyncLifetime where THost : FundsHost
{
    private const string Province = "51";
    private const string Yibin = "51/5115";
    private const string Cuiping = "51/5115/511502";
    private const string Chengdu = "51/5101";
    private const int Year = 2025;
    private const long Yuan = 100;
    private static readonly DateTime T0 = new(2025, 3, 1, 2, 0, 0, DateTimeKind.Utc);

    private readonly ConsumedEvents _consumed = new();
    private IDisposable? _observer;
    private Guid _provinceAccount, _yibinAccount;

    public async Task InitializeAsync()
    {
        await host.ResetAsync();
        _observer = host.Services.GetRequiredService<IBus>().ConnectConsumeObserver(_consumed);
        (_provinceAccount, _yibinAccount) = await host.InScopeAsync(null, async (_, db) =>
        {
            var province = FundAccount.Open(Province, Year, DomainFundSource.UnionFunds, "test", DateTime.UtcNow);
            var yibin = FundAccount.Open(Yibin, Year, DomainFundSource.UnionFunds, "test", DateTime.UtcNow);
            db.Accounts.AddRange(province, yibin);
            await db.SaveChangesAsync();
            return (province.Id, yibin.Id);
        });
    }

    public async Task DisposeAsync()
    {
        _observer?.Dispose();
        // The ledger balances after every test: all entries sum to zero.
        var sum = await host.WithDatabaseAsync(db => db.Set<LedgerEntry>().SumAsync(e => e.AmountFen));
        Assert.Equal(0, sum);
    }

    /// <summary>The funder's money arrives: a posting from the province's union-funds account to Yibin's.</summary>
    private Task ReceiveAsync(long fen) =>
        host.InScopeAsync(Province, async (sp, db) =>
        {
            await sp.GetRequiredService<Ledger>().PostAsync([(_yibinAccount, fen), (_provinceAccount, -fen)], "省总下拨扶助实事项目资金");
            await db.SaveChangesAsync();
        });

    private Task<long> BalanceAsync(string path) =>
        host.InScopeAsync(null, async (sp, db) =>
        {
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.OrganisationPath == path && a.FiscalYear == Year && a.Source == DomainFundSource.UnionFunds);
            return account is null ? 0 : await sp.GetRequiredService<Ledger>().BalanceAsync(account.Id);
        });

    private Task<int> TransactionCountAsync() => host.WithDatabaseAsync(db => db.Set<LedgerTransaction>().CountAsync());

    private static EventHeader Header(DateTime at, Guid? eventId = null) => new()
    {
        EventId = (eventId ?? Guid.NewGuid()).ToString(),
        OccurredAt = Timestamp.FromDateTime(at),
        OrganisationPath = Cuiping,
        CorrelationId = "test-correlation",
    };

    private static Money Fen(long fen) => new() { Fen = fen };

    private static ProjectApplicationSubmitted Submitted(Guid project, long totalYuan) =>
        new() { Header = Header(T0), ProjectId = project.ToString(), Year = Year, Category = "MEDICAL", Total = Fen(totalYuan * Yuan) };

    private static ProjectApproved Approved(Guid project, long subsidyYuan) =>
        new() { Header = Header(T0.AddDays(10)), ProjectId = project.ToString(), Year = Year, Category = "MEDICAL", ApprovedSubsidy = Fen(subsidyYuan * Yuan), FunderPath = Yibin };

    private static ProjectLaunched Launched(Guid project, long trancheYuan, long currentYuan) =>
        new() { Header = Header(T0.AddDays(20)), ProjectId = project.ToString(), Year = Year, Tranche = Fen(trancheYuan * Yuan), CurrentSubsidy = Fen(currentYuan * Yuan), FunderPath = Yibin };

    private static ProjectAdjusted Adjusted(Guid project, long previousYuan, long newYuan) =>
        new() { Header = Header(T0.AddDays(60)), ProjectId = project.ToString(), AdjustmentId = Guid.NewGuid().ToString(), PreviousSubsidy = Fen(previousYuan * Yuan), NewSubsidy = Fen(newYuan * Yuan) };

    private static ProjectAccepted Accepted(Guid project, long trancheYuan, long currentYuan, Guid? eventId = null) =>
        new() { Header = Header(T0.AddDays(200), eventId), ProjectId = project.ToString(), Year = Year, Tranche = Fen(trancheYuan * Yuan), CurrentSubsidy = Fen(currentYuan * Yuan), FunderPath = Yibin, SpentSubsidy = Fen(0) };

    private static ProjectClosed Closed(Guid project, long spentYuan, long returnedYuan) =>
        new() { Header = Header(T0.AddDays(250)), ProjectId = project.ToString(), SpentSubsidy = Fen(spentYuan * Yuan), ReturnedSubsidy = Fen(returnedYuan * Yuan) };

    /// <summary>Publishes an event and waits until funds has consumed it once more than before (a redelivery included).</summary>
    private async Task DeliverAsync<T>(T e) where T : class, IIntegrationEvent
    {
        var id = e.Header.EventId;
        var before = _consumed.Count(id);
        await host.Services.GetRequiredService<IBus>().Publish(e);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(_consumed.Count(id) > before || _consumed.Faulted(id))), $"{e.Descriptor.Name} was not consumed");
        Assert.False(_consumed.Faulted(id), $"{e.Descriptor.Name} failed");
    }

    /// <summary>Dalian's project: a total of 1,000,000 yuan, 500,000 approved, launched with its 40 %.</summary>
    private async Task<Guid> LaunchedProjectAsync()
    {
        var project = Guid.NewGuid();
        await DeliverAsync(Submitted(project, 1_000_000));
        await DeliverAsync(Approved(project, 500_000));
        await DeliverAsync(Launched(project, 200_000, 500_000));
        return project;
    }

    private ProjectTranches.ProjectTranchesClient Client(string path, params string[] roles) => new(host.As(path, roles));

    private Task<ProjectFunding> FundingAsync(Guid project, string asOrganisation = Yibin) =>
        Client(asOrganisation, Roles.Finance).GetProjectFundingAsync(new GetProjectFundingRequest { ProjectId = project.ToString() }).ResponseAsync;

    private static Tranche StageOf(ProjectFunding funding, TrancheStage stage) => Assert.Single(funding.Tranches, t => t.Stage == stage);

    [Fact]
    public async Task Dalian_launch_releases_200000_and_acceptance_300000_from_the_funder_to_the_applicant()
    {
        await ReceiveAsync(1_000_000 * Yuan);

        var project = await LaunchedProjectAsync();
        var launched = await FundingAsync(project);

        Assert.Equal(200_000 * Yuan, launched.Released.Fen);
        var first = StageOf(launched, TrancheStage.Launch);
        Assert.Equal(TrancheStatus.Released, first.Status);
        Assert.Equal(200_000 * Yuan, first.Amount.Fen);
        Assert.NotEmpty(first.TransactionId);
        Assert.NotNull(first.PostedAt);
        Assert.Equal(200_000 * Yuan, await BalanceAsync(Cuiping));
        Assert.Equal(800_000 * Yuan, await BalanceAsync(Yibin));

        await DeliverAsync(Accepted(project, 300_000, 500_000));
        var accepted = await FundingAsync(project);

        Assert.Equal(500_000 * Yuan, accepted.ApprovedSubsidy.Fen);
        Assert.Equal(500_000 * Yuan, accepted.Released.Fen);
        Assert.Equal(1_000_000 * Yuan, accepted.Total.Fen);
        Assert.Equal(Yibin, accepted.Funder.Path);
        Assert.Equal(Cuiping, accepted.Applicant.Path);
        var rest = StageOf(accepted, TrancheStage.Acceptance);
        Assert.Equal(300_000 * Yuan, rest.Amount.Fen);
        Assert.Equal(TrancheStatus.Released, rest.Status);
        Assert.Empty(rest.Note);
        Assert.Equal(500_000 * Yuan, await BalanceAsync(Cuiping));
        Assert.Equal(500_000 * Yuan, await BalanceAsync(Yibin));
        // The applicant's receiving account was opened by the system for the project's year and source.
        var opened = await host.WithDatabaseAsync(db => db.Set<FundAccount>().SingleAsync(a => a.OrganisationPath == Cuiping));
        Assert.Equal(TrancheReleases.AccountOpener, opened.CreatedBy);
        Assert.Equal(DomainFundSource.UnionFunds, opened.Source);
    }

    [Fact]
    public async Task A_redelivered_acceptance_event_releases_nothing()
    {
        await ReceiveAsync(1_000_000 * Yuan);
        var project = await LaunchedProjectAsync();
        var acceptance = Guid.NewGuid();
        await DeliverAsync(Accepted(project, 300_000, 500_000, acceptance));
        var transactions = await TransactionCountAsync();

        // The outbox publishes the same event again after a crash.
        await DeliverAsync(Accepted(project, 300_000, 500_000, acceptance));

        Assert.Equal(transactions, await TransactionCountAsync());
        Assert.Equal(500_000 * Yuan, (await FundingAsync(project)).Released.Fen);
        Assert.Equal(500_000 * Yuan, await BalanceAsync(Cuiping));
    }

    [Fact]
    public async Task Each_released_tranche_publishes_TrancheReleased_once_with_ids_and_amounts_only()
    {
        await ReceiveAsync(1_000_000 * Yuan);
        var project = await LaunchedProjectAsync();
        var acceptance = Guid.NewGuid();
        await DeliverAsync(Accepted(project, 300_000, 500_000, acceptance));
        // A redelivered acceptance and a redelivered launch announce nothing again.
        await DeliverAsync(Accepted(project, 300_000, 500_000, acceptance));
        await DeliverAsync(Launched(project, 200_000, 500_000));

        var funding = await FundingAsync(project);
        var messages = await host.WithDatabaseAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.EventType == "union.events.v1.TrancheReleased").ToListAsync());
        var events = messages.Select(m => (m.OrganisationPath, Event: TrancheReleased.Parser.ParseJson(m.Payload))).Where(x => x.Event.ProjectId == project.ToString()).ToList();
        Assert.Equal(2, events.Count);
        var launch = Assert.Single(events, x => x.Event.Kind == "LAUNCH");
        var rest = Assert.Single(events, x => x.Event.Kind == "ACCEPTANCE");
        Assert.Equal(Yibin, launch.OrganisationPath);
        Assert.Equal(200_000 * Yuan, launch.Event.Amount.Fen);
        Assert.Equal(300_000 * Yuan, rest.Event.Amount.Fen);
        Assert.Equal(StageOf(funding, TrancheStage.Launch).TransactionId, launch.Event.TransactionId);
        Assert.Equal(StageOf(funding, TrancheStage.Acceptance).TransactionId, rest.Event.TransactionId);
        Assert.Equal(Yibin, rest.Event.FunderPath);
        Assert.Equal(Cuiping, rest.Event.ApplicantPath);
        Assert.Equal(Union.Contracts.Common.V1.FundSource.UnionFunds, rest.Event.Source);
        Assert.Equal(Year, rest.Event.Year);
        Assert.Equal(_yibinAccount.ToString(), rest.Event.FromAccountId);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", rest.Event.ReleasedOn);
        Assert.NotEmpty(rest.Event.TrancheId);
    }

    [Fact]
    public async Task A_pending_tranche_announces_its_release_when_finance_retries_it_and_not_before()
    {
        var project = await LaunchedProjectAsync();
        Assert.False(await host.WithDatabaseAsync(db => db.OutboxMessages.AnyAsync(m => m.EventType == "union.events.v1.TrancheReleased")));

        await ReceiveAsync(1_000_000 * Yuan);
        await Client(Yibin, Roles.Finance).RetryTrancheAsync(new RetryTrancheRequest { ProjectId = project.ToString(), Stage = TrancheStage.Launch });

        var message = await host.WithDatabaseAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.EventType == "union.events.v1.TrancheReleased"));
        Assert.Equal("LAUNCH", TrancheReleased.Parser.ParseJson(message.Payload).Kind);
    }

    [Fact]
    public async Task A_second_acceptance_event_for_the_same_project_releases_nothing()
    {
        await ReceiveAsync(1_000_000 * Yuan);
        var project = await LaunchedProjectAsync();
        await DeliverAsync(Accepted(project, 300_000, 500_000));
        var transactions = await TransactionCountAsync();

        // Another event id for a stage already released: the inbox lets it through, the domain does not.
        await DeliverAsync(Accepted(project, 300_000, 500_000));

        Assert.Equal(transactions, await TransactionCountAsync());
        var funding = await FundingAsync(project);
        Assert.Equal(500_000 * Yuan, funding.Released.Fen);
        Assert.Equal(300_000 * Yuan, StageOf(funding, TrancheStage.Acceptance).Amount.Fen);
    }

    [Fact]
    public async Task After_an_adjustment_to_400000_acceptance_releases_200000()
    {
        await ReceiveAsync(1_000_000 * Yuan);
        var project = await LaunchedProjectAsync();
        await DeliverAsync(Adjusted(project, 500_000, 400_000));

        await DeliverAsync(Accepted(project, 200_000, 400_000));

        var funding = await FundingAsync(project);
        Assert.Equal(500_000 * Yuan, funding.ApprovedSubsidy.Fen);
        Assert.Equal(400_000 * Yuan, funding.CurrentSubsidy.Fen);
        Assert.Equal(200_000 * Yuan, StageOf(funding, TrancheStage.Acceptance).Amount.Fen);
        Assert.Equal(400_000 * Yuan, funding.Released.Fen);
        Assert.Equal(400_000 * Yuan, await BalanceAsync(Cuiping));
    }

    [Fact]
    public async Task An_acceptance_asking_more_than_remains_of_the_adjusted_subsidy_releases_only_the_rest_and_is_flagged()
    {
        await ReceiveAsync(1_000_000 * Yuan);
        var project = await LaunchedProjectAsync();
        await DeliverAsync(Adjusted(project, 500_000, 400_000));

        await DeliverAsync(Accepted(project, 300_000, 400_000));

        var funding = await FundingAsync(project);
        var rest = StageOf(funding, TrancheStage.Acceptance);
        Assert.Equal(200_000 * Yuan, rest.Amount.Fen);
        Assert.StartsWith("TRANCHE_EXCEEDS_SUBSIDY", rest.Note);
        Assert.Equal(400_000 * Yuan, funding.Released.Fen);
        Assert.Equal(400_000 * Yuan, await BalanceAsync(Cuiping));
    }

    [Fact]
    public async Task A_tranche_the_funder_cannot_cover_waits_as_pending_and_a_retry_posts_it_once_the_money_is_there()
    {
        await ReceiveAsync(100_000 * Yuan);
        var project = await LaunchedProjectAsync();

        var waiting = StageOf(await FundingAsync(project), TrancheStage.Launch);
        Assert.Equal(TrancheStatus.Pending, waiting.Status);
        Assert.StartsWith("INSUFFICIENT_FUNDS", waiting.PendingReason);
        Assert.Empty(waiting.TransactionId);
        Assert.Equal(0, await BalanceAsync(Cuiping));
        var pending = await Client(Yibin, Roles.Finance).ListPendingTranchesAsync(new ListPendingTranchesRequest());
        var listed = Assert.Single(pending.Tranches);
        Assert.Equal(project.ToString(), listed.ProjectId);
        Assert.Equal(200_000 * Yuan, listed.Tranche.Amount.Fen);
        Assert.Empty((await Client(Chengdu, Roles.Finance).ListPendingTranchesAsync(new ListPendingTranchesRequest())).Tranches);

        var retry = new RetryTrancheRequest { ProjectId = project.ToString(), Stage = TrancheStage.Launch };
        var stillShort = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Client(Yibin, Roles.Finance).RetryTrancheAsync(retry).ResponseAsync);
        Assert.Equal("INSUFFICIENT_FUNDS", stillShort.Code());
        Assert.Equal(TrancheStatus.Pending, StageOf(await FundingAsync(project), TrancheStage.Launch).Status);

        await ReceiveAsync(100_000 * Yuan);
        var released = await Client(Yibin, Roles.Finance).RetryTrancheAsync(retry);

        Assert.Equal(TrancheStatus.Released, StageOf(released, TrancheStage.Launch).Status);
        Assert.Equal(200_000 * Yuan, released.Released.Fen);
        Assert.Equal(200_000 * Yuan, await BalanceAsync(Cuiping));
        Assert.Equal(0, await BalanceAsync(Yibin));
        Assert.Empty((await Client(Yibin, Roles.Finance).ListPendingTranchesAsync(new ListPendingTranchesRequest())).Tranches);
        var again = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => Client(Yibin, Roles.Finance).RetryTrancheAsync(retry).ResponseAsync);
        Assert.Equal("TRANCHE_NOT_PENDING", again.Code());
    }

    [Fact]
    public async Task A_tranche_whose_funder_has_no_account_waits_as_pending()
    {
        var project = Guid.NewGuid();
        var launched = Launched(project, 200_000, 500_000);
        launched.FunderPath = Province + "/5199";
        await DeliverAsync(launched);

        var funding = await FundingAsync(project, asOrganisation: Province);
        var waiting = StageOf(funding, TrancheStage.Launch);
        Assert.Equal(TrancheStatus.Pending, waiting.Status);
        Assert.StartsWith("FUNDER_ACCOUNT_MISSING", waiting.PendingReason);
        Assert.Equal(0, funding.Released.Fen);
        Assert.Equal(0, await TransactionCountAsync());
    }

    [Fact]
    public async Task The_applicant_and_the_funder_see_a_project_and_another_city_does_not()
    {
        await ReceiveAsync(1_000_000 * Yuan);
        var project = await LaunchedProjectAsync();

        Assert.Equal(project.ToString(), (await FundingAsync(project, asOrganisation: Cuiping)).ProjectId);
        Assert.Equal(project.ToString(), (await FundingAsync(project, asOrganisation: Yibin)).ProjectId);
        var e = await RpcAssert.Fails(StatusCode.NotFound, () => FundingAsync(project, asOrganisation: Chengdu));
        Assert.Equal("PROJECT_FUNDING_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task Only_the_funders_finance_retries_a_tranche()
    {
        await ReceiveAsync(100_000 * Yuan);
        var project = await LaunchedProjectAsync();
        var retry = new RetryTrancheRequest { ProjectId = project.ToString(), Stage = TrancheStage.Launch };

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Client(Yibin, Roles.Caseworker).RetryTrancheAsync(retry).ResponseAsync);
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => Client(Cuiping, Roles.Finance).RetryTrancheAsync(retry).ResponseAsync);
        Assert.Equal("NOT_THE_PAYER", e.Code());
    }

    [Fact]
    public async Task Retry_with_bad_input_is_refused_with_field_violations_and_changes_nothing()
    {
        var before = await host.RowCountsAsync();

        await RpcAssert.InvalidArgument(
            () => Client(Yibin, Roles.Finance).RetryTrancheAsync(new RetryTrancheRequest { ProjectId = "not-an-id" }).ResponseAsync,
            "project_id", "stage");

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Closing_returns_the_unspent_subsidy_to_the_funder()
    {
        await ReceiveAsync(1_000_000 * Yuan);
        var project = await LaunchedProjectAsync();
        await DeliverAsync(Accepted(project, 300_000, 500_000));

        await DeliverAsync(Closed(project, 450_000, 50_000));

        var funding = await FundingAsync(project);
        var back = StageOf(funding, TrancheStage.Return);
        Assert.Equal(TrancheStatus.Released, back.Status);
        Assert.Equal(50_000 * Yuan, back.Amount.Fen);
        Assert.Equal(450_000 * Yuan, await BalanceAsync(Cuiping));
        Assert.Equal(550_000 * Yuan, await BalanceAsync(Yibin));
    }

    /// <summary>Counts completed and failed consumptions per event id, so a test knows an event was handled.</summary>
    private sealed class ConsumedEvents : IConsumeObserver
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();
        private readonly ConcurrentDictionary<string, bool> _faults = new();

        public int Count(string eventId) => _counts.GetValueOrDefault(eventId);
        public bool Faulted(string eventId) => _faults.ContainsKey(eventId);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is IIntegrationEvent e) _counts.AddOrUpdate(e.Header.EventId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            if (context.Message is IIntegrationEvent e) _faults[e.Header.EventId] = true;
            return Task.CompletedTask;
        }
    }
}

public sealed class SqliteProjectTrancheTests(FundsHost host) : ProjectTrancheTests<FundsHost>(host), IClassFixture<FundsHost>;

public sealed class PostgresProjectTrancheTests(PostgresFundsHost host) : ProjectTrancheTests<PostgresFundsHost>(host), IClassFixture<PostgresFundsHost>;
