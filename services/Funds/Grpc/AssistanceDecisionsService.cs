using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Calendar;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using AidType = Union.Contracts.Funds.V1.AidType;
using DecisionDto = Union.Contracts.Funds.V1.AssistanceDecision;
using DecisionStatusDto = Union.Contracts.Funds.V1.DecisionStatus;
using DomainAidType = Union.Funds.Domain.AidType;
using DomainDecision = Union.Funds.Domain.AssistanceDecision;
using DomainFrequency = Union.Funds.Domain.InstalmentFrequency;
using DomainNotice = Union.Funds.Domain.PublicNotice;
using FundSource = Union.Contracts.Common.V1.FundSource;
using InstalmentFrequency = Union.Contracts.Funds.V1.InstalmentFrequency;
using MedicalBurden = Union.Funds.Domain.MedicalBurden;
using NoticeDto = Union.Contracts.Funds.V1.PublicNotice;
using ObjectionStatusDto = Union.Contracts.Funds.V1.ObjectionStatus;

namespace Union.Funds.Grpc;

/// <summary>
/// Assistance decisions and the public notice of their real-name list (Hainan 003 §二(三)三;
/// Yu'an 002 指标3, 11, 13). A caseworker files what the collective meeting decided; the caps of
/// <see cref="AidCaps"/> and the household's standing are checked here; a notice of the configured
/// number of working days must end without an upheld objection before a decision is payable.
/// Tenancy: a decision belongs to its household's organisation (as the standing has it), so those
/// who may see the household see its decisions.
/// </summary>
public sealed class AssistanceDecisionsService(
    FundsDbContext db,
    CallerContext caller,
    TimeProvider clock,
    IWorkingCalendarSource calendarSource,
    IOptions<PublicNoticeOptions> noticeOptions)
    : AssistanceDecisions.AssistanceDecisionsBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public override async Task<DecisionDto> CreateDecision(CreateDecisionRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("登记救助决定需要帮扶工作人员角色", Roles.Caseworker);
        var input = Validate(request, clock.Today());
        var ct = context.CancellationToken;

        // Who is helped, and so whose organisation the decision belongs to.
        string owner;
        if (input.HouseholdId is { } householdId)
        {
            // The tenancy filter hides standings outside the caller's subtree: they answer like missing ones.
            var standing = await db.HouseholdStandings.AsNoTracking().FirstOrDefaultAsync(h => h.HouseholdId == householdId, ct);
            if (standing is null) UnionErrors.NotFound("HOUSEHOLD_NOT_FOUND", "资金系统中没有该困难职工家庭的档案状态");
            if (!standing.IsPayableOn(input.DecidedOn))
                UnionErrors.FailedPrecondition("HOUSEHOLD_NOT_PAYABLE", "该家庭在决定日期不在帮扶范围内（仅在档或渐退期内的家庭可以救助）",
                    new Dictionary<string, string>
                    {
                        ["household_id"] = householdId.ToString(),
                        ["archive_status"] = standing.ArchiveStatus,
                        ["decided_on"] = Format(input.DecidedOn),
                    });
            owner = standing.OrganisationPath;
        }
        else
        {
            owner = Ownership.Resolve(caller, request.NonArchived.OrganisationPath);
        }

        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == input.SourceAccountId, ct);
        if (account is null) UnionErrors.NotFound("ACCOUNT_NOT_FOUND", "未找到该专账");
        if (!OrganisationPath.Covers(account.OrganisationPath, owner))
            UnionErrors.FailedPrecondition("ACCOUNT_NOT_ABOVE_RECIPIENT", "资金来源专账应属于受助对象所在组织或其上级",
                new Dictionary<string, string> { ["account_id"] = account.Id.ToString(), ["organisation_path"] = owner });

        var schedule = DomainDecision.Schedule(input.AmountFen, input.Frequency, input.Count, input.FirstDueOn);
        // The cap's lock of each year the instalments fall in is taken before the earlier decisions
        // are read: a decision for the same recipient filed at the same moment waits, then counts this one.
        await db.LockAsync(CapLockKeys(input, owner, schedule), ct);
        await CheckCapAsync(input, owner, schedule, ct);

        var decision = DomainDecision.Decide(
            owner,
            new DomainDecision.Recipient(input.HouseholdId, request.NonArchived?.Reference, request.NonArchived?.Reason, request.StudentReference),
            new DomainDecision.Terms(input.AidType, input.AmountFen, account, request.CollectiveDecision.MeetingReference, input.DecidedOn,
                input.ApplicationCompletedOn, request.HigherEducation, input.Medical, schedule, input.Frequency),
            caller.Subject, clock.UtcNowForStorage());
        db.AssistanceDecisions.Add(decision);
        db.Publish(new AssistanceDecided
        {
            DecisionId = decision.Id.ToString(),
            HouseholdId = decision.HouseholdId?.ToString() ?? string.Empty,
            NonArchived = decision.NonArchived,
            AidType = AidTypeName(decision.AidType),
            Amount = new Money { Fen = decision.AmountFen },
            SourceAccountId = decision.SourceAccountId.ToString(),
            Source = (FundSource)(int)decision.Source,
            DecidedOn = Format(decision.DecidedOn),
            ApplicationCompletedOn = Format(decision.ApplicationCompletedOn),
            Instalments = decision.Instalments.Count,
            Frequency = decision.Frequency.ToString().ToUpperInvariant(),
        }, owner);
        await db.SaveChangesAsync(ct);
        return (await ToDtosAsync([decision], ct))[0];
    }

    public override async Task<DecisionDto> GetDecision(GetDecisionRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().Id("decision_id", request.DecisionId).ThrowIfInvalid();
        var decision = await FindDecisionAsync(Guid.Parse(request.DecisionId), tracked: false, context.CancellationToken);
        return (await ToDtosAsync([decision], context.CancellationToken))[0];
    }

    public override async Task<ListDecisionsResponse> ListDecisions(ListDecisionsRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        var page = request.Page ?? new PageRequest();
        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Check(request.Year == 0 || request.Year is >= 2000 and <= 2100, "year", "OUT_OF_RANGE", "年度应在2000到2100之间")
            .Check(request.AidType == AidType.Unspecified || System.Enum.IsDefined(request.AidType), "aid_type", "INVALID", "不支持的救助类型")
            .Range("page.page_size", page.PageSize, 0, MaxPageSize);
        var offset = 0;
        validator.Check(string.IsNullOrEmpty(page.PageToken) || int.TryParse(page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset),
            "page.page_token", "INVALID", "分页标记无效");
        validator.ThrowIfInvalid();

        var organisation = Ownership.Resolve(caller, request.OrganisationPath);
        var query = db.AssistanceDecisions.AsNoTracking().Include(d => d.Instalments)
            .Where(OrganisationPath.InSubtree<Domain.AssistanceDecision>(d => d.OrganisationPath, organisation));
        if (request.Year != 0)
        {
            var first = new DateOnly(request.Year, 1, 1);
            var last = new DateOnly(request.Year, 12, 31);
            query = query.Where(d => d.DecidedOn >= first && d.DecidedOn <= last);
        }
        if (request.AidType != AidType.Unspecified)
        {
            var aidType = (DomainAidType)(int)request.AidType;
            query = query.Where(d => d.AidType == aidType);
        }
        var decisions = (await query.ToListAsync(context.CancellationToken))
            .OrderByDescending(d => d.DecidedOn).ThenByDescending(d => d.Id).ToList();
        // Payability depends on today, the notices and the standings, so it is filtered after reading.
        var dtos = await ToDtosAsync(decisions, context.CancellationToken);
        if (request.HasPayable) dtos = dtos.Where(d => d.Payable == request.Payable).ToList();

        var size = page.PageSize == 0 ? DefaultPageSize : page.PageSize;
        var shown = dtos.Skip(offset).Take(size).ToList();
        var next = offset + shown.Count;
        return new ListDecisionsResponse
        {
            Decisions = { shown },
            Page = new PageResponse
            {
                TotalSize = dtos.Count,
                NextPageToken = next < dtos.Count ? next.ToString(CultureInfo.InvariantCulture) : string.Empty,
            },
        };
    }

    public override async Task<DecisionDto> CancelDecision(CancelDecisionRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("撤销救助决定需要审批或财务角色", Roles.Approver, Roles.Finance);
        new RequestValidator()
            .Id("decision_id", request.DecisionId)
            .RequiredText("reason", request.Reason, DomainDecision.MaxReasonLength)
            .ThrowIfInvalid();
        var ct = context.CancellationToken;
        var decision = await FindDecisionAsync(Guid.Parse(request.DecisionId), tracked: true, ct);
        // No payment exists yet in funds; when payments arrive, a paid decision is refused here.
        decision.Cancel(request.Reason, caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(ct);
        return (await ToDtosAsync([decision], ct))[0];
    }

    public override async Task<NoticeDto> StartNotice(StartNoticeRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("公示实名制救助表需要帮扶工作人员角色", Roles.Caseworker);
        var validator = new RequestValidator()
            .Check(request.DecisionIds.Count > 0, "decision_ids", "REQUIRED", "至少公示一项救助决定")
            .Check(request.DecisionIds.Count <= DomainNotice.MaxDecisions, "decision_ids", "TOO_MANY", $"一次公示不能超过{DomainNotice.MaxDecisions}项")
            .Check(request.DecisionIds.Distinct().Count() == request.DecisionIds.Count, "decision_ids", "DUPLICATE", "救助决定不能重复")
            .RequiredText("place", request.Place, DomainNotice.MaxPlaceLength)
            .EffectiveDate("starts_on", request.StartsOn, out var startsOn);
        for (var i = 0; i < request.DecisionIds.Count && i < DomainNotice.MaxDecisions; i++)
            validator.Id($"decision_ids[{i}]", request.DecisionIds[i]);
        validator.ThrowIfInvalid();

        var ct = context.CancellationToken;
        var owner = Ownership.Resolve(caller, null);
        var ids = request.DecisionIds.Select(Guid.Parse).ToList();
        var decisions = await db.AssistanceDecisions.Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        if (decisions.Count != ids.Count) UnionErrors.NotFound("DECISION_NOT_FOUND", "未找到部分救助决定，或不在您的管辖范围内");

        var calendar = await WorkingDayCalendar.LoadAsync(calendarSource, ct);
        var now = clock.UtcNowForStorage();
        var notice = DomainNotice.Start(owner, request.Place, startsOn!.Value, noticeOptions.Value.WorkingDays, calendar, caller.Subject, now);
        foreach (var decision in decisions) decision.PutOnNotice(notice, caller.Subject, now);
        db.PublicNotices.Add(notice);
        await db.SaveChangesAsync(ct);
        return ToDto(notice, ids);
    }

    public override async Task<NoticeDto> RecordObjection(RecordObjectionRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("登记公示异议需要帮扶工作人员或审批角色", Roles.Caseworker, Roles.Approver);
        new RequestValidator()
            .Id("notice_id", request.NoticeId)
            .Id("decision_id", request.DecisionId)
            .RequiredText("text", request.Text, DomainNotice.MaxTextLength)
            .ThrowIfInvalid();
        var ct = context.CancellationToken;
        var notice = await FindNoticeAsync(Guid.Parse(request.NoticeId), ct);
        var decisionId = Guid.Parse(request.DecisionId);
        var listed = await ListedDecisionsAsync(notice.Id, ct);
        if (!listed.Contains(decisionId))
            UnionErrors.FailedPrecondition("DECISION_NOT_ON_NOTICE", "该救助决定不在此公示名单中",
                new Dictionary<string, string> { ["notice_id"] = notice.Id.ToString(), ["decision_id"] = decisionId.ToString() });
        notice.RecordObjection(decisionId, request.Text, clock.Today(), caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(ct);
        return ToDto(notice, listed);
    }

    public override async Task<NoticeDto> DecideObjection(DecideObjectionRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("处理公示异议需要审批角色", Roles.Approver);
        new RequestValidator()
            .Id("notice_id", request.NoticeId)
            .Id("objection_id", request.ObjectionId)
            .RequiredText("reason", request.Reason, DomainDecision.MaxReasonLength)
            .ThrowIfInvalid();
        var ct = context.CancellationToken;
        var notice = await FindNoticeAsync(Guid.Parse(request.NoticeId), ct);
        var objectionId = Guid.Parse(request.ObjectionId);
        if (notice.Objections.All(o => o.Id != objectionId)) UnionErrors.NotFound("OBJECTION_NOT_FOUND", "未找到该异议");
        notice.DecideObjection(objectionId, request.Upheld, request.Reason, caller.Subject, clock.UtcNowForStorage());
        await db.SaveChangesAsync(ct);
        return ToDto(notice, await ListedDecisionsAsync(notice.Id, ct));
    }

    public override async Task<NoticeDto> GetNotice(GetNoticeRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().Id("notice_id", request.NoticeId).ThrowIfInvalid();
        var ct = context.CancellationToken;
        var notice = await FindNoticeAsync(Guid.Parse(request.NoticeId), ct);
        return ToDto(notice, await ListedDecisionsAsync(notice.Id, ct));
    }

    /// <summary>The request checked field by field; every bad field is named at once and nothing is read or written.</summary>
    private sealed record Input(
        Guid? HouseholdId,
        DomainAidType AidType,
        long AmountFen,
        Guid SourceAccountId,
        DateOnly DecidedOn,
        DateOnly ApplicationCompletedOn,
        MedicalBurden? Medical,
        DomainFrequency Frequency,
        int Count,
        DateOnly FirstDueOn,
        string? NonArchivedReference,
        bool HigherEducation,
        string StudentReference);

    private static Input Validate(CreateDecisionRequest request, DateOnly today)
    {
        var hasHousehold = !string.IsNullOrEmpty(request.HouseholdId);
        var nonArchived = request.NonArchived;
        var v = new RequestValidator()
            .Check(hasHousehold != (nonArchived is not null), "household_id", "ONE_RECIPIENT", "须且只能指定一个受助家庭或一名未建档受助职工");
        if (hasHousehold) v.Id("household_id", request.HouseholdId);
        if (nonArchived is not null)
        {
            v.OrganisationPathOrEmpty("non_archived.organisation_path", nonArchived.OrganisationPath)
                .RequiredText("non_archived.reference", nonArchived.Reference, DomainDecision.MaxReferenceLength)
                .RequiredText("non_archived.reason", nonArchived.Reason, DomainDecision.MaxReasonLength)
                .Check(request.AidType == AidType.Unspecified || DomainDecision.AllowsNonArchived((DomainAidType)(int)request.AidType),
                    "non_archived", "NOT_ALLOWED_FOR_AID_TYPE", "只有助学救助可以救助未建档职工");
        }
        v.Enum("aid_type", request.AidType)
            .Money("amount", request.Amount)
            .Check(request.Amount is null || request.Amount.Fen is > 0 and <= DomainDecision.MaxAmountFen,
                "amount", "OUT_OF_RANGE", "救助金额应大于零且不超过一百万元")
            .Id("source_account_id", request.SourceAccountId)
            .MaxLength("student_reference", request.StudentReference, DomainDecision.MaxReferenceLength);

        DateOnly? decidedOn = null;
        var decision = request.CollectiveDecision;
        if (decision is null) v.Add("collective_decision", "REQUIRED", "须填写集体研究决定的会议及日期");
        else
        {
            v.RequiredText("collective_decision.meeting_reference", decision.MeetingReference, DomainDecision.MaxReferenceLength)
                .EffectiveDate("collective_decision.decided_on", decision.DecidedOn, out decidedOn);
            if (decidedOn > today)
            {
                v.Add("collective_decision.decided_on", "IN_FUTURE", "决定日期不能晚于今天");
                decidedOn = null;
            }
        }
        v.EffectiveDate("application_completed_on", request.ApplicationCompletedOn, out var completedOn)
            .Check(completedOn is null || decidedOn is null || completedOn <= decidedOn,
                "application_completed_on", "AFTER_DECISION", "申请资料齐全日期不能晚于决定日期");

        if (request.AidType == AidType.Medical)
        {
            var m = request.Medical;
            if (m is null) v.Add("medical", "REQUIRED", "医疗救助须填写合规医疗费用及各项保险已支付金额");
            else v
                .Money("medical.compliant_costs", m.CompliantCosts)
                .Money("medical.basic_insurance", m.BasicInsurance, required: false)
                .Money("medical.serious_illness_insurance", m.SeriousIllnessInsurance, required: false)
                .Money("medical.supplementary_insurance", m.SupplementaryInsurance, required: false)
                .Money("medical.worker_mutual_aid", m.WorkerMutualAid, required: false);
        }

        var plan = request.Instalments ?? new InstalmentPlan();
        var frequency = plan.Frequency == InstalmentFrequency.Unspecified ? InstalmentFrequency.Once : plan.Frequency;
        v.Check(System.Enum.IsDefined(frequency), "instalments.frequency", "INVALID", "不支持的发放方式")
            .Check(frequency == InstalmentFrequency.Once || request.AidType == AidType.Living,
                "instalments.frequency", "NOT_ALLOWED_FOR_AID_TYPE", "只有生活救助可以按月或按季度分期发放");
        var maxCount = frequency switch
        {
            InstalmentFrequency.Monthly => DomainDecision.MaxMonthlyInstalments,
            InstalmentFrequency.Quarterly => DomainDecision.MaxQuarterlyInstalments,
            _ => 1,
        };
        v.Check(plan.Count == 0 && frequency == InstalmentFrequency.Once || plan.Count >= 1 && plan.Count <= maxCount,
            "instalments.count", "OUT_OF_RANGE", $"分期次数应在1到{maxCount}之间");
        v.Date("instalments.first_due_on", plan.FirstDueOn, required: false, out var firstDue)
            .Check(firstDue is null || decidedOn is null || (firstDue >= decidedOn && firstDue.Value.Year <= decidedOn.Value.Year + 1),
                "instalments.first_due_on", "OUT_OF_RANGE", "首次发放日期应在决定日期当天或之后，且不晚于次年");
        if (request.Amount is { Fen: > 0 } amount && plan.Count > 1)
            v.Check(amount.Fen >= plan.Count, "amount", "TOO_SMALL_FOR_INSTALMENTS", "救助金额不足以分期发放");
        v.ThrowIfInvalid();

        MedicalBurden? burden = request.AidType == AidType.Medical
            ? new MedicalBurden(
                request.Medical.CompliantCosts.Fen,
                request.Medical.BasicInsurance?.Fen ?? 0,
                request.Medical.SeriousIllnessInsurance?.Fen ?? 0,
                request.Medical.SupplementaryInsurance?.Fen ?? 0,
                request.Medical.WorkerMutualAid?.Fen ?? 0)
            : null;
        return new Input(
            hasHousehold ? Guid.Parse(request.HouseholdId) : null,
            (DomainAidType)(int)request.AidType,
            request.Amount!.Fen,
            Guid.Parse(request.SourceAccountId),
            decidedOn!.Value,
            completedOn!.Value,
            burden,
            (DomainFrequency)(int)frequency,
            Math.Max(1, plan.Count),
            firstDue ?? decidedOn.Value,
            nonArchived?.Reference.Trim(),
            request.HigherEducation,
            request.StudentReference.Trim());
    }

    /// <summary>
    /// Refuses an amount over the cap: the allowance in force on the decision date for the
    /// recipient's locality, and every instalment of the same years of earlier decisions of the same
    /// household (or student, or non-archived case) and aid type that are not cancelled, from any
    /// source and whoever filed them (read past the tenancy filter: a cap counts everything).
    /// </summary>
    private async Task CheckCapAsync(Input input, string owner, IReadOnlyList<(DateOnly DueOn, long AmountFen)> schedule, CancellationToken ct)
    {
        var higherEducation = input.AidType == DomainAidType.Education && input.HigherEducation;
        // No cap is set for 送温暖 or for schooling below higher education.
        if (input.AidType is not (DomainAidType.Living or DomainAidType.Medical) && !higherEducation) return;

        long? allowance = null;
        if (DecisionCaps.NeedsAllowance(input.AidType, higherEducation))
        {
            var chain = StandardsInForce.Chain(owner);
            var standards = await db.AllowanceStandards.AsNoTracking().IgnoreQueryFilters().Where(s => chain.Contains(s.OrganisationPath)).ToListAsync(ct);
            var inForce = StandardsInForce.Find(standards, owner, input.DecidedOn);
            if (inForce is null)
                UnionErrors.FailedPrecondition("NO_ALLOWANCE_STANDARD", "该地区在决定日期没有生效的低保标准，无法计算救助上限",
                    new Dictionary<string, string> { ["locality_path"] = owner, ["on"] = Format(input.DecidedOn) });
            allowance = inForce.MonthlyFen;
        }

        var sameKind = db.AssistanceDecisions.AsNoTracking().IgnoreQueryFilters()
            .Where(d => d.AidType == input.AidType && d.Status != Domain.DecisionStatus.Cancelled);
        if (input.HouseholdId is { } household)
        {
            sameKind = sameKind.Where(d => d.HouseholdId == household);
            // Education is capped per student: the same student of the household.
            if (input.AidType == DomainAidType.Education) sameKind = sameKind.Where(d => d.StudentReference == input.StudentReference);
        }
        else
        {
            sameKind = sameKind.Where(d => d.HouseholdId == null && d.OrganisationPath == owner && d.RecipientReference == input.NonArchivedReference);
        }
        var ids = await sameKind.Select(d => d.Id).ToListAsync(ct);
        var years = schedule.Select(i => i.DueOn.Year).Distinct().ToList();
        var earlier = (await db.DecisionInstalments.AsNoTracking().Where(i => ids.Contains(i.DecisionId)).ToListAsync(ct))
            .Where(i => years.Contains(i.DueOn.Year))
            .Select(i => (i.DueOn, i.AmountFen));

        var refusal = DecisionCaps.FirstRefusal(input.AidType, higherEducation, allowance, input.Medical, earlier, schedule);
        if (refusal is null) return;
        var violation = LocalStandardsService.ToViolation(refusal);
        var metadata = new Dictionary<string, string>(violation.Metadata) { ["cap"] = refusal.Cap };
        throw UnionErrors.Create(StatusCode.InvalidArgument, violation.Reason, violation.Description, metadata,
            new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = violation.Field, Reason = violation.Reason, Description = violation.Description } } });
    }

    /// <summary>
    /// One lock per capped recipient, aid type and calendar year (the cap's unit: a household's
    /// living aid, a student's higher-education aid, a non-archived case's), none for uncapped aid.
    /// </summary>
    private static IEnumerable<string> CapLockKeys(Input input, string owner, IReadOnlyList<(DateOnly DueOn, long AmountFen)> schedule)
    {
        var higherEducation = input.AidType == DomainAidType.Education && input.HigherEducation;
        if (input.AidType is not (DomainAidType.Living or DomainAidType.Medical) && !higherEducation) return [];
        var recipient = input.HouseholdId is { } household
            ? input.AidType == DomainAidType.Education ? $"household|{household}|{input.StudentReference}" : $"household|{household}"
            : $"non-archived|{owner}|{input.NonArchivedReference}";
        // References are free text: a long one is hashed so the key stays within the column.
        if (recipient.Length > 200) recipient = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(recipient)));
        return schedule.Select(i => i.DueOn.Year).Distinct()
            .Select(year => $"aid-cap|{input.AidType}|{recipient}|{year.ToString(CultureInfo.InvariantCulture)}");
    }

    private async Task<DomainDecision> FindDecisionAsync(Guid id, bool tracked, CancellationToken ct)
    {
        var query = db.AssistanceDecisions.Include(d => d.Instalments).AsQueryable();
        if (!tracked) query = query.AsNoTracking();
        // The tenancy filter hides decisions outside the caller's subtree: they answer like missing ones.
        var decision = await query.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (decision is null) UnionErrors.NotFound("DECISION_NOT_FOUND", "未找到该救助决定");
        return decision;
    }

    private async Task<DomainNotice> FindNoticeAsync(Guid id, CancellationToken ct)
    {
        var notice = await db.PublicNotices.Include(n => n.Objections).FirstOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) UnionErrors.NotFound("NOTICE_NOT_FOUND", "未找到该公示");
        return notice;
    }

    /// <summary>The decisions a notice lists (all of them, though a caller above may see only part of its subtree).</summary>
    private Task<List<Guid>> ListedDecisionsAsync(Guid noticeId, CancellationToken ct) =>
        db.AssistanceDecisions.AsNoTracking().IgnoreQueryFilters().Where(d => d.NoticeId == noticeId).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);

    /// <summary>Maps decisions with their payability today, reading their notices and households' standings once.</summary>
    private async Task<List<DecisionDto>> ToDtosAsync(IReadOnlyList<DomainDecision> decisions, CancellationToken ct)
    {
        var noticeIds = decisions.Where(d => d.NoticeId is not null).Select(d => d.NoticeId!.Value).Distinct().ToList();
        var householdIds = decisions.Where(d => d.HouseholdId is not null).Select(d => d.HouseholdId!.Value).Distinct().ToList();
        // A decision the caller sees makes its notice and household relevant, wherever they are owned.
        var notices = noticeIds.Count == 0 ? [] : await db.PublicNotices.AsNoTracking().IgnoreQueryFilters().Include(n => n.Objections)
            .Where(n => noticeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var standings = householdIds.Count == 0 ? [] : await db.HouseholdStandings.AsNoTracking().IgnoreQueryFilters()
            .Where(h => householdIds.Contains(h.HouseholdId)).ToDictionaryAsync(h => h.HouseholdId, ct);
        var today = clock.Today();
        return decisions.Select(d =>
        {
            var notice = d.NoticeId is { } n ? notices.GetValueOrDefault(n) : null;
            var householdPayable = d.HouseholdId is { } h && standings.TryGetValue(h, out var standing) && standing.IsPayableOn(today);
            return ToDto(d, d.NotPayableReasons(notice, householdPayable, today));
        }).ToList();
    }

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The AidType name without its prefix, as events carry enum values of other packages.</summary>
    private static string AidTypeName(DomainAidType aidType) => aidType switch
    {
        DomainAidType.Living => "LIVING",
        DomainAidType.Medical => "MEDICAL",
        DomainAidType.Education => "EDUCATION",
        DomainAidType.WinterWarmth => "WINTER_WARMTH",
        _ => "UNSPECIFIED",
    };

    private static Money Fen(long fen) => new() { Fen = fen };

    private static AuditStamp Stamp(DateTime createdAt, string createdBy, DateTime updatedAt, string updatedBy) => new()
    {
        CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc)),
        CreatedBy = createdBy,
        UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(updatedAt, DateTimeKind.Utc)),
        UpdatedBy = updatedBy,
    };

    private static DecisionDto ToDto(DomainDecision d, IReadOnlyList<string> notPayable)
    {
        var dto = new DecisionDto
        {
            DecisionId = d.Id.ToString(),
            Owner = new OrganisationRef { Code = OrganisationPath.Code(d.OrganisationPath), Path = d.OrganisationPath },
            HouseholdId = d.HouseholdId?.ToString() ?? string.Empty,
            AidType = (AidType)(int)d.AidType,
            Amount = Fen(d.AmountFen),
            SourceAccountId = d.SourceAccountId.ToString(),
            Source = (FundSource)(int)d.Source,
            CollectiveDecision = new CollectiveDecision { MeetingReference = d.MeetingReference, DecidedOn = Format(d.DecidedOn) },
            ApplicationCompletedOn = Format(d.ApplicationCompletedOn),
            HigherEducation = d.HigherEducation,
            StudentReference = d.StudentReference,
            Frequency = (InstalmentFrequency)(int)d.Frequency,
            Instalments =
            {
                d.Instalments.OrderBy(i => i.Number).Select(i => new Instalment { Number = i.Number, DueOn = Format(i.DueOn), Amount = Fen(i.AmountFen) }),
            },
            Status = (DecisionStatusDto)(int)d.Status,
            CancelReason = d.CancelReason ?? string.Empty,
            NoticeId = d.NoticeId?.ToString() ?? string.Empty,
            Payable = notPayable.Count == 0,
            NotPayableReasons = { notPayable },
            Audit = Stamp(d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.UpdatedBy),
        };
        if (d.NonArchived)
            dto.NonArchived = new NonArchivedRecipient { OrganisationPath = d.OrganisationPath, Reference = d.RecipientReference ?? string.Empty, Reason = d.NonArchivedReason ?? string.Empty };
        if (d.Medical is { } m)
            dto.Medical = new Contracts.Funds.V1.MedicalBurden
            {
                CompliantCosts = Fen(m.CompliantCostsFen),
                BasicInsurance = Fen(m.BasicInsuranceFen),
                SeriousIllnessInsurance = Fen(m.SeriousIllnessInsuranceFen),
                SupplementaryInsurance = Fen(m.SupplementaryInsuranceFen),
                WorkerMutualAid = Fen(m.WorkerMutualAidFen),
            };
        return dto;
    }

    private NoticeDto ToDto(DomainNotice n, IEnumerable<Guid> decisionIds) => new()
    {
        NoticeId = n.Id.ToString(),
        Owner = new OrganisationRef { Code = OrganisationPath.Code(n.OrganisationPath), Path = n.OrganisationPath },
        Place = n.Place,
        StartsOn = Format(n.StartsOn),
        EndsOn = Format(n.EndsOn),
        WorkingDays = n.WorkingDays,
        EndsOnProvisional = n.EndsOnProvisional,
        DecisionIds = { decisionIds.Select(id => id.ToString()) },
        Objections =
        {
            n.Objections.OrderBy(o => o.RecordedAt).ThenBy(o => o.Id).Select(o => new Objection
            {
                ObjectionId = o.Id.ToString(),
                DecisionId = o.DecisionId.ToString(),
                Text = o.Text,
                Status = (ObjectionStatusDto)(int)o.Status,
                DecisionReason = o.DecisionReason ?? string.Empty,
                RecordedBy = o.RecordedBy,
                DecidedBy = o.DecidedBy ?? string.Empty,
            }),
        },
        Ended = n.HasEnded(clock.Today()),
        Audit = Stamp(n.CreatedAt, n.CreatedBy, n.UpdatedAt, n.UpdatedBy),
    };
}
