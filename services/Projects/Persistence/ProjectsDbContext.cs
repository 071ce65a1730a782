using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Union.Projects.Domain;
using Union.Shared.Auth;
using Union.Shared.Messaging;
using Union.Shared.Persistence;

namespace Union.Projects.Persistence;

public abstract class ProjectsDbContext(DbContextOptions options, CallerContext caller, OutboxSignal outboxSignal)
    : UnionDbContext(options, caller, outboxSignal)
{
    /// <summary>The name of the index that holds one application per category per applicant per round.</summary>
    public const string OnePerRoundIndex = "IX_projects_round_applicant_category";

    /// <summary>
    /// Projects with their owned lists (budget, milestones, responsibilities, scores, archive), each
    /// list in its own query: one joined query would multiply the lists' rows by each other.
    /// Add new projects with <c>Add</c>.
    /// </summary>
    public IQueryable<Project> Projects => Set<Project>().AsSplitQuery();
    public DbSet<FundingRound> Rounds => Set<FundingRound>();
    public DbSet<FunderRules> FunderRules => Set<FunderRules>();
    public DbSet<ApprovalDecision> Decisions => Set<ApprovalDecision>();
    public DbSet<ProjectForm> Forms => Set<ProjectForm>();
    public DbSet<Adjustment> Adjustments => Set<Adjustment>();
    public DbSet<Inspection> Inspections => Set<Inspection>();
    public DbSet<Rectification> Rectifications => Set<Rectification>();
    public DbSet<SpotCheck> SpotChecks => Set<SpotCheck>();
    public DbSet<WorkerSurvey> Surveys => Set<WorkerSurvey>();

    /// <summary>The funder's rules, or the plan's defaults when it has set none.</summary>
    public async Task<FunderRules> RulesOfAsync(string funderPath, CancellationToken cancellationToken) =>
        await FunderRules.AsNoTracking().FirstOrDefaultAsync(r => r.FunderPath == funderPath, cancellationToken)
        ?? Domain.FunderRules.Defaults(funderPath);

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Project>(e =>
        {
            e.ToTable("projects");
            e.HasKey(p => p.Id);
            Path(e.Property(p => p.OrganisationPath));
            Path(e.Property(p => p.FunderPath));
            e.HasIndex(p => p.OrganisationPath);
            e.HasIndex(p => new { p.FunderPath, p.Year });
            e.HasIndex(p => new { p.Year, p.Status });
            e.Property(p => p.Version).IsConcurrencyToken();
            Enum(e.Property(p => p.Category));
            Enum(e.Property(p => p.Subcategory));
            Enum(e.Property(p => p.Kind));
            Enum(e.Property(p => p.Level));
            Enum(e.Property(p => p.Status));
            e.Property(p => p.Title).HasMaxLength(100);
            e.Property(p => p.Background).HasMaxLength(4000);
            e.Property(p => p.Safeguards).HasMaxLength(2000);
            e.Property(p => p.RejectionReason).HasMaxLength(500);
            e.Property(p => p.PaperCopySignedBy).HasMaxLength(50);
            Actor(e.Property(p => p.CreatedBy));
            Actor(e.Property(p => p.UpdatedBy));
            e.ComplexProperty(p => p.Content, c =>
            {
                c.Property(x => x.ServedGroups).HasMaxLength(1000).HasColumnName("ServedGroups");
                c.Property(x => x.ServiceMethod).HasMaxLength(1000).HasColumnName("ServiceMethod");
                c.Property(x => x.Targets).HasMaxLength(1000).HasColumnName("ContentTargets");
                c.Property(x => x.Standards).HasMaxLength(1000).HasColumnName("Standards");
                c.Property(x => x.Scope).HasMaxLength(1000).HasColumnName("Scope");
            });
            e.ComplexProperty(p => p.Targets, c =>
            {
                c.Property(x => x.WorkersCovered).HasColumnName("WorkersCovered");
                c.Property(x => x.WorkersDirectlyServed).HasColumnName("WorkersDirectlyServed");
                c.Property(x => x.SatisfactionPercent).HasColumnName("SatisfactionPercent");
            });
            e.ComplexProperty(p => p.Contact, c =>
            {
                c.Property(x => x.Name).HasMaxLength(50).HasColumnName("ContactName");
                c.Property(x => x.Phone).HasMaxLength(30).HasColumnName("ContactPhone");
                c.Property(x => x.Email).HasMaxLength(100).HasColumnName("ContactEmail");
            });
            e.OwnsOne(p => p.FinalAccounts, f =>
            {
                f.Property(x => x.SpentTotalFen).HasColumnName("FinalSpentTotalFen");
                f.Property(x => x.SpentSubsidyFen).HasColumnName("FinalSpentSubsidyFen");
                f.Property(x => x.ReturnedSubsidyFen).HasColumnName("FinalReturnedSubsidyFen");
                f.Property(x => x.ReportReference).HasMaxLength(100).HasColumnName("FinalReportReference");
                f.Property(x => x.ReportedOn).HasColumnName("FinalReportedOn");
            });

            // One application per category per applicant per round (000_001fd36b94af060d.txt,
            // 四（一）1: "在每次申报中同类项目只填写一份申报书，申报一次"), held by the database so that two
            // calls racing each other cannot both win. An emergency round is one event's round, so
            // the same rule holds there.
            e.HasIndex(p => new { p.RoundId, p.OrganisationPath, p.Category }).IsUnique().HasDatabaseName(OnePerRoundIndex);

            e.OwnsMany(p => p.Budget, b =>
            {
                b.ToTable("project_budget_lines");
                b.WithOwner().HasForeignKey("ProjectId");
                // One line per fund source: the key says so to the database as well.
                b.HasKey("ProjectId", nameof(BudgetLine.Source));
                Enum(b.Property(l => l.Source));
            });
            e.Navigation(p => p.Budget).HasField("_budget").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.OwnsMany(p => p.Milestones, m =>
            {
                m.ToTable("project_milestones");
                m.WithOwner().HasForeignKey("ProjectId");
                m.HasKey("ProjectId", nameof(Milestone.Number));
                m.Property(x => x.Description).HasMaxLength(500);
                m.Property(x => x.ProgressNote).HasMaxLength(500);
            });
            e.Navigation(p => p.Milestones).HasField("_milestones").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.OwnsMany(p => p.Responsibilities, r =>
            {
                r.ToTable("project_responsibilities");
                r.WithOwner().HasForeignKey("ProjectId");
                r.HasKey("ProjectId", nameof(Responsibility.Number));
                r.Property(x => x.Role).HasMaxLength(50);
                r.Property(x => x.Person).HasMaxLength(100);
            });
            e.Navigation(p => p.Responsibilities).HasField("_responsibilities").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.OwnsMany(p => p.ReviewScores, s =>
            {
                s.ToTable("project_review_scores");
                s.WithOwner().HasForeignKey("ProjectId");
                s.HasKey("ProjectId", nameof(ReviewScore.ReviewerSubject));
                Actor(s.Property(x => x.ReviewerSubject));
                s.Property(x => x.ReviewerName).HasMaxLength(50);
                s.Property(x => x.Comments).HasMaxLength(1000);
            });
            e.Navigation(p => p.ReviewScores).HasField("_reviewScores").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.OwnsMany(p => p.Archive, d =>
            {
                d.ToTable("project_archive_documents");
                d.WithOwner().HasForeignKey("ProjectId");
                d.HasKey("ProjectId", nameof(ArchiveDocument.Kind));
                Enum(d.Property(x => x.Kind));
                d.Property(x => x.Reference).HasMaxLength(200);
                Actor(d.Property(x => x.RecordedBy));
            });
            e.Navigation(p => p.Archive).HasField("_archive").UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<FundingRound>(e =>
        {
            e.ToTable("project_rounds");
            e.HasKey(r => r.Id);
            Path(e.Property(r => r.FunderPath));
            e.HasIndex(r => new { r.FunderPath, r.Year });
            Enum(e.Property(r => r.Kind));
            e.Property(r => r.EmergencyEvent).HasMaxLength(200);
            e.Property(r => r.Title).HasMaxLength(100);
            Actor(e.Property(r => r.CreatedBy));
            Actor(e.Property(r => r.UpdatedBy));
            Weights(e.ComplexProperty(r => r.Weights));
            e.OwnsMany(r => r.Reviewers, v =>
            {
                v.ToTable("project_round_reviewers");
                v.WithOwner().HasForeignKey("RoundId");
                v.HasKey("RoundId", nameof(RoundReviewer.Subject));
                Actor(v.Property(x => x.Subject));
                v.Property(x => x.Name).HasMaxLength(50);
                Path(v.Property(x => x.OrganisationPath));
            });
            e.Navigation(r => r.Reviewers).HasField("_reviewers").UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<FunderRules>(e =>
        {
            e.ToTable("project_funder_rules");
            e.HasKey(r => r.FunderPath);
            Path(e.Property(r => r.FunderPath));
            Actor(e.Property(r => r.UpdatedBy));
            Weights(e.ComplexProperty(r => r.ReviewWeights));
        });

        modelBuilder.Entity<ApprovalDecision>(e =>
        {
            e.ToTable("project_decisions");
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.RoundId);
            Path(e.Property(d => d.FunderPath));
            Enum(e.Property(d => d.Body));
            e.Property(d => d.MeetingReference).HasMaxLength(100);
            Actor(e.Property(d => d.CreatedBy));
            e.OwnsMany(d => d.Lines, l =>
            {
                l.ToTable("project_decision_lines");
                l.WithOwner().HasForeignKey("DecisionId");
                l.HasKey("DecisionId", nameof(DecisionLine.ProjectId));
                l.Property(x => x.Reason).HasMaxLength(500);
            });
            e.Navigation(d => d.Lines).HasField("_lines").UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<ProjectForm>(e =>
        {
            e.ToTable("project_forms");
            e.HasKey(f => f.Id);
            e.HasIndex(f => new { f.ProjectId, f.Kind });
            Path(e.Property(f => f.OrganisationPath));
            e.HasIndex(f => f.OrganisationPath);
            e.Property(f => f.Version).IsConcurrencyToken();
            Enum(e.Property(f => f.Kind));
            Enum(e.Property(f => f.Status));
            e.Property(f => f.DecisionComment).HasMaxLength(1000);
            Actor(e.Property(f => f.CreatedBy));
            Actor(e.Property(f => f.UpdatedBy));
            e.OwnsOne(f => f.Launch, l =>
            {
                l.Property(x => x.StartsOn).HasColumnName("LaunchStartsOn");
                l.Property(x => x.EndsOn).HasColumnName("LaunchEndsOn");
                l.Property(x => x.Overview).HasMaxLength(2000).HasColumnName("LaunchOverview");
                l.Property(x => x.Plan).HasMaxLength(2000).HasColumnName("LaunchPlan");
                l.Property(x => x.BudgetDetail).HasMaxLength(2000).HasColumnName("LaunchBudgetDetail");
                l.Property(x => x.SubsidyDetail).HasMaxLength(2000).HasColumnName("LaunchSubsidyDetail");
            });
            e.OwnsOne(f => f.MidTerm, m =>
            {
                m.Property(x => x.SpentTotalFen).HasColumnName("MidTermSpentTotalFen");
                m.Property(x => x.SpentSubsidyFen).HasColumnName("MidTermSpentSubsidyFen");
                m.Property(x => x.Progress).HasMaxLength(2000).HasColumnName("MidTermProgress");
                m.Property(x => x.SpendingDetail).HasMaxLength(2000).HasColumnName("MidTermSpendingDetail");
                m.Property(x => x.PlannedAcceptanceOn).HasColumnName("MidTermPlannedAcceptanceOn");
            });
            e.OwnsOne(f => f.Acceptance, a =>
            {
                a.Property(x => x.Completion).HasMaxLength(2000).HasColumnName("AcceptanceCompletion");
                a.Property(x => x.SpentTotalFen).HasColumnName("AcceptanceSpentTotalFen");
                a.Property(x => x.SpentSubsidyFen).HasColumnName("AcceptanceSpentSubsidyFen");
                a.Property(x => x.WorkersCovered).HasColumnName("AcceptanceWorkersCovered");
                a.Property(x => x.WorkersDirectlyServed).HasColumnName("AcceptanceWorkersDirectlyServed");
                a.Property(x => x.SatisfactionPercent).HasColumnName("AcceptanceSatisfactionPercent");
                a.Property(x => x.Effect).HasMaxLength(2000).HasColumnName("AcceptanceEffect");
            });
            e.OwnsMany(f => f.Signatures, s =>
            {
                s.ToTable("project_form_signatures");
                s.WithOwner().HasForeignKey("FormId");
                s.HasKey("FormId", nameof(Signature.Level));
                Enum(s.Property(x => x.Level));
                s.Property(x => x.SignerName).HasMaxLength(50);
                Actor(s.Property(x => x.SignedBy));
                s.Property(x => x.Opinion).HasMaxLength(500);
            });
            e.Navigation(f => f.Signatures).HasField("_signatures").UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<Adjustment>(e =>
        {
            e.ToTable("project_adjustments");
            e.HasKey(a => a.Id);
            e.HasIndex(a => a.ProjectId);
            Path(e.Property(a => a.OrganisationPath));
            Path(e.Property(a => a.FiledWith));
            Enum(e.Property(a => a.Status));
            e.Property(a => a.Reason).HasMaxLength(1000);
            e.Property(a => a.ChangedElements).HasMaxLength(1000);
            e.Property(a => a.MeetingReference).HasMaxLength(100);
            e.Property(a => a.ProvinceReference).HasMaxLength(100);
            e.Property(a => a.Comment).HasMaxLength(1000);
            Actor(e.Property(a => a.CreatedBy));
            Actor(e.Property(a => a.UpdatedBy));
        });

        modelBuilder.Entity<Inspection>(e =>
        {
            e.ToTable("project_inspections");
            e.HasKey(i => i.Id);
            e.HasIndex(i => i.ProjectId);
            Path(e.Property(i => i.OrganisationPath));
            Enum(e.Property(i => i.Kind));
            e.Property(i => i.Inspectors).HasMaxLength(200);
            e.Property(i => i.Summary).HasMaxLength(2000);
            Actor(e.Property(i => i.CreatedBy));
        });

        modelBuilder.Entity<Rectification>(e =>
        {
            e.ToTable("project_rectifications");
            e.HasKey(r => r.Id);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasIndex(r => r.ProjectId);
            Path(e.Property(r => r.OrganisationPath));
            e.HasIndex(r => r.OrganisationPath);
            Enum(e.Property(r => r.Source));
            e.Property(r => r.Finding).HasMaxLength(1000);
            e.Property(r => r.Resolution).HasMaxLength(1000);
            Actor(e.Property(r => r.CreatedBy));
            Actor(e.Property(r => r.UpdatedBy));
        });

        modelBuilder.Entity<SpotCheck>(e =>
        {
            e.ToTable("project_spot_checks");
            e.HasKey(s => s.Id);
            Path(e.Property(s => s.OrganisationPath));
            Actor(e.Property(s => s.DrawnBy));
            e.PrimitiveCollection(s => s.ProjectIds).HasField("_projectIds").UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<WorkerSurvey>(e =>
        {
            e.ToTable("project_worker_surveys");
            e.HasKey(s => s.Id);
            e.HasIndex(s => s.ProjectId);
            Path(e.Property(s => s.OrganisationPath));
            Enum(e.Property(s => s.Method));
            e.Property(s => s.Comments).HasMaxLength(1000);
            Actor(e.Property(s => s.RecordedBy));
        });
    }

    private static void Path(PropertyBuilder<string> property) => property.HasMaxLength(200);

    private static void Actor(PropertyBuilder<string> property) => property.HasMaxLength(200);

    /// <summary>Enums are stored by name: readable in the database and safe when members are added.</summary>
    private static void Enum<TEnum>(PropertyBuilder<TEnum> property) => property.HasConversion<string>().HasMaxLength(40);

    private static void Weights(ComplexPropertyBuilder<ReviewWeights> weights)
    {
        weights.Property(w => w.Necessity).HasColumnName("WeightNecessity");
        weights.Property(w => w.Feasibility).HasColumnName("WeightFeasibility");
        weights.Property(w => w.Prospects).HasColumnName("WeightProspects");
    }
}

// One context type per provider, so each provider's migrations live in their own folder.
public sealed class ProjectsSqliteDbContext(DbContextOptions<ProjectsSqliteDbContext> options, CallerContext caller, OutboxSignal signal)
    : ProjectsDbContext(options, caller, signal);

public sealed class ProjectsPostgresDbContext(DbContextOptions<ProjectsPostgresDbContext> options, CallerContext caller, OutboxSignal signal)
    : ProjectsDbContext(options, caller, signal);

public sealed class ProjectsSqlServerDbContext(DbContextOptions<ProjectsSqlServerDbContext> options, CallerContext caller, OutboxSignal signal)
    : ProjectsDbContext(options, caller, signal);
