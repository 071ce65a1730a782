using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;

namespace Union.Projects.Grpc;

/// <summary>
/// Who acts as the funder of a project. The tenancy filter only says a caller may see a project
/// (its owner lies in the caller's subtree); deciding for the funder needs the caller to be the
/// union that approved it, or one above it, never the applicant itself.
/// </summary>
public static class FunderAccess
{
    public static void RequireFunder(this CallerContext caller, Domain.Project project)
    {
        if (!caller.IsSystem && !OrganisationPath.Covers(caller.OrganisationPath!, project.FunderPath))
            UnionErrors.PermissionDenied("NOT_THE_FUNDER", "此操作须由立项的工会办理");
    }
}
