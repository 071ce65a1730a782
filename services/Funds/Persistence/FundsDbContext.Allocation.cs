using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;

namespace Union.Funds.Persistence;

// Allocation (000 二(二), 003 二(三)四) and the 5 % rule (000 五(一)).
public abstract partial class FundsDbContext
{
    public DbSet<AllocationFormula> AllocationFormulas => Set<AllocationFormula>();
    public DbSet<AllocationRun> AllocationRuns => Set<AllocationRun>();
    public DbSet<AllocationRunLine> AllocationRunLines => Set<AllocationRunLine>();
    public DbSet<RetainedFunds> RetainedFunds => Set<RetainedFunds>();

    partial void ConfigureAllocation(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AllocationFormula>(e =>
        {
            e.ToTable("allocation_formulas");
            e.HasKey(f => f.Id);
            e.Property(f => f.OrganisationPath).HasMaxLength(200);
            // One formula per funder.
            e.HasIndex(f => f.OrganisationPath).IsUnique();
            e.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.VolumeWeight).HasPrecision(12, 6);
            e.Property(f => f.ScoreWeight).HasPrecision(12, 6);
            e.Property(f => f.UngradedFactor).HasPrecision(12, 6);
            e.Property(f => f.GradeFactorsJson).HasMaxLength(1000);
            e.Property(f => f.UpdatedBy).HasMaxLength(200);
            e.Ignore(f => f.GradeFactors);
        });
        modelBuilder.Entity<AllocationRun>(e =>
        {
            e.ToTable("allocation_runs");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.OrganisationPath).HasMaxLength(200);
            // Runs are numbered per funder, year and source; two dry runs racing cannot take the same number.
            e.HasIndex(r => new { r.OrganisationPath, r.Year, r.Source, r.Number }).IsUnique();
            // One committed run per funder, year and source, held by the database under races.
            e.Property(r => r.CommittedKey).HasMaxLength(260);
            e.HasIndex(r => r.CommittedKey).IsUnique();
            e.Property(r => r.Source).HasConversion<string>().HasMaxLength(30);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.FormulaJson).HasMaxLength(2000);
            e.Property(r => r.CreatedBy).HasMaxLength(200);
            e.Property(r => r.CommittedBy).HasMaxLength(200);
            e.Property(r => r.ReversedBy).HasMaxLength(200);
            e.Property(r => r.ReversalReason).HasMaxLength(AllocationRun.MaxReasonLength);
            // A run posts one transaction of its own.
            e.HasIndex(r => r.TransactionId).IsUnique();
            e.Ignore(r => r.Formula);
            e.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.RunId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(r => r.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<AllocationRunLine>(e =>
        {
            e.ToTable("allocation_run_lines");
            e.HasKey(l => new { l.RunId, l.Position });
            e.HasIndex(l => new { l.RunId, l.ApplicantPath }).IsUnique();
            e.Property(l => l.ApplicantPath).HasMaxLength(200);
            e.Property(l => l.VolumeSource).HasMaxLength(30);
            // Ten places: a mean of project scores weighted by subsidy may not end sooner.
            e.Property(l => l.ReviewScore).HasPrecision(20, AllocationRunLine.ScorePlaces);
            e.Property(l => l.ScoreSource).HasMaxLength(30);
            e.Property(l => l.HouseholdsSource).HasMaxLength(30);
            e.Property(l => l.Grade).HasMaxLength(AllocationFormula.MaxGradeLength);
            e.Property(l => l.GradeFactor).HasPrecision(12, 6);
            e.Property(l => l.Weight).HasMaxLength(60);
            e.Property(l => l.RawShareFen).HasMaxLength(60);
        });
        modelBuilder.Entity<RetainedFunds>(e =>
        {
            e.ToTable("retained_funds");
            e.HasKey(r => r.Id);
            e.Property(r => r.OrganisationPath).HasMaxLength(200);
            e.HasIndex(r => new { r.OrganisationPath, r.Year }).IsUnique();
            e.Property(r => r.Reference).HasMaxLength(Domain.RetainedFunds.MaxReferenceLength);
            e.Property(r => r.RecordedBy).HasMaxLength(200);
        });
    }
}
