using System.Security.Cryptography;
using Union.Shared.PersonalData;

namespace Union.Shared.Tests;

public class PersonalDataTests
{
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static readonly string OldKey = NewKey();
    private static readonly string CurrentKey = NewKey();
    private static readonly string Lookup = NewKey();

    private static PersonalDataProtector With(string active, params (string Id, string Key)[] keys) => new(new PersonalDataOptions
    {
        Keys = keys.ToDictionary(k => k.Id, k => k.Key),
        ActiveKeyId = active,
        LookupKey = Lookup,
    });

    [Fact]
    public void Protected_values_hold_no_plaintext_and_read_back()
    {
        var protector = With("k1", ("k1", OldKey));
        var stored = protector.Protect("11010519491231002X");
        Assert.DoesNotContain("11010519491231002X", stored);
        Assert.NotEqual(stored, protector.Protect("11010519491231002X"));
        Assert.Equal("11010519491231002X", protector.Unprotect(stored));
    }

    [Fact]
    public void After_rotation_old_values_still_read_and_are_flagged_for_re_protection()
    {
        var before = With("k1", ("k1", OldKey)).Protect("13800138000");
        var rotated = With("k2", ("k1", OldKey), ("k2", CurrentKey));
        Assert.Equal("13800138000", rotated.Unprotect(before));
        Assert.True(rotated.NeedsRotation(before));
        Assert.False(rotated.NeedsRotation(rotated.Protect("13800138000")));
    }

    [Fact]
    public void A_value_whose_key_was_removed_cannot_be_read()
    {
        var before = With("k1", ("k1", OldKey)).Protect("13800138000");
        Assert.ThrowsAny<CryptographicException>(() => With("k2", ("k2", CurrentKey)).Unprotect(before));
    }

    [Fact]
    public void The_lookup_hash_is_stable_across_key_rotation_and_keyed()
    {
        var a = With("k1", ("k1", OldKey)).LookupHash("11010519491231002X");
        var b = With("k2", ("k2", CurrentKey)).LookupHash("11010519491231002X");
        Assert.Equal(a, b);
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData("11010519491231002X"u8)), a);
    }

    [Theory]
    [InlineData("51152519800101123X", "5115**********123X")]
    [InlineData("11010519491231002X", "1101**********002X")]
    public void Id_numbers_are_masked_to_the_first_and_last_four(string id, string masked) => Assert.Equal(masked, Mask.IdNumber(id));

    [Fact]
    public void Phones_and_bank_cards_are_masked()
    {
        Assert.Equal("138****8000", Mask.Phone("13800138000"));
        Assert.Equal("***************0128", Mask.BankCard("6222021234567890128"));
    }
}
