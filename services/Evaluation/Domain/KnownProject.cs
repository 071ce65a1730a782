using Union.Shared.Persistence;

namespace Union.Evaluation.Domain;

/// <summary>
/// The read model of the projects this service may evaluate, fed by projects' events
/// (ProjectApplicationSubmitted). It holds what the events carry and nothing more: the event has
/// no title, so <see cref="Title"/> stays empty until an event version carries it.
/// </summary>
public sealed class KnownProject : IOrganisationOwned
{
    public Guid ProjectId { get; set; }
    public string OrganisationPath { get; set; } = string.Empty;
    public int Year { get; set; }
    /// <summary>ProjectCategory name without prefix, e.g. "MEDICAL".</summary>
    public string Category { get; set; } = string.Empty;
    public long TotalFen { get; set; }
    public string Title { get; set; } = string.Empty;
    /// <summary>When the fact this row reflects happened at projects; older events do not overwrite newer ones.</summary>
    public DateTime AsOf { get; set; }
}
