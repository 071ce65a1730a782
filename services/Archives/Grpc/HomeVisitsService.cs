using Union.Contracts.Archives.V1;

namespace Union.Archives.Grpc;

/// <summary>Thin RPC handlers for home visits and the yearly campaigns.</summary>
public sealed class HomeVisitsService : HomeVisits.HomeVisitsBase
{
}
