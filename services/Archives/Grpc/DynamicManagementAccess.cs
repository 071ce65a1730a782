using System.Diagnostics.CodeAnalysis;
using Union.Shared.Auth;
using Union.Shared.Errors;

namespace Union.Archives.Grpc;

/// <summary>Who may use visits, monitoring and documents (DESIGN §2 roles).</summary>
internal static class DynamicManagementAccess
{
    /// <summary>Record visits, set flags, attach proofs: the staff who keep the files.</summary>
    public static readonly string[] Keepers = [Roles.Caseworker, Roles.Reviewer];

    /// <summary>Any union staff role; a worker (mobile-app user) holds none of them.</summary>
    public static bool IsStaff(this CallerContext caller) =>
        caller.Roles.Any(r => r != Roles.Worker && Roles.All.Contains(r));

    public static void RequireStaff(this CallerContext caller)
    {
        if (!caller.IsStaff()) UnionErrors.PermissionDenied("ROLE_REQUIRED", "此操作需要工会工作人员角色");
    }

    public static void RequireAnyRole(this CallerContext caller, IReadOnlyCollection<string> roles)
    {
        if (!roles.Any(caller.IsInRole))
            UnionErrors.PermissionDenied("ROLE_REQUIRED", $"此操作需要以下角色之一：{string.Join("、", roles)}");
    }

    /// <summary>NotFound for a file the caller may not see; a worker sees only the application he made himself.</summary>
    public static void EnsureSees(this CallerContext caller, [NotNull] Domain.Household? household)
    {
        if (household is null || (!caller.IsStaff() && household.WorkerSubject != caller.Subject))
            UnionErrors.NotFound("HOUSEHOLD_NOT_FOUND", "未找到该困难职工档案");
    }
}
