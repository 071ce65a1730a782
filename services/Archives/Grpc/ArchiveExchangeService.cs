using Union.Contracts.Archives.V1;

namespace Union.Archives.Grpc;

/// <summary>Thin RPC handlers for spreadsheet import and export.</summary>
public sealed class ArchiveExchangeService : ArchiveExchange.ArchiveExchangeBase
{
}
