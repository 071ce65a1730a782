using Union.Contracts.Events.V1;

namespace Union.Funds.Messaging;

/// <summary>A household file was opened (draft or applied): funds starts its standing, not payable.</summary>
public sealed class HouseholdRegisteredConsumer(IServiceProvider services, TimeProvider clock)
    : HouseholdStatusConsumer<HouseholdRegistered>(services, clock)
{
    // Registration always names the status it opened the file in; no default is implied.
    protected override HouseholdStatusReport Read(HouseholdRegistered message) => new(message.HouseholdId, message.ArchiveStatus, message.HouseholdVersion);
}
