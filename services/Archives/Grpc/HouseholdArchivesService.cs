using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Domain;
using Union.Archives.Persistence;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.PersonalData;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using DomainCause = Union.Archives.Domain.HardshipCause;
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
    public override async Task<HouseholdDto> CreateHousehold(CreateHouseholdRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .RequiredText("head_name", request.HeadName, 50)
            .IdNumber("head_id_number", request.HeadIdNumber)
            .MobilePhone("head_phone", request.HeadPhone, required: false)
            .RequiredText("employer", request.Employer, 100)
            .Enums("causes", request.Causes, required: true)
            .Money("monthly_income_per_person", request.MonthlyIncomePerPerson)
            .Money("local_monthly_allowance", request.LocalMonthlyAllowance)
            .ThrowIfInvalid();

        var owner = Ownership.Resolve(caller, request.OrganisationPath);
        ChineseIdNumber.TryNormalise(request.HeadIdNumber, out var idNumber);
        var idHash = protector.LookupHash(idNumber);

        // One household, one file, province-wide: look across every organisation, not just the caller's.
        var holder = await db.OpenIdentities.AsNoTracking().FirstOrDefaultAsync(o => o.IdNumberHash == idHash, context.CancellationToken);
        if (holder is not null) RefuseDuplicate(holder);

        var phone = request.HeadPhone.Trim();
        var household = Household.OpenDraft(new HouseholdDraft(
            owner,
            request.HeadName,
            new ProtectedValue(protector.Protect(idNumber), idHash, Mask.IdNumber(idNumber)),
            phone.Length == 0 ? null : new ProtectedValue(protector.Protect(phone), protector.LookupHash(phone), Mask.Phone(phone)),
            request.Employer,
            request.Causes.Select(c => (DomainCause)(int)c).ToList(),
            request.MonthlyIncomePerPerson.Fen,
            request.LocalMonthlyAllowance.Fen,
            request.MigrantWorker), caller.Subject, clock.UtcNowForStorage());

        db.Households.Add(household);
        db.OpenIdentities.Add(new OpenIdentity { IdNumberHash = idHash, HouseholdId = household.Id, OrganisationPath = owner });
        db.Publish(new HouseholdRegistered { HouseholdId = household.Id.ToString(), ArchiveStatus = "DRAFT" }, owner);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race with another file opened for the same person a moment ago.
            var winner = await db.OpenIdentities.AsNoTracking().FirstOrDefaultAsync(o => o.IdNumberHash == idHash, CancellationToken.None);
            if (winner is not null) RefuseDuplicate(winner);
            throw;
        }
        return ToDto(household);
    }

    public override async Task<HouseholdDto> GetHousehold(GetHouseholdRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("household_id", request.HouseholdId).ThrowIfInvalid();
        // Files outside the caller's subtree answer NotFound exactly like missing ones.
        var household = await cache.GetAsync(Guid.Parse(request.HouseholdId), ToDto, context.CancellationToken);
        if (household is null) UnionErrors.NotFound("HOUSEHOLD_NOT_FOUND", "未找到该困难职工档案");
        return household;
    }

    private static void RefuseDuplicate(OpenIdentity holder) =>
        UnionErrors.AlreadyExists("ID_NUMBER_ALREADY_ARCHIVED", "该身份证号码已在其他在档档案中（一户一档）",
            new Dictionary<string, string>
            {
                ["household_id"] = holder.HouseholdId.ToString(),
                ["organisation_path"] = holder.OrganisationPath,
                ["organisation_code"] = OrganisationPath.Code(holder.OrganisationPath),
            });

    private HouseholdDto ToDto(Household h) => h.ToDto(clock.Today());
}
