using Union.Shared.Auth;
using Union.Shared.Errors;

namespace Union.Shared.Tenancy;

public static class Ownership
{
    /// <summary>
    /// The organisation a new record will belong to: the one the request names, or the caller's
    /// own. A caller may create records only within its own subtree; naming any other organisation
    /// is refused as if it did not exist.
    /// </summary>
    public static string Resolve(CallerContext caller, string? requested)
    {
        var own = caller.OrganisationPath ?? throw new InvalidOperationException("A system actor must name the owner explicitly.");
        if (string.IsNullOrEmpty(requested)) return own;
        if (!OrganisationPath.Covers(own, requested))
            UnionErrors.NotFound("ORGANISATION_NOT_FOUND", "未找到该组织，或不在您的管辖范围内");
        return requested;
    }
}
