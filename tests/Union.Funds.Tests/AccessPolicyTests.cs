using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>The funds access policy (services/Funds/Grpc/AccessPolicy.cs): every RPC × every role, through the host.</summary>
public sealed class AccessPolicyTests(FundsHost host) : IClassFixture<FundsHost>
{
    private const string Package = "union.funds.v1";

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
}
