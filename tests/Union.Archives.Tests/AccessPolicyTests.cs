using System.Net;
using System.Net.Http.Headers;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>The archives access policy (services/Archives/Grpc/AccessPolicy.cs): every RPC × every role, through the host.</summary>
public sealed class AccessPolicyTests(SqliteArchives host) : IClassFixture<SqliteArchives>
{
    private const string Package = "union.archives.v1";

    public static TheoryData<string> Rpcs => AccessMatrix.Paths(Package);

    [Fact]
    public void Every_rpc_has_an_entry_in_the_access_policy() =>
        AccessMatrix.AssertEveryRpcHasAnEntry(Grpc.AccessPolicy.Table, Package);

    [Theory]
    [MemberData(nameof(Rpcs))]
    public Task Every_role_not_listed_is_refused_and_every_role_listed_is_let_through(string rpc) =>
        AccessMatrix.AssertRolesAsync(host, Grpc.AccessPolicy.Table, rpc);

    [Fact]
    public void The_architecture_document_shows_the_access_policy_as_it_is() =>
        AccessMatrix.AssertDocumented(Grpc.AccessPolicy.Table);

    [Fact]
    public async Task A_rest_call_is_held_to_the_same_policy()
    {
        using var http = host.CreateClient();
        async Task<HttpStatusCode> CreateAs(string role)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/households")
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(AccessMatrix.Province, role));
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await CreateAs(Roles.Auditor));
        // Through the policy to the handler, which refuses the empty request.
        Assert.Equal(HttpStatusCode.BadRequest, await CreateAs(Roles.Caseworker));
    }
}
