using Grpc.Core;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Union.Contracts.Archives.V1;
using Union.Funds.Domain;
using Union.Shared.Auth;

namespace Union.Funds.Messaging;

/// <summary>
/// Names, bank cards and phones from the archives' internal PaymentDetails call, made with the
/// funds service's own token (never the user's: only the service identity may read them there).
/// Nothing read here is stored or logged; the archives audit every read with its purpose.
/// </summary>
public sealed class ArchivesPaymentDetails(PaymentDetails.PaymentDetailsClient client, IServiceTokenSource token)
    : IBankCardDirectory, IRecipientPhoneDirectory
{
    public async Task<IReadOnlyDictionary<Guid, BankCardHolder>> CardsAsync(IReadOnlyCollection<Guid> householdIds, string purpose, CancellationToken cancellationToken)
    {
        var details = await GetAsync(householdIds, PaymentDetailField.BankCard, purpose, cancellationToken);
        return details.Where(d => d.BankCard.Length > 0)
            .ToDictionary(d => Guid.Parse(d.HouseholdId), d => new BankCardHolder(d.HolderName, d.BankCard));
    }

    public async Task<IReadOnlyDictionary<Guid, string>> PhonesAsync(IReadOnlyCollection<Guid> householdIds, string purpose, CancellationToken cancellationToken)
    {
        var details = await GetAsync(householdIds, PaymentDetailField.Phone, purpose, cancellationToken);
        return details.Where(d => d.Phone.Length > 0).ToDictionary(d => Guid.Parse(d.HouseholdId), d => d.Phone);
    }

    private async Task<IReadOnlyList<HouseholdPaymentDetails>> GetAsync(IReadOnlyCollection<Guid> householdIds, PaymentDetailField field, string purpose, CancellationToken ct)
    {
        if (householdIds.Count == 0) return [];
        var request = new GetPaymentDetailsRequest { Fields = { field }, Purpose = purpose };
        request.HouseholdIds.AddRange(householdIds.Distinct().Select(id => id.ToString()));
        string bearer;
        try
        {
            bearer = token.Token();
        }
        catch (InvalidOperationException e)
        {
            // A deployment without the service token cannot reach the cards: say so, as unavailable.
            throw new PaymentDetailsUnavailableException("funds has no service token for the archives", e);
        }
        try
        {
            var response = await client.GetPaymentDetailsAsync(request, new Metadata { { "authorization", $"Bearer {bearer}" } }, cancellationToken: ct);
            return response.Details;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted or StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            // Unauthenticated / PermissionDenied mean the service token is wrong or expired: as
            // unavailable to the finance officer, who can do nothing about it but try later.
            throw new PaymentDetailsUnavailableException($"archives PaymentDetails answered {e.StatusCode}", e);
        }
        catch (Exception e) when (e is BrokenCircuitException or TimeoutRejectedException or HttpRequestException)
        {
            throw new PaymentDetailsUnavailableException("archives PaymentDetails is unreachable", e);
        }
    }
}
