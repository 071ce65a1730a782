using Union.Shared.Auth;

namespace Union.Testing;

/// <summary>Development tokens, signed with the key the hosts use in Development.</summary>
public static class Tokens
{
    public static AuthOptions Options { get; } = new() { SigningKey = AuthOptions.DevelopmentSigningKey };

    public static string For(string organisationPath, params string[] roles) =>
        DevTokens.Mint(Options, $"test-{string.Join("-", roles)}@{organisationPath}", organisationPath, roles.Length == 0 ? [Roles.Caseworker] : roles);

    /// <summary>A mobile-app worker whose real-name check vouched for <paramref name="idNumber"/> (null: a token without it).</summary>
    public static string ForWorker(string subject, string organisationPath, string? idNumber) =>
        DevTokens.Mint(Options, subject, organisationPath, [Roles.Worker], idNumber: idNumber);
}
