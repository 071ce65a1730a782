using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;
using Union.Contracts.Archives.V1;
using Union.Gateway.Tests.Infrastructure;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Gateway.Tests;

/// <summary>The gateway lets only callers with a valid token acting for an organisation through.</summary>
public class AuthenticationTests(GatewayWithoutBackends gateway) : IClassFixture<GatewayWithoutBackends>
{
    private static GetHouseholdRequest AnyHousehold() => new() { HouseholdId = Guid.NewGuid().ToString() };

    /// <summary>Tokens the gateway must refuse, each wrong in one way.</summary>
    public static TheoryData<string, string> BadTokens => new()
    {
        { "org claim that is not an organisation path", DevTokens.Mint(Tokens.Options, "bad-org", "not an/organisation path!", [Roles.Caseworker]) },
        { "org claim that is empty", DevTokens.Mint(Tokens.Options, "empty-org", "", [Roles.Caseworker]) },
        { "signed with another key", DevTokens.Mint(new AuthOptions { SigningKey = "another-signing-key-that-the-gateway-does-not-know-at-all" }, "other-key", Callers.County, [Roles.Caseworker]) },
        { "another issuer", DevTokens.Mint(new AuthOptions { SigningKey = AuthOptions.DevelopmentSigningKey, Issuer = "somebody-else" }, "other-issuer", Callers.County, [Roles.Caseworker]) },
        { "another audience", DevTokens.Mint(new AuthOptions { SigningKey = AuthOptions.DevelopmentSigningKey, Audience = "another-platform" }, "other-audience", Callers.County, [Roles.Caseworker]) },
        { "no org claim", WithoutOrganisation() },
        { "expired", Expired() },
        { "not a JWT", "this-is-not-a-token" },
    };

    /// <summary>A development-signed token made by hand, for shapes <see cref="DevTokens"/> does not mint.</summary>
    private static string Signed(IEnumerable<Claim> claims, DateTime notBefore, DateTime expires) =>
        new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            issuer: Tokens.Options.Issuer,
            audience: Tokens.Options.Audience,
            claims: claims,
            notBefore: notBefore,
            expires: expires,
            signingCredentials: new SigningCredentials(Tokens.Options.SymmetricKey, SecurityAlgorithms.HmacSha256)));

    private static string WithoutOrganisation() => Signed(
        [new Claim(UnionClaims.Subject, "no-org"), new Claim(UnionClaims.Role, Roles.Caseworker)],
        DateTime.UtcNow.AddSeconds(-5), DateTime.UtcNow.AddHours(1));

    private static string Expired() => Signed(
        [new Claim(UnionClaims.Subject, "expired"), new Claim(UnionClaims.Organisation, Callers.County), new Claim(UnionClaims.Role, Roles.Caseworker)],
        DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));

    [Fact]
    public async Task A_rest_request_without_a_token_gets_401()
    {
        using var http = gateway.Rest();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/v1/households/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/v1/households", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task A_grpc_call_without_a_token_is_unauthenticated()
    {
        using var channel = gateway.Grpc();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => client.GetHouseholdAsync(AnyHousehold()).ResponseAsync);
    }

    [Fact]
    public async Task A_grpc_web_call_without_a_token_is_unauthenticated()
    {
        using var channel = gateway.GrpcWeb();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => client.GetHouseholdAsync(AnyHousehold()).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_gets_401_over_rest(string what, string token)
    {
        using var http = gateway.Rest(token);
        var response = await http.GetAsync($"/v1/households/{Guid.NewGuid()}");
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_unauthenticated_over_grpc(string what, string token)
    {
        using var channel = gateway.Grpc();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.GetHouseholdAsync(AnyHousehold(), Callers.Bearer(token)).ResponseAsync);
        Assert.True(e.StatusCode == StatusCode.Unauthenticated, $"{what}: {e.StatusCode}");
    }

    /// <summary>The other side of the refusals above: a good token is let through, here to a service that is down.</summary>
    [Fact]
    public async Task A_valid_token_gets_through_and_a_service_that_is_down_answers_502_or_unavailable()
    {
        var token = Callers.Token();
        using var http = gateway.Rest(token);
        Assert.Equal(HttpStatusCode.BadGateway, (await http.GetAsync($"/v1/households/{Guid.NewGuid()}")).StatusCode);

        using var channel = gateway.Grpc();
        var client = new HouseholdArchives.HouseholdArchivesClient(channel);
        await RpcAssert.Fails(StatusCode.Unavailable, () => client.GetHouseholdAsync(AnyHousehold(), Callers.Bearer(token)).ResponseAsync);
    }

    [Fact]
    public async Task A_path_no_route_names_is_401_to_anonymous_callers_and_404_to_signed_in_ones()
    {
        using var anonymous = gateway.Rest();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/nothing-here")).StatusCode);
        using var signedIn = gateway.Rest(Callers.Token());
        Assert.Equal(HttpStatusCode.NotFound, (await signedIn.GetAsync("/v1/nothing-here")).StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_a_token()
    {
        using var http = gateway.Rest();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        // Every service is down here, so readiness says so; what matters is that it answers at all.
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"services\"", await ready.Content.ReadAsStringAsync());
    }
}
