using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;
using Union.Shared.Errors;

namespace Union.Funds.Persistence;

// Sources, accounts and money movements (003 §二(一)) and the year end (000 §四(三), 002 指标10).
public abstract partial class FundsDbContext
{
    public DbSet<FundMovement> FundMovements => Set<FundMovement>();
    public DbSet<FiscalYearClosing> FiscalYearClosings => Set<FiscalYearClosing>();
    public DbSet<UseDeadline> UseDeadlines => Set<UseDeadline>();

    partial void ConfigureMovements(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FundAccount>(e =>
        {
            // Empty is the source's general account: never null, so the unique index holds on every provider.
            e.Property(a => a.SpecialFund).HasMaxLength(FundAccount.MaxSpecialFundLength).HasDefaultValue(string.Empty);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20).HasDefaultValue(AccountKind.Earmarked).HasSentinel(AccountKind.Earmarked);
        });
        modelBuilder.Entity<FundMovement>(e =>
        {
            e.ToTable("fund_movements");
            e.HasKey(m => m.Id);
            e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Source).HasConversion<string>().HasMaxLength(30);
            e.Property(m => m.OrganisationPath).HasMaxLength(200);
            e.Property(m => m.PayerPath).HasMaxLength(200);
            e.Property(m => m.SpecialFund).HasMaxLength(FundAccount.MaxSpecialFundLength);
            e.Property(m => m.ExternalPayer).HasMaxLength(FundMovement.MaxPayerLength);
            e.Property(m => m.Reference).HasMaxLength(FundMovement.MaxReferenceLength);
            e.Property(m => m.Memo).HasMaxLength(LedgerTransaction.MaxMemoLength);
            e.Property(m => m.RecordedBy).HasMaxLength(200);
            e.HasIndex(m => new { m.OrganisationPath, m.FiscalYear, m.Kind });
            e.HasIndex(m => m.PayerPath);
            e.HasIndex(m => m.FromAccountId);
            e.HasIndex(m => m.ToAccountId);
            // A carry-over transaction holds many movements; a receipt or transfer one.
            e.HasIndex(m => m.TransactionId);
            e.HasOne<FundAccount>().WithMany().HasForeignKey(m => m.FromAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<FundAccount>().WithMany().HasForeignKey(m => m.ToAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<LedgerTransaction>().WithMany().HasForeignKey(m => m.TransactionId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<FiscalYearClosing>(e =>
        {
            e.ToTable("fiscal_year_closings");
            e.HasKey(c => c.Id);
            e.Property(c => c.OrganisationPath).HasMaxLength(200);
            // A year is closed once per organisation.
            e.HasIndex(c => new { c.OrganisationPath, c.FiscalYear }).IsUnique();
            e.Property(c => c.ClosedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<UseDeadline>(e =>
        {
            e.ToTable("use_deadlines");
            e.HasKey(d => d.Id);
            e.Property(d => d.OrganisationPath).HasMaxLength(200);
            e.Property(d => d.Source).HasConversion<string>().HasMaxLength(30);
            e.HasIndex(d => new { d.OrganisationPath, d.Source, d.FiscalYear }).IsUnique();
            e.Property(d => d.SetBy).HasMaxLength(200);
        });
    }

    /// <summary>Refuses with FISCAL_YEAR_CLOSED when any of the organisations' years is closed.</summary>
    public async Task RefuseClosedYearsAsync(IEnumerable<(string OrganisationPath, int FiscalYear)> years, CancellationToken cancellationToken)
    {
        foreach (var (path, year) in years.Distinct())
        {
            if (await FiscalYearClosings.IgnoreQueryFilters().AnyAsync(c => c.OrganisationPath == path && c.FiscalYear == year, cancellationToken))
                throw new DomainRuleException("FISCAL_YEAR_CLOSED", $"{year}年度已结账，不能再记账或冲销",
                    new Dictionary<string, string>
                    {
                        ["organisation_path"] = path,
                        ["fiscal_year"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    });
        }
    }
}
