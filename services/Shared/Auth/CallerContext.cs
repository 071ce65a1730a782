using System.Security.Claims;

namespace Union.Shared.Auth;

/// <summary>The roles of DESIGN §2, as they appear in the token's role claims.</summary>
public static class Roles
{
    public const string Caseworker = "caseworker";
    public const string Reviewer = "reviewer";
    public const string Approver = "approver";
    public const string Finance = "finance";
    public const string Evaluator = "evaluator";
    public const string Auditor = "auditor";
    public const string Admin = "admin";
    public const string Worker = "worker";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>
    {
        Caseworker, Reviewer, Approver, Finance, Evaluator, Auditor, Admin, Worker,
    };
}

/// <summary>Claim names in the platform's tokens.</summary>
public static class UnionClaims
{
    /// <summary>The materialised path of the organisation the caller acts for.</summary>
    public const string Organisation = "org";
    public const string Role = "role";
    public const string Subject = "sub";
    public const string Name = "name";
}

/// <summary>
/// Who is calling, for which organisation, and why: one per request or consumed message.
/// Requests take it from the validated token; consumers and background jobs act as the system,
/// which is not limited to a subtree.
/// </summary>
public sealed class CallerContext
{
    private HashSet<string> _roles = [];
    private bool _system;

    /// <summary>Until a token or the system fills it in, the caller is anonymous and sees nothing.</summary>
    public string Subject { get; private set; } = "anonymous";

    /// <summary>The caller's organisation path; null for the system and for an anonymous caller.</summary>
    public string? OrganisationPath { get; private set; }

    public IReadOnlySet<string> Roles => _roles;

    /// <summary>Only consumers, background jobs, migrations and seeding act as the system.</summary>
    public bool IsSystem => _system;

    /// <summary>Carried from the gateway through services and events, for logs and the audit log.</summary>
    public string CorrelationId { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>The reason a caller gave for the call (x-reason header), kept in the audit log.</summary>
    public string? Reason { get; set; }

    public bool IsInRole(string role) => _roles.Contains(role);

    public void ActAsUser(ClaimsPrincipal user)
    {
        _system = false;
        Subject = user.FindFirstValue(UnionClaims.Subject)
                  ?? user.FindFirstValue(ClaimTypes.NameIdentifier)
                  ?? "anonymous";
        OrganisationPath = user.FindFirstValue(UnionClaims.Organisation) is { } path && Tenancy.OrganisationPath.IsValid(path)
            ? path
            : throw new UnauthorizedAccessException("The token names no valid organisation.");
        _roles = user.FindAll(UnionClaims.Role).Concat(user.FindAll(ClaimTypes.Role))
            .Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
    }

    public void ActAsSystem(string actor)
    {
        _system = true;
        Subject = actor;
        OrganisationPath = null;
        _roles = [];
    }

    /// <summary>Whether a record owned by <paramref name="path"/> lies within what the caller may see.</summary>
    public bool Sees(string path) => _system || (OrganisationPath is not null && Tenancy.OrganisationPath.Covers(OrganisationPath, path));
}
