using Union.Contracts.Archives.V1;

namespace Union.Archives.Grpc;

/// <summary>Thin RPC handlers for dynamic management and the monitoring figures.</summary>
public sealed class ArchiveMonitoringService : ArchiveMonitoring.ArchiveMonitoringBase
{
}
