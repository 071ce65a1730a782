using System.Diagnostics.CodeAnalysis;
using Union.Archives.Domain;
using Union.Shared.Auth;
using Union.Shared.Errors;

namespace Union.Archives.Grpc;

/// <summary>
/// The answer when a person is already held by another open file (一户一档). It says only that the
/// number is on file elsewhere, with a stable code: never the holder's organisation, and the file's
/// id only to staff whose subtree holds that file (they may open it anyway). A worker, or staff of
/// another organisation, learns nothing about where a person is registered, so the answer cannot be
/// used to find out who is in hardship where. A worker is answered about his own number only: the
/// members he names are neither checked nor held until staff accept them (Household.MembersConfirmed).
/// </summary>
public static class IdentityClash
{
    public const string Code = "ID_NUMBER_ALREADY_ARCHIVED";

    [DoesNotReturn]
    public static void Refuse(CallerContext caller, OpenIdentity holder, string? field, string message, Guid? memberId = null)
    {
        var metadata = new Dictionary<string, string>();
        if (field is not null) metadata["field"] = field;
        // The member of the caller's own file who clashes: staff correct or remove him (a worker is never
        // answered about his members, see Household.MembersConfirmed).
        if (memberId is { } member) metadata["member_id"] = member.ToString();
        if (MayNameTheFile(caller, holder)) metadata["household_id"] = holder.HouseholdId.ToString();
        UnionErrors.AlreadyExists(Code, message, metadata);
    }

    /// <summary>Staff (any role but the worker's alone) whose subtree holds the file.</summary>
    public static bool MayNameTheFile(CallerContext caller, OpenIdentity holder) =>
        !caller.IsSystem
        && caller.Roles.Any(r => r != Roles.Worker && Roles.All.Contains(r))
        && caller.Sees(holder.OrganisationPath);
}
