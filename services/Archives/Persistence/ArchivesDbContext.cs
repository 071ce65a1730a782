using Microsoft.EntityFrameworkCore;
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

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Household>(e =>
        {
            e.ToTable("households");
            e.HasKey(h => h.Id);
            e.Property(h => h.OrganisationPath).HasMaxLength(200);
            e.HasIndex(h => h.OrganisationPath);
            e.Property(h => h.HeadName).HasMaxLength(50);
            e.Property(h => h.HeadIdNumberProtected).HasMaxLength(200);
            e.Property(h => h.HeadIdNumberHash).HasMaxLength(64);
            e.HasIndex(h => h.HeadIdNumberHash);
            e.Property(h => h.HeadIdNumberMasked).HasMaxLength(18);
            e.Property(h => h.HeadPhoneProtected).HasMaxLength(200);
            e.Property(h => h.HeadPhoneMasked).HasMaxLength(11);
            e.Property(h => h.Employer).HasMaxLength(100);
            e.Property(h => h.Causes).HasConversion(
                    v => string.Join(",", v.Select(c => (int)c)),
                    v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => (HardshipCause)int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                    new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<HardshipCause>>(
                        (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, c) => HashCode.Combine(h, c)), v => v.ToList()))
                .HasMaxLength(50);
            e.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.Category).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.CreatedBy).HasMaxLength(200);
            e.Property(h => h.UpdatedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<OpenIdentity>(e =>
        {
            e.ToTable("open_identities");
            e.HasKey(o => o.IdNumberHash);
            e.Property(o => o.IdNumberHash).HasMaxLength(64);
            e.Property(o => o.OrganisationPath).HasMaxLength(200);
        });
    }
}

// One context type per provider, so each provider's migrations live in their own folder.
public sealed class ArchivesSqliteDbContext(DbContextOptions<ArchivesSqliteDbContext> options, CallerContext caller, OutboxSignal signal)
    : ArchivesDbContext(options, caller, signal);

public sealed class ArchivesPostgresDbContext(DbContextOptions<ArchivesPostgresDbContext> options, CallerContext caller, OutboxSignal signal)
    : ArchivesDbContext(options, caller, signal);

public sealed class ArchivesSqlServerDbContext(DbContextOptions<ArchivesSqlServerDbContext> options, CallerContext caller, OutboxSignal signal)
    : ArchivesDbContext(options, caller, signal);
