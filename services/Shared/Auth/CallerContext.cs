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
    /// <summary>
    /// The resident ID number the identity provider verified for the user (real-name check, 实名认证).
    /// A worker's own application is tied to it: he applies for himself and nobody else.
    /// </summary>
    public const string IdNumber = "id_number";
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

    /// <summary>The ID number the token's real-name check verified; null when the token carries none.</summary>
    public string? IdNumber { get; private set; }

    /// <summary>
    /// The reason the request itself gives (its required reason field), set by the handler and kept
    /// in the audit log. Only a handler sets it: a header never stands in for it.
    /// </summary>
    public string? Reason { get; set; }

    /// <summary>
    /// What the caller sent in the x-reason header: free text from the client, recorded beside the
    /// request's reason in the audit log, never in its place.
    /// </summary>
    public string? HeaderReason { get; set; }

    /// <summary>
    /// The audit log's reason: the request's own reason, with the header's text after it, labelled, so
    /// a reader can always tell which is which.
    /// </summary>
    public string? AuditReason
    {
        get
        {
            var header = string.IsNullOrWhiteSpace(HeaderReason) ? null : $"x-reason: {HeaderReason.Trim()}";
            var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
            var text = (reason, header) switch
            {
                (null, null) => null,
                (_, null) => reason,
                (null, _) => header,
                _ => $"{reason} | {header}",
            };
            return text is { Length: > 500 } ? text[..500] : text;
        }
    }

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
        IdNumber = user.FindFirstValue(UnionClaims.IdNumber) is { Length: > 0 } idNumber ? idNumber : null;
        _roles = user.FindAll(UnionClaims.Role).Concat(user.FindAll(ClaimTypes.Role))
            .Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
    }

    public void ActAsSystem(string actor)
    {
        _system = true;
        Subject = actor;
        OrganisationPath = null;
        IdNumber = null;
        _roles = [];
    }

    /// <summary>Whether a record owned by <paramref name="path"/> lies within what the caller may see.</summary>
    public bool Sees(string path) => _system || (OrganisationPath is not null && Tenancy.OrganisationPath.Covers(OrganisationPath, path));
}
