using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Domain;
using Union.Archives.Exchange;
using Union.Archives.Persistence;
using Union.Contracts.Archives.V1;
using Union.Contracts.Events.V1;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.PersonalData;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using ApplicationType = Union.Archives.Domain.ApplicationType;
using ArchiveStatus = Union.Contracts.Archives.V1.ArchiveStatus;
using Channel = Union.Archives.Domain.Channel;
using HardshipCategory = Union.Contracts.Archives.V1.HardshipCategory;
using HardshipCause = Union.Contracts.Archives.V1.HardshipCause;
using Household = Union.Archives.Domain.Household;
using L = Union.Archives.Exchange.WorkbookLayout;

namespace Union.Archives.Grpc;

/// <summary>
/// Spreadsheet import and export (docs/archives-spreadsheet.md). Import is all or nothing: every
/// row is checked, every rejected row is reported, and only a workbook without a single rejected
/// row opens its households, all in one SaveChanges. Export writes masked personal data only.
/// </summary>
public sealed class ArchiveExchangeService(ArchivesDbContext db, CallerContext caller, PersonalDataProtector protector, TimeProvider clock)
    : ArchiveExchange.ArchiveExchangeBase
{
    /// <summary>Bulk entry and bulk export are for the caseworkers and reviewers of the unions.</summary>
    private static readonly string[] ExchangeRoles = [Roles.Caseworker, Roles.Reviewer];

    /// <summary>How many ID hashes one look-up asks for (keeps the IN list well below every provider's parameter limit).</summary>
    private const int LookupChunk = 500;

    public override async Task<ImportHouseholdsResponse> ImportHouseholds(ImportHouseholdsRequest request, ServerCallContext context)
    {
        RequireExchangeRole();
        new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Check(!request.Workbook.IsEmpty, "workbook", "REQUIRED", "请上传 .xlsx 工作簿")
            .Check(request.Workbook.Length <= L.MaxWorkbookBytes, "workbook", "WORKBOOK_TOO_LARGE",
                $"工作簿不能超过{L.MaxWorkbookBytes / 1024 / 1024} MiB，请分批导入")
            .ThrowIfInvalid();
        var defaultOwner = Ownership.Resolve(caller, request.OrganisationPath);

        IReadOnlyList<SheetRow> rows = [];
        try
        {
            rows = WorkbookReader.Read(request.Workbook.ToByteArray());
        }
        catch (WorkbookRejectedException e)
        {
            UnionErrors.InvalidArgument("workbook", e.Code, e.Message);
        }

        var plan = HouseholdImport.Plan(rows, caller.OrganisationPath!, defaultOwner, clock.Today());
        var hashes = plan.People.Where(p => p.IdNumber.Length > 0)
            .ToDictionary(p => p, p => protector.LookupHash(p.IdNumber));
        await RejectPeopleAlreadyArchivedAsync(plan, hashes, context.CancellationToken);
        if (plan.HasProblems) return Refused(plan);

        var actor = caller.Subject;
        var now = clock.UtcNowForStorage();
        var ids = new List<string>();
        foreach (var h in plan.Households)
        {
            var household = Household.OpenDraft(Draft(h, hashes), actor, now);
            // Imported files are drafts: they hold their people from their submission, like any other.
            db.Households.Add(household);
            db.Publish(new HouseholdRegistered { HouseholdId = household.Id.ToString(), ArchiveStatus = "DRAFT", HouseholdVersion = household.Version }, h.OrganisationPath);
            ids.Add(household.Id.ToString());
        }
        db.Audit("IMPORT", "HouseholdWorkbook", string.Empty, defaultOwner, $"{plan.Households.Count} households, {plan.Rows} rows");
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone opened a file for one of these people between the check and the save; the
            // transaction may be aborted, so nothing more is asked of it: the caller imports again
            // and gets that person's row reported.
            db.ChangeTracker.Clear();
            UnionErrors.AlreadyExists("IMPORT_CONFLICT", "导入期间有其他档案录入了工作簿中的人员，未导入任何数据，请重新导入以查看具体行");
        }
        return new ImportHouseholdsResponse
        {
            Imported = true,
            Households = plan.Households.Count,
            Rows = plan.Rows,
            HouseholdIds = { ids },
        };
    }

    public override async Task<ExportHouseholdsResponse> ExportHouseholds(ExportHouseholdsRequest request, ServerCallContext context)
    {
        RequireExchangeRole();
        var filter = request.Filter ?? new ListHouseholdsRequest();
        var validator = new RequestValidator().OrganisationPathOrEmpty("filter.organisation_path", filter.OrganisationPath);
        if (filter.Category != HardshipCategory.Unspecified) validator.Enum("filter.category", filter.Category);
        if (filter.Status != ArchiveStatus.Unspecified) validator.Enum("filter.status", filter.Status);
        if (filter.Cause != HardshipCause.Unspecified) validator.Enum("filter.cause", filter.Cause);
        validator.ThrowIfInvalid();
        // A subtree outside the caller's answers like an organisation that does not exist.
        if (!string.IsNullOrEmpty(filter.OrganisationPath)) Ownership.Resolve(caller, filter.OrganisationPath);

        // The tenancy filter keeps every file outside the caller's subtree out, whatever the filter says.
        var selected = db.Households.AsNoTracking().Filter(filter, clock.Today());
        var count = await selected.CountAsync(context.CancellationToken);
        if (count > L.MaxExportHouseholds)
            UnionErrors.InvalidArgument("filter", "EXPORT_TOO_LARGE",
                $"符合条件的档案有{count}户，一次最多导出{L.MaxExportHouseholds}户，请缩小筛选范围（如按组织、状态）");
        var households = await selected.Include(h => h.Members).AsSplitQuery()
            .OrderBy(h => h.OrganisationPath).ThenBy(h => h.Id)
            .ToListAsync(context.CancellationToken);

        var workbook = ExportWriter.Write(households);
        db.Audit("EXPORT", "HouseholdWorkbook", string.Empty, filter.OrganisationPath is { Length: > 0 } p ? p : caller.OrganisationPath,
            $"{households.Count} households (masked)");
        await db.SaveChangesAsync(context.CancellationToken);
        return new ExportHouseholdsResponse { Workbook = Google.Protobuf.ByteString.CopyFrom(workbook), Households = households.Count };
    }

    /// <summary>One household, one file, province-wide (一户一档): every person of the workbook against every open file.</summary>
    private async Task RejectPeopleAlreadyArchivedAsync(ImportPlan plan, Dictionary<ImportPerson, string> hashes, CancellationToken ct)
    {
        var byHash = hashes.GroupBy(h => h.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Key).ToList(), StringComparer.Ordinal);
        foreach (var chunk in byHash.Keys.Chunk(LookupChunk))
        {
            var holders = await db.OpenIdentities.AsNoTracking().Where(o => chunk.Contains(o.IdNumberHash)).ToListAsync(ct);
            foreach (var holder in holders)
            {
                foreach (var person in byHash[holder.IdNumberHash])
                {
                    // Never the person, nor where another organisation keeps him (see IdentityClash);
                    // a file within the caller's own subtree is named, as he may open it anyway.
                    plan.Reject(person.Row, L.IdNumber, IdentityClash.Code, IdentityClash.MayNameTheFile(caller, holder)
                        ? $"该身份证号码已在其他档案中登记（一户一档）：档案 {holder.HouseholdId}"
                        : "该身份证号码已在其他档案中登记（一户一档）");
                }
            }
        }
    }

    private HouseholdDraft Draft(ImportHousehold h, Dictionary<ImportPerson, string> hashes)
    {
        var head = h.Head;
        return new HouseholdDraft(
            h.OrganisationPath,
            head.Name,
            Protect(head, hashes),
            protector.ProtectPhone(head.Phone),
            head.Employer,
            head.Causes,
            head.IncomePerPersonFen,
            head.AllowanceFen,
            head.MigrantWorker)
        {
            BankCard = protector.ProtectBankCard(head.BankCard),
            Members = h.Members.Select(m => new MemberDraft(
                m.Name, m.Relation, Protect(m, hashes), m.BirthDate, m.Health, m.Disabled, m.Schooling, m.Employment, m.MonthlyIncomeFen)).ToList(),
            // Entered by union staff from their registers: the caseworker's way in (004 §三(一) 基层工会走访发现).
            Channel = Channel.GrassrootsVisit,
            ApplicationType = ApplicationType.NewArchive,
        };
    }

    private ProtectedValue Protect(ImportPerson person, Dictionary<ImportPerson, string> hashes) =>
        new(protector.Protect(person.IdNumber), hashes[person], Mask.IdNumber(person.IdNumber));

    private static ImportHouseholdsResponse Refused(ImportPlan plan) => new()
    {
        Imported = false,
        Households = plan.Households.Count,
        Rows = plan.Rows,
        Rejected = { plan.Problems.Select(p => new RejectedRow { Row = p.Row, Column = p.Column, Code = p.Code, Reason = p.Reason }) },
    };

    private void RequireExchangeRole()
    {
        if (!ExchangeRoles.Any(caller.IsInRole))
            UnionErrors.PermissionDenied("ROLE_REQUIRED", "批量导入导出须由帮扶工作人员（caseworker）或审核人员（reviewer）办理");
    }
}
