using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;

namespace Union.Funds.Persistence;

// Project tranches (001 第六条): the read model of each co-funded project and its tranches.
public abstract partial class FundsDbContext
{
    public DbSet<ProjectFunding> ProjectFundings => Set<ProjectFunding>();
    public DbSet<ProjectTranche> ProjectTranches => Set<ProjectTranche>();

    partial void ConfigureTranches(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProjectFunding>(e =>
        {
            e.ToTable("project_fundings");
            e.HasKey(p => p.ProjectId);
            e.Property(p => p.ProjectId).ValueGeneratedNever();
            e.Property(p => p.OrganisationPath).HasMaxLength(200);
            e.HasIndex(p => p.OrganisationPath);
            e.Property(p => p.FunderPath).HasMaxLength(200);
            e.HasIndex(p => p.FunderPath);
            e.Property(p => p.ReviewScore).HasPrecision(12, 4);
            e.Ignore(p => p.ReleasedFen);
            e.Ignore(p => p.CommittedFen);
            e.Ignore(p => p.CeilingFen);
            e.HasMany(p => p.Tranches).WithOne().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(p => p.Tranches).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<ProjectTranche>(e =>
        {
            e.ToTable("project_tranches");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever();
            // One tranche per project and stage: the database holds the line if two events race.
            e.HasIndex(t => new { t.ProjectId, t.Stage }).IsUnique();
            e.Property(t => t.Stage).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(t => t.Status);
            e.Property(t => t.PendingReason).HasMaxLength(ProjectFunding.MaxReasonLength);
            e.Property(t => t.Note).HasMaxLength(ProjectFunding.MaxReasonLength);
            // A posted tranche is one ledger transaction of its own.
            e.HasIndex(t => t.TransactionId).IsUnique();
            e.Ignore(t => t.IsDue);
        });
    }
}
