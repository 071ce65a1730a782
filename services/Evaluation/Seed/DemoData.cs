using Microsoft.EntityFrameworkCore;
using Union.Contracts.Events.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Domain.Templates;
using Union.Evaluation.Persistence;

namespace Union.Evaluation.Seed;

/// <summary>
/// Demo evaluations for local runs (Seed:Demo=true): last year's programme of each of the two demo
/// cities (see docs/demo.md), scored against the Yu'an table. Idempotent: an evaluation that
/// already exists is left alone, so running the seed again adds nothing.
/// </summary>
public static class DemoData
{
    public static async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<EvaluationDbContext>();
        var template = await services.GetRequiredService<TemplateStore>().FindAsync(BuiltInTemplates.YuAn2021.Code, 1, CancellationToken.None)
            ?? throw new InvalidOperationException("The built-in Yu'an template is not stored.");
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var year = now.Year - 1;
        foreach (var organisation in new[] { "51/5101", "51/5115" })
        {
            var subject = EvaluationSubject.Programme(organisation);
            if (await db.Evaluations.IgnoreQueryFilters().AnyAsync(e => e.SubjectKey == subject.Key && e.Year == year)) continue;
            var evaluation = PerformanceEvaluation.Start(organisation, subject, year, template, "seed", now);
            db.Evaluations.Add(evaluation);
            db.Publish(new EvaluationStarted { EvaluationId = evaluation.Id.ToString(), SubjectId = evaluation.SubjectId, Year = year }, organisation);
        }
        await db.SaveChangesAsync();
    }
}
