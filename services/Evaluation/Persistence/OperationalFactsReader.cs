using Microsoft.EntityFrameworkCore;
using Union.Evaluation.Domain.Operational;
using Union.Shared.Persistence;
using Union.Shared.Tenancy;

namespace Union.Evaluation.Persistence;

/// <summary>
/// The facts of an organisation's subtree for one year. The fact tables are not tenancy-filtered
/// (they are no one's records, only what the publishers said); the subtree is the filter here, so it
/// must be exact: "GH01" and "gh01" are two organisations, whatever the provider's LIKE does with case.
/// </summary>
public sealed class OperationalFactsReader(EvaluationDbContext db)
{
    public async Task<OperationalFacts> ReadAsync(string organisationPath, int year, CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var payments = await db.PaymentFacts.AsNoTracking()
            .Where(OrganisationPath.InSubtree<PaymentFact>(p => p.OrganisationPath, organisationPath))
            .Where(p => p.SettledOn >= from && p.SettledOn <= to)
            .ToListAsync(ct);
        var decisionIds = payments.Select(p => p.DecisionId).Distinct().ToList();
        // The year's decisions and those behind the year's payments (decided the year before, paid in this one).
        var decisions = await db.DecisionFacts.AsNoTracking()
            .Where(OrganisationPath.InSubtree<DecisionFact>(d => d.OrganisationPath, organisationPath))
            .Where(d => (d.DecidedOn >= from && d.DecidedOn <= to) || decisionIds.Contains(d.DecisionId))
            .ToListAsync(ct);
        var allocations = await db.AllocationFacts.AsNoTracking()
            .Where(OrganisationPath.InSubtree<AllocationFact>(a => a.OrganisationPath, organisationPath))
            .Where(a => a.Year == year)
            .ToListAsync(ct);
        var windows = await WindowsAsync(organisationPath, year, ct);
        var first = windows.Windows.Count > 0 ? windows.Windows.Min(w => w.From) : from;
        var last = windows.Windows.Count > 0 ? windows.Windows.Max(w => w.To) : to;
        var householdIds = payments.Where(p => Guid.TryParse(p.HouseholdId, out _)).Select(p => Guid.Parse(p.HouseholdId)).Distinct().ToList();
        // The households behind the year's payments, and every household of the subtree on file in
        // some part of the campaign windows (the visits measure's population).
        var households = await db.HouseholdFacts.AsNoTracking()
            .Where(OrganisationPath.InSubtree<HouseholdFact>(h => h.OrganisationPath, organisationPath)
                .And(h => h.ArchivedOn <= last && (h.ClosedOn == null || h.ClosedOn >= first))
                .Or(h => householdIds.Contains(h.HouseholdId)))
            .ToListAsync(ct);
        var visits = await db.VisitFacts.AsNoTracking()
            .Where(OrganisationPath.InSubtree<VisitFact>(v => v.OrganisationPath, organisationPath))
            .Where(v => v.VisitedOn >= first && v.VisitedOn <= last)
            .ToListAsync(ct);
        return new OperationalFacts(decisions, payments, allocations, households, visits, windows.Windows);
    }

    /// <summary>The campaign windows in force for an organisation and year: its own, the nearest above, or the default.</summary>
    public async Task<CampaignWindowSet> WindowsAsync(string organisationPath, int year, CancellationToken ct)
    {
        var paths = CampaignWindowRules.PathUp(organisationPath).ToList();
        var settings = await db.CampaignWindows.AsNoTracking().Where(w => w.Year == year && paths.Contains(w.OrganisationPath)).ToListAsync(ct);
        return CampaignWindowRules.InForce(organisationPath, year, settings);
    }
}
