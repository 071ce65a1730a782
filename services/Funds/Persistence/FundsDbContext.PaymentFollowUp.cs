using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;

namespace Union.Funds.Persistence;

/// <summary>After payment: the queued SMS notices (an outbox of their own) and the phone spot checks.</summary>
public abstract partial class FundsDbContext
{
    public DbSet<PaymentNotification> PaymentNotifications => Set<PaymentNotification>();
    public DbSet<PaymentSpotCheck> PaymentSpotChecks => Set<PaymentSpotCheck>();

    private static void ConfigurePaymentFollowUp(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PaymentNotification>(e =>
        {
            e.ToTable("payment_notifications");
            e.HasKey(n => n.Id);
            e.Property(n => n.Id).ValueGeneratedNever();
            // One notice per payment: a settlement is recorded once, and so is its notice.
            e.HasIndex(n => n.PaymentId).IsUnique();
            e.HasIndex(n => new { n.Status, n.NextAttemptAt });
            e.HasIndex(n => n.BatchId);
            e.Property(n => n.OrganisationPath).HasMaxLength(200);
            e.HasIndex(n => n.OrganisationPath);
            e.Property(n => n.Text).HasMaxLength(300);
            e.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(n => n.RecipientMasked).HasMaxLength(20);
            e.Property(n => n.Channel).HasMaxLength(20);
            e.Property(n => n.LastError).HasMaxLength(PaymentNotification.MaxErrorLength);
            e.HasOne<Payment>().WithMany().HasForeignKey(n => n.PaymentId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<PaymentSpotCheck>(e =>
        {
            e.ToTable("payment_spot_checks");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
            e.HasIndex(c => new { c.BatchId, c.PaymentId });
            e.HasIndex(c => c.PaymentId);
            e.Property(c => c.OrganisationPath).HasMaxLength(200);
            e.HasIndex(c => c.OrganisationPath);
            e.Property(c => c.CalledBy).HasMaxLength(PaymentSpotCheck.MaxCalledByLength);
            e.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(30);
            e.Property(c => c.Note).HasMaxLength(PaymentSpotCheck.MaxNoteLength);
            e.Property(c => c.RecordedBy).HasMaxLength(200);
            e.HasOne<Payment>().WithMany().HasForeignKey(c => c.PaymentId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
