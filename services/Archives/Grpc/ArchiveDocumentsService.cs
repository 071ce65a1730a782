using Union.Contracts.Archives.V1;

namespace Union.Archives.Grpc;

/// <summary>Thin RPC handlers for the proof checklist and attachments.</summary>
public sealed class ArchiveDocumentsService : ArchiveDocuments.ArchiveDocumentsBase
{
}
