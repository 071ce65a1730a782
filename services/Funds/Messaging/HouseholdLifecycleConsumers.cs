using Union.Contracts.Events.V1;

namespace Union.Funds.Messaging;

// The archives' life-cycle events (004_f7c3dcaac4584c61.txt, Annex 2) as they move the household
// standing. Each reads its event; HouseholdStatusConsumer does the rest. The status an event
// reports wins; the one named here is used only when the publisher left archive_status empty.

/// <summary>Archived after the public notice (建档): payable.</summary>
public sealed class HouseholdArchivedConsumer(IServiceProvider services, TimeProvider clock)
    : HouseholdStatusConsumer<HouseholdArchived>(services, clock)
{
    protected override HouseholdStatusReport Read(HouseholdArchived message) =>
        new(message.HouseholdId, StatusOr(message.ArchiveStatus, "ACTIVE"), message.HouseholdVersion);
}

/// <summary>Deep hardship left (脱困渐退): payable up to and including phase_out_ends_on, not a day after.</summary>
public sealed class HouseholdPhaseOutStartedConsumer(IServiceProvider services, TimeProvider clock)
    : HouseholdStatusConsumer<HouseholdPhaseOutStarted>(services, clock)
{
    protected override HouseholdStatusReport Read(HouseholdPhaseOutStarted message) =>
        new(message.HouseholdId, StatusOr(message.ArchiveStatus, "PHASE_OUT"), message.HouseholdVersion, message.PhaseOutEndsOn);
}

/// <summary>Left hardship (脱困): not payable.</summary>
public sealed class HouseholdExitedConsumer(IServiceProvider services, TimeProvider clock)
    : HouseholdStatusConsumer<HouseholdExited>(services, clock)
{
    protected override HouseholdStatusReport Read(HouseholdExited message) =>
        new(message.HouseholdId, StatusOr(message.ArchiveStatus, "EXITED"), message.HouseholdVersion);
}

/// <summary>De-archived (退档): not payable.</summary>
public sealed class HouseholdDeArchivedConsumer(IServiceProvider services, TimeProvider clock)
    : HouseholdStatusConsumer<HouseholdDeArchived>(services, clock)
{
    protected override HouseholdStatusReport Read(HouseholdDeArchived message) =>
        new(message.HouseholdId, StatusOr(message.ArchiveStatus, "DE_ARCHIVED"), message.HouseholdVersion);
}

/// <summary>Cancelled (注销: retired, died, employment ended, excluded): not payable.</summary>
public sealed class HouseholdCancelledConsumer(IServiceProvider services, TimeProvider clock)
    : HouseholdStatusConsumer<HouseholdCancelled>(services, clock)
{
    protected override HouseholdStatusReport Read(HouseholdCancelled message) =>
        new(message.HouseholdId, StatusOr(message.ArchiveStatus, "CANCELLED"), message.HouseholdVersion);
}

/// <summary>Back in hardship (返困): the file re-opens as an application, not payable until archived again.</summary>
public sealed class HouseholdRelapsedConsumer(IServiceProvider services, TimeProvider clock)
    : HouseholdStatusConsumer<HouseholdRelapsed>(services, clock)
{
    protected override HouseholdStatusReport Read(HouseholdRelapsed message) =>
        new(message.HouseholdId, StatusOr(message.ArchiveStatus, "APPLIED"), message.HouseholdVersion);
}
