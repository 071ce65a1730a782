using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;

namespace Union.Funds.Persistence;

/// <summary>Assistance decisions with their instalments, and the public notices of their real-name lists.</summary>
public abstract partial class FundsDbContext
{
    public DbSet<AssistanceDecision> AssistanceDecisions => Set<AssistanceDecision>();
    public DbSet<DecisionInstalment> DecisionInstalments => Set<DecisionInstalment>();
    public DbSet<PublicNotice> PublicNotices => Set<PublicNotice>();
    public DbSet<NoticeObjection> NoticeObjections => Set<NoticeObjection>();

    partial void ConfigureDecisions(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AssistanceDecision>(e =>
        {
            e.ToTable("assistance_decisions");
            e.HasKey(d => d.Id);
            e.Property(d => d.OrganisationPath).HasMaxLength(200);
            e.HasIndex(d => d.OrganisationPath);
            // The caps read every decision of a household (or a non-archived case) and aid type.
            e.HasIndex(d => new { d.HouseholdId, d.AidType });
            e.HasIndex(d => new { d.RecipientReference, d.AidType });
            e.HasIndex(d => d.NoticeId);
            e.Property(d => d.RecipientReference).HasMaxLength(AssistanceDecision.MaxReferenceLength);
            e.Property(d => d.NonArchivedReason).HasMaxLength(AssistanceDecision.MaxReasonLength);
            e.Property(d => d.StudentReference).HasMaxLength(AssistanceDecision.MaxReferenceLength);
            e.Property(d => d.AidType).HasConversion<string>().HasMaxLength(30);
            e.Property(d => d.Source).HasConversion<string>().HasMaxLength(30);
            e.Property(d => d.Frequency).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.MeetingReference).HasMaxLength(AssistanceDecision.MaxReferenceLength);
            e.Property(d => d.CancelReason).HasMaxLength(AssistanceDecision.MaxReasonLength);
            e.Property(d => d.CreatedBy).HasMaxLength(200);
            e.Property(d => d.UpdatedBy).HasMaxLength(200);
            e.Ignore(d => d.Medical);
            e.Ignore(d => d.NonArchived);
            e.HasOne<FundAccount>().WithMany().HasForeignKey(d => d.SourceAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PublicNotice>().WithMany().HasForeignKey(d => d.NoticeId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(d => d.Instalments).WithOne().HasForeignKey(i => i.DecisionId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(d => d.Instalments).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<DecisionInstalment>(e =>
        {
            e.ToTable("decision_instalments");
            e.HasKey(i => new { i.DecisionId, i.Number });
        });
        modelBuilder.Entity<PublicNotice>(e =>
        {
            e.ToTable("public_notices");
            e.HasKey(n => n.Id);
            e.Property(n => n.OrganisationPath).HasMaxLength(200);
            e.HasIndex(n => n.OrganisationPath);
            e.Property(n => n.Place).HasMaxLength(PublicNotice.MaxPlaceLength);
            e.Property(n => n.CreatedBy).HasMaxLength(200);
            e.Property(n => n.UpdatedBy).HasMaxLength(200);
            e.HasMany(n => n.Objections).WithOne().HasForeignKey(o => o.NoticeId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(n => n.Objections).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<NoticeObjection>(e =>
        {
            e.ToTable("notice_objections");
            e.HasKey(o => o.Id);
            // The id is set by the domain: an objection added to a tracked notice is an insert, not an update.
            e.Property(o => o.Id).ValueGeneratedNever();
            e.HasIndex(o => o.DecisionId);
            e.Property(o => o.Text).HasMaxLength(PublicNotice.MaxTextLength);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.DecisionReason).HasMaxLength(AssistanceDecision.MaxReasonLength);
            e.Property(o => o.RecordedBy).HasMaxLength(200);
            e.Property(o => o.DecidedBy).HasMaxLength(200);
        });
    }
}
