using System.Linq.Expressions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Union.Contracts;
using Union.Contracts.Events.V1;
using Union.Shared.Auth;
using Union.Shared.Messaging;

namespace Union.Shared.Persistence;

/// <summary>
/// The base of every service's DbContext. It owns the tables every service has (outbox, inbox,
/// idempotency records, audit log), limits every read of an <see cref="IOrganisationOwned"/>
/// record to the caller's subtree, and writes the audit log in the same SaveChanges as the change.
/// </summary>
public abstract class UnionDbContext(DbContextOptions options, CallerContext caller, OutboxSignal outboxSignal) : DbContext(options)
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public CallerContext Caller => caller;

    // Read by the query filters on every query; EF parameterises them per context instance.
    private bool TenancyApplies => !caller.IsSystem;
    // An anonymous caller's scope matches no path at all (paths never contain '|').
    private string ScopePath => caller.OrganisationPath ?? "|";
    private string ScopePrefix => (caller.OrganisationPath ?? "|") + "/";
    private int ScopePrefixLength => ScopePrefix.Length;

    /// <summary>The service's own entities.</summary>
    protected abstract void ConfigureDomain(ModelBuilder modelBuilder);

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureDomain(modelBuilder);

        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.HasIndex(m => m.EventId).IsUnique();
            e.HasIndex(m => new { m.PublishedAt, m.Id });
            e.Property(m => m.EventType).HasMaxLength(200);
            e.Property(m => m.OrganisationPath).HasMaxLength(200);
            e.Property(m => m.CorrelationId).HasMaxLength(100);
            e.Property(m => m.LastError).HasMaxLength(2000);
            e.Property(m => m.ClaimedBy).HasMaxLength(120);
            // Operations look parked rows up by it (docs/operations.md).
            e.HasIndex(m => m.ParkedAt);
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.Consumer, m.EventId });
            e.Property(m => m.Consumer).HasMaxLength(200);
            e.Property(m => m.EventType).HasMaxLength(200);
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasKey(r => r.Key);
            e.Property(r => r.Key).HasMaxLength(64);
            e.Property(r => r.Method).HasMaxLength(200);
            e.Property(r => r.RequestHash).HasMaxLength(64);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.EntityType, a.EntityId });
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.ActorOrganisation).HasMaxLength(200);
            e.Property(a => a.Action).HasMaxLength(50);
            e.Property(a => a.EntityType).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.Property(a => a.OrganisationPath).HasMaxLength(200);
            e.Property(a => a.Changes).HasMaxLength(2000);
            e.Property(a => a.Reason).HasMaxLength(500);
            e.Property(a => a.CorrelationId).HasMaxLength(100);
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(t => typeof(IOrganisationOwned).IsAssignableFrom(t.ClrType)))
        {
            entity.SetQueryFilter(TenancyFilter(entity.ClrType));
        }
    }

    // e => !TenancyApplies || e.OrganisationPath == ScopePath
    //      || (e.OrganisationPath.StartsWith(ScopePrefix) && e.OrganisationPath.Substring(0, ScopePrefixLength) == ScopePrefix):
    // exact on SQLite too, whose LIKE ignores ASCII case (OrganisationPath.InSubtree).
    private LambdaExpression TenancyFilter(System.Type clrType)
    {
        var e = Expression.Parameter(clrType, "e");
        var self = Expression.Constant(this, typeof(UnionDbContext));
        var path = Expression.Property(e, nameof(IOrganisationOwned.OrganisationPath));
        var body = Expression.OrElse(
            Expression.Not(Member(self, nameof(TenancyApplies))),
            Tenancy.OrganisationPath.Matches(path, Member(self, nameof(ScopePath)), Member(self, nameof(ScopePrefix)),
                Member(self, nameof(ScopePrefixLength))));
        return Expression.Lambda(body, e);
    }

    private static MemberExpression Member(Expression self, string name) =>
        Expression.Property(self, typeof(UnionDbContext).GetProperty(name, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!);

    /// <summary>
    /// The host's clock, for when an event happened: the day a household was archived or paid is a
    /// business date the consumers count with (evaluation's windows and deadlines), so it follows the
    /// settable clock of a Development or test run. The audit keeps the system time (when it really
    /// happened). A context made outside a host (design time, benchmarks) uses the system clock.
    /// </summary>
    private TimeProvider BusinessClock =>
        _businessClock ??= this.GetService<IDbContextOptions>()
            .FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?
            .GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;

    private TimeProvider? _businessClock;

    /// <summary>Queues an integration event in the outbox; it is saved with the change that raised it.</summary>
    public void Publish(IIntegrationEvent integrationEvent, string organisationPath)
    {
        var header = integrationEvent.Header ??= new EventHeader();
        if (string.IsNullOrEmpty(header.EventId)) header.EventId = Guid.CreateVersion7().ToString();
        header.OccurredAt ??= Timestamp.FromDateTime(BusinessClock.GetUtcNow().UtcDateTime);
        header.OrganisationPath = organisationPath;
        if (string.IsNullOrEmpty(header.CorrelationId)) header.CorrelationId = caller.CorrelationId;
        OutboxMessages.Add(new OutboxMessage
        {
            EventId = Guid.Parse(header.EventId),
            EventType = integrationEvent.Descriptor.FullName,
            Payload = JsonFormatter.Default.Format(integrationEvent),
            OrganisationPath = organisationPath,
            CorrelationId = header.CorrelationId,
            OccurredAt = header.OccurredAt.ToDateTime(),
        });
    }

    /// <summary>Records a named read or action that is not a row change, e.g. an unmasked read of personal data.</summary>
    public void Audit(string action, string entityType, string entityId, string? organisationPath, string? detail = null) =>
        AuditEntries.Add(NewAudit(action, entityType, entityId, organisationPath, detail));

    private List<Func<CancellationToken, Task>>? _afterCommit;

    /// <summary>
    /// Runs <paramref name="action"/> once what was saved is visible to everyone: now when no
    /// transaction is open (the save committed), or after the open transaction commits (e.g. the
    /// idempotency interceptor's or a consumer's); never if it rolls back. A cache entry cleared
    /// before the commit could be filled again from the old row by a concurrent read and served
    /// stale for its whole lifetime.
    /// </summary>
    public async Task AfterCommitAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is null)
        {
            await action(cancellationToken);
            return;
        }
        (_afterCommit ??= []).Add(action);
    }

    internal async Task RunAfterCommitAsync()
    {
        var actions = _afterCommit;
        _afterCommit = null;
        // The change is committed whatever the caller does now: finish even if it has gone away.
        foreach (var action in actions ?? []) await action(CancellationToken.None);
    }

    internal void DropAfterCommit() => _afterCommit = null;

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        WriteAuditLog();
        var hasEvents = ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        // Outside a transaction the events are committed now; inside one the committer signals.
        if (hasEvents && Database.CurrentTransaction is null) outboxSignal.Notify();
        return written;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the audit log and the outbox are written there.");

    private void WriteAuditLog()
    {
        foreach (var entry in ChangeTracker.Entries<AuditEntry>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("The audit log is append-only.");
        }
        var changed = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => e.Entity is not (OutboxMessage or InboxMessage or IdempotencyRecord or AuditEntry))
            .ToList();
        var audit = new List<AuditEntry>(changed.Count);
        foreach (var entry in changed)
        {
            audit.Add(NewAudit(entry.State.ToString(), entry.Metadata.ClrType.Name, KeyOf(entry),
                (entry.Entity as IOrganisationOwned)?.OrganisationPath, ChangedProperties(entry)));
        }
        StageAuditEntries(audit);
    }

    /// <summary>
    /// Stages the audit rows of this save's changes; by default they are tracked and EF inserts
    /// them with the change. A context that writes some rows itself overrides this to write their
    /// audit rows in the same transaction (the funds ledger on SQLite, FundsDbContext.BulkInsert.cs).
    /// </summary>
    protected virtual void StageAuditEntries(IReadOnlyList<AuditEntry> entries)
    {
        foreach (var entry in entries) AuditEntries.Add(entry);
    }

    /// <summary>The audit row of an inserted row that the context writes without tracking it, as <see cref="WriteAuditLog"/> makes it for a tracked one.</summary>
    protected AuditEntry AuditOfAdded(string entityType, string entityId, string? organisationPath) =>
        NewAudit(nameof(EntityState.Added), entityType, entityId, organisationPath, null);

    private AuditEntry NewAudit(string action, string entityType, string entityId, string? organisationPath, string? changes) => new()
    {
        At = DateTime.UtcNow,
        Actor = caller.Subject,
        ActorOrganisation = caller.OrganisationPath,
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        OrganisationPath = organisationPath,
        Changes = changes is { Length: > 2000 } ? changes[..2000] : changes,
        Reason = caller.AuditReason,
        CorrelationId = caller.CorrelationId,
    };

    private static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()?.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()) ?? []);

    private static string? ChangedProperties(EntityEntry entry) => entry.State == EntityState.Modified
        ? string.Join(",", entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name))
        : null;
}
