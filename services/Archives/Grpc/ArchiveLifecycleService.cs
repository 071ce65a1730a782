using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Domain;
using Union.Archives.Persistence;
using Union.Contracts.Archives.V1;
using Union.Contracts.Events.V1;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Persistence;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using CancelReason = Union.Archives.Domain.CancelReason;
using Household = Union.Archives.Domain.Household;
using HouseholdDto = Union.Contracts.Archives.V1.Household;
using DomainCategory = Union.Archives.Domain.HardshipCategory;

namespace Union.Archives.Grpc;

/// <summary>
/// Thin RPC handlers for the closed-loop flow of a file (004_f7c3dcaac4584c61.txt, Annex 2):
/// validate, load the whole file (the tenancy filter hides files outside the caller's subtree:
/// NotFound), check the caller's role and level, let the domain move the file, keep the
/// one-file-per-person identities in step, queue the event, save, drop the cached copy.
/// Who may do what (decided here; the sources name the levels, not the roles):
/// <list type="bullet">
/// <item>SubmitApplication: the worker who applied through the app (token subject = the file's worker), or staff (caseworker, reviewer).</item>
/// <item>RecordInitialReview: staff at any level, the grassroots union included (基层工会走访、初审); passed, it
///   holds the members of a worker's application, which his submission did not (<see cref="Household.MembersConfirmed"/>).</item>
/// <item>Every later step: staff acting for an organisation at county level or above (县级以上工会), path depth ≤ 3.</item>
/// <item>Approve: the approver role at county level or above; a city's approver may approve its counties' files.</item>
/// </list>
/// A caller holding only the worker role sees his own application and nothing else.
/// </summary>
public sealed class ArchiveLifecycleService(ArchivesDbContext db, HouseholdCache cache, CallerContext caller, TimeProvider clock)
    : ArchiveLifecycle.ArchiveLifecycleBase
{
    /// <summary>Province 51, city 51/5115, county 51/5115/511502; a grassroots union is one level deeper.</summary>
    private const int CountyDepth = 3;

    private static readonly string[] ComparisonChecks = ["CIVIL_AFFAIRS", "MEDICAL_INSURANCE"];

    private enum Access { OwnerOrStaff, Staff, CountyStaff, CountyApprover }

    public override async Task<HouseholdDto> SubmitApplication(TransitionRequest request, ServerCallContext context)
    {
        Validate(request.HouseholdId, request.Reason, request.Evidence).ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.OwnerOrStaff, context.CancellationToken);
        household.SubmitApplication(caller.Subject, Now, Why(request.Reason), request.Evidence);
        // From its submission the application holds its people (一户一档): a draft holds nobody, so
        // of two drafts naming one person the first submitted goes ahead and the second is refused.
        // A worker's application holds only its head here: its members wait for the initial review.
        await ClaimIdentitiesAsync(household, "该户有人员已在其他档案中登记（一户一档），不能提交申请", context.CancellationToken);
        return await SaveClaimingAsync(household, "该户有人员已在其他档案中登记（一户一档），不能提交申请", context.CancellationToken);
    }

    public override async Task<HouseholdDto> RecordInitialReview(ReviewRequest request, ServerCallContext context)
    {
        ValidateReview(request).ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.Staff, context.CancellationToken);
        household.RecordInitialReview(request.Passed, caller.Subject, Now, Why(request.Reason), request.Evidence);
        if (!request.Passed) return await SaveAsync(household, context.CancellationToken);
        // Staff who visited and saw the household register accept the members a worker named: from now
        // on the file holds them too, and a member held by another open file stops this step until staff
        // correct or remove him (a file staff opened already holds everyone: nothing changes).
        await ClaimIdentitiesAsync(household, MembersClash, context.CancellationToken);
        return await SaveClaimingAsync(household, MembersClash, context.CancellationToken);
    }

    private const string MembersClash = "该户有家庭成员已在其他档案中登记（一户一档）：请核对户口簿，更正或移除该成员后再办理初审";

    public override async Task<HouseholdDto> RecordCountyReview(ReviewRequest request, ServerCallContext context)
    {
        ValidateReview(request).ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        household.RecordCountyReview(request.Passed, caller.Subject, Now, Why(request.Reason), request.Evidence);
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> RequestComparison(RequestComparisonRequest request, ServerCallContext context)
    {
        Validate(request.HouseholdId, request.Reason, null).ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        var check = household.RequestComparison(caller.Subject, Now, Why(request.Reason));
        // Ids only: the agencies' adapter reads the ID numbers it needs from archives itself.
        db.Publish(new ComparisonRequested
        {
            ComparisonId = check.Id.ToString(),
            HouseholdId = household.Id.ToString(),
            Checks = { ComparisonChecks },
        }, household.OrganisationPath);
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> DecideCategory(DecideCategoryRequest request, ServerCallContext context)
    {
        var validator = Validate(request.HouseholdId, null, null).Enum("category", request.Category);
        RequiredReason(validator, request.Reason).ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        var previous = household.DecideCategory((DomainCategory)(int)request.Category, Why(request.Reason)!, caller.Subject, Now);
        db.Publish(new HouseholdCategoryChanged
        {
            HouseholdId = household.Id.ToString(),
            HouseholdVersion = household.Version,
            PreviousCategory = Household.ScreamingSnake(previous),
            Category = Household.ScreamingSnake(household.Category),
            ArchiveStatus = Household.ScreamingSnake(household.Status),
        }, household.OrganisationPath);
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> Approve(ApproveRequest request, ServerCallContext context)
    {
        var today = clock.Today();
        var validator = Validate(request.HouseholdId, request.Reason, null)
            .RequiredText("meeting_reference", request.MeetingReference, 100);
        var decidedOn = Date(validator, "decided_on", request.DecidedOn, required: true);
        validator.Check(decidedOn is null || decidedOn <= today, "decided_on", "DATE_IN_FUTURE", "集体审批日期不能晚于今天").ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyApprover, context.CancellationToken);
        household.Approve(decidedOn!.Value, request.MeetingReference, caller.Subject, Now, Why(request.Reason));
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> StartPublicNotice(StartPublicNoticeRequest request, ServerCallContext context)
    {
        var validator = Validate(request.HouseholdId, null, null).MaxLength("place", request.Place, 200);
        var startsOn = Date(validator, "starts_on", request.StartsOn, required: true);
        var endsOn = Date(validator, "ends_on", request.EndsOn, required: true);
        validator.Check(startsOn is null || endsOn is null || endsOn > startsOn, "ends_on", "ENDS_BEFORE_START", "公示结束日期应晚于开始日期")
            .ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        household.StartPublicNotice(startsOn!.Value, endsOn!.Value, request.Place, caller.Subject, Now);
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> RecordObjection(RecordObjectionRequest request, ServerCallContext context)
    {
        var resolving = request.ObjectionId.Length > 0;
        var validator = Validate(request.HouseholdId, null, null);
        if (resolving) validator.Id("objection_id", request.ObjectionId).RequiredText("resolution", request.Resolution, 2000);
        else validator.RequiredText("content", request.Content, 2000);
        validator.ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        if (resolving) household.ResolveObjection(Guid.Parse(request.ObjectionId), request.Upheld, request.Resolution, caller.Subject, Now);
        else household.RecordObjection(request.Content, caller.Subject, Now);
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> Archive(TransitionRequest request, ServerCallContext context)
    {
        Validate(request.HouseholdId, request.Reason, request.Evidence).ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        household.Archive(clock.Today(), caller.Subject, Now, Why(request.Reason), request.Evidence);
        db.Publish(new HouseholdArchived
        {
            HouseholdId = household.Id.ToString(),
            HouseholdVersion = household.Version,
            Category = Household.ScreamingSnake(household.Category),
            ArchiveStatus = Household.ScreamingSnake(household.Status),
        }, household.OrganisationPath);
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> Exit(ExitRequest request, ServerCallContext context)
    {
        RequiredReason(Validate(request.HouseholdId, null, request.Evidence), request.Reason).ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        var outcome = household.Exit(clock.Today(), caller.Subject, Now, Why(request.Reason)!, request.Evidence);
        if (outcome == ExitOutcome.PhaseOutStarted)
        {
            // The household keeps its file and its help until the phase-out ends (004: 渐退期内正常帮扶).
            db.Publish(new HouseholdPhaseOutStarted
            {
                HouseholdId = household.Id.ToString(),
                HouseholdVersion = household.Version,
                PhaseOutEndsOn = HouseholdMapping.Format(household.PhaseOutEndsOn),
                ArchiveStatus = Household.ScreamingSnake(household.Status),
            }, household.OrganisationPath);
        }
        else
        {
            await ReleaseIdentitiesAsync(household, context.CancellationToken);
            db.Publish(new HouseholdExited
            {
                HouseholdId = household.Id.ToString(),
                HouseholdVersion = household.Version,
                ArchiveStatus = Household.ScreamingSnake(household.Status),
            }, household.OrganisationPath);
        }
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> DeArchive(DeArchiveRequest request, ServerCallContext context)
    {
        var validator = RequiredReason(Validate(request.HouseholdId, null, null), request.Reason)
            .Id("visit_id", request.VisitId)
            .MaxLength("notification", request.Notification, 500);
        var notifiedOn = Date(validator, "notified_on", request.NotifiedOn, required: true);
        validator.Check(notifiedOn is null || notifiedOn <= clock.Today(), "notified_on", "DATE_IN_FUTURE", "告知日期不能晚于今天")
            .ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        household.DeArchive(Guid.Parse(request.VisitId), notifiedOn!.Value, request.Notification, caller.Subject, Now, Why(request.Reason)!);
        await ReleaseIdentitiesAsync(household, context.CancellationToken);
        db.Publish(new HouseholdDeArchived
        {
            HouseholdId = household.Id.ToString(),
            HouseholdVersion = household.Version,
            ArchiveStatus = Household.ScreamingSnake(household.Status),
        }, household.OrganisationPath);
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> Cancel(CancelRequest request, ServerCallContext context)
    {
        Validate(request.HouseholdId, request.Reason, request.Evidence).Enum("cancel_reason", request.CancelReason).ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        var reason = (CancelReason)(int)request.CancelReason;
        household.Cancel(reason, caller.Subject, Now, Why(request.Reason) ?? Household.ScreamingSnake(reason), request.Evidence);
        await ReleaseIdentitiesAsync(household, context.CancellationToken);
        db.Publish(new HouseholdCancelled
        {
            HouseholdId = household.Id.ToString(),
            HouseholdVersion = household.Version,
            CancelReason = Household.ScreamingSnake(reason),
            ArchiveStatus = Household.ScreamingSnake(household.Status),
        }, household.OrganisationPath);
        return await SaveAsync(household, context.CancellationToken);
    }

    public override async Task<HouseholdDto> Relapse(TransitionRequest request, ServerCallContext context)
    {
        RequiredReason(Validate(request.HouseholdId, null, request.Evidence), request.Reason).ThrowIfInvalid();
        var household = await LoadAsync(request.HouseholdId, Access.CountyStaff, context.CancellationToken);
        household.Relapse(caller.Subject, Now, Why(request.Reason)!, request.Evidence);
        await ClaimIdentitiesAsync(household, RelapseClash, context.CancellationToken);
        db.Publish(new HouseholdRelapsed
        {
            HouseholdId = household.Id.ToString(),
            HouseholdVersion = household.Version,
            ArchiveStatus = Household.ScreamingSnake(household.Status),
        }, household.OrganisationPath);
        return await SaveClaimingAsync(household, RelapseClash, context.CancellationToken);
    }

    private const string RelapseClash = "该户人员已在其他档案中登记（一户一档），不能返困重新建档";

    /// <summary>Saves a file that has just claimed its people; a unique-key failure means another file took one a moment ago.</summary>
    private async Task<HouseholdDto> SaveClaimingAsync(Household household, string clash, CancellationToken cancellationToken)
    {
        try
        {
            return await SaveAsync(household, cancellationToken);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            var hashes = household.HeldIdNumberHashes.ToList();
            db.ChangeTracker.Clear();
            var winner = await db.OpenIdentities.AsNoTracking()
                .FirstOrDefaultAsync(o => hashes.Contains(o.IdNumberHash) && o.HouseholdId != household.Id, CancellationToken.None);
            if (winner is not null) RefuseClash(household, winner, clash);
            throw;
        }
    }

    private DateTime Now => clock.UtcNowForStorage();

    /// <summary>
    /// The reason the request gives (null when it gives none), for the transition and the audit log.
    /// The x-reason header never stands in for it: the audit records the header beside it.
    /// </summary>
    private string? Why(string? reason) => caller.Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    private async Task<Household> LoadAsync(string householdId, Access access, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(householdId);
        var household = await db.WholeHouseholds.FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        var workerOnly = caller.IsInRole(Roles.Worker) && !IsStaff && !caller.IsInRole(Roles.Approver);
        // The worker role sees only his own application: anyone else's answers like a missing file.
        if (household is null || (workerOnly && household.WorkerSubject != caller.Subject))
            UnionErrors.NotFound("HOUSEHOLD_NOT_FOUND", "未找到该困难职工档案");
        Authorise(access, household);
        return household;
    }

    private bool IsStaff => caller.IsInRole(Roles.Caseworker) || caller.IsInRole(Roles.Reviewer);

    private void Authorise(Access access, Household household)
    {
        var allowed = access switch
        {
            Access.OwnerOrStaff => IsStaff || (household.WorkerSubject is { } worker && worker == caller.Subject && caller.IsInRole(Roles.Worker)),
            Access.Staff or Access.CountyStaff => IsStaff,
            Access.CountyApprover => caller.IsInRole(Roles.Approver),
            _ => false,
        };
        if (!allowed)
        {
            UnionErrors.PermissionDenied("ROLE_REQUIRED", access == Access.CountyApprover
                ? "集体审批须由审批人（approver）办理"
                : "您的角色不能办理此操作，须由帮扶工作人员办理");
        }
        if (access is Access.CountyStaff or Access.CountyApprover && Depth(caller.OrganisationPath) > CountyDepth)
            UnionErrors.PermissionDenied("LEVEL_REQUIRED", "此操作须由县级及以上工会办理");
    }

    private static int Depth(string? path) => path is null ? int.MaxValue : path.Count(c => c == '/') + 1;

    /// <summary>The people of a closed file may be archived again (after exit, de-archive or cancel).</summary>
    private async Task ReleaseIdentitiesAsync(Household household, CancellationToken cancellationToken)
    {
        var held = await db.OpenIdentities.Where(o => o.HouseholdId == household.Id).ToListAsync(cancellationToken);
        db.OpenIdentities.RemoveRange(held);
    }

    /// <summary>
    /// A submitted, re-opened or accepted file holds its people (<see cref="Household.HeldIdNumberHashes"/>),
    /// unless one of them is now in another open file. Rows the file already holds stay (a draft saved
    /// before drafts stopped holding anyone has them).
    /// </summary>
    private async Task ClaimIdentitiesAsync(Household household, string clash, CancellationToken cancellationToken)
    {
        var hashes = household.HeldIdNumberHashes.Distinct().ToList();
        var held = await db.OpenIdentities.Where(o => hashes.Contains(o.IdNumberHash)).ToListAsync(cancellationToken);
        if (held.FirstOrDefault(o => o.HouseholdId != household.Id) is { } other) RefuseClash(household, other, clash);
        foreach (var hash in hashes.Where(h => held.All(o => o.IdNumberHash != h)))
        {
            db.OpenIdentities.Add(new OpenIdentity { IdNumberHash = hash, HouseholdId = household.Id, OrganisationPath = household.OrganisationPath });
        }
    }

    /// <summary>
    /// Refuses the step because <paramref name="holder"/> holds one of the file's people. When the person is
    /// a member, the answer names him by his member id on this file (which the caller reads anyway), so
    /// staff know whom to correct; nothing about the other file beyond what <see cref="IdentityClash"/> allows.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void RefuseClash(Household household, OpenIdentity holder, string clash) =>
        IdentityClash.Refuse(caller, holder, null, clash, household.Members.FirstOrDefault(m => m.IdNumberHash == holder.IdNumberHash)?.Id);

    private async Task<HouseholdDto> SaveAsync(Household household, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(household.Id, cancellationToken);
        return household.ToDto(clock.Today());
    }

    private static RequestValidator Validate(string householdId, string? reason, string? evidence) => new RequestValidator()
        .Id("household_id", householdId)
        .MaxLength("reason", reason, 500)
        .MaxLength("evidence", evidence, 1000);

    private static RequestValidator ValidateReview(ReviewRequest request)
    {
        var validator = Validate(request.HouseholdId, null, request.Evidence);
        // A review that sends the file back must say why.
        return request.Passed ? validator.MaxLength("reason", request.Reason, 500) : RequiredReason(validator, request.Reason);
    }

    private static RequestValidator RequiredReason(RequestValidator validator, string? reason) =>
        validator.RequiredText("reason", reason, 500);

    /// <summary>A "YYYY-MM-DD" field: the date, or null with the violation added.</summary>
    private static DateOnly? Date(RequestValidator validator, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) validator.Required(field, value);
            return null;
        }
        var date = HouseholdMapping.ParseDate(value.Trim());
        validator.Check(date is not null, field, "INVALID_DATE", "日期格式应为 YYYY-MM-DD");
        return date;
    }
}
