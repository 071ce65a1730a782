using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;
using Union.Shared.Auth;
using Union.Shared.Messaging;
using Union.Shared.Persistence;

namespace Union.Funds.Persistence;

public abstract partial class FundsDbContext(DbContextOptions options, CallerContext caller, OutboxSignal outboxSignal)
    : UnionDbContext(options, caller, outboxSignal)
{
    public DbSet<FundAccount> Accounts => Set<FundAccount>();
    public DbSet<LedgerTransaction> LedgerTransactions => Set<LedgerTransaction>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<HouseholdStanding> HouseholdStandings => Set<HouseholdStanding>();
    public DbSet<StandingChange> StandingChanges => Set<StandingChange>();

    // Each area of funds maps its own entities in its own file (FundsDbContext.<Area>.cs).
    partial void ConfigureMovements(ModelBuilder modelBuilder);
    partial void ConfigureDecisions(ModelBuilder modelBuilder);
    partial void ConfigureAllocation(ModelBuilder modelBuilder);
    partial void ConfigureStandards(ModelBuilder modelBuilder);
    partial void ConfigureTranches(ModelBuilder modelBuilder);
    partial void ConfigureCalendar(ModelBuilder modelBuilder);
    partial void ConfigurePayments(ModelBuilder modelBuilder);
    partial void ConfigureConcurrency(ModelBuilder modelBuilder);
    partial void ConfigureGrades(ModelBuilder modelBuilder);

    // Kept for the saves that commit a transaction of this context's own (FundsDbContext.Concurrency.cs).
    private readonly OutboxSignal _outboxSignal = outboxSignal;

    protected override void ConfigureDomain(ModelBuilder modelBuilder)
    {
        ConfigureMovements(modelBuilder);
        ConfigureDecisions(modelBuilder);
        ConfigureAllocation(modelBuilder);
        ConfigureStandards(modelBuilder);
        ConfigureTranches(modelBuilder);
        ConfigureCalendar(modelBuilder);
        ConfigurePayments(modelBuilder);
        ConfigureConcurrency(modelBuilder);
        ConfigureGrades(modelBuilder);
        modelBuilder.Entity<FundAccount>(e =>
        {
            e.ToTable("fund_accounts");
            e.HasKey(a => a.Id);
            e.Property(a => a.OrganisationPath).HasMaxLength(200);
            // One earmarked account per organisation, fiscal year, fund source and special fund (专账),
            // and one external clearing account per organisation, year and source (FundsDbContext.Movements.cs).
            e.HasIndex(a => new { a.OrganisationPath, a.FiscalYear, a.Source, a.SpecialFund, a.Kind }).IsUnique();
            e.Property(a => a.Source).HasConversion<string>().HasMaxLength(30);
            e.Property(a => a.CreatedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<LedgerTransaction>(e =>
        {
            e.ToTable("ledger_transactions");
            e.HasKey(t => t.Id);
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
            // A transaction is reversed at most once; the database holds the line under races.
            e.HasIndex(t => t.ReversesTransactionId).IsUnique();
            e.HasOne<LedgerTransaction>().WithMany().HasForeignKey(t => t.ReversesTransactionId).OnDelete(DeleteBehavior.NoAction);
            e.Property(t => t.Memo).HasMaxLength(LedgerTransaction.MaxMemoLength);
            e.Property(t => t.PostedBy).HasMaxLength(200);
            e.Property(t => t.PostedByOrganisation).HasMaxLength(200);
            e.HasMany(t => t.Entries).WithOne().HasForeignKey(x => x.TransactionId).OnDelete(DeleteBehavior.Restrict);
            e.Navigation(t => t.Entries).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.TransactionId, x.Line }).IsUnique();
            // Balances are sums over an account's entries.
            e.HasIndex(x => x.AccountId);
            e.HasOne<FundAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.OrganisationPath).HasMaxLength(200);
            e.HasIndex(x => x.OrganisationPath);
        });
        modelBuilder.Entity<HouseholdStanding>(e =>
        {
            e.ToTable("household_standings");
            e.HasKey(h => h.HouseholdId);
            e.Property(h => h.HouseholdId).ValueGeneratedNever();
            e.Property(h => h.OrganisationPath).HasMaxLength(200);
            e.HasIndex(h => h.OrganisationPath);
            e.Property(h => h.ArchiveStatus).HasMaxLength(30);
            e.Property(h => h.Revision).IsConcurrencyToken();
            e.HasMany(h => h.Changes).WithOne().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(h => h.Changes).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<StandingChange>(e =>
        {
            e.ToTable("household_standing_changes");
            // One row per applied event: a second delivery of the same event cannot add another.
            e.HasKey(c => c.EventId);
            e.Property(c => c.EventId).ValueGeneratedNever();
            e.HasIndex(c => new { c.HouseholdId, c.OccurredAt });
            e.Property(c => c.EventType).HasMaxLength(200);
            e.Property(c => c.ArchiveStatus).HasMaxLength(30);
        });
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseLedgerEdits();
        HookBulkInserts();
        int written;
        bool hasEvents;
        try
        {
            await GuardLedgerAsync(cancellationToken);
            hasEvents = ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
            written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch
        {
            RestoreBulkInserts();
            await EndLockTransactionAsync(commit: false, cancellationToken);
            throw;
        }
        EndBulkSave();
        // A transaction begun here for the locks ends with the save that they guarded.
        var own = _lockTransaction is not null;
        await EndLockTransactionAsync(commit: true, cancellationToken);
        if (own && hasEvents) _outboxSignal.Notify();
        return written;
    }

    /// <summary>The ledger is append-only like the audit log: corrections are reversals, never edits.</summary>
    private void RefuseLedgerEdits()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is LedgerEntry or LedgerTransaction && (entry.State is EntityState.Modified or EntityState.Deleted))
                throw new InvalidOperationException(
                    $"{entry.Metadata.ClrType.Name} rows are append-only: correct a posting by a reversal, never by an edit or a delete.");
        }
    }
}

// One context type per provider, so each provider's migrations live in their own folder.
public sealed class FundsSqliteDbContext(DbContextOptions<FundsSqliteDbContext> options, CallerContext caller, OutboxSignal signal)
    : FundsDbContext(options, caller, signal);

public sealed class FundsPostgresDbContext(DbContextOptions<FundsPostgresDbContext> options, CallerContext caller, OutboxSignal signal)
    : FundsDbContext(options, caller, signal);

public sealed class FundsSqlServerDbContext(DbContextOptions<FundsSqlServerDbContext> options, CallerContext caller, OutboxSignal signal)
    : FundsDbContext(options, caller, signal);
