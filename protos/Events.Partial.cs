namespace Union.Contracts.Events.V1;

// Marks the generated event classes; the header property is generated from events.proto.
public sealed partial class HouseholdRegistered : IIntegrationEvent;
public sealed partial class HouseholdArchived : IIntegrationEvent;
public sealed partial class HouseholdCategoryChanged : IIntegrationEvent;
public sealed partial class HouseholdPhaseOutStarted : IIntegrationEvent;
public sealed partial class HouseholdExited : IIntegrationEvent;
public sealed partial class HouseholdDeArchived : IIntegrationEvent;
public sealed partial class HouseholdCancelled : IIntegrationEvent;
public sealed partial class HouseholdRelapsed : IIntegrationEvent;
public sealed partial class ComparisonRequested : IIntegrationEvent;
public sealed partial class ComparisonReturned : IIntegrationEvent;
public sealed partial class ProjectApplicationSubmitted : IIntegrationEvent;
public sealed partial class FundAccountOpened : IIntegrationEvent;
public sealed partial class AssistanceDecided : IIntegrationEvent;
public sealed partial class FiscalYearClosed : IIntegrationEvent;
public sealed partial class EvaluationStarted : IIntegrationEvent;
public sealed partial class ProjectApproved : IIntegrationEvent;
public sealed partial class ProjectLaunched : IIntegrationEvent;
public sealed partial class ProjectMidTermReported : IIntegrationEvent;
public sealed partial class ProjectAdjusted : IIntegrationEvent;
public sealed partial class ProjectAccepted : IIntegrationEvent;
public sealed partial class ProjectClosed : IIntegrationEvent;
public sealed partial class RectificationOpened : IIntegrationEvent;
public sealed partial class RectificationClosed : IIntegrationEvent;
public sealed partial class AllocationCommitted : IIntegrationEvent;
public sealed partial class PaymentSettled : IIntegrationEvent;
