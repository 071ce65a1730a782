using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;

namespace Union.Funds.Persistence;

/// <summary>Local standards: the minimum-living allowance and the payment standards per aid type.</summary>
public abstract partial class FundsDbContext
{
    public DbSet<AllowanceStandard> AllowanceStandards => Set<AllowanceStandard>();
    public DbSet<PaymentStandard> PaymentStandards => Set<PaymentStandard>();

    partial void ConfigureStandards(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AllowanceStandard>(e =>
        {
            e.ToTable("allowance_standards");
            e.HasKey(s => s.Id);
            e.Property(s => s.OrganisationPath).HasMaxLength(200);
            // One standard per locality and day: a second one for the same day is refused.
            e.HasIndex(s => new { s.OrganisationPath, s.EffectiveFrom }).IsUnique();
            e.Property(s => s.Reference).HasMaxLength(AllowanceStandard.MaxReferenceLength);
            e.Property(s => s.CreatedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<PaymentStandard>(e =>
        {
            e.ToTable("payment_standards");
            e.HasKey(s => s.Id);
            e.Property(s => s.OrganisationPath).HasMaxLength(200);
            e.Property(s => s.AidType).HasConversion<string>().HasMaxLength(30);
            e.HasIndex(s => new { s.OrganisationPath, s.AidType, s.EffectiveFrom }).IsUnique();
            e.Property(s => s.Reference).HasMaxLength(AllowanceStandard.MaxReferenceLength);
            e.Property(s => s.CreatedBy).HasMaxLength(200);
        });
    }
}
