using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Gateway.Tests.Infrastructure;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Gateway.Tests;

/// <summary>
/// The archives' PaymentDetails (bank cards for funds) is internal: the gateway refuses it from
/// outside, whatever the token (even the funds service's own) and however the path is cased. The
/// back ends are down here: a forwarded call would answer UNAVAILABLE (or 502), never the
/// gateway's own PERMISSION_DENIED / INTERNAL_SERVICE. RoutingTests shows the package's other
/// services still pass.
/// </summary>
public class InternalServiceTests(GatewayWithoutBackends gateway) : IClassFixture<GatewayWithoutBackends>
{
    private static GetPaymentDetailsRequest Request() => new()
    {
        HouseholdIds = { Guid.NewGuid().ToString() },
        Fields = { PaymentDetailField.BankCard },
        Purpose = "probe",
    };

    public static TheoryData<string> Tokens => new()
    {
        Callers.Token(),
        DevTokens.Mint(Union.Testing.Tokens.Options, ServiceIdentity.Subject(ServiceIdentity.Funds), ServiceIdentity.Organisation, [ServiceIdentity.Role]),
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public async Task A_grpc_call_to_payment_details_is_refused_at_the_gateway(string token)
    {
        using var channel = gateway.Grpc();

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () =>
            new PaymentDetails.PaymentDetailsClient(channel).GetPaymentDetailsAsync(Request(), Callers.Bearer(token)).ResponseAsync);

        Assert.Equal("INTERNAL_SERVICE", e.Code());
    }

    [Theory]
    [InlineData("/union.archives.v1.PaymentDetails/GetPaymentDetails")]
    [InlineData("/union.archives.v1.paymentdetails/getpaymentdetails")]
    [InlineData("/UNION.ARCHIVES.V1.PAYMENTDETAILS/GetPaymentDetails")]
    public async Task The_path_is_refused_however_it_is_cased_and_over_grpc_web_too(string path)
    {
        using var http = gateway.Rest(Callers.Token());
        using var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web");

        var response = await http.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("7", response.Headers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task A_rest_client_gets_forbidden()
    {
        using var http = gateway.Rest(Callers.Token());

        var response = await http.PostAsync("/union.archives.v1.PaymentDetails/GetPaymentDetails", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("INTERNAL_SERVICE", await response.Content.ReadAsStringAsync());
    }
}
