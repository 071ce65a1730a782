using Union.Shared.Formatting;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using AidType = Union.Contracts.Funds.V1.AidType;
using AllowanceStandardDto = Union.Contracts.Funds.V1.AllowanceStandard;
using DomainAidType = Union.Funds.Domain.AidType;
using PaymentStandardDto = Union.Contracts.Funds.V1.PaymentStandard;
using MedicalBurden = Union.Funds.Domain.MedicalBurden;

namespace Union.Funds.Grpc;

/// <summary>
/// Local standards and the caps they set. Standards belong to a locality (an organisation path);
/// a caller reads those of its subtree and, past the tenancy filter, those of its ancestors,
/// because an ancestor's standard applies to everyone below it.
/// </summary>
public sealed class LocalStandardsService(FundsDbContext db, CallerContext caller, TimeProvider clock)
    : LocalStandards.LocalStandardsBase
{
    private const int MaxEarlierPayments = 400;

    public override async Task<AllowanceStandardDto> SetAllowanceStandard(SetAllowanceStandardRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("设定低保标准需要财务或管理员角色", Roles.Finance, Roles.Admin);
        new RequestValidator()
            .OrganisationPathOrEmpty("locality_path", request.LocalityPath)
            .Money("monthly_allowance", request.MonthlyAllowance)
            .Check(request.MonthlyAllowance is null || request.MonthlyAllowance.Fen is > 0 and <= Domain.AllowanceStandard.MaxMonthlyFen,
                "monthly_allowance", "OUT_OF_RANGE", "低保标准应大于零且不超过每月十万元")
            .EffectiveDate("effective_from", request.EffectiveFrom, out var from)
            .RequiredText("reference", request.Reference, Domain.AllowanceStandard.MaxReferenceLength)
            .ThrowIfInvalid();

        var locality = Ownership.Resolve(caller, request.LocalityPath);
        var ct = context.CancellationToken;
        var existing = await db.AllowanceStandards.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationPath == locality && s.EffectiveFrom == from, ct);
        if (existing is not null) RefuseDuplicate(existing.Id, locality, from!.Value);

        var standard = Domain.AllowanceStandard.Set(locality, request.MonthlyAllowance!.Fen, from!.Value, request.Reference, caller.Subject, clock.UtcNowForStorage());
        db.AllowanceStandards.Add(standard);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with the same row set a moment ago.
            var winner = await db.AllowanceStandards.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationPath == locality && s.EffectiveFrom == from, CancellationToken.None);
            if (winner is not null) RefuseDuplicate(winner.Id, locality, from.Value);
            throw;
        }
        return ToDto(standard);
    }

    public override async Task<ListAllowanceStandardsResponse> ListAllowanceStandards(ListAllowanceStandardsRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().OrganisationPathOrEmpty("locality_path", request.LocalityPath).ThrowIfInvalid();
        var locality = VisibleLocality(request.LocalityPath);
        var ct = context.CancellationToken;

        var inherited = await ChainOf(db.AllowanceStandards, locality).ToListAsync(ct);
        // Below the locality the tenancy filter decides: a caller sees only its own subtree.
        var below = await db.AllowanceStandards.AsNoTracking().Where(OrganisationPath.Below<Domain.AllowanceStandard>(s => s.OrganisationPath, locality)).ToListAsync(ct);

        return new ListAllowanceStandardsResponse
        {
            Standards =
            {
                inherited.Concat(below)
                    .OrderBy(s => s.OrganisationPath, StringComparer.Ordinal)
                    .ThenByDescending(s => s.EffectiveFrom)
                    .Select(ToDto),
            },
        };
    }

    public override async Task<PaymentStandardDto> SetPaymentStandard(SetPaymentStandardRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("设定救助标准需要财务或管理员角色", Roles.Finance, Roles.Admin);
        new RequestValidator()
            .OrganisationPathOrEmpty("locality_path", request.LocalityPath)
            .Enum("aid_type", request.AidType)
            .Money("amount", request.Amount)
            .Check(request.Amount is null || request.Amount.Fen is > 0 and <= Domain.PaymentStandard.MaxAmountFen,
                "amount", "OUT_OF_RANGE", "救助标准应大于零且不超过一百万元")
            .EffectiveDate("effective_from", request.EffectiveFrom, out var from)
            .RequiredText("reference", request.Reference, Domain.AllowanceStandard.MaxReferenceLength)
            .ThrowIfInvalid();

        var locality = Ownership.Resolve(caller, request.LocalityPath);
        var aidType = (DomainAidType)(int)request.AidType;
        var ct = context.CancellationToken;
        Task<Domain.PaymentStandard?> FindAsync(CancellationToken token) => db.PaymentStandards.AsNoTracking()
            .FirstOrDefaultAsync(s => s.OrganisationPath == locality && s.AidType == aidType && s.EffectiveFrom == from, token);

        var existing = await FindAsync(ct);
        if (existing is not null) RefuseDuplicate(existing.Id, locality, from!.Value);

        var standard = Domain.PaymentStandard.Set(locality, aidType, request.Amount!.Fen, from!.Value, request.Reference, caller.Subject, clock.UtcNowForStorage());
        db.PaymentStandards.Add(standard);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            var winner = await FindAsync(CancellationToken.None);
            if (winner is not null) RefuseDuplicate(winner.Id, locality, from.Value);
            throw;
        }
        return ToDto(standard);
    }

    public override async Task<StandardInForce> GetStandardInForce(GetStandardInForceRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator()
            .OrganisationPathOrEmpty("locality_path", request.LocalityPath)
            .Date("on", request.On, required: false, out var on)
            .ThrowIfInvalid();
        var locality = VisibleLocality(request.LocalityPath);
        var day = on ?? clock.Today();
        var ct = context.CancellationToken;

        var allowance = StandardsInForce.Find(await ChainOf(db.AllowanceStandards, locality).ToListAsync(ct), locality, day);
        var payments = await ChainOf(db.PaymentStandards, locality).ToListAsync(ct);
        var answer = new StandardInForce
        {
            LocalityPath = locality,
            On = Format(day),
            AllowanceInherited = allowance is not null && allowance.OrganisationPath != locality,
            PaymentStandards =
            {
                System.Enum.GetValues<DomainAidType>()
                    .Select(t => StandardsInForce.Find(payments.Where(p => p.AidType == t), locality, day))
                    .OfType<Domain.PaymentStandard>()
                    .Select(ToDto),
            },
        };
        if (allowance is not null) answer.Allowance = ToDto(allowance);
        return answer;
    }

    public override async Task<AidCapCheck> CheckAidCap(CheckAidCapRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("locality_path", request.LocalityPath)
            .Enum("aid_type", request.AidType)
            .EffectiveDate("decision_date", request.DecisionDate, out var decisionDate)
            .Money("amount", request.Amount)
            .Check(request.Amount is null || request.Amount.Fen > 0, "amount", "OUT_OF_RANGE", "金额应大于零")
            .Check(request.EarlierPaymentsFen.Count <= MaxEarlierPayments, "earlier_payments_fen", "TOO_MANY", $"本年已发放记录不能超过{MaxEarlierPayments}笔");
        for (var i = 0; i < request.EarlierPaymentsFen.Count; i++)
            validator.Range($"earlier_payments_fen[{i}]", request.EarlierPaymentsFen[i], 1, 1_000_000_000_000L);
        if (request.AidType == AidType.Medical)
        {
            var m = request.Medical;
            if (m is null) validator.Add("medical", "REQUIRED", "医疗救助须填写合规医疗费用及各项保险已支付金额");
            else validator
                .Money("medical.compliant_costs", m.CompliantCosts)
                .Money("medical.basic_insurance", m.BasicInsurance, required: false)
                .Money("medical.serious_illness_insurance", m.SeriousIllnessInsurance, required: false)
                .Money("medical.supplementary_insurance", m.SupplementaryInsurance, required: false)
                .Money("medical.worker_mutual_aid", m.WorkerMutualAid, required: false);
        }
        validator.ThrowIfInvalid();

        var locality = VisibleLocality(request.LocalityPath);
        var day = decisionDate!.Value;
        var aidType = (DomainAidType)(int)request.AidType;
        var amount = request.Amount!.Fen;
        var ct = context.CancellationToken;

        var allowance = StandardsInForce.Find(await ChainOf(db.AllowanceStandards, locality).ToListAsync(ct), locality, day);
        var payment = StandardsInForce.Find(await ChainOf(db.PaymentStandards, locality).Where(p => p.AidType == aidType).ToListAsync(ct), locality, day);
        var earlier = request.EarlierPaymentsFen;

        CapCheck? check = aidType switch
        {
            DomainAidType.Living => AidCaps.Living(AllowanceOrRefuse(allowance, locality, day), earlier, amount),
            DomainAidType.Education when request.HigherEducation => AidCaps.HigherEducation(AllowanceOrRefuse(allowance, locality, day), earlier, amount),
            DomainAidType.Medical => AidCaps.Medical(ToBurden(request.Medical), earlier, amount),
            // No cap is set for 送温暖 or for schooling below higher education.
            _ => null,
        };

        var answer = new AidCapCheck { Allowed = check?.Allowed ?? true, Capped = check is not null };
        if (allowance is not null && aidType is DomainAidType.Living or DomainAidType.Education) answer.Allowance = ToDto(allowance);
        if (payment is not null) answer.PaymentStandard = ToDto(payment);
        if (check is null) return answer;

        answer.Cap = check.Cap;
        answer.CapAmount = new Money { Fen = check.CapFen };
        answer.Earlier = new Money { Fen = check.EarlierFen };
        answer.Remaining = new Money { Fen = check.RemainingFen };
        if (!check.Allowed) answer.Violation = ToViolation(check);
        return answer;
    }

    /// <summary>The field violation a cap answers with; a decision over the cap is refused with the same one.</summary>
    public static CapViolation ToViolation(CapCheck check) => new()
    {
        Field = "amount",
        Reason = check.Reason!,
        Description = $"{CapName(check.Cap)}：上限{YuanText.FromFen(check.CapFen, grouped: true)}元，本年已发放{YuanText.FromFen(check.EarlierFen, grouped: true)}元，尚余{YuanText.FromFen(check.RemainingFen, grouped: true)}元",
        Metadata =
        {
            ["cap_fen"] = check.CapFen.ToString(CultureInfo.InvariantCulture),
            ["earlier_fen"] = check.EarlierFen.ToString(CultureInfo.InvariantCulture),
            ["remaining_fen"] = check.RemainingFen.ToString(CultureInfo.InvariantCulture),
        },
    };

    private static string CapName(string cap) => cap switch
    {
        AidCaps.LivingAid => "超过生活救助每户每年12个月低保标准的上限",
        AidCaps.HigherEducationAid => "超过高等教育助学每生每年10个月低保标准的上限",
        AidCaps.MedicalAid => "超过医疗费用个人负担部分",
        _ => "超过救助上限",
    };


    private static long AllowanceOrRefuse(Domain.AllowanceStandard? allowance, string locality, DateOnly day)
    {
        if (allowance is null)
            throw new DomainRuleException("NO_ALLOWANCE_STANDARD", "该地区在决定日期没有生效的低保标准，无法计算救助上限",
                new Dictionary<string, string> { ["locality_path"] = locality, ["on"] = Format(day) });
        return allowance.MonthlyFen;
    }

    private static MedicalBurden ToBurden(Contracts.Funds.V1.MedicalBurden m) => new(
        m.CompliantCosts.Fen,
        m.BasicInsurance?.Fen ?? 0,
        m.SeriousIllnessInsurance?.Fen ?? 0,
        m.SupplementaryInsurance?.Fen ?? 0,
        m.WorkerMutualAid?.Fen ?? 0);

    /// <summary>
    /// The locality a read is about: the one named, or the caller's own. It must lie in the
    /// caller's subtree or above it (an ancestor's standards apply to the caller); any other
    /// answers NotFound like an organisation that does not exist.
    /// </summary>
    private string VisibleLocality(string requested)
    {
        var own = caller.OrganisationPath;
        if (string.IsNullOrEmpty(requested))
        {
            if (own is null) UnionErrors.InvalidArgument("locality_path", "REQUIRED", "必填项");
            return own;
        }
        if (caller.IsSystem || own is not null && (OrganisationPath.Covers(own, requested) || OrganisationPath.Covers(requested, own)))
            return requested;
        UnionErrors.NotFound("ORGANISATION_NOT_FOUND", "未找到该组织，或不在您的管辖范围内");
        return requested;
    }

    /// <summary>The rows of the locality and its ancestors, read past the tenancy filter: they apply to the locality.</summary>
    private static IQueryable<T> ChainOf<T>(DbSet<T> set, string locality) where T : class, IEffectiveDated
    {
        var chain = StandardsInForce.Chain(locality);
        return set.AsNoTracking().IgnoreQueryFilters().Where(s => chain.Contains(s.OrganisationPath));
    }

    private static void RefuseDuplicate(Guid existingId, string locality, DateOnly from) =>
        UnionErrors.AlreadyExists("STANDARD_EXISTS", "该地区在该日期已设定标准；标准不可修改，调整请设定新的生效日期",
            new Dictionary<string, string>
            {
                ["standard_id"] = existingId.ToString(),
                ["locality_path"] = locality,
                ["effective_from"] = Format(from),
            });

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static AuditStamp Stamp(DateTime createdAt, string createdBy)
    {
        var created = Timestamp.FromDateTime(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc));
        // A standard is never changed after it is set.
        return new AuditStamp { CreatedAt = created, CreatedBy = createdBy, UpdatedAt = created, UpdatedBy = createdBy };
    }

    private static OrganisationRef Locality(string path) => new() { Code = OrganisationPath.Code(path), Path = path };

    private static AllowanceStandardDto ToDto(Domain.AllowanceStandard s) => new()
    {
        StandardId = s.Id.ToString(),
        Locality = Locality(s.OrganisationPath),
        MonthlyAllowance = new Money { Fen = s.MonthlyFen },
        EffectiveFrom = Format(s.EffectiveFrom),
        Reference = s.Reference,
        Audit = Stamp(s.CreatedAt, s.CreatedBy),
    };

    private static PaymentStandardDto ToDto(Domain.PaymentStandard s) => new()
    {
        StandardId = s.Id.ToString(),
        Locality = Locality(s.OrganisationPath),
        AidType = (AidType)(int)s.AidType,
        Amount = new Money { Fen = s.AmountFen },
        EffectiveFrom = Format(s.EffectiveFrom),
        Reference = s.Reference,
        Audit = Stamp(s.CreatedAt, s.CreatedBy),
    };
}

internal static class StandardValidation
{
    /// <summary>A required "YYYY-MM-DD" effective date within the years the suite accepts.</summary>
    public static RequestValidator EffectiveDate(this RequestValidator validator, string field, string value, out DateOnly? date)
    {
        var before = validator.Violations.Count;
        validator.Date(field, value, required: true, out date);
        if (date is { } d && validator.Violations.Count == before && d.Year is < 2000 or > 2100)
        {
            validator.Add(field, "OUT_OF_RANGE", "日期应在2000年到2100年之间");
            date = null;
        }
        return validator;
    }
}
