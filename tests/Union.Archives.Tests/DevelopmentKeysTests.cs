using Microsoft.AspNetCore.Hosting;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// The development signing key and personal-data keys are public (they are in the source): a host
/// in any environment but Development must be given keys of its own, or refuse to start.
/// </summary>
public class DevelopmentKeysTests
{
    private static readonly string OwnKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray());

    private sealed class HostIn(string environment, IDictionary<string, string?> settings) : ServiceHost<Program>(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => settings;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    private static Dictionary<string, string?> OwnPersonalDataKeys() => new()
    {
        ["PersonalData:Keys:k1"] = OwnKey,
        ["PersonalData:ActiveKeyId"] = "k1",
        ["PersonalData:LookupKey"] = OwnKey,
    };

    private static async Task<Exception?> StartAsync(string environment, IDictionary<string, string?> settings)
    {
        var host = new HostIn(environment, settings);
        try
        {
            await host.InitializeAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("production")]
    [InlineData("Test")]
    public async Task A_host_outside_Development_without_keys_refuses_to_start(string environment)
    {
        var failure = await StartAsync(environment, new Dictionary<string, string?>());
        Assert.NotNull(failure);
        Assert.Contains("Auth:Authority or Auth:SigningKey", failure.ToString());
    }

    [Fact]
    public async Task A_host_outside_Development_without_personal_data_keys_refuses_to_start()
    {
        var failure = await StartAsync("Staging", new Dictionary<string, string?> { ["Auth:SigningKey"] = "a-staging-signing-key-of-its-own-0123456789" });
        Assert.NotNull(failure);
        Assert.Contains("PersonalData:Keys", failure.ToString());
    }

    [Fact]
    public async Task The_public_development_signing_key_configured_by_hand_is_refused_outside_Development()
    {
        var settings = OwnPersonalDataKeys();
        settings["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey;
        var failure = await StartAsync("Production", settings);
        Assert.NotNull(failure);
        Assert.Contains("development key", failure.ToString());
    }

    [Fact]
    public async Task The_public_development_personal_data_keys_configured_by_hand_are_refused_outside_Development()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = "a-staging-signing-key-of-its-own-0123456789",
            ["PersonalData:Keys:dev1"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("union-dev-personal-data-key"u8)),
            ["PersonalData:ActiveKeyId"] = "dev1",
            ["PersonalData:LookupKey"] = OwnKey,
        };
        var failure = await StartAsync("Staging", settings);
        Assert.NotNull(failure);
        Assert.Contains("development key", failure.ToString());
    }

    [Fact]
    public async Task A_host_outside_Development_with_keys_of_its_own_starts()
    {
        var settings = OwnPersonalDataKeys();
        settings["Auth:SigningKey"] = "a-staging-signing-key-of-its-own-0123456789";
        Assert.Null(await StartAsync("Staging", settings));
    }
}
