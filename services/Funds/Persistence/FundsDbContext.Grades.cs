using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;

namespace Union.Funds.Persistence;

public abstract partial class FundsDbContext
{
    /// <summary>Evaluation grades, fed by EvaluationGraded (Messaging/EvaluationGradedConsumer.cs).</summary>
    public DbSet<EvaluationGrade> EvaluationGrades => Set<EvaluationGrade>();

    partial void ConfigureGrades(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EvaluationGrade>(e =>
        {
            e.ToTable("evaluation_grades");
            e.HasKey(g => g.EvaluationId);
            e.Property(g => g.EvaluationId).ValueGeneratedNever();
            e.Property(g => g.OrganisationPath).HasMaxLength(200);
            e.HasIndex(g => new { g.OrganisationPath, g.Year });
            e.Property(g => g.SubjectKind).HasMaxLength(20);
            e.Property(g => g.SubjectId).HasMaxLength(64);
            e.Property(g => g.Score).HasPrecision(9, 2);
            e.Property(g => g.Grade).HasMaxLength(20);
        });
    }

    /// <summary>The programme grade of each of <paramref name="paths"/> for <paramref name="year"/>, where one was archived.</summary>
    public async Task<Dictionary<string, string>> ProgrammeGradesAsync(IReadOnlyCollection<string> paths, int year, CancellationToken ct) =>
        (await EvaluationGrades.AsNoTracking()
            .Where(g => g.Year == year && g.SubjectKind == EvaluationGrade.Programme && paths.Contains(g.OrganisationPath))
            .ToListAsync(ct))
        .GroupBy(g => g.OrganisationPath)
        .ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.GradedAt).First().Grade, StringComparer.Ordinal);
}
