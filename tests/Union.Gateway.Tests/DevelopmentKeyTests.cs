using Microsoft.AspNetCore.Hosting;
using Union.Gateway.Tests.Infrastructure;
using Union.Shared.Auth;

namespace Union.Gateway.Tests;

/// <summary>The gateway accepts tokens signed with the public development key in Development only.</summary>
public class DevelopmentKeyTests
{
    private sealed class GatewayIn(string environment, string? signingKey) : GatewayHost
    {
        protected override IReadOnlyDictionary<string, string> Settings =>
            signingKey is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Auth:SigningKey"] = signingKey };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    private static async Task<Exception?> StartAsync(string environment, string? signingKey)
    {
        var gateway = new GatewayIn(environment, signingKey);
        try
        {
            await gateway.InitializeAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_gateway_outside_Development_without_a_key_refuses_to_start() =>
        Assert.Contains("Auth:Authority or Auth:SigningKey", (await StartAsync("Staging", null))?.ToString());

    [Fact]
    public async Task A_gateway_outside_Development_refuses_the_public_development_key() =>
        Assert.Contains("development key", (await StartAsync("Production", AuthOptions.DevelopmentSigningKey))?.ToString());

    [Fact]
    public async Task A_gateway_outside_Development_with_a_key_of_its_own_starts() =>
        Assert.Null(await StartAsync("Staging", "a-staging-signing-key-of-its-own-0123456789"));
}
