using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Union.Shared.Validation;

namespace Union.Archives.Grpc;

/// <summary>
/// Paging of household lists: newest change first, by the keyset (UpdatedAt, Id). The page token is
/// opaque to callers (base64url of the last row's key), so rows changed or added while a caller
/// walks the pages never make another row appear twice.
/// </summary>
public static class HouseholdPage
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public sealed record Key(DateTime UpdatedAt, Guid Id);

    public static string Token(DateTime updatedAt, Guid id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{updatedAt.Ticks}:{id:N}")));

    /// <summary>The key a token names; null for the first page; a violation on page.page_token when malformed.</summary>
    public static Key? ParseToken(string? token, RequestValidator validator)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                return new Key(new DateTime(ticks, DateTimeKind.Utc), id);
            }
        }
        catch (FormatException)
        {
            // falls through to the violation
        }
        validator.Add("page.page_token", "INVALID_PAGE_TOKEN", "分页令牌无效");
        return null;
    }
}
