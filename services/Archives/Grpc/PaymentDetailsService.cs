using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Persistence;
using Union.Contracts.Archives.V1;
using Union.Shared.Auth;
using Union.Shared.PersonalData;
using Union.Shared.Validation;

namespace Union.Archives.Grpc;

/// <summary>
/// The internal call through which funds reads, at the moment it needs them, the holder's name,
/// the bank card of the 工会会员服务卡 and the phone (Hainan 003_eca3cf9f3ec4784d.txt §二(三)四).
/// Only the funds service identity may call; the gateway refuses the path from outside. Every
/// household read is written to the audit log with what was shown and why.
/// </summary>
public sealed class PaymentDetailsService(ArchivesDbContext db, CallerContext caller, PersonalDataProtector protector)
    : PaymentDetails.PaymentDetailsBase
{
    /// <summary>One payment batch's worth of households (funds' PaymentBatch.MaxPayments).</summary>
    public const int MaxHouseholds = 2000;

    public override async Task<GetPaymentDetailsResponse> GetPaymentDetails(GetPaymentDetailsRequest request, ServerCallContext context)
    {
        caller.RequireService(ServiceIdentity.Funds);
        var v = new RequestValidator()
            .Check(request.HouseholdIds.Count > 0, "household_ids", "REQUIRED", "须指定户")
            .Check(request.HouseholdIds.Count <= MaxHouseholds, "household_ids", "TOO_MANY", $"一次最多{MaxHouseholds}户")
            .Enums("fields", request.Fields, required: true)
            .RequiredText("purpose", request.Purpose, 200);
        for (var i = 0; i < request.HouseholdIds.Count && i < MaxHouseholds; i++) v.Id($"household_ids[{i}]", request.HouseholdIds[i]);
        v.ThrowIfInvalid();

        var ids = request.HouseholdIds.Select(Guid.Parse).Distinct().ToList();
        var card = request.Fields.Contains(PaymentDetailField.BankCard);
        var phone = request.Fields.Contains(PaymentDetailField.Phone);
        // The service identity acts for the whole platform, not for an organisation: the tenancy
        // filter (which would show its pseudo-organisation nothing) does not apply to this read.
        var households = await db.Households.IgnoreQueryFilters().AsNoTracking()
            .Where(h => ids.Contains(h.Id))
            .Select(h => new { h.Id, h.OrganisationPath, h.HeadName, h.BankCardProtected, h.HeadPhoneProtected })
            .ToListAsync(context.CancellationToken);

        var response = new GetPaymentDetailsResponse();
        caller.Reason = request.Purpose.Trim();
        foreach (var h in households.OrderBy(h => h.Id))
        {
            var details = new HouseholdPaymentDetails { HouseholdId = h.Id.ToString(), HolderName = h.HeadName };
            var shown = new List<string> { "holder_name" };
            if (card && h.BankCardProtected is { } c)
            {
                details.BankCard = protector.Unprotect(c);
                shown.Add("bank_card");
            }
            if (phone && h.HeadPhoneProtected is { } p)
            {
                details.Phone = protector.Unprotect(p);
                shown.Add("head_phone");
            }
            response.Details.Add(details);
            db.Audit("PaymentDetailsRead", "Household", h.Id.ToString(), h.OrganisationPath, $"{string.Join(",", shown)}; purpose: {caller.Reason}");
        }
        var found = households.Select(h => h.Id).ToHashSet();
        response.NotFound.AddRange(ids.Where(id => !found.Contains(id)).Select(id => id.ToString()));
        await db.SaveChangesAsync(context.CancellationToken);
        return response;
    }
}
