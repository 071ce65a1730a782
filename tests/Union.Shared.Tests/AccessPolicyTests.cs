using Union.Contracts.Archives.V1;
using Union.Shared.Auth;

namespace Union.Shared.Tests;

/// <summary>The access interceptor's decision and the table's own checks, without a host.</summary>
public sealed class AccessPolicyTests
{
    private static readonly AccessTable Table = new AccessTable("test")
        .Service(HouseholdArchives.Descriptor, s => s
            .Allow("CreateHousehold", [Roles.Caseworker, Roles.Worker], "worker: his own application")
            .Allow("GetHousehold", AccessTable.Staff))
        .Service(PaymentDetails.Descriptor, s => s
            .Allow("GetPaymentDetails", [ServiceIdentity.Role]));

    private static HashSet<string> As(params string[] roles) => [.. roles];

    [Fact]
    public void An_rpc_without_an_entry_is_refused_whatever_the_roles()
    {
        var refusal = AccessInterceptor.Decide(Table, "/union.archives.v1.HouseholdArchives/UpdateHousehold", As([.. AccessTable.Columns]));

        Assert.Equal(AccessInterceptor.NotInPolicy, refusal?.Code);
    }

    [Fact]
    public void A_host_without_a_table_refuses_every_rpc()
    {
        var refusal = AccessInterceptor.Decide(null, "/union.archives.v1.HouseholdArchives/CreateHousehold", As(Roles.Caseworker));

        Assert.Equal(AccessInterceptor.NotInPolicy, refusal?.Code);
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Evaluator)]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.Admin)]
    [InlineData(ServiceIdentity.Role)]
    public void A_role_the_entry_does_not_list_is_refused(string role)
    {
        var refusal = AccessInterceptor.Decide(Table, "/union.archives.v1.HouseholdArchives/CreateHousehold", As(role));

        Assert.Equal(AccessInterceptor.RoleRequired, refusal?.Code);
    }

    [Fact]
    public void A_token_passes_when_any_of_its_roles_is_listed()
    {
        Assert.Null(AccessInterceptor.Decide(Table, "/union.archives.v1.HouseholdArchives/CreateHousehold", As(Roles.Worker)));
        Assert.Null(AccessInterceptor.Decide(Table, "/union.archives.v1.HouseholdArchives/CreateHousehold", As(Roles.Auditor, Roles.Caseworker)));
    }

    [Fact]
    public void An_internal_rpc_refuses_every_user_role_as_a_service_identity_matter()
    {
        var refusal = AccessInterceptor.Decide(Table, "/union.archives.v1.PaymentDetails/GetPaymentDetails", As([.. AccessTable.Staff, Roles.Worker]));

        Assert.Equal(AccessInterceptor.ServiceIdentityRequired, refusal?.Code);
        Assert.Null(AccessInterceptor.Decide(Table, "/union.archives.v1.PaymentDetails/GetPaymentDetails", As(ServiceIdentity.Role)));
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/grpc.health.v1.Health/Watch")]
    [InlineData("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")]
    [InlineData("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    public void Health_and_reflection_are_exempt_by_name(string path)
    {
        Assert.Null(AccessInterceptor.Decide(null, path, As()));
    }

    [Theory]
    [InlineData("/grpc.health.v1.HealthX/Check")]
    [InlineData("/grpc.health.v1.Health/Check/extra")]
    [InlineData("grpc.health.v1.Health")]
    public void Only_the_exact_exempt_services_are_exempt(string path)
    {
        Assert.Equal(AccessInterceptor.NotInPolicy, AccessInterceptor.Decide(null, path, As())?.Code);
    }

    [Fact]
    public void An_entry_for_a_method_the_service_does_not_have_is_a_mistake()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new AccessTable("test")
            .Service(HouseholdArchives.Descriptor, s => s.Allow("CreateHouseHold", [Roles.Caseworker])));
        Assert.Contains("CreateHouseHold", e.Message);
    }

    [Fact]
    public void Two_entries_for_one_rpc_are_a_mistake() =>
        Assert.Throws<InvalidOperationException>(() => new AccessTable("test")
            .Service(HouseholdArchives.Descriptor, s => s
                .Allow("CreateHousehold", [Roles.Caseworker])
                .Allow("CreateHousehold", [Roles.Worker])));

    [Theory]
    [InlineData("Caseworker")]
    [InlineData("officer")]
    public void A_role_the_platform_does_not_have_is_a_mistake(string role) =>
        Assert.Throws<InvalidOperationException>(() => new AccessTable("test")
            .Service(HouseholdArchives.Descriptor, s => s.Allow("CreateHousehold", [role])));

    [Fact]
    public void An_entry_with_no_role_is_a_mistake() =>
        Assert.Throws<InvalidOperationException>(() => new AccessTable("test")
            .Service(HouseholdArchives.Descriptor, s => s.Allow("CreateHousehold", [])));

    [Fact]
    public void The_markdown_shows_one_row_per_entry_with_a_mark_per_listed_role()
    {
        var lines = Table.ToMarkdown().TrimEnd('\n').Split('\n');

        Assert.Equal(2 + Table.Rules.Count, lines.Length);
        Assert.Equal("| `HouseholdArchives/CreateHousehold` | ✓ |   |   |   |   |   |   | ✓ |   | worker: his own application |", lines[2]);
    }
}
