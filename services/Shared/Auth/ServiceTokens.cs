using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Union.Shared.Auth;

/// <summary>The token a service presents for its own internal calls (not a user's).</summary>
public interface IServiceTokenSource
{
    /// <summary>The bearer token; throws <see cref="InvalidOperationException"/> when none is configured.</summary>
    string Token();
}

/// <summary>
/// Where a service's own token comes from (docs/operations.md, "Service identity"):
/// <list type="bullet">
/// <item><c>Auth:ServiceTokenFile</c>: a file holding the token, e.g. a Kubernetes secret mounted
/// as a volume; re-read whenever it changes, so the identity provider's renewed token is picked up
/// without a restart.</item>
/// <item><c>Auth:ServiceToken</c>: the token itself (an environment variable fed from a secret).</item>
/// <item>Neither, in Development only, with the development signing key: a token minted locally
/// (<see cref="DevTokens"/>), renewed before it expires. No other environment mints.</item>
/// </list>
/// </summary>
public sealed class ServiceTokenSource(string serviceName, AuthOptions auth, string? token, string? tokenFile, bool mayMint, TimeProvider clock) : IServiceTokenSource
{
    private static readonly TimeSpan MintedLifetime = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private (string Token, DateTimeOffset RenewAt)? _minted;
    private (string Token, DateTime Written)? _read;

    public string Token()
    {
        if (tokenFile is not null) return FromFile(tokenFile);
        if (!string.IsNullOrWhiteSpace(token)) return token.Trim();
        if (!mayMint || auth.SigningKey is null)
            throw new InvalidOperationException($"No service token for {serviceName}: configure Auth:ServiceTokenFile or Auth:ServiceToken.");
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_minted is { } m && now < m.RenewAt) return m.Token;
            var minted = DevTokens.Mint(auth, ServiceIdentity.Subject(serviceName), ServiceIdentity.Organisation, [ServiceIdentity.Role], MintedLifetime);
            _minted = (minted, now + MintedLifetime / 2);
            return minted;
        }
    }

    private string FromFile(string path)
    {
        var written = File.GetLastWriteTimeUtc(path);
        lock (_gate)
        {
            if (_read is { } r && r.Written == written) return r.Token;
            var text = File.ReadAllText(path).Trim();
            if (text.Length == 0) throw new InvalidOperationException($"The service token file {path} is empty.");
            _read = (text, written);
            return text;
        }
    }
}

public static class ServiceTokenExtensions
{
    /// <summary>Registers this service's own token source (<see cref="ServiceTokenSource"/>).</summary>
    public static IServiceCollection AddUnionServiceToken(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, string serviceName)
    {
        services.AddSingleton<IServiceTokenSource>(sp => new ServiceTokenSource(
            serviceName,
            AuthOptions.From(configuration, environment),
            configuration["Auth:ServiceToken"],
            configuration["Auth:ServiceTokenFile"] is { Length: > 0 } file ? file : null,
            mayMint: environment.IsDevelopment(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
