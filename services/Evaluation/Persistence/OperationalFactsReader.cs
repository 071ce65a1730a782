using Microsoft.EntityFrameworkCore;
using Union.Evaluation.Domain.Operational;

namespace Union.Evaluation.Persistence;

/// <summary>
/// The facts of an organisation's subtree for one year. The fact tables are not tenancy-filtered
/// (they are no one's records, only what the publishers said); the subtree is the filter here.
/// </summary>
public sealed class OperationalFactsReader(EvaluationDbContext db)
{
    public async Task<OperationalFacts> ReadAsync(string organisationPath, int year, CancellationToken ct)
    {
        var prefix = organisationPath + "/";
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var payments = await db.PaymentFacts.AsNoTracking()
            .Where(p => (p.OrganisationPath == organisationPath || p.OrganisationPath.StartsWith(prefix)) && p.SettledOn >= from && p.SettledOn <= to)
            .ToListAsync(ct);
        var decisionIds = payments.Select(p => p.DecisionId).Distinct().ToList();
        // The year's decisions and those behind the year's payments (decided the year before, paid in this one).
        var decisions = await db.DecisionFacts.AsNoTracking()
            .Where(d => (d.OrganisationPath == organisationPath || d.OrganisationPath.StartsWith(prefix))
                && ((d.DecidedOn >= from && d.DecidedOn <= to) || decisionIds.Contains(d.DecisionId)))
            .ToListAsync(ct);
        var allocations = await db.AllocationFacts.AsNoTracking()
            .Where(a => (a.OrganisationPath == organisationPath || a.OrganisationPath.StartsWith(prefix)) && a.Year == year)
            .ToListAsync(ct);
        var householdIds = payments.Where(p => Guid.TryParse(p.HouseholdId, out _)).Select(p => Guid.Parse(p.HouseholdId)).Distinct().ToList();
        var households = await db.HouseholdFacts.AsNoTracking().Where(h => householdIds.Contains(h.HouseholdId)).ToListAsync(ct);
        return new OperationalFacts(decisions, payments, allocations, households);
    }
}
