using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Union.Archives.Domain;
using Union.Shared.Auth;
using Union.Shared.Messaging;
using Union.Shared.Persistence;

namespace Union.Archives.Persistence;

public abstract class ArchivesDbContext(DbContextOptions options, CallerContext caller, OutboxSignal outboxSignal)
    : UnionDbContext(options, caller, outboxSignal)
{
    public DbSet<Household> Households => Set<Household>();
    public DbSet<OpenIdentity> OpenIdentities => Set<OpenIdentity>();
    public DbSet<HouseholdMember> Members => Set<HouseholdMember>();
    public DbSet<StatusTransition> Transitions => Set<StatusTransition>();
    public DbSet<HomeVisit> Visits => Set<HomeVisit>();
    public DbSet<NoticeObjection> Objections => Set<NoticeObjection>();
    public DbSet<HouseholdDocument> Documents => Set<HouseholdDocument>();
    public DbSet<ComparisonCheck> Comparisons => Set<ComparisonCheck>();

    /// <summary>
    /// A file with everything that hangs off it, for behaviour that needs the whole file; its history too,
    /// which the rules read (who made and who reviewed it, whether it was ever on record).
    /// </summary>
    public IQueryable<Household> WholeHouseholds => Households
        .Include(h => h.Members)
        .Include(h => h.Transitions)
        .Include(h => h.Visits)
        .Include(h => h.Objections)
        .Include(h => h.Documents)
        .Include(h => h.Comparisons)
        .AsSplitQuery();

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Household>(e =>
        {
            e.ToTable("households");
            e.HasKey(h => h.Id);
            // Ids are made by the domain (Guid v7); a new child added to a tracked file is an insert.
            e.Property(h => h.Id).ValueGeneratedNever();
            e.Property(h => h.OrganisationPath).HasMaxLength(200);
            e.HasIndex(h => h.OrganisationPath);
            e.HasIndex(h => new { h.Status, h.NextVisitDueOn });
            e.HasIndex(h => h.WorkerSubject);
            e.Property(h => h.HeadName).HasMaxLength(50);
            e.Property(h => h.HeadIdNumberProtected).HasMaxLength(200);
            e.Property(h => h.HeadIdNumberHash).HasMaxLength(64);
            e.HasIndex(h => h.HeadIdNumberHash);
            e.Property(h => h.HeadIdNumberMasked).HasMaxLength(18);
            e.Property(h => h.HeadPhoneProtected).HasMaxLength(200);
            e.Property(h => h.HeadPhoneMasked).HasMaxLength(11);
            e.Property(h => h.BankCardProtected).HasMaxLength(200);
            e.Property(h => h.BankCardMasked).HasMaxLength(19);
            e.Property(h => h.Employer).HasMaxLength(100);
            e.Property(h => h.Causes).HasConversion(
                    v => string.Join(",", v.Select(c => (int)c)),
                    v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => (HardshipCause)int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                    ListComparer<HardshipCause>())
                .HasMaxLength(50);
            e.Property(h => h.Status).HasConversion<string>().HasMaxLength(30);
            e.Property(h => h.Category).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.Channel).HasConversion<string>().HasMaxLength(30);
            e.Property(h => h.ApplicationType).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.CancelReason).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.WorkerSubject).HasMaxLength(200);
            e.Property(h => h.CategoryReason).HasMaxLength(500);
            e.Property(h => h.MeetingReference).HasMaxLength(100);
            e.Property(h => h.NoticePlace).HasMaxLength(200);
            e.Property(h => h.CreatedBy).HasMaxLength(200);
            e.Property(h => h.UpdatedBy).HasMaxLength(200);
            e.Property(h => h.Version).IsConcurrencyToken();
            e.HasMany(h => h.Members).WithOne().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(h => h.Transitions).WithOne().HasForeignKey(t => t.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(h => h.Visits).WithOne().HasForeignKey(v => v.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(h => h.Objections).WithOne().HasForeignKey(o => o.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(h => h.Documents).WithOne().HasForeignKey(d => d.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(h => h.Comparisons).WithOne().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<HouseholdMember>(e =>
        {
            e.ToTable("household_members");
            e.HasKey(m => m.Id);
            // Ids are made by the domain (Guid v7); a new child added to a tracked file is an insert.
            e.Property(m => m.Id).ValueGeneratedNever();
            e.Property(m => m.Name).HasMaxLength(50);
            e.Property(m => m.Relation).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.IdNumberProtected).HasMaxLength(200);
            e.Property(m => m.IdNumberHash).HasMaxLength(64);
            e.HasIndex(m => m.IdNumberHash);
            e.Property(m => m.IdNumberMasked).HasMaxLength(18);
            e.Property(m => m.Health).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Schooling).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Employment).HasConversion<string>().HasMaxLength(20);
        });
        modelBuilder.Entity<StatusTransition>(e =>
        {
            e.ToTable("status_transitions");
            e.HasKey(t => t.Id);
            e.HasIndex(t => new { t.HouseholdId, t.At });
            e.HasIndex(t => new { t.OrganisationPath, t.Action, t.At });
            e.Property(t => t.OrganisationPath).HasMaxLength(200);
            e.Property(t => t.From).HasConversion<string>().HasMaxLength(30);
            e.Property(t => t.To).HasConversion<string>().HasMaxLength(30);
            e.Property(t => t.Action).HasMaxLength(30);
            e.Property(t => t.Actor).HasMaxLength(200);
            e.Property(t => t.Reason).HasMaxLength(500);
            e.Property(t => t.Evidence).HasMaxLength(1000);
        });
        modelBuilder.Entity<HomeVisit>(e =>
        {
            e.ToTable("home_visits");
            e.HasKey(v => v.Id);
            // Ids are made by the domain (Guid v7); a new child added to a tracked file is an insert.
            e.Property(v => v.Id).ValueGeneratedNever();
            e.HasIndex(v => new { v.HouseholdId, v.VisitedOn });
            e.Property(v => v.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.Visitors).HasConversion(
                    v => string.Join("\n", v),
                    v => v.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList(),
                    ListComparer<string>())
                .HasMaxLength(1000);
            e.Property(v => v.Findings).HasMaxLength(2000);
            e.Property(v => v.CreatedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<NoticeObjection>(e =>
        {
            e.ToTable("notice_objections");
            e.HasKey(o => o.Id);
            // Ids are made by the domain (Guid v7); a new child added to a tracked file is an insert.
            e.Property(o => o.Id).ValueGeneratedNever();
            e.Property(o => o.Content).HasMaxLength(2000);
            e.Property(o => o.RaisedBy).HasMaxLength(200);
            e.Property(o => o.Resolution).HasMaxLength(2000);
        });
        modelBuilder.Entity<HouseholdDocument>(e =>
        {
            e.ToTable("household_documents");
            e.HasKey(d => d.Id);
            // Ids are made by the domain (Guid v7); a new child added to a tracked file is an insert.
            e.Property(d => d.Id).ValueGeneratedNever();
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(40);
            e.Property(d => d.ObjectKey).HasMaxLength(500);
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.Property(d => d.MediaType).HasMaxLength(100);
            e.Property(d => d.Description).HasMaxLength(500);
            e.Property(d => d.AttachedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<ComparisonCheck>(e =>
        {
            e.ToTable("comparison_checks");
            e.HasKey(c => c.Id);
            // Ids are made by the domain (Guid v7); a new child added to a tracked file is an insert.
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.RequestedBy).HasMaxLength(200);
            e.Property(c => c.Note).HasMaxLength(1000);
        });
        modelBuilder.Entity<OpenIdentity>(e =>
        {
            e.ToTable("open_identities");
            e.HasKey(o => o.IdNumberHash);
            e.Property(o => o.IdNumberHash).HasMaxLength(64);
            e.Property(o => o.OrganisationPath).HasMaxLength(200);
            e.HasIndex(o => o.HouseholdId);
        });
    }

    private static ValueComparer<List<T>> ListComparer<T>() => new(
        (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList());
}

// One context type per provider, so each provider's migrations live in their own folder.
public sealed class ArchivesSqliteDbContext(DbContextOptions<ArchivesSqliteDbContext> options, CallerContext caller, OutboxSignal signal)
    : ArchivesDbContext(options, caller, signal);

public sealed class ArchivesPostgresDbContext(DbContextOptions<ArchivesPostgresDbContext> options, CallerContext caller, OutboxSignal signal)
    : ArchivesDbContext(options, caller, signal);

public sealed class ArchivesSqlServerDbContext(DbContextOptions<ArchivesSqlServerDbContext> options, CallerContext caller, OutboxSignal signal)
    : ArchivesDbContext(options, caller, signal);
