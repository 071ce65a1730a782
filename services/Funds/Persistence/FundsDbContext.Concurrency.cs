using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Union.Funds.Domain;
using Union.Shared.Errors;

namespace Union.Funds.Persistence;

/// <summary>
/// A row that writers of one thing take in turn (e.g. one organisation's ledger of one fiscal
/// year, or one household's living-aid cap of one year). Taking it upserts the row and raises its
/// version inside the writer's transaction, so the database's row lock makes the next writer of
/// the same key wait until the first commits; the next one then reads what the first wrote. This
/// works alike on SQLite (one writer at a time anyway), PostgreSQL and SQL Server at their default
/// READ COMMITTED level, with no serialisable transactions and no retries.
/// </summary>
public sealed class WriteLock
{
    public const int MaxKeyLength = 300;

    public string Key { get; private set; } = string.Empty;
    /// <summary>How many times the lock was taken; a concurrency token, so an EF update of the row would also notice a race.</summary>
    public long Version { get; private set; }
    public DateTime TakenAt { get; private set; }

    private WriteLock() { }
}

// Race-free checks: the ledger's balance and closed-year checks and the aid caps (issue 7).
public abstract partial class FundsDbContext
{
    public DbSet<WriteLock> WriteLocks => Set<WriteLock>();

    /// <summary>The transaction this context began to hold its locks; committed by the next successful save.</summary>
    private IDbContextTransaction? _lockTransaction;
    /// <summary>The transaction the held keys belong to: locks end with it.</summary>
    private IDbContextTransaction? _lockedIn;
    private readonly HashSet<string> _heldLocks = new(StringComparer.Ordinal);
    /// <summary>Accounts whose balance the next save must leave at zero or above.</summary>
    private readonly HashSet<Guid> _keepCovered = [];

    partial void ConfigureConcurrency(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WriteLock>(e =>
        {
            e.ToTable("write_locks");
            e.HasKey(l => l.Key);
            e.Property(l => l.Key).HasMaxLength(WriteLock.MaxKeyLength);
            e.Property(l => l.Version).IsConcurrencyToken();
        });
    }

    /// <summary>The lock of one organisation's ledger for one fiscal year: every posting into its accounts and the year's close take it.</summary>
    public static string LedgerYearKey(string organisationPath, int fiscalYear) =>
        $"ledger|{organisationPath}|{fiscalYear.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Takes the keys' locks (in key order, so two writers never wait on each other crosswise) in the
    /// current transaction, or in one this context begins and the next save commits. Read what the
    /// decision depends on after this: it then includes everything committed before.
    /// </summary>
    public async Task LockAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is null || !ReferenceEquals(Database.CurrentTransaction, _lockedIn)) _heldLocks.Clear();
        var wanted = keys.Distinct(StringComparer.Ordinal).Where(k => !_heldLocks.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return;
        if (wanted.Any(k => k.Length > WriteLock.MaxKeyLength)) throw new ArgumentException("A lock key is too long.", nameof(keys));
        if (Database.CurrentTransaction is null) _lockTransaction = await Database.BeginTransactionAsync(cancellationToken);
        _lockedIn = Database.CurrentTransaction;
        var now = DateTime.UtcNow;
        foreach (var key in wanted)
        {
            // One statement that inserts the row or raises its version; either way the row stays locked until commit.
            if (Database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer")
                await Database.ExecuteSqlAsync($"""
                    MERGE [write_locks] WITH (HOLDLOCK) AS t USING (SELECT {key} AS [Key]) AS s ON t.[Key] = s.[Key]
                    WHEN MATCHED THEN UPDATE SET [Version] = t.[Version] + 1, [TakenAt] = {now}
                    WHEN NOT MATCHED THEN INSERT ([Key], [Version], [TakenAt]) VALUES ({key}, 1, {now});
                    """, cancellationToken);
            else
                await Database.ExecuteSqlAsync($"""
                    INSERT INTO "write_locks" ("Key", "Version", "TakenAt") VALUES ({key}, 1, {now})
                    ON CONFLICT ("Key") DO UPDATE SET "Version" = "write_locks"."Version" + 1, "TakenAt" = excluded."TakenAt"
                    """, cancellationToken);
            _heldLocks.Add(key);
        }
    }

    /// <summary>Takes the ledger locks of organisations' fiscal years (the close takes its year's before reading the balances).</summary>
    public Task LockLedgerYearsAsync(IEnumerable<(string OrganisationPath, int FiscalYear)> years, CancellationToken cancellationToken) =>
        LockAsync(years.Select(y => LedgerYearKey(y.OrganisationPath, y.FiscalYear)), cancellationToken);

    /// <summary>
    /// Asks the next save to refuse with INSUFFICIENT_BALANCE when the account's balance after the
    /// staged entries would be below zero. The check runs under the account's ledger-year lock, so
    /// two postings racing for the same money cannot both pass it.
    /// </summary>
    public void KeepCovered(Guid accountId) => _keepCovered.Add(accountId);

    /// <summary>
    /// Before the ledger's rows are written: takes the ledger-year lock of every account an entry
    /// is staged for, then (now that every earlier posting and close is committed and visible)
    /// refuses entries into a closed year and balances that would go below zero where asked.
    /// </summary>
    private async Task GuardLedgerAsync(CancellationToken cancellationToken)
    {
        _bulkSave = false;
        var added = AddedLedgerEntries();
        if (added.Count == 0) return;
        var accountIds = added.Select(e => e.AccountId).Distinct().ToList();
        var staged = Accounts.Local.Where(a => accountIds.Contains(a.Id)).Select(a => (a.OrganisationPath, a.FiscalYear));
        var stored = (await Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .Select(a => new { a.OrganisationPath, a.FiscalYear }).ToListAsync(cancellationToken)).Select(a => (a.OrganisationPath, a.FiscalYear));
        var years = staged.Concat(stored).Distinct().ToList();

        await LockLedgerYearsAsync(years, cancellationToken);
        await RefuseClosedYearsAsync(years, cancellationToken);
        // On SQLite the save writes the ledger rows itself, in the transaction that now holds the locks (FundsDbContext.BulkInsert.cs).
        _bulkSave = IsSqlite;

        var deltas = added.GroupBy(e => e.AccountId).ToDictionary(g => g.Key, g => g.Sum(e => e.AmountFen));
        foreach (var (accountId, delta) in deltas.Where(d => d.Value < 0 && _keepCovered.Contains(d.Key)).OrderBy(d => d.Key))
        {
            var balance = await LedgerEntries.IgnoreQueryFilters().Where(e => e.AccountId == accountId).SumAsync(e => e.AmountFen, cancellationToken);
            if (balance + delta < 0)
                throw new DomainRuleException("INSUFFICIENT_BALANCE", "专账余额不足",
                    new Dictionary<string, string>
                    {
                        ["account_id"] = accountId.ToString(),
                        ["balance_fen"] = balance.ToString(CultureInfo.InvariantCulture),
                        ["needed_fen"] = (-delta).ToString(CultureInfo.InvariantCulture),
                    });
        }
    }

    /// <summary>Commits the transaction this context began for its locks, or rolls it back when the save failed.</summary>
    private async Task EndLockTransactionAsync(bool commit, CancellationToken cancellationToken)
    {
        _keepCovered.Clear();
        if (_lockTransaction is null) return;
        var transaction = _lockTransaction;
        _lockTransaction = null;
        _lockedIn = null;
        _heldLocks.Clear();
        try
        {
            if (commit) await transaction.CommitAsync(cancellationToken);
            else await transaction.RollbackAsync(CancellationToken.None);
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }
}
