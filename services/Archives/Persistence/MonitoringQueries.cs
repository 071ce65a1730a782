using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Union.Archives.Domain;
using Union.Shared.Tenancy;
using Union.Shared.Time;

namespace Union.Archives.Persistence;

/// <summary>
/// The selections of dynamic management (动态管理, 004_f7c3dcaac4584c61.txt §三(二)) and the monitoring
/// figures (数据监测). The tenancy query filter applies on top of every household query here; the
/// organisation path only narrows within the caller's subtree (the caller has checked it lies inside).
/// Status transitions carry their file's organisation path but no query filter, so the figures
/// filter them by path explicitly.
/// </summary>
public static class MonitoringQueries
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Files on record: active, or within a deep-hardship phase-out.</summary>
    private static readonly ArchiveStatus[] OnRecord = [ArchiveStatus.Active, ArchiveStatus.PhaseOut];
    private static readonly ArchiveStatus[] Closed = [ArchiveStatus.Exited, ArchiveStatus.DeArchived, ArchiveStatus.Cancelled];

    public static IQueryable<Household> InSubtree(this IQueryable<Household> query, string path) =>
        query.Where(OrganisationPath.InSubtree<Household>(h => h.OrganisationPath, path));

    /// <summary>
    /// Files on record whose next visit was due before <paramref name="today"/>, or — once this year's
    /// spring visits (1 March) or autumn update (1 September) have begun — not visited since that start:
    /// every file on record is to be visited in each campaign (三、四月份走访全覆盖; 九、十月更新档案).
    /// </summary>
    public static IQueryable<Household> OverdueVisits(this IQueryable<Household> query, DateOnly today)
    {
        query = query.Where(h => OnRecord.Contains(h.Status));
        if (VisitCampaigns.LatestStartedOn(today) is { } campaign)
        {
            var since = campaign.Starts;
            return query.Where(h => (h.NextVisitDueOn != null && h.NextVisitDueOn < today) || h.LastVisitedOn == null || h.LastVisitedOn < since);
        }
        return query.Where(h => h.NextVisitDueOn != null && h.NextVisitDueOn < today);
    }

    /// <summary>Open files not changed since <paramref name="changedBefore"/> (UTC).</summary>
    public static IQueryable<Household> StaleSince(this IQueryable<Household> query, DateTime changedBefore) =>
        query.Where(h => !Closed.Contains(h.Status) && h.UpdatedAt < changedBefore);

    /// <summary>Phase-outs whose last day of normal help is on or before <paramref name="until"/>, including those already past but not yet exited.</summary>
    public static IQueryable<Household> PhaseOutsEndingBy(this IQueryable<Household> query, DateOnly until) =>
        query.Where(h => h.Status == ArchiveStatus.PhaseOut && h.PhaseOutEndsOn != null && h.PhaseOutEndsOn <= until);

    /// <summary>Files flagged unstable (脱困不稳定户), marginal (边缘易致困户) or with paper and electronic records at odds; any status.</summary>
    public static IQueryable<Household> Flagged(this IQueryable<Household> query) =>
        query.Where(h => h.Unstable || h.Marginal || h.RecordsMismatch);

    /// <summary>
    /// Reads a page request: size 0 means <see cref="DefaultPageSize"/>, larger than <see cref="MaxPageSize"/> is cut
    /// to it; the token is opaque to callers and names the list it belongs to. Returns null with
    /// <paramref name="problem"/> set when the request is unusable.
    /// </summary>
    public static MonitoringPage? ReadPage(Union.Contracts.Common.V1.PageRequest? page, string list, out string? problem)
    {
        problem = null;
        var size = page?.PageSize ?? 0;
        if (size < 0)
        {
            problem = "page.page_size";
            return null;
        }
        size = size == 0 ? DefaultPageSize : Math.Min(size, MaxPageSize);
        var token = page?.PageToken ?? string.Empty;
        if (token.Length == 0) return new MonitoringPage(list, size, 0);
        if (TryDecode(token, list, out var offset)) return new MonitoringPage(list, size, offset);
        problem = "page.page_token";
        return null;
    }

    /// <summary>One page of <paramref name="query"/> in the given order (Id breaks ties), with the whole list's size.</summary>
    public static async Task<(List<Household> Page, int Total, string NextToken)> PageAsync(
        this ArchivesDbContext db, IQueryable<Household> query, Func<IQueryable<Household>, IOrderedQueryable<Household>> order,
        MonitoringPage page, CancellationToken cancellationToken)
    {
        var total = await query.CountAsync(cancellationToken);
        var ids = await order(query).ThenBy(h => h.Id).Skip(page.Offset).Take(page.Size).Select(h => h.Id).ToListAsync(cancellationToken);
        var loaded = await db.WholeHouseholds.AsNoTracking().Where(h => ids.Contains(h.Id)).ToDictionaryAsync(h => h.Id, cancellationToken);
        var next = page.Offset + ids.Count;
        return (ids.Where(loaded.ContainsKey).Select(id => loaded[id]).ToList(), total, next < total && ids.Count > 0 ? Encode(page.List, next) : string.Empty);
    }

    private static string Encode(string list, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{list}:{offset.ToString(CultureInfo.InvariantCulture)}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string token, string list, out int offset)
    {
        offset = 0;
        if (token.Length > 100) return false;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = text.LastIndexOf(':');
            return colon > 0 && text[..colon] == list
                   && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The monitoring figures of a subtree for the Beijing dates <paramref name="from"/> to <paramref name="to"/>
    /// inclusive (004 §三(二) 数据监测: 本年度建立档案数量、调整档案数量…; §三(四) the evaluation figures).
    /// Opened and relapses count transitions by action (CREATE, RELAPSE), adjusted the files with an
    /// UPDATE or CATEGORY_CHANGE; exits,
    /// cancellations and de-archivings count moves into the state, whatever the action is called.
    /// Exits count exit decisions: a move into PHASE_OUT (the deep-hardship exit with six months of
    /// normal help, 004 §三(二)) or into EXITED directly — not the end of a phase-out (PHASE_OUT →
    /// EXITED), which would count one household's exit twice.
    /// </summary>
    public static async Task<MonitoringFigureCounts> FiguresAsync(this ArchivesDbContext db, string path, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var fromUtc = StartOfBeijingDay(from);
        var toUtc = StartOfBeijingDay(to.AddDays(1));
        var inSubtree = OrganisationPath.InSubtree<StatusTransition>(t => t.OrganisationPath, path);

        var steps = await db.Transitions.AsNoTracking().Where(inSubtree)
            .Where(t => t.At >= fromUtc && t.At < toUtc)
            .GroupBy(t => new { t.Action, t.From, t.To })
            .Select(g => new { g.Key.Action, g.Key.From, g.Key.To, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(Func<string, ArchiveStatus?, ArchiveStatus, bool> which) => steps.Where(s => which(s.Action, s.From, s.To)).Sum(s => s.Count);

        // Adjusted counts files, not adjustments: a file changed three times in the period is one adjusted file.
        var adjustments = TransitionActions.Adjustments.ToArray();
        var adjusted = await db.Transitions.AsNoTracking().Where(inSubtree)
            .Where(t => t.At >= fromUtc && t.At < toUtc && adjustments.Contains(t.Action))
            .Select(t => t.HouseholdId).Distinct().CountAsync(cancellationToken);

        var households = db.Households.AsNoTracking().InSubtree(path);
        var onRecord = households.Where(h => OnRecord.Contains(h.Status));
        var byCategory = await onRecord.GroupBy(h => h.Category).Select(g => new { Category = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var visited = await onRecord.CountAsync(h => h.Visits.Any(v => v.VisitedOn >= from && v.VisitedOn <= to), cancellationToken);
        var archived = await households
            .Where(h => h.ArchivedAt != null && h.ArchivedAt >= fromUtc && h.ArchivedAt < toUtc && h.AppliedAt != null)
            .Select(h => new { h.AppliedAt, h.ArchivedAt })
            .ToListAsync(cancellationToken);

        var active = byCategory.Sum(c => c.Count);
        return new MonitoringFigureCounts(
            FilesOpened: Count((action, _, _) => action == TransitionActions.Create),
            FilesAdjusted: adjusted,
            FilesExited: Count((_, f, t) => Entered(ArchiveStatus.PhaseOut, f, t) || (Entered(ArchiveStatus.Exited, f, t) && f != ArchiveStatus.PhaseOut)),
            FilesCancelled: Count((_, f, t) => Entered(ArchiveStatus.Cancelled, f, t)),
            FilesDeArchived: Count((_, f, t) => Entered(ArchiveStatus.DeArchived, f, t)),
            Relapses: Count((action, _, _) => action == TransitionActions.Relapse),
            ActiveFiles: active,
            ActiveByCategory: byCategory.ToDictionary(c => c.Category, c => c.Count),
            VisitCoveragePermille: active == 0 ? 0 : (int)(visited * 1000L / active),
            MedianDaysToArchive: Median(archived.Select(a => BeijingDate(a.ArchivedAt!.Value).DayNumber - BeijingDate(a.AppliedAt!.Value).DayNumber)));
    }

    private static bool Entered(ArchiveStatus state, ArchiveStatus? from, ArchiveStatus to) => to == state && from != state;

    /// <summary>The UTC instant a Beijing calendar day begins.</summary>
    public static DateTime StartOfBeijingDay(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), BeijingTime.Offset).UtcDateTime;

    private static DateOnly BeijingDate(DateTime utc) =>
        DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(BeijingTime.Offset));

    /// <summary>The median; of an even count, the mean of the middle two rounded half up; 0 when empty.</summary>
    public static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return 0;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (int)Math.Floor((sorted[mid - 1] + sorted[mid]) / 2.0 + 0.5);
    }
}

/// <summary>A page of a monitoring list: which list, how many, from where.</summary>
public sealed record MonitoringPage(string List, int Size, int Offset);

public sealed record MonitoringFigureCounts(
    int FilesOpened,
    int FilesAdjusted,
    int FilesExited,
    int FilesCancelled,
    int FilesDeArchived,
    int Relapses,
    int ActiveFiles,
    IReadOnlyDictionary<HardshipCategory, int> ActiveByCategory,
    int VisitCoveragePermille,
    int MedianDaysToArchive);
