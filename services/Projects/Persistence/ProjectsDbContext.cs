using Microsoft.EntityFrameworkCore;
using Union.Projects.Domain;
using Union.Shared.Auth;
using Union.Shared.Messaging;
using Union.Shared.Persistence;

namespace Union.Projects.Persistence;

public abstract class ProjectsDbContext(DbContextOptions options, CallerContext caller, OutboxSignal outboxSignal)
    : UnionDbContext(options, caller, outboxSignal)
{
    /// <summary>The name of the index that holds one application per category per organisation per round.</summary>
    public const string OnePerRoundIndex = "IX_project_applications_round";

    public DbSet<ProjectApplication> ProjectApplications => Set<ProjectApplication>();

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProjectApplication>(e =>
        {
            e.ToTable("project_applications");
            e.HasKey(p => p.Id);
            e.Property(p => p.OrganisationPath).HasMaxLength(200);
            e.HasIndex(p => p.OrganisationPath);
            e.Property(p => p.Category).HasConversion<string>().HasMaxLength(30);
            e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Title).HasMaxLength(100);
            e.Property(p => p.Background).HasMaxLength(2000);
            e.Property(p => p.CreatedBy).HasMaxLength(200);
            e.Property(p => p.UpdatedBy).HasMaxLength(200);

            // One application per category per organisation per round (000_001fd36b94af060d.txt,
            // 四（一）1: "在每次申报中同类项目只填写一份申报书，申报一次"), held by the database so that two
            // calls racing each other cannot both win. Emergency applications are filed any time,
            // each on its own ("随时申报"), so the index leaves them out. Double-quoted identifiers
            // and a plain comparison read the same on SQLite, PostgreSQL and SQL Server (whose
            // filtered indexes need QUOTED_IDENTIFIER ON anyway).
            e.HasIndex(p => new { p.OrganisationPath, p.Year, p.Kind, p.Category })
                .IsUnique()
                .HasDatabaseName(OnePerRoundIndex)
                .HasFilter($"\"Kind\" <> '{nameof(ApplicationKind.Emergency)}'");

            e.OwnsMany(p => p.Budget, b =>
            {
                b.ToTable("project_budget_lines");
                b.WithOwner().HasForeignKey("ProjectId");
                // One line per fund source: the key says so to the database as well.
                b.HasKey("ProjectId", nameof(BudgetLine.Source));
                b.Property(l => l.Source).HasConversion<string>().HasMaxLength(30);
            });
            e.Navigation(p => p.Budget).HasField("_budget").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
    }
}

// One context type per provider, so each provider's migrations live in their own folder.
public sealed class ProjectsSqliteDbContext(DbContextOptions<ProjectsSqliteDbContext> options, CallerContext caller, OutboxSignal signal)
    : ProjectsDbContext(options, caller, signal);

public sealed class ProjectsPostgresDbContext(DbContextOptions<ProjectsPostgresDbContext> options, CallerContext caller, OutboxSignal signal)
    : ProjectsDbContext(options, caller, signal);

public sealed class ProjectsSqlServerDbContext(DbContextOptions<ProjectsSqlServerDbContext> options, CallerContext caller, OutboxSignal signal)
    : ProjectsDbContext(options, caller, signal);
