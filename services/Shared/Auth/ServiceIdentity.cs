using Union.Shared.Errors;

namespace Union.Shared.Auth;

/// <summary>
/// The identity one service of the suite presents to another for the few internal calls that are
/// not made on a user's behalf (funds reading bank cards from archives). A service token carries
/// the role <see cref="Role"/>, the subject <c>service:&lt;name&gt;</c> and the pseudo-organisation
/// <see cref="Organisation"/>: no organisation path lies below it, so the tenancy filter shows a
/// service token nothing, and no staff role check accepts it (the role is not one of <see cref="Roles.All"/>).
/// </summary>
public static class ServiceIdentity
{
    public const string Role = "service";

    /// <summary>The org claim of service tokens: a valid path no real organisation has.</summary>
    public const string Organisation = "platform";

    public const string Funds = "funds";

    public static string Subject(string serviceName) => $"service:{serviceName}";

    /// <summary>Whether the caller is the named service (its role and its subject both).</summary>
    public static bool IsService(this CallerContext caller, string serviceName) =>
        !caller.IsSystem && caller.IsInRole(Role) && caller.Subject == Subject(serviceName);

    /// <summary>Refuses every caller but the named service: PERMISSION_DENIED / SERVICE_IDENTITY_REQUIRED.</summary>
    public static void RequireService(this CallerContext caller, string serviceName)
    {
        if (!caller.IsService(serviceName))
            UnionErrors.PermissionDenied("SERVICE_IDENTITY_REQUIRED", "该接口仅供平台内部服务调用");
    }
}
