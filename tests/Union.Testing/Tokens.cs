using Union.Shared.Auth;

namespace Union.Testing;

/// <summary>Development tokens, signed with the key the hosts use in Development.</summary>
public static class Tokens
{
    public static AuthOptions Options { get; } = new() { SigningKey = AuthOptions.DevelopmentSigningKey };

    public static string For(string organisationPath, params string[] roles) =>
        DevTokens.Mint(Options, $"test-{string.Join("-", roles)}@{organisationPath}", organisationPath, roles.Length == 0 ? [Roles.Caseworker] : roles);
}
