using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Union.Shared.PersonalData;

/// <summary>
/// Keys for personal data. <c>Keys</c> maps a key id to a base64 256-bit key; <c>ActiveKeyId</c>
/// encrypts new values; older keys stay listed so existing values still decrypt (rotation).
/// <c>LookupKey</c> keys the hash that finds a record by ID number without a plaintext column.
/// </summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";
    public Dictionary<string, string> Keys { get; set; } = [];
    public string ActiveKeyId { get; set; } = string.Empty;
    public string LookupKey { get; set; } = string.Empty;

    private static readonly string DevelopmentKey = Convert.ToBase64String(SHA256.HashData("union-dev-personal-data-key"u8));
    private static readonly string DevelopmentLookupKey = Convert.ToBase64String(SHA256.HashData("union-dev-lookup-key"u8));

    /// <summary>
    /// Fixed keys for local runs and tests only. They are derivable from this file, so only an
    /// environment named exactly Development may use them (by default or configured by hand); any
    /// other environment without keys of its own refuses to start.
    /// </summary>
    public static PersonalDataOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(Section).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        if (options.Keys.Count == 0 || string.IsNullOrEmpty(options.LookupKey))
        {
            if (!environment.IsDevelopment())
                throw new InvalidOperationException($"PersonalData:Keys, ActiveKeyId and LookupKey must be configured (environment {environment.EnvironmentName}; the development keys are for Development only).");
            options.Keys = new() { ["dev1"] = DevelopmentKey };
            options.ActiveKeyId = "dev1";
            options.LookupKey = DevelopmentLookupKey;
        }
        else if (!environment.IsDevelopment() && (options.LookupKey == DevelopmentLookupKey || options.Keys.ContainsValue(DevelopmentKey)))
        {
            throw new InvalidOperationException($"PersonalData holds a public development key, refused in environment {environment.EnvironmentName}.");
        }
        return options;
    }
}

/// <summary>
/// Encrypts personal data (ID numbers, bank cards, phones) at rest with AES-256-GCM. A stored value
/// reads "v1.&lt;key id&gt;.&lt;base64 nonce|tag|ciphertext&gt;", so the key it needs is named in it.
/// </summary>
public sealed class PersonalDataProtector
{
    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;
    private readonly byte[] _lookupKey;

    public PersonalDataProtector(PersonalDataOptions options)
    {
        _keys = options.Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value));
        if (_keys.Values.Any(k => k.Length != 32)) throw new InvalidOperationException("Personal data keys must be 256 bits.");
        _activeKeyId = _keys.ContainsKey(options.ActiveKeyId) ? options.ActiveKeyId
            : throw new InvalidOperationException("PersonalData:ActiveKeyId names no configured key.");
        _lookupKey = Convert.FromBase64String(options.LookupKey);
    }

    public string Protect(string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var cipher = new byte[data.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(_keys[_activeKeyId], 16)) aes.Encrypt(nonce, data, cipher, tag, Encoding.UTF8.GetBytes(_activeKeyId));
        return $"v1.{_activeKeyId}.{Convert.ToBase64String([.. nonce, .. tag, .. cipher])}";
    }

    public string Unprotect(string stored)
    {
        var parts = stored.Split('.', 3);
        if (parts.Length != 3 || parts[0] != "v1" || !_keys.TryGetValue(parts[1], out var key))
            throw new CryptographicException("The value was protected with an unknown key or format.");
        var blob = Convert.FromBase64String(parts[2]);
        var plain = new byte[blob.Length - 28];
        using (var aes = new AesGcm(key, 16)) aes.Decrypt(blob.AsSpan(0, 12), blob.AsSpan(28), blob.AsSpan(12, 16), plain, Encoding.UTF8.GetBytes(parts[1]));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Whether a stored value was protected with an older key and should be re-protected.</summary>
    public bool NeedsRotation(string stored) => !stored.StartsWith($"v1.{_activeKeyId}.", StringComparison.Ordinal);

    /// <summary>Keyed hash for equality look-ups (HMAC-SHA256, hex).</summary>
    public string LookupHash(string normalised) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(normalised)));
}

/// <summary>How personal data is shown to callers who may not see it in full.</summary>
public static class Mask
{
    /// <summary>"51152519800101123X" → "5115**********123X".</summary>
    public static string IdNumber(string value) =>
        value.Length < 8 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 8) + value[^4..];

    /// <summary>"13812345678" → "138****5678".</summary>
    public static string Phone(string value) =>
        value.Length < 7 ? new string('*', value.Length) : value[..3] + new string('*', value.Length - 7) + value[^4..];

    /// <summary>Only the last four digits: "6222021234567890123" → "***************0123".</summary>
    public static string BankCard(string value) =>
        value.Length <= 4 ? value : new string('*', value.Length - 4) + value[^4..];
}
