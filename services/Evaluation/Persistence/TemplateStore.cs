using Microsoft.EntityFrameworkCore;
using Union.Evaluation.Domain.Templates;

namespace Union.Evaluation.Persistence;

/// <summary>
/// Finds template versions, storing the built-in ones first when they are not there yet: on
/// start-up (<see cref="BuiltInTemplateSeeder"/>) and again before any read, so a database
/// emptied or migrated after start-up still has them. Idempotent: a built-in version already
/// stored (even retired) is left alone, and a concurrent insert that loses the unique index is
/// ignored.
/// </summary>
public sealed class TemplateStore(EvaluationDbContext db, TimeProvider clock)
{
    public async Task EnsureBuiltInsAsync(CancellationToken ct)
    {
        var codes = BuiltInTemplates.All.Select(t => t.Code).ToList();
        var rows = await db.Templates.AsNoTracking().Where(t => codes.Contains(t.Code) && t.Version == 1)
            .Select(t => new { t.Code, Unbound = t.BuiltIn && t.BindingsJson == null }).ToListAsync(ct);
        var stored = rows.Select(r => r.Code).ToList();
        if (rows.Any(r => r.Unbound)) await BindStoredBuiltInsAsync(rows.Where(r => r.Unbound).Select(r => r.Code).ToList(), ct);
        if (stored.Count == codes.Count) return;
        foreach (var content in BuiltInTemplates.All.Where(t => !stored.Contains(t.Code)))
        {
            db.Templates.Add(IndicatorTemplate.Create(content, 1, builtIn: true, "system", clock.GetUtcNow().UtcDateTime));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Stored a moment ago by another instance.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Built-in versions stored before bindings were data get the bindings the code gave them then.</summary>
    private async Task BindStoredBuiltInsAsync(List<string> codes, CancellationToken ct)
    {
        var templates = await db.Templates.Where(t => codes.Contains(t.Code) && t.Version == 1).ToListAsync(ct);
        foreach (var template in templates)
            template.GiveBuiltInBindings(BuiltInTemplates.All.Single(b => b.Code == template.Code).Bindings ?? []);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance did the same a moment ago.
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>One version; <paramref name="version"/> 0 is the latest active one.</summary>
    public async Task<IndicatorTemplate?> FindAsync(string code, int version, CancellationToken ct)
    {
        await EnsureBuiltInsAsync(ct);
        var query = db.Templates.AsNoTracking().Where(t => t.Code == code);
        return version > 0
            ? await query.FirstOrDefaultAsync(t => t.Version == version, ct)
            : await query.Where(t => t.Status == TemplateStatus.Active).OrderByDescending(t => t.Version).FirstOrDefaultAsync(ct);
    }

    public async Task<List<IndicatorTemplate>> ListAsync(string? code, bool includeRetired, CancellationToken ct)
    {
        await EnsureBuiltInsAsync(ct);
        var query = db.Templates.AsNoTracking();
        if (!string.IsNullOrEmpty(code)) query = query.Where(t => t.Code == code);
        if (!includeRetired) query = query.Where(t => t.Status == TemplateStatus.Active);
        return await query.OrderBy(t => t.Code).ThenBy(t => t.Version).ToListAsync(ct);
    }

    public async Task<int> LatestVersionAsync(string code, CancellationToken ct)
    {
        await EnsureBuiltInsAsync(ct);
        return await db.Templates.Where(t => t.Code == code).MaxAsync(t => (int?)t.Version, ct) ?? 0;
    }
}

/// <summary>Stores the built-in templates when the service starts (after migrations; a database not migrated yet is logged and left to the first read).</summary>
public sealed class BuiltInTemplateSeeder(IServiceScopeFactory scopes, ILogger<BuiltInTemplateSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Shared.Auth.CallerContext>().ActAsSystem("seed");
            await scope.ServiceProvider.GetRequiredService<TemplateStore>().EnsureBuiltInsAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Built-in indicator templates not stored at start-up; they are stored on first use");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
