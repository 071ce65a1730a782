using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Domain;
using Union.Archives.Persistence;
using Union.Contracts.Archives.V1;
using Union.Contracts.Events.V1;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.PersonalData;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using DomainCause = Union.Archives.Domain.HardshipCause;
using DomainChannel = Union.Archives.Domain.Channel;
using DomainApplicationType = Union.Archives.Domain.ApplicationType;
using Channel = Union.Contracts.Archives.V1.Channel;
using ApplicationType = Union.Contracts.Archives.V1.ApplicationType;
using ArchiveStatus = Union.Contracts.Archives.V1.ArchiveStatus;
using HardshipCategory = Union.Contracts.Archives.V1.HardshipCategory;
using HardshipCause = Union.Contracts.Archives.V1.HardshipCause;
using Household = Union.Archives.Domain.Household;
using HouseholdDto = Union.Contracts.Archives.V1.Household;

namespace Union.Archives.Grpc;

/// <summary>Thin RPC handlers: validate, call the domain, save, map.</summary>
public sealed class HouseholdArchivesService(ArchivesDbContext db, HouseholdCache cache, CallerContext caller, PersonalDataProtector protector, TimeProvider clock)
    : HouseholdArchives.HouseholdArchivesBase
{
    /// <summary>Roles that may see personal data unmasked, with a reason (DESIGN §3 archives, personal data).</summary>
    private static readonly string[] RevealRoles = [Roles.Caseworker, Roles.Reviewer, Roles.Approver, Roles.Finance, Roles.Auditor];

    /// <summary>Every check of a new file's fields, before any look-up: all problems at once.</summary>
    public static RequestValidator ValidateFields(CreateHouseholdRequest request)
    {
        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .RequiredText("head_name", request.HeadName, 50)
            .IdNumber("head_id_number", request.HeadIdNumber)
            .MobilePhone("head_phone", request.HeadPhone, required: false)
            .RequiredText("employer", request.Employer, 100)
            .Enums("causes", request.Causes, required: true)
            .Money("monthly_income_per_person", request.MonthlyIncomePerPerson)
            .Money("local_monthly_allowance", request.LocalMonthlyAllowance)
            .BankCardNumber("bank_card", request.BankCard, required: false)
            .Members(request.Members, _ => true);
        if (request.Channel != Channel.Unspecified) validator.Enum("channel", request.Channel);
        if (request.ApplicationType != ApplicationType.Unspecified) validator.Enum("application_type", request.ApplicationType);
        return validator;
    }

    public override async Task<HouseholdDto> CreateHousehold(CreateHouseholdRequest request, ServerCallContext context)
    {
        // A worker applying through the app (004 §三(一) 职工主动申请) applies for himself, to his own union.
        var worker = IsWorker;
        var ownIdNumber = worker ? VerifiedIdNumber() : null;
        var validator = ValidateFields(request);
        // The same person twice in one request (head and member, or two members).
        var people = PeopleOf(request.HeadIdNumber, request.Members.Select(m => m.IdNumber).ToList(), validator);
        if (ownIdNumber is not null && ChineseIdNumber.TryNormalise(request.HeadIdNumber, out var head) == ChineseIdNumber.Problem.None)
        {
            validator.Check(head == ownIdNumber, "head_id_number", "NOT_OWN_ID_NUMBER",
                "通过手机只能为本人申请：户主身份证号码须与实名认证的号码一致");
        }
        validator.ThrowIfInvalid();

        var owner = Ownership.Resolve(caller, worker ? null : request.OrganisationPath);
        var channel = worker ? DomainChannel.SelfApplication
            : request.Channel == Channel.Unspecified ? DomainChannel.GrassrootsVisit : (DomainChannel)(int)request.Channel;
        var applicationType = request.ApplicationType == ApplicationType.Unspecified
            ? DomainApplicationType.NewArchive : (DomainApplicationType)(int)request.ApplicationType;

        // One household, one file, province-wide (一户一档): nobody already held by a submitted file.
        // The draft itself holds nobody: its people are held from its submission (ArchiveLifecycle).
        // A worker is checked for his own number only: the members he names are his word until staff
        // accept them at the initial review, and an answer about them would tell him whether a number
        // he typed is on file somewhere (Household.MembersConfirmed).
        await RefuseIfArchivedAsync(worker ? people.Take(1).ToList() : people, null, context.CancellationToken);

        var headPerson = people[0];
        var household = Household.OpenDraft(new HouseholdDraft(
            owner,
            request.HeadName,
            headPerson.Value,
            protector.ProtectPhone(request.HeadPhone),
            request.Employer,
            request.Causes.Select(c => (DomainCause)(int)c).ToList(),
            request.MonthlyIncomePerPerson.Fen,
            request.LocalMonthlyAllowance.Fen,
            request.MigrantWorker)
        {
            BankCard = protector.ProtectBankCard(request.BankCard),
            Members = request.Members.Select((m, i) => m.ToDraft(people[i + 1].Value, people[i + 1].BirthDate)).ToList(),
            Channel = channel,
            ApplicationType = applicationType,
            WorkerSubject = worker ? caller.Subject : null,
        }, caller.Subject, clock.UtcNowForStorage());

        db.Households.Add(household);
        db.Publish(new HouseholdRegistered { HouseholdId = household.Id.ToString(), ArchiveStatus = "DRAFT", HouseholdVersion = household.Version }, owner);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToDto(household);
    }

    public override async Task<HouseholdDto> GetHousehold(GetHouseholdRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("household_id", request.HouseholdId).ThrowIfInvalid();
        var id = Guid.Parse(request.HouseholdId);
        if (IsWorker)
        {
            // The cache holds no applicant, so a worker reads past it: only his own application, even
            // within his organisation (others answer NotFound, like a missing file).
            var own = await db.WholeHouseholds.AsNoTracking()
                .FirstOrDefaultAsync(h => h.Id == id && h.WorkerSubject == caller.Subject, context.CancellationToken);
            if (own is null) NotFound();
            return ToDto(own);
        }
        // Files outside the caller's subtree answer NotFound exactly like missing ones.
        var household = await cache.GetAsync(id, ToDto, context.CancellationToken);
        if (household is null) NotFound();
        return household;
    }

    public override async Task<ListHouseholdsResponse> ListHouseholds(ListHouseholdsRequest request, ServerCallContext context)
    {
        RefuseWorker();
        var page = request.Page ?? new Union.Contracts.Common.V1.PageRequest();
        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Range("page.page_size", page.PageSize, 0, HouseholdPage.MaxSize);
        if (request.Category != HardshipCategory.Unspecified) validator.Enum("category", request.Category);
        if (request.Status != ArchiveStatus.Unspecified) validator.Enum("status", request.Status);
        if (request.Cause != HardshipCause.Unspecified) validator.Enum("cause", request.Cause);
        var after = HouseholdPage.ParseToken(page.PageToken, validator);
        validator.ThrowIfInvalid();
        // A subtree outside the caller's answers like an organisation that does not exist.
        if (!string.IsNullOrEmpty(request.OrganisationPath)) Ownership.Resolve(caller, request.OrganisationPath);

        var filtered = db.Households.AsNoTracking().Filter(request, clock.Today());
        var total = await filtered.CountAsync(context.CancellationToken);
        var size = page.PageSize == 0 ? HouseholdPage.DefaultSize : page.PageSize;
        var query = db.WholeHouseholds.AsNoTracking().Filter(request, clock.Today());
        if (after is { } last)
        {
            // Keyset: strictly after the last row of the previous page in (UpdatedAt desc, Id desc).
            query = query.Where(h => h.UpdatedAt < last.UpdatedAt || (h.UpdatedAt == last.UpdatedAt && h.Id.CompareTo(last.Id) < 0));
        }
        var rows = await query.OrderByDescending(h => h.UpdatedAt).ThenByDescending(h => h.Id)
            .Take(size + 1).ToListAsync(context.CancellationToken);
        var more = rows.Count > size;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new ListHouseholdsResponse
        {
            Households = { rows.Select(ToDto) },
            Page = new Union.Contracts.Common.V1.PageResponse
            {
                NextPageToken = more ? HouseholdPage.Token(rows[^1].UpdatedAt, rows[^1].Id) : string.Empty,
                TotalSize = total,
            },
        };
    }

    public override async Task<HouseholdDto> FindHouseholdByIdNumber(FindHouseholdByIdNumberRequest request, ServerCallContext context)
    {
        RefuseWorker();
        new RequestValidator().IdNumber("id_number", request.IdNumber).ThrowIfInvalid();
        // Only the keyed hash reaches the database; the number itself is never stored or compared.
        var hash = protector.LookupHash(MemberInput.NormalisedIdNumber(request.IdNumber));
        // The tenancy filter applies: a file outside the caller's subtree is not found.
        var candidates = await db.Households.AsNoTracking()
            .Where(h => h.HeadIdNumberHash == hash || h.Members.Any(m => m.IdNumberHash == hash))
            .Select(h => new { h.Id, h.Status })
            .ToListAsync(context.CancellationToken);
        // The file that holds the number (一户一档) comes first: a worker's application not yet reviewed
        // also names the people he typed in, but it is only his word (Household.MembersConfirmed).
        var holder = await db.OpenIdentities.AsNoTracking().Where(o => o.IdNumberHash == hash)
            .Select(o => (Guid?)o.HouseholdId).FirstOrDefaultAsync(context.CancellationToken);
        var open = candidates
            .Where(c => c.Status is not (Domain.ArchiveStatus.Exited or Domain.ArchiveStatus.DeArchived or Domain.ArchiveStatus.Cancelled))
            .OrderBy(c => c.Id == holder ? 0 : 1)
            .FirstOrDefault();
        if (open is null) NotFound();
        var household = await cache.GetAsync(open.Id, ToDto, context.CancellationToken);
        if (household is null) NotFound();
        return household;
    }

    public override async Task<HouseholdDto> UpdateHousehold(UpdateHouseholdRequest request, ServerCallContext context)
    {
        // Staff only: a worker does not edit his application, not even its members. His own input never
        // holds another person's number nor answers whether one is on file, so he corrects his members
        // through the caseworker who sees the household register.
        RequireRole(Roles.Caseworker);
        var mask = request.UpdateMask.Select(p => p.Trim()).ToHashSet(StringComparer.Ordinal);
        var validator = new RequestValidator()
            .Id("household_id", request.HouseholdId)
            .RequiredText("reason", request.Reason, 500)
            .Check(mask.Count > 0, "update_mask", "REQUIRED", "请指明要修改的字段");
        foreach (var unknown in mask.Where(p => !UpdatePaths.Contains(p)).Order(StringComparer.Ordinal))
            validator.Add("update_mask", "UNKNOWN_FIELD", $"不能修改的字段：{unknown}");
        if (mask.Contains("head_name")) validator.RequiredText("head_name", request.HeadName, 50);
        if (mask.Contains("head_phone")) validator.MobilePhone("head_phone", request.HeadPhone, required: false);
        if (mask.Contains("employer")) validator.RequiredText("employer", request.Employer, 100);
        if (mask.Contains("causes")) validator.Enums("causes", request.Causes, required: true);
        if (mask.Contains("monthly_income_per_person")) validator.Money("monthly_income_per_person", request.MonthlyIncomePerPerson);
        if (mask.Contains("local_monthly_allowance")) validator.Money("local_monthly_allowance", request.LocalMonthlyAllowance);
        if (mask.Contains("bank_card")) validator.BankCardNumber("bank_card", request.BankCard, required: false);
        var members = mask.Contains("members");
        if (members)
        {
            validator.Members(request.Members, m => string.IsNullOrEmpty(m.MemberId));
            for (var i = 0; i < request.Members.Count; i++)
            {
                var memberId = request.Members[i].MemberId;
                if (!string.IsNullOrEmpty(memberId)) validator.Check(Guid.TryParse(memberId, out _), $"members[{i}].member_id", "INVALID_ID", "编号格式无效");
            }
        }
        validator.ThrowIfInvalid();

        var id = Guid.Parse(request.HouseholdId);
        // The history tells whether staff have accepted a worker's members yet (Household.MembersConfirmed).
        var household = await db.Households.Include(h => h.Members).Include(h => h.Transitions).AsSplitQuery()
            .FirstOrDefaultAsync(h => h.Id == id, context.CancellationToken);
        if (household is null) NotFound();

        IReadOnlyList<MemberReplacement>? replacements = null;
        List<Person> added = [];
        if (members)
        {
            (replacements, added) = ResolveMembers(request.Members, household);
        }
        if (!household.IsOpen)
            throw new DomainRuleException("HOUSEHOLD_CLOSED", "档案已脱困、退档或注销，不能调整；如再次困难请办理返困");
        await RefuseIfArchivedAsync(added, household.Id, context.CancellationToken);

        // The required reason is the audit's; an x-reason header is only recorded beside it.
        caller.Reason = request.Reason.Trim();
        var adjustment = new HouseholdAdjustment
        {
            HeadName = mask.Contains("head_name") ? new Set<string>(request.HeadName) : null,
            HeadPhone = mask.Contains("head_phone") ? new Set<ProtectedValue?>(protector.ProtectPhone(request.HeadPhone)) : null,
            Employer = mask.Contains("employer") ? new Set<string>(request.Employer) : null,
            Causes = mask.Contains("causes") ? new Set<IReadOnlyList<DomainCause>>(request.Causes.Select(c => (DomainCause)(int)c).ToList()) : null,
            MonthlyIncomePerPersonFen = mask.Contains("monthly_income_per_person") ? new Set<long>(request.MonthlyIncomePerPerson.Fen) : null,
            LocalMonthlyAllowanceFen = mask.Contains("local_monthly_allowance") ? new Set<long>(request.LocalMonthlyAllowance.Fen) : null,
            MigrantWorker = mask.Contains("migrant_worker") ? new Set<bool>(request.MigrantWorker) : null,
            BankCard = mask.Contains("bank_card") ? new Set<ProtectedValue?>(protector.ProtectBankCard(request.BankCard)) : null,
            Members = replacements,
        };
        var changes = household.Adjust(adjustment, caller.Subject, clock.UtcNowForStorage(), request.Reason.Trim(),
            "update_mask: " + string.Join(",", mask.Order(StringComparer.Ordinal)));

        // The one-file-per-person rows follow the members: leavers are free, joiners are held.
        // New members carry their id already, which EF would take for existing rows.
        foreach (var member in changes.Added) db.Entry(member).State = EntityState.Added;
        // A person removed and re-added in the same request keeps his row.
        var addedHashes = changes.Added.Select(m => m.IdNumberHash).ToHashSet(StringComparer.Ordinal);
        var removedHashes = changes.Removed.Select(m => m.IdNumberHash).Where(h => !addedHashes.Contains(h)).ToList();
        addedHashes.ExceptWith(changes.Removed.Select(m => m.IdNumberHash));
        if (removedHashes.Count > 0)
        {
            var freed = await db.OpenIdentities.Where(o => o.HouseholdId == household.Id && removedHashes.Contains(o.IdNumberHash))
                .ToListAsync(context.CancellationToken);
            db.OpenIdentities.RemoveRange(freed);
        }
        // A draft holds nobody yet; a submitted file holds its joiners at once, unless it is a worker's
        // application not yet accepted: then its members, joiners included, are held at the initial review.
        // Only staff adjust a file, so the joiners were checked above, as any staff input is.
        if (household.HoldsIdentities && household.MembersConfirmed)
        {
            foreach (var hash in addedHashes)
                db.OpenIdentities.Add(new OpenIdentity { IdNumberHash = hash, HouseholdId = household.Id, OrganisationPath = household.OrganisationPath });
        }

        await SaveRefusingLostRacesAsync(added, household.Id, context.CancellationToken);
        await cache.InvalidateAsync(household.Id, context.CancellationToken);
        var saved = await db.WholeHouseholds.AsNoTracking().FirstAsync(h => h.Id == household.Id, context.CancellationToken);
        return ToDto(saved);
    }

    public override async Task<PersonalData> RevealPersonalData(RevealPersonalDataRequest request, ServerCallContext context)
    {
        if (IsWorker || !RevealRoles.Any(caller.IsInRole))
            UnionErrors.PermissionDenied("ROLE_REQUIRED", "您的角色无权查看完整个人信息");
        new RequestValidator()
            .Id("household_id", request.HouseholdId)
            .RequiredText("reason", request.Reason, 500)
            .ThrowIfInvalid();
        var id = Guid.Parse(request.HouseholdId);
        var household = await db.Households.AsNoTracking().Include(h => h.Members)
            .FirstOrDefaultAsync(h => h.Id == id, context.CancellationToken);
        if (household is null) NotFound();

        var members = household.Members.OrderBy(m => m.BirthDate).ToList();
        var data = new PersonalData
        {
            HouseholdId = household.Id.ToString(),
            HeadIdNumber = protector.Unprotect(household.HeadIdNumberProtected),
            HeadPhone = household.HeadPhoneProtected is { } phone ? protector.Unprotect(phone) : string.Empty,
            BankCard = household.BankCardProtected is { } card ? protector.Unprotect(card) : string.Empty,
            Members = { members.Select(m => new MemberIdNumber { MemberId = m.Id.ToString(), IdNumber = protector.Unprotect(m.IdNumberProtected) }) },
        };

        // Every unmasked read is in the audit log with who, why and what was shown.
        caller.Reason = request.Reason.Trim();
        var fields = new List<string> { "head_id_number" };
        if (household.HeadPhoneProtected is not null) fields.Add("head_phone");
        if (household.BankCardProtected is not null) fields.Add("bank_card");
        if (members.Count > 0) fields.Add($"members.id_number({members.Count})");
        db.Audit("UnmaskedRead", "Household", household.Id.ToString(), household.OrganisationPath, string.Join(",", fields));
        await db.SaveChangesAsync(context.CancellationToken);
        return data;
    }

    public override async Task<EligibilityAssessment> AssessEligibility(AssessEligibilityRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("household_id", request.HouseholdId).ThrowIfInvalid();
        var id = Guid.Parse(request.HouseholdId);
        var household = await Visible(db.Households.AsNoTracking()).FirstOrDefaultAsync(h => h.Id == id, context.CancellationToken);
        if (household is null) NotFound();
        var result = Eligibility.Assess(household.MonthlyIncomePerPersonFen, household.LocalMonthlyAllowanceFen, household.Causes);
        return new EligibilityAssessment
        {
            HouseholdId = household.Id.ToString(),
            Eligible = result.Eligible,
            SuggestedCategory = (HardshipCategory)(int)result.SuggestedCategory,
            Basis = result.Basis,
            IncomeToAllowancePermille = result.IncomeToAllowancePermille,
        };
    }

    public override async Task<ListTransitionsResponse> ListTransitions(ListTransitionsRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("household_id", request.HouseholdId).ThrowIfInvalid();
        var id = Guid.Parse(request.HouseholdId);
        if (!await Visible(db.Households.AsNoTracking()).AnyAsync(h => h.Id == id, context.CancellationToken)) NotFound();
        var transitions = await db.Transitions.AsNoTracking().Where(t => t.HouseholdId == id)
            .OrderBy(t => t.At).ThenBy(t => t.Id).ToListAsync(context.CancellationToken);
        return new ListTransitionsResponse { Transitions = { transitions.Select(t => t.ToDto()) } };
    }

    /// <summary>The fields UpdateHousehold may change (proto field names).</summary>
    private static readonly HashSet<string> UpdatePaths = new(StringComparer.Ordinal)
    {
        "head_name", "head_phone", "employer", "causes", "monthly_income_per_person", "local_monthly_allowance",
        "migrant_worker", "bank_card", "members",
    };

    /// <summary>A person of a request: the field that named him, his protected ID number and birth date.</summary>
    private sealed record Person(string Field, ProtectedValue Value, DateOnly BirthDate);

    /// <summary>
    /// Head first, then each member; reports a number that appears twice in the request on the later
    /// field. Numbers that failed validation are skipped (their violation is already recorded).
    /// </summary>
    private List<Person> PeopleOf(string headIdNumber, IReadOnlyList<string> memberIdNumbers, RequestValidator validator)
    {
        var people = new List<Person>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = memberIdNumbers.Select((n, i) => (Field: $"members[{i}].id_number", Number: n)).Prepend(("head_id_number", headIdNumber));
        foreach (var (field, number) in all)
        {
            if (ChineseIdNumber.TryNormalise(number, out var normalised) != ChineseIdNumber.Problem.None)
            {
                people.Add(new Person(field, new ProtectedValue(string.Empty, string.Empty, string.Empty), default));
                continue;
            }
            if (!seen.Add(normalised))
                validator.Add(field, "DUPLICATE_ID_NUMBER", "同一身份证号码在本次申请中重复出现");
            people.Add(new Person(field, protector.ProtectIdNumber(normalised), ChineseIdNumber.BirthDate(normalised)));
        }
        return people;
    }

    /// <summary>
    /// Matches the requested members with the file's: a member_id must be one of the file's members;
    /// a kept member's ID number, if resent, must be his own; new members' numbers must not repeat
    /// the head's or another member's. Returns the replacements and the people joining.
    /// </summary>
    private (IReadOnlyList<MemberReplacement>, List<Person>) ResolveMembers(IReadOnlyList<Member> requested, Household household)
    {
        var validator = new RequestValidator();
        var replacements = new List<MemberReplacement>();
        var added = new List<Person>();
        var existing = household.Members.ToDictionary(m => m.Id);
        var seen = new HashSet<string>(StringComparer.Ordinal) { household.HeadIdNumberHash };
        var keptIds = new HashSet<Guid>();
        for (var i = 0; i < requested.Count; i++)
        {
            var m = requested[i];
            var field = $"members[{i}]";
            if (!string.IsNullOrEmpty(m.MemberId))
            {
                var memberId = Guid.Parse(m.MemberId);
                if (!existing.TryGetValue(memberId, out var member) || !keptIds.Add(memberId))
                {
                    validator.Add($"{field}.member_id", "MEMBER_NOT_FOUND", "该家庭成员不属于本档案");
                    continue;
                }
                if (!string.IsNullOrEmpty(m.IdNumber) && protector.LookupHash(MemberInput.NormalisedIdNumber(m.IdNumber)) != member.IdNumberHash)
                {
                    validator.Add($"{field}.id_number", "MEMBER_ID_NUMBER_CHANGED", "已有成员的身份证号码不能更改；其他人请作为新成员添加");
                    continue;
                }
                if (!seen.Add(member.IdNumberHash))
                    validator.Add($"{field}.id_number", "DUPLICATE_ID_NUMBER", "同一身份证号码在本档案中重复出现");
                var kept = new ProtectedValue(member.IdNumberProtected, member.IdNumberHash, member.IdNumberMasked);
                replacements.Add(new MemberReplacement(memberId, m.ToDraft(kept, member.BirthDate)));
            }
            else
            {
                var normalised = MemberInput.NormalisedIdNumber(m.IdNumber);
                var value = protector.ProtectIdNumber(normalised);
                if (!seen.Add(value.LookupHash))
                    validator.Add($"{field}.id_number", "DUPLICATE_ID_NUMBER", "同一身份证号码在本档案中重复出现");
                var person = new Person($"{field}.id_number", value, ChineseIdNumber.BirthDate(normalised));
                added.Add(person);
                replacements.Add(new MemberReplacement(null, m.ToDraft(value, person.BirthDate)));
            }
        }
        validator.ThrowIfInvalid();
        return (replacements, added);
    }

    /// <summary>Refuses when any of <paramref name="people"/> is held by an open file other than <paramref name="self"/>.</summary>
    private async Task RefuseIfArchivedAsync(IReadOnlyList<Person> people, Guid? self, CancellationToken cancellationToken)
    {
        if (people.Count == 0) return;
        var hashes = people.Select(p => p.Value.LookupHash).ToList();
        var holders = await db.OpenIdentities.AsNoTracking()
            .Where(o => hashes.Contains(o.IdNumberHash) && (self == null || o.HouseholdId != self))
            .ToListAsync(cancellationToken);
        if (holders.Count == 0) return;
        var person = people.First(p => holders.Any(h => h.IdNumberHash == p.Value.LookupHash));
        IdentityClash.Refuse(caller, holders.First(h => h.IdNumberHash == person.Value.LookupHash), person.Field,
            "该身份证号码已在其他档案中登记（一户一档）");
    }

    /// <summary>Saves; a unique-key failure on the identity rows means another file took a person a moment ago.</summary>
    private async Task SaveRefusingLostRacesAsync(IReadOnlyList<Person> people, Guid self, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await RefuseIfArchivedAsync(people, self, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The ID number the worker's token vouches for (real-name check), normalised. A worker applies
    /// only for himself: without a verified number he cannot apply through the app at all.
    /// </summary>
    private string VerifiedIdNumber()
    {
        if (ChineseIdNumber.TryNormalise(caller.IdNumber, out var own) != ChineseIdNumber.Problem.None)
            UnionErrors.PermissionDenied("ID_NUMBER_CLAIM_REQUIRED", "您的账号尚未完成实名认证，不能通过手机申请建档");
        return own;
    }

    /// <summary>
    /// A mobile-app user (DESIGN §2: applies, follows his own application, sees nothing else). A token
    /// that also carries a staff role acts as staff.
    /// </summary>
    private bool IsWorker => caller.IsInRole(Roles.Worker) && !caller.Roles.Any(r => r != Roles.Worker && Roles.All.Contains(r));

    /// <summary>What the caller may read besides the tenancy filter: a worker only his own applications.</summary>
    private IQueryable<Household> Visible(IQueryable<Household> query) =>
        IsWorker ? query.Where(h => h.WorkerSubject == caller.Subject) : query;

    private void RefuseWorker()
    {
        if (IsWorker) UnionErrors.PermissionDenied("ROLE_REQUIRED", "职工用户只能查看本人的申请");
    }

    private void RequireRole(string role)
    {
        if (IsWorker || !caller.IsInRole(role)) UnionErrors.PermissionDenied("ROLE_REQUIRED", "您的角色无权进行此操作");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void NotFound() => UnionErrors.NotFound("HOUSEHOLD_NOT_FOUND", "未找到该困难职工档案");

    private HouseholdDto ToDto(Household h) => h.ToDto(clock.Today());
}
