namespace Union.Contracts.Events.V1;

// Marks the generated event classes; the header property is generated from events.proto.
public sealed partial class HouseholdRegistered : IIntegrationEvent;
public sealed partial class ProjectApplicationSubmitted : IIntegrationEvent;
public sealed partial class FundAccountOpened : IIntegrationEvent;
public sealed partial class EvaluationStarted : IIntegrationEvent;
