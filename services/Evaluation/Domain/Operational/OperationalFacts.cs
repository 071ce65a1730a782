namespace Union.Evaluation.Domain.Operational;

// Read models of other services' facts, fed by their events (services/Evaluation/Messaging). Ids
// and amounts only: no names, ID numbers or bank cards. Keyed by the publisher's id, so a fact
// published twice (a redelivery, a retry under a new event id) is stored once.

/// <summary>An assistance decision of funds (AssistanceDecided).</summary>
public sealed class DecisionFact
{
    public Guid DecisionId { get; set; }
    /// <summary>The decision's organisation (the event header's).</summary>
    public string OrganisationPath { get; set; } = string.Empty;
    /// <summary>Empty for a non-archived recipient.</summary>
    public string HouseholdId { get; set; } = string.Empty;
    public string AidType { get; set; } = string.Empty;
    public long AmountFen { get; set; }
    /// <summary>union.common.v1.FundSource number.</summary>
    public int Source { get; set; }
    public DateOnly DecidedOn { get; set; }
    public DateOnly ApplicationCompletedOn { get; set; }
    /// <summary>"ONCE", "MONTHLY", "QUARTERLY"; empty when the publisher did not say.</summary>
    public string Frequency { get; set; } = string.Empty;
}

/// <summary>A settled payment of funds (PaymentSettled): PAID, FAILED or RETURNED.</summary>
public sealed class PaymentFact
{
    public Guid PaymentId { get; set; }
    public Guid DecisionId { get; set; }
    public string OrganisationPath { get; set; } = string.Empty;
    public string HouseholdId { get; set; } = string.Empty;
    public string AidType { get; set; } = string.Empty;
    public int Source { get; set; }
    public long AmountFen { get; set; }
    public string Status { get; set; } = string.Empty;
    /// <summary>The Beijing day it settled.</summary>
    public DateOnly SettledOn { get; set; }
    public DateTime SettledAt { get; set; }
}

/// <summary>One organisation's share of a committed allocation run (AllocationCommitted); reversed by AllocationReversed.</summary>
public sealed class AllocationFact
{
    public Guid RunId { get; set; }
    public string OrganisationPath { get; set; } = string.Empty;
    public int Year { get; set; }
    public int Source { get; set; }
    public long AmountFen { get; set; }
    public bool Reversed { get; set; }
}

/// <summary>A household archived after its public notice (archives' HouseholdArchived).</summary>
public sealed class HouseholdFact
{
    public Guid HouseholdId { get; set; }
    public string OrganisationPath { get; set; } = string.Empty;
    /// <summary>The Beijing day it was first archived.</summary>
    public DateOnly ArchivedOn { get; set; }
}
