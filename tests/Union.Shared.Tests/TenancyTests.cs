using Union.Shared.Auth;
using Union.Shared.Persistence;
using Union.Shared.Tenancy;
using Union.Testing;

namespace Union.Shared.Tests;

public class TenancyTests
{
    [Theory]
    [InlineData("51", "51/5115/511502", true)]
    [InlineData("51/5115", "51/5115", true)]
    [InlineData("51/5115", "51/5115/511502", true)]
    [InlineData("51/5115", "51/51150", false)]
    [InlineData("51/5115/511502", "51/5115", false)]
    [InlineData("51/5115/511502", "51/5115/511503", false)]
    // Industry unions carry letters in their codes; a code differing only in case is another organisation.
    [InlineData("51/5115/GH01", "51/5115/GH01/0001", true)]
    [InlineData("51/5115/gh01", "51/5115/GH01/0001", false)]
    [InlineData("51/5115/GH01", "51/5115/gh01", false)]
    public void An_organisation_covers_itself_and_its_subtree_only(string ancestor, string path, bool covers) =>
        Assert.Equal(covers, OrganisationPath.Covers(ancestor, path));

    [Theory]
    [InlineData("51/5115/511502", true)]
    [InlineData("51", true)]
    [InlineData("", false)]
    [InlineData("51//5115", false)]
    [InlineData("/51", false)]
    [InlineData("51/5115/", false)]
    [InlineData("51/51 15", false)]
    public void Organisation_paths_have_one_shape(string path, bool valid) => Assert.Equal(valid, OrganisationPath.IsValid(path));

    [Fact]
    public void A_caller_may_name_an_owner_only_within_its_subtree()
    {
        var county = new CallerContext();
        county.ActAsUser(new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ValidateToken(
            Tokens.For("51/5115/511502"), new Microsoft.IdentityModel.Tokens.TokenValidationParameters
            {
                ValidIssuer = Tokens.Options.Issuer, ValidAudience = Tokens.Options.Audience, IssuerSigningKey = Tokens.Options.SymmetricKey,
            }, out _));
        Assert.Equal("51/5115/511502", Ownership.Resolve(county, ""));
        Assert.Equal("51/5115/511502/9001", Ownership.Resolve(county, "51/5115/511502/9001"));
        var e = Assert.Throws<Grpc.Core.RpcException>(() => Ownership.Resolve(county, "51/5115/511503"));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public void An_industry_union_may_not_name_an_organisation_whose_code_differs_only_in_case()
    {
        var industry = new CallerContext();
        industry.ActAsUser(new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ValidateToken(
            Tokens.For("51/5115/GH01"), new Microsoft.IdentityModel.Tokens.TokenValidationParameters
            {
                ValidIssuer = Tokens.Options.Issuer, ValidAudience = Tokens.Options.Audience, IssuerSigningKey = Tokens.Options.SymmetricKey,
            }, out _));
        Assert.Equal("51/5115/GH01/0001", Ownership.Resolve(industry, "51/5115/GH01/0001"));
        var e = Assert.Throws<Grpc.Core.RpcException>(() => Ownership.Resolve(industry, "51/5115/gh01/0001"));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, e.StatusCode);
    }

    private sealed record Owned(string OrganisationPath);

    [Theory]
    [InlineData("51/5115/GH01", "51/5115/GH01", true)]
    [InlineData("51/5115/GH01", "51/5115/GH01/0001", true)]
    [InlineData("51/5115/GH01", "51/5115/gh01/0001", false)]
    [InlineData("51/5115/GH01", "51/5115/gh01", false)]
    [InlineData("51/5115/GH01", "51/5115/GH010", false)]
    public void The_subtree_condition_for_queries_matches_paths_exactly(string root, string path, bool inside) =>
        Assert.Equal(inside, OrganisationPath.InSubtree<Owned>(o => o.OrganisationPath, root).Compile()(new Owned(path)));

    [Theory]
    [InlineData("51/5115/GH01", "51/5115/GH01", false)]
    [InlineData("51/5115/GH01", "51/5115/GH01/0001", true)]
    [InlineData("51/5115/GH01", "51/5115/gh01/0001", false)]
    [InlineData("51/5115/GH01", "51/5115/GH010/0001", false)]
    public void The_below_condition_leaves_out_the_organisation_itself_and_matches_exactly(string root, string path, bool below) =>
        Assert.Equal(below, OrganisationPath.Below<Owned>(o => o.OrganisationPath, root).Compile()(new Owned(path)));

    private sealed record Funded(string OrganisationPath, string FunderPath, int Year);

    [Theory]
    [InlineData("51/5101/510104", "51/5115", 2027, true)]
    [InlineData("51/5115/511502", "51/5101", 2027, true)]
    [InlineData("51/5115/511502", "51/5115", 2027, false)]
    [InlineData("51/5101/510104", "51/5115", 2026, false)]
    public void Conditions_joined_read_one_row(string owner, string funder, int year, bool selected)
    {
        // In Chengdu's subtree or funded by Chengdu, and of 2027.
        var condition = OrganisationPath.InSubtree<Funded>(f => f.OrganisationPath, "51/5101")
            .Or(g => g.FunderPath == "51/5101")
            .And(h => h.Year == 2027);
        Assert.Equal(selected, condition.Compile()(new Funded(owner, funder, year)));
        Assert.Single(condition.Parameters);
    }
}

public class CallerContextTests
{
    [Fact]
    public void An_anonymous_caller_sees_nothing_and_only_the_system_sees_everything()
    {
        var caller = new CallerContext();
        Assert.False(caller.IsSystem);
        Assert.False(caller.Sees("51"));
        caller.ActAsSystem("test");
        Assert.True(caller.IsSystem);
        Assert.True(caller.Sees("51/5115/511502"));
    }
}
