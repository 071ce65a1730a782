using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;

namespace Union.Funds.Persistence;

/// <summary>Payment batches handed to the bank and their payments (one per instalment and attempt).</summary>
public abstract partial class FundsDbContext
{
    public DbSet<PaymentBatch> PaymentBatches => Set<PaymentBatch>();
    public DbSet<Payment> Payments => Set<Payment>();

    partial void ConfigurePayments(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PaymentBatch>(e =>
        {
            e.ToTable("payment_batches");
            e.HasKey(b => b.Id);
            e.Property(b => b.OrganisationPath).HasMaxLength(200);
            e.HasIndex(b => b.OrganisationPath);
            e.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(b => b.CreatedBy).HasMaxLength(200);
            e.Property(b => b.ExportedBy).HasMaxLength(200);
            e.HasMany(b => b.Payments).WithOne().HasForeignKey(p => p.BatchId).OnDelete(DeleteBehavior.Restrict);
            e.Navigation(b => b.Payments).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<Payment>(e =>
        {
            e.ToTable("payments");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            e.Property(p => p.OrganisationPath).HasMaxLength(200);
            e.HasIndex(p => p.OrganisationPath);
            // A payment's own idempotency: one per instalment and attempt, so two batches racing for
            // the same instalment cannot both issue it (the loser's save fails).
            e.HasIndex(p => new { p.DecisionId, p.InstalmentNumber, p.Attempt }).IsUnique();
            e.HasIndex(p => new { p.BatchId, p.Serial }).IsUnique();
            e.Property(p => p.RecipientReference).HasMaxLength(AssistanceDecision.MaxReferenceLength);
            e.Property(p => p.AidType).HasConversion<string>().HasMaxLength(30);
            e.Property(p => p.Source).HasConversion<string>().HasMaxLength(30);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.SettlementReason).HasMaxLength(Payment.MaxReasonLength);
            e.Ignore(p => p.HoldsInstalment);
            e.Ignore(p => p.Settled);
            e.Ignore(p => p.RecipientKey);
            e.HasOne<AssistanceDecision>().WithMany().HasForeignKey(p => p.DecisionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<FundAccount>().WithMany().HasForeignKey(p => p.SourceAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerTransaction>().WithMany().HasForeignKey(p => p.PostingTransactionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerTransaction>().WithMany().HasForeignKey(p => p.ReversalTransactionId).OnDelete(DeleteBehavior.Restrict);
        });
        ConfigurePaymentFollowUp(modelBuilder);
    }
}
