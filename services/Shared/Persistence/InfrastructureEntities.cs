namespace Union.Shared.Persistence;

/// <summary>A record that belongs to an organisation; reads are limited to the caller's subtree.</summary>
public interface IOrganisationOwned
{
    string OrganisationPath { get; }
}

/// <summary>An integration event waiting to be published, written in the same transaction as the change that raised it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    /// <summary>The proto full name, e.g. union.events.v1.HouseholdRegistered.</summary>
    public required string EventType { get; set; }
    /// <summary>Canonical proto3 JSON of the event.</summary>
    public required string Payload { get; set; }
    public required string OrganisationPath { get; set; }
    public string? CorrelationId { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>
    /// The dispatcher (replica and claim) that holds the row, or that published it. Only one replica
    /// holds a row at a time; see OutboxDispatcher.
    /// </summary>
    public string? ClaimedBy { get; set; }
    /// <summary>When the claim runs out and any replica may claim the row again; null when nobody holds it.</summary>
    public DateTime? ClaimedUntil { get; set; }
    /// <summary>Set when the row was set aside after its failed attempts; a parked row is not tried again until re-queued.</summary>
    public DateTime? ParkedAt { get; set; }
}

/// <summary>An event a consumer has handled; its key makes redelivery harmless.</summary>
public sealed class InboxMessage
{
    public required string Consumer { get; set; }
    public Guid EventId { get; set; }
    public required string EventType { get; set; }
    public DateTime ProcessedAt { get; set; }
}

/// <summary>The first answer to a mutating call made under a client idempotency key.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>Keyed hash (HMAC) of caller, method and the client's key.</summary>
    public required string Key { get; set; }
    public required string Method { get; set; }
    /// <summary>Keyed hash (HMAC) of the request: the request itself may hold personal data.</summary>
    public required string RequestHash { get; set; }
    public byte[]? Response { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One line of the append-only audit log: who, for which organisation, did what, when, why.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public string? ActorOrganisation { get; set; }
    /// <summary>Added, Modified, Deleted, or a named action such as UnmaskedRead.</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? OrganisationPath { get; set; }
    /// <summary>Names of the changed properties; never their values, which may be personal data.</summary>
    public string? Changes { get; set; }
    public string? Reason { get; set; }
    public string? CorrelationId { get; set; }
}
