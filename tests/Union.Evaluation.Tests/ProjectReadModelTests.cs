using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Messaging;
using Union.Evaluation.Tests.Infrastructure;
using SubjectKind = Union.Contracts.Evaluation.V1.SubjectKind;

namespace Union.Evaluation.Tests;

/// <summary>The KnownProject read model, fed by projects' ProjectApplicationSubmitted events on the host's bus.</summary>
public sealed class ProjectReadModelTests(EvaluationHost host) : IClassFixture<EvaluationHost>, IAsyncLifetime
{
    private const string County = "51/5115/511502";

    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_submitted_project_application_becomes_a_known_project()
    {
        var projectId = Guid.NewGuid();

        await PublishAsync(Submitted(projectId, County));

        var project = await Eventually.ReturnsAsync(() => FindAsync(projectId), p => p is not null, "the read model to learn the project");
        Assert.Equal(County, project!.OrganisationPath);
        Assert.Equal(2025, project.Year);
        Assert.Equal("MEDICAL", project.Category);
        Assert.Equal(45_000_000, project.TotalFen);
        Assert.Equal(string.Empty, project.Title);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_is_applied_once()
    {
        var projectId = Guid.NewGuid();
        var submitted = Submitted(projectId, County);
        using var consumed = new ConsumedEvents(host.Services.GetRequiredService<IBus>());

        await PublishAsync(submitted);
        await PublishAsync(submitted.Clone());

        await Eventually.ReturnsAsync(() => Task.FromResult(consumed.Count(submitted.Header.EventId)), n => n >= 2, "both deliveries to be consumed");
        Assert.Equal(1, await host.WithDatabaseAsync(db => db.Set<KnownProject>().CountAsync()));
        var inbox = await host.WithDatabaseAsync(db => db.InboxMessages.AsNoTracking().ToListAsync());
        var entry = Assert.Single(inbox);
        Assert.Equal(nameof(ProjectApplicationSubmittedConsumer), entry.Consumer);
        Assert.Equal(Guid.Parse(submitted.Header.EventId), entry.EventId);
    }

    [Fact]
    public async Task A_stale_event_does_not_overwrite_a_newer_one()
    {
        var projectId = Guid.NewGuid();
        var newer = Submitted(projectId, County, occurredAt: DateTime.UtcNow, fen: 50_000_000);
        var older = Submitted(projectId, County, occurredAt: DateTime.UtcNow.AddHours(-1), fen: 10_000_000);
        using var consumed = new ConsumedEvents(host.Services.GetRequiredService<IBus>());

        await PublishAsync(newer);
        await Eventually.ReturnsAsync(() => FindAsync(projectId), p => p is not null, "the newer event to be applied");
        await PublishAsync(older);
        await Eventually.ReturnsAsync(() => Task.FromResult(consumed.Count(older.Header.EventId)), n => n >= 1, "the older event to be consumed");

        Assert.Equal(50_000_000, (await FindAsync(projectId))!.TotalFen);
        Assert.Equal(2, await host.WithDatabaseAsync(db => db.InboxMessages.CountAsync()));
    }

    [Fact]
    public async Task A_project_learned_from_its_event_can_be_evaluated_without_asking_projects()
    {
        // Projects is unreachable in this host: success proves the event-fed read model answered.
        var projectId = Guid.NewGuid();
        await PublishAsync(Submitted(projectId, County));
        await Eventually.ReturnsAsync(() => FindAsync(projectId), p => p is not null, "the read model to learn the project");

        var created = await host.Client(County).CreateEvaluationAsync(Requests.Project(projectId));

        Assert.Equal(SubjectKind.Project, created.SubjectKind);
        Assert.Equal(projectId.ToString(), created.SubjectId);
    }

    private Task PublishAsync(ProjectApplicationSubmitted message) =>
        host.Services.GetRequiredService<IBus>().Publish(message);

    private Task<KnownProject?> FindAsync(Guid projectId) =>
        host.WithDatabaseAsync(db => db.Set<KnownProject>().AsNoTracking().FirstOrDefaultAsync(p => p.ProjectId == projectId));

    private static ProjectApplicationSubmitted Submitted(Guid projectId, string organisationPath, DateTime? occurredAt = null, long fen = 45_000_000) => new()
    {
        Header = new EventHeader
        {
            EventId = Guid.CreateVersion7().ToString(),
            OccurredAt = Timestamp.FromDateTime(occurredAt ?? DateTime.UtcNow),
            OrganisationPath = organisationPath,
            CorrelationId = Guid.NewGuid().ToString("N"),
        },
        ProjectId = projectId.ToString(),
        Year = 2025,
        Category = "MEDICAL",
        Total = new Money { Fen = fen },
    };

    /// <summary>Counts completed consumptions per event id, to know when a redelivery has been handled.</summary>
    private sealed class ConsumedEvents : IConsumeObserver, IDisposable
    {
        private readonly ConcurrentDictionary<string, int> _done = new();
        private readonly ConnectHandle _handle;

        public ConsumedEvents(IBus bus) => _handle = bus.ConnectConsumeObserver(this);

        public int Count(string eventId) => _done.GetValueOrDefault(eventId);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is IIntegrationEvent e) _done.AddOrUpdate(e.Header.EventId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;

        public void Dispose() => _handle.Disconnect();
    }
}
