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
    /// <summary>
    /// The Beijing day the file last closed (exit, de-archive, cancel: HouseholdExited,
    /// HouseholdDeArchived, HouseholdCancelled); null while open. Archived again after it: open again.
    /// </summary>
    public DateOnly? ClosedOn { get; set; }
}

/// <summary>A home visit recorded in archives (HouseholdVisited): ids and the day only.</summary>
public sealed class VisitFact
{
    public Guid VisitId { get; set; }
    public Guid HouseholdId { get; set; }
    /// <summary>The household's organisation (the event header's).</summary>
    public string OrganisationPath { get; set; } = string.Empty;
    /// <summary>The Beijing day of the visit.</summary>
    public DateOnly VisitedOn { get; set; }
    /// <summary>archives' VisitKind name, e.g. "ROUTINE", "SPRING_CAMPAIGN".</summary>
    public string Kind { get; set; } = string.Empty;
}

/// <summary>
/// One campaign window an organisation set for a year (SetCampaignWindows). Not a fact: the
/// organisation's own data, in force for its subtree unless a lower organisation sets its own.
/// </summary>
public sealed class CampaignWindowSetting
{
    public Guid Id { get; set; }
    public string OrganisationPath { get; set; } = string.Empty;
    public int Year { get; set; }
    public string Name { get; set; } = string.Empty;
    public DateOnly FromDate { get; set; }
    public DateOnly ToDate { get; set; }
    public DateTime SetAt { get; set; }
    public string SetBy { get; set; } = string.Empty;
}
