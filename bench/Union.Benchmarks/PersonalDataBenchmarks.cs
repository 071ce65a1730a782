using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Union.Shared.PersonalData;

namespace Union.Benchmarks;

/// <summary>
/// Personal data at rest: AES-256-GCM protect/unprotect of an ID number and the HMAC-SHA256
/// look-up hash that finds a household by ID number. Every write of a household protects the
/// head's number, phone and card and each member's number; every reveal unprotects.
/// </summary>
[MemoryDiagnoser]
public class PersonalDataBenchmarks
{
    private const string IdNumber = "11010519491231002X";
    private PersonalDataProtector _protector = null!;
    private string _stored = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        // Built in code, with the shape PersonalDataOptions.From gives a development host.
        var options = new PersonalDataOptions
        {
            Keys = new() { ["bench1"] = Convert.ToBase64String(SHA256.HashData("union-bench-personal-data-key"u8)) },
            ActiveKeyId = "bench1",
            LookupKey = Convert.ToBase64String(SHA256.HashData("union-bench-lookup-key"u8)),
        };
        _protector = new PersonalDataProtector(options);
        _stored = _protector.Protect(IdNumber);
    }

    [Benchmark(Description = "Protect (AES-GCM)")]
    public string Protect() => _protector.Protect(IdNumber);

    [Benchmark(Description = "Unprotect (AES-GCM)")]
    public string Unprotect() => _protector.Unprotect(_stored);

    [Benchmark(Description = "LookupHash (HMAC-SHA256)")]
    public string LookupHash() => _protector.LookupHash(IdNumber);
}
