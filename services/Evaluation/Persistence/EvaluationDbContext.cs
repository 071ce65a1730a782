using Microsoft.EntityFrameworkCore;
using Union.Evaluation.Domain;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Domain.Templates;
using Union.Shared.Auth;
using Union.Shared.Messaging;
using Union.Shared.Persistence;

namespace Union.Evaluation.Persistence;

public abstract class EvaluationDbContext(DbContextOptions options, CallerContext caller, OutboxSignal outboxSignal)
    : UnionDbContext(options, caller, outboxSignal)
{
    public DbSet<PerformanceEvaluation> Evaluations => Set<PerformanceEvaluation>();
    public DbSet<KnownProject> KnownProjects => Set<KnownProject>();
    public DbSet<IndicatorTemplate> Templates => Set<IndicatorTemplate>();
    public DbSet<DecisionFact> DecisionFacts => Set<DecisionFact>();
    public DbSet<PaymentFact> PaymentFacts => Set<PaymentFact>();
    public DbSet<AllocationFact> AllocationFacts => Set<AllocationFact>();
    public DbSet<HouseholdFact> HouseholdFacts => Set<HouseholdFact>();
    public DbSet<VisitFact> VisitFacts => Set<VisitFact>();
    public DbSet<CampaignWindowSetting> CampaignWindows => Set<CampaignWindowSetting>();

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PerformanceEvaluation>(e =>
        {
            e.ToTable("evaluations");
            e.HasKey(v => v.Id);
            e.Property(v => v.OrganisationPath).HasMaxLength(200);
            e.HasIndex(v => v.OrganisationPath);
            e.Property(v => v.SubjectKind).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.SubjectId).HasMaxLength(64);
            e.Property(v => v.SubjectKey).HasMaxLength(250);
            // One evaluation per subject per year, enforced by the database on every provider.
            e.HasIndex(v => new { v.SubjectKey, v.Year }).IsUnique();
            e.Property(v => v.SubjectTitle).HasMaxLength(200);
            e.Property(v => v.IndicatorSystem).HasMaxLength(50);
            e.Property(v => v.Stage).HasConversion<string>().HasMaxLength(30);
            e.Property(v => v.CreatedBy).HasMaxLength(200);
            e.Property(v => v.UpdatedBy).HasMaxLength(200);
            // The process document (scores, report, field work, issues, history) is read whole.
            e.Ignore(v => v.Process);
            e.Property(v => v.Revision).IsConcurrencyToken();
            e.Property(v => v.FinalScore).HasPrecision(9, 2);
            e.Property(v => v.Grade).HasMaxLength(20);
            e.HasIndex(v => v.Year);
        });
        // Read models of funds' and archives' facts (Domain/Operational): keyed by the publisher's id.
        modelBuilder.Entity<DecisionFact>(e =>
        {
            e.ToTable("decision_facts");
            e.HasKey(d => d.DecisionId);
            e.Property(d => d.DecisionId).ValueGeneratedNever();
            e.Property(d => d.OrganisationPath).HasMaxLength(200);
            e.HasIndex(d => d.OrganisationPath);
            e.Property(d => d.HouseholdId).HasMaxLength(64);
            e.Property(d => d.AidType).HasMaxLength(30);
            e.Property(d => d.Frequency).HasMaxLength(20);
        });
        modelBuilder.Entity<PaymentFact>(e =>
        {
            e.ToTable("payment_facts");
            e.HasKey(p => p.PaymentId);
            e.Property(p => p.PaymentId).ValueGeneratedNever();
            e.Property(p => p.OrganisationPath).HasMaxLength(200);
            e.HasIndex(p => p.OrganisationPath);
            e.Property(p => p.HouseholdId).HasMaxLength(64);
            e.Property(p => p.AidType).HasMaxLength(30);
            e.Property(p => p.Status).HasMaxLength(20);
        });
        modelBuilder.Entity<AllocationFact>(e =>
        {
            e.ToTable("allocation_facts");
            e.HasKey(a => new { a.RunId, a.OrganisationPath });
            e.Property(a => a.OrganisationPath).HasMaxLength(200);
        });
        modelBuilder.Entity<HouseholdFact>(e =>
        {
            e.ToTable("household_facts");
            e.HasKey(h => h.HouseholdId);
            e.Property(h => h.HouseholdId).ValueGeneratedNever();
            e.Property(h => h.OrganisationPath).HasMaxLength(200);
            e.HasIndex(h => h.OrganisationPath);
        });
        modelBuilder.Entity<VisitFact>(e =>
        {
            e.ToTable("visit_facts");
            e.HasKey(v => v.VisitId);
            e.Property(v => v.VisitId).ValueGeneratedNever();
            e.Property(v => v.OrganisationPath).HasMaxLength(200);
            e.HasIndex(v => new { v.OrganisationPath, v.VisitedOn });
            e.Property(v => v.Kind).HasMaxLength(30);
        });
        modelBuilder.Entity<CampaignWindowSetting>(e =>
        {
            e.ToTable("campaign_windows");
            e.HasKey(w => w.Id);
            e.Property(w => w.OrganisationPath).HasMaxLength(200);
            e.HasIndex(w => new { w.OrganisationPath, w.Year, w.Name }).IsUnique();
            e.Property(w => w.Name).HasMaxLength(Domain.Operational.CampaignWindowRules.MaxNameLength);
            e.Property(w => w.SetBy).HasMaxLength(200);
        });
        modelBuilder.Entity<KnownProject>(e =>
        {
            e.ToTable("known_projects");
            e.HasKey(p => p.ProjectId);
            e.Property(p => p.ProjectId).ValueGeneratedNever();
            e.Property(p => p.OrganisationPath).HasMaxLength(200);
            e.HasIndex(p => p.OrganisationPath);
            e.Property(p => p.Category).HasMaxLength(50);
            e.Property(p => p.Title).HasMaxLength(200);
        });
        modelBuilder.Entity<IndicatorTemplate>(e =>
        {
            e.ToTable("indicator_templates");
            e.HasKey(t => t.Id);
            e.Property(t => t.Code).HasMaxLength(50);
            // A version is stored once: two saves of the same next version race, one loses.
            e.HasIndex(t => new { t.Code, t.Version }).IsUnique();
            e.Property(t => t.Name).HasMaxLength(TemplateRules.MaxNameLength);
            e.Property(t => t.Source).HasMaxLength(TemplateRules.MaxNameLength);
            e.Property(t => t.TotalPoints).HasPrecision(9, 2);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.CreatedBy).HasMaxLength(200);
            e.Property(t => t.RetiredBy).HasMaxLength(200);
            e.Property(t => t.RetireReason).HasMaxLength(500);
            e.Ignore(t => t.Tree);
            e.Ignore(t => t.Bindings);
            e.Ignore(t => t.Content);
        });
    }
}

// One context type per provider, so each provider's migrations live in their own folder.
public sealed class EvaluationSqliteDbContext(DbContextOptions<EvaluationSqliteDbContext> options, CallerContext caller, OutboxSignal signal)
    : EvaluationDbContext(options, caller, signal);

public sealed class EvaluationPostgresDbContext(DbContextOptions<EvaluationPostgresDbContext> options, CallerContext caller, OutboxSignal signal)
    : EvaluationDbContext(options, caller, signal);

public sealed class EvaluationSqlServerDbContext(DbContextOptions<EvaluationSqlServerDbContext> options, CallerContext caller, OutboxSignal signal)
    : EvaluationDbContext(options, caller, signal);
