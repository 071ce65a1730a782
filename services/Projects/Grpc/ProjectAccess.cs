using Union.Shared.Auth;
using Union.Shared.Errors;

namespace Union.Projects.Grpc;

/// <summary>Which roles may do what in projects (DESIGN §2 roles); tenancy is the database's filter.</summary>
public static class ProjectAccess
{
    /// <summary>保障部 staff who run rounds, file forms and record what arrives on paper.</summary>
    public static readonly string[] Staff = [Roles.Caseworker, Roles.Approver, Roles.Admin];

    /// <summary>Those who record collective decisions and decide forms and adjustments.</summary>
    public static readonly string[] Deciders = [Roles.Approver, Roles.Admin];

    /// <summary>Anyone on the union's side may read projects; workers may not.</summary>
    public static readonly string[] Readers = [Roles.Caseworker, Roles.Reviewer, Roles.Approver, Roles.Finance, Roles.Evaluator, Roles.Auditor, Roles.Admin];

    public static void Require(this CallerContext caller, string[] roles)
    {
        if (caller.IsSystem || roles.Any(caller.IsInRole)) return;
        UnionErrors.PermissionDenied("ROLE_REQUIRED", $"此操作需要以下角色之一：{string.Join("、", roles)}");
    }
}
