using Union.Archives.Domain;
using Union.Shared.Tenancy;
using Dto = Union.Contracts.Archives.V1;

namespace Union.Archives.Persistence;

/// <summary>
/// The list filters of ListHouseholds, shared with every RPC that selects files by the same
/// filters (export). The tenancy query filter still applies on top; the organisation path here
/// only narrows within the caller's subtree (the caller checks that it lies inside it).
/// </summary>
public static class HouseholdQueries
{
    /// <summary>
    /// Applies organisation_path, category, status, cause and visit_overdue of <paramref name="filter"/>.
    /// A visit is overdue when an ACTIVE or PHASE_OUT file's next visit was due before <paramref name="today"/>.
    /// Paging is not applied here.
    /// </summary>
    public static IQueryable<Household> Filter(this IQueryable<Household> query, Dto.ListHouseholdsRequest filter, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (!string.IsNullOrEmpty(filter.OrganisationPath))
        {
            query = query.Where(OrganisationPath.InSubtree<Household>(h => h.OrganisationPath, filter.OrganisationPath));
        }
        if (filter.Category != Dto.HardshipCategory.Unspecified)
        {
            var category = (HardshipCategory)(int)filter.Category;
            query = query.Where(h => h.Category == category);
        }
        if (filter.Status != Dto.ArchiveStatus.Unspecified)
        {
            var status = (ArchiveStatus)(int)filter.Status;
            query = query.Where(h => h.Status == status);
        }
        if (filter.Cause != Dto.HardshipCause.Unspecified)
        {
            // Causes are stored as their numbers joined by ',' ("1,4"); compare on the stored text.
            var token = "," + ((int)filter.Cause).ToString(System.Globalization.CultureInfo.InvariantCulture) + ",";
            query = query.Where(h => ("," + (string)(object)h.Causes + ",").Contains(token));
        }
        if (filter.VisitOverdue)
        {
            query = query.Where(h => (h.Status == ArchiveStatus.Active || h.Status == ArchiveStatus.PhaseOut)
                                     && h.NextVisitDueOn != null && h.NextVisitDueOn < today);
        }
        return query;
    }
}
