using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace Union.Shared.Auth;

/// <summary>
/// Mints development tokens for local runs and tests (`make token`). Production tokens come from
/// the province's identity provider; these are accepted only by hosts configured with the same
/// signing key.
/// </summary>
public static class DevTokens
{
    /// <param name="idNumber">The ID number a real-name check would vouch for (a worker's tokens carry it).</param>
    public static string Mint(AuthOptions options, string subject, string organisationPath, IEnumerable<string> roles, TimeSpan? lifetime = null, string? idNumber = null)
    {
        var key = options.SymmetricKey ?? throw new InvalidOperationException("Development tokens need Auth:SigningKey.");
        var claims = new List<Claim>
        {
            new(UnionClaims.Subject, subject),
            new(UnionClaims.Organisation, organisationPath),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(roles.Select(r => new Claim(UnionClaims.Role, r)));
        if (!string.IsNullOrEmpty(idNumber)) claims.Add(new Claim(UnionClaims.IdNumber, idNumber));
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken(
            issuer: options.Issuer,
            audience: options.Audience,
            claims: claims,
            notBefore: now.AddSeconds(-5),
            expires: now.Add(lifetime ?? TimeSpan.FromHours(8)),
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
