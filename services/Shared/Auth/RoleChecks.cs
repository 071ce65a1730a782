using Union.Shared.Errors;

namespace Union.Shared.Auth;

/// <summary>Role checks every handler makes the same way: PERMISSION_DENIED / ROLE_REQUIRED with a message for the caller.</summary>
public static class RoleChecks
{
    private static readonly string[] StaffRoles = Roles.All.Where(r => r != Roles.Worker).ToArray();

    /// <summary>Refuses a caller that holds none of <paramref name="roles"/>.</summary>
    public static void RequireAnyRole(this CallerContext caller, string message, params string[] roles)
    {
        if (!roles.Any(caller.IsInRole)) UnionErrors.PermissionDenied("ROLE_REQUIRED", message);
    }

    /// <summary>Union staff of any role; a worker (mobile-app user) is refused.</summary>
    public static void RequireStaff(this CallerContext caller) =>
        caller.RequireAnyRole("需要工会工作人员角色", StaffRoles);
}
