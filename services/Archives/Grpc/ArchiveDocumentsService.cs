using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Domain;
using Union.Archives.Persistence;
using Union.Contracts.Archives.V1;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Time;
using Union.Shared.Validation;
using DocumentKind = Union.Archives.Domain.DocumentKind;
using DtoApplicationType = Union.Contracts.Archives.V1.ApplicationType;
using DtoDocumentKind = Union.Contracts.Archives.V1.DocumentKind;
using Household = Union.Archives.Domain.Household;

namespace Union.Archives.Grpc;

/// <summary>
/// Thin RPC handlers for the proof checklist and attachments (004_f7c3dcaac4584c61.txt, Annex 1
/// 困难职工帮扶救助申请资料清单). Attachments are held by reference: the bytes stay in object storage.
/// </summary>
public sealed class ArchiveDocumentsService(ArchivesDbContext db, HouseholdCache cache, CallerContext caller, TimeProvider clock)
    : ArchiveDocuments.ArchiveDocumentsBase
{
    public const int MaxObjectKeyLength = 500;
    public const long MaxSizeBytes = 50L * 1024 * 1024;
    public const int MaxDescriptionLength = 500;

    public static readonly IReadOnlySet<string> MediaTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "application/pdf", "image/jpeg", "image/png", "image/heic",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };

    /// <summary>The county union's own filing (Annex 1 三 县级总工会归档材料): listed for every file, never required of the applicant.</summary>
    private static readonly DocumentKind[] CountyFiling =
    [
        DocumentKind.ArchiveForm, DocumentKind.VisitSurvey, DocumentKind.NoticeProof, DocumentKind.ComparisonReport, DocumentKind.ExitRegistration,
    ];

    /// <summary>The applicant's basic proofs (Annex 1 一): required of a new file; for aid on file only what changed (二.2).</summary>
    private static readonly DocumentKind[] BasicProofs =
    [
        DocumentKind.WorkerApplication, DocumentKind.EconomicCheckAuthorisation, DocumentKind.Identity,
        DocumentKind.Employment, DocumentKind.Income, DocumentKind.Hardship,
    ];

    public override async Task<DocumentChecklist> GetChecklist(GetChecklistRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("household_id", request.HouseholdId).ThrowIfInvalid();
        // The history says whether the household was ever on record, which decides the proofs it needs.
        var household = await db.Households.AsNoTracking().Include(h => h.Documents).Include(h => h.Transitions).AsSplitQuery()
            .FirstOrDefaultAsync(h => h.Id == Guid.Parse(request.HouseholdId), context.CancellationToken);
        caller.EnsureSees(household);
        return Checklist(household);
    }

    public override async Task<DocumentChecklist> AttachDocument(AttachDocumentRequest request, ServerCallContext context)
    {
        if (caller.IsStaff()) caller.RequireAnyRole(DynamicManagementAccess.Keepers);
        else caller.RequireAnyRole([Roles.Worker]);

        var objectKey = request.ObjectKey;
        var sha256 = request.Sha256.Trim();
        var mediaType = request.MediaType.Trim();
        new RequestValidator()
            .Id("household_id", request.HouseholdId)
            .Enum("kind", request.Kind)
            .RequiredText("object_key", objectKey, MaxObjectKeyLength)
            .Check(objectKey.Length == 0 || !objectKey.Any(char.IsWhiteSpace), "object_key", "INVALID_OBJECT_KEY", "对象存储键不能包含空白字符")
            .Check(sha256.Length == 64 && sha256.All(char.IsAsciiHexDigit), "sha256", "INVALID_SHA256", "SHA-256 应为64位十六进制字符")
            .Range("size_bytes", request.SizeBytes, 1, MaxSizeBytes)
            .Check(MediaTypes.Contains(mediaType), "media_type", "UNSUPPORTED_MEDIA_TYPE", "仅支持 PDF、JPEG、PNG、HEIC 和 Word（docx）文件")
            .MaxLength("description", request.Description, MaxDescriptionLength)
            .ThrowIfInvalid();

        var household = await db.WholeHouseholds.FirstOrDefaultAsync(h => h.Id == Guid.Parse(request.HouseholdId), context.CancellationToken);
        caller.EnsureSees(household);
        // A worker adds proofs to his own application until the union starts reviewing it.
        if (!caller.IsStaff() && household.Status is not (Domain.ArchiveStatus.Draft or Domain.ArchiveStatus.Applied))
            UnionErrors.FailedPrecondition("APPLICATION_UNDER_REVIEW", "申请已进入审核，请联系工会补充材料");
        if (household.FindDocument(sha256) is { } existing)
        {
            UnionErrors.AlreadyExists("DOCUMENT_ALREADY_ATTACHED", "该文件已附在本档案中",
                new Dictionary<string, string> { ["document_id"] = existing.Id.ToString() });
        }

        var description = request.Description.Trim();
        household.AttachDocument((DocumentKind)(int)request.Kind, objectKey, sha256, request.SizeBytes, mediaType,
            description.Length == 0 ? null : description, caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(context.CancellationToken);
        await cache.InvalidateAsync(household.Id, context.CancellationToken);
        return Checklist(household);
    }

    /// <summary>Every proof relevant to the file's application type, required or not, and any other kind it holds.</summary>
    internal static DocumentChecklist Checklist(Household household)
    {
        var required = household.RequiredDocuments;
        var relevant = household.ApplicationType == Domain.ApplicationType.AidOnFile
            ? required.Append(DocumentKind.AidApplicationForm).Concat(BasicProofs).Concat(CountyFiling)
            : required.Concat(CountyFiling);
        var byKind = household.Documents.ToLookup(d => d.Kind);
        var items = relevant.Concat(byKind.Select(g => g.Key)).Distinct().Order()
            .Select(kind => new ChecklistItem
            {
                Kind = (DtoDocumentKind)(int)kind,
                Required = required.Contains(kind),
                Present = byKind[kind].Any(),
                Attachments = { byKind[kind].OrderBy(d => d.AttachedAt).ThenBy(d => d.Id).Select(ToDto) },
            })
            .ToList();
        return new DocumentChecklist
        {
            HouseholdId = household.Id.ToString(),
            ApplicationType = (DtoApplicationType)(int)household.ApplicationType,
            Items = { items },
            Complete = DocumentRequirements.Missing(required, household.Documents).Count == 0,
        };
    }

    private static Attachment ToDto(HouseholdDocument d) => new()
    {
        DocumentId = d.Id.ToString(),
        Kind = (DtoDocumentKind)(int)d.Kind,
        ObjectKey = d.ObjectKey,
        Sha256 = d.Sha256,
        SizeBytes = d.SizeBytes,
        MediaType = d.MediaType,
        Description = d.Description ?? string.Empty,
        AttachedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(d.AttachedAt, DateTimeKind.Utc)),
        AttachedBy = d.AttachedBy,
    };
}
