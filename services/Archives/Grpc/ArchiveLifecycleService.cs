using Union.Contracts.Archives.V1;

namespace Union.Archives.Grpc;

/// <summary>Thin RPC handlers for the closed-loop flow of a file (004 Annex 2).</summary>
public sealed class ArchiveLifecycleService : ArchiveLifecycle.ArchiveLifecycleBase
{
}
