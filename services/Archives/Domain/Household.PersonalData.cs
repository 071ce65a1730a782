namespace Union.Archives.Domain;

public sealed partial class Household
{
    /// <summary>
    /// Re-protects the file's personal data (head's ID number, phone, bank card, members' ID
    /// numbers) with <paramref name="reprotect"/>, which returns a value unchanged when it needs
    /// no rotation. Only the ciphertext changes: the look-up hashes and masked forms stay, and the
    /// file is not touched (no new version), since its content is the same. Returns how many values changed.
    /// </summary>
    public int ReprotectPersonalData(Func<string, string> reprotect)
    {
        var changed = 0;
        HeadIdNumberProtected = Reprotect(HeadIdNumberProtected, reprotect, ref changed);
        if (HeadPhoneProtected is { } phone) HeadPhoneProtected = Reprotect(phone, reprotect, ref changed);
        if (BankCardProtected is { } card) BankCardProtected = Reprotect(card, reprotect, ref changed);
        foreach (var member in Members)
        {
            if (member.ReprotectIdNumber(reprotect)) changed++;
        }
        return changed;
    }

    private static string Reprotect(string stored, Func<string, string> reprotect, ref int changed)
    {
        var result = reprotect(stored);
        if (!string.Equals(result, stored, StringComparison.Ordinal)) changed++;
        return result;
    }
}
