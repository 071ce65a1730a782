using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Union.Funds.Domain;
using Union.Shared.Persistence;

namespace Union.Funds.Persistence;

/// <summary>
/// Postings on SQLite written by prepared statements. EF Core's SQLite provider sends one new,
/// unprepared statement per inserted row and pushes each row through its update pipeline (command
/// sorting, SQL generation, a reader for the row count): exporting a payment batch inserts four
/// ledger and payment rows and four audit rows per payment, and that per-row cost made a
/// 100,000-payment batch take about eleven times as long as inserting the same rows directly
/// (bench/README.md). Here the new rows of the append-only tables (ledger transactions and entries,
/// payments, and the audit entries the save just wrote for every change) go through one prepared
/// INSERT per table, in the save's own transaction, after the ledger guard has taken its locks and
/// made its checks. Nothing else changes: every rule is checked as before, every row is audited
/// as before, and the unique indexes (a payment per instalment and attempt, a reversal per
/// transaction) refuse a duplicate as before, as a <see cref="DbUpdateException"/>.
/// PostgreSQL and SQL Server batch many rows per round trip already and keep EF's path.
/// <para>
/// Rows written this way need not be tracked at all: tracking costs more than writing them (EF
/// attaches, snapshots and fixes up every row, and detects changes over all of them). So on
/// SQLite the postings of a payment batch (<see cref="StagePosting"/>) and the save's audit rows
/// are held here instead of in the change tracker; the guard, the audit log and the insert see
/// them as they see tracked ones.
/// </para>
/// </summary>
public abstract partial class FundsDbContext
{
    private bool _bulkHooked;
    /// <summary>Whether this save writes its postings by prepared statements: set by the guard once it holds the locks.</summary>
    private bool _bulkSave;
    /// <summary>Postings staged without tracking (SQLite only), written by the next save.</summary>
    private readonly List<LedgerTransaction> _stagedPostings = [];
    /// <summary>The audit rows of this save, held for the prepared insert instead of tracked.</summary>
    private IReadOnlyList<AuditEntry>? _bulkAudit;
    /// <summary>Rows this save wrote itself, put back to Added if the rest of the save fails, as EF leaves them.</summary>
    private List<EntityEntry>? _bulkWritten;

    private bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>
    /// Stages a new posting for the next save, like <c>LedgerTransactions.Add</c>. On SQLite it is
    /// not tracked (the save writes it by a prepared statement, after the same guard and with the
    /// same audit rows), so nothing may read it back from the change tracker; for the many
    /// postings of a payment batch (<see cref="PaymentPostings"/>). Other providers track it.
    /// </summary>
    public void StagePosting(LedgerTransaction transaction)
    {
        if (IsSqlite) _stagedPostings.Add(transaction);
        else LedgerTransactions.Add(transaction);
    }

    /// <summary>The ledger entries this save adds: tracked ones and those of staged postings.</summary>
    private List<LedgerEntry> AddedLedgerEntries()
    {
        var added = ChangeTracker.Entries<LedgerEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        foreach (var t in _stagedPostings) added.AddRange(t.Entries);
        return added;
    }

    protected override void StageAuditEntries(IReadOnlyList<AuditEntry> entries)
    {
        if (!_bulkSave)
        {
            base.StageAuditEntries(entries);
            return;
        }
        var audit = new List<AuditEntry>(entries.Count + _stagedPostings.Count * 3);
        audit.AddRange(entries);
        foreach (var t in _stagedPostings)
        {
            audit.Add(AuditOfAdded(nameof(LedgerTransaction), t.Id.ToString(), null));
            foreach (var e in t.Entries) audit.Add(AuditOfAdded(nameof(LedgerEntry), e.Id.ToString(), e.OrganisationPath));
        }
        _bulkAudit = audit;
    }

    private void HookBulkInserts()
    {
        if (_bulkHooked) return;
        // SavingChanges runs after the audit log entries are staged and before EF writes anything.
        SavingChanges += (_, _) => WriteBulkInserts();
        _bulkHooked = true;
    }

    private void WriteBulkInserts()
    {
        _bulkWritten = null;
        // The guard decided it (SQLite, ledger entries to write) and opened the transaction every posting is written in.
        if (!_bulkSave) return;
        // Staged postings and held audit rows have no other way into the database: never save without them.
        if (Database.CurrentTransaction is null) throw new InvalidOperationException("The ledger guard left no transaction to write the postings in.");
        var added = ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added && e.Entity is LedgerTransaction or LedgerEntry or Payment or AuditEntry)
            .ToList();

        var connection = (SqliteConnection)Database.GetDbConnection();
        var transaction = (SqliteTransaction)Database.CurrentTransaction.GetDbTransaction();
        var delimit = this.GetService<ISqlGenerationHelper>();
        var written = new List<EntityEntry>(added.Count);
        try
        {
            // The rows reference each other and rows EF writes after them (a new batch, a new
            // in-transit account, payments updated with their posting): the foreign keys are checked
            // when the transaction commits instead of row by row. SQLite turns this off again at commit or rollback.
            using (var defer = connection.CreateCommand())
            {
                defer.Transaction = transaction;
                defer.CommandText = "PRAGMA defer_foreign_keys = ON";
                defer.ExecuteNonQuery();
            }
            foreach (var group in added.GroupBy(e => e.Metadata))
            {
                var rows = group.ToList();
                if (!Insert(connection, transaction, delimit, group.Key, rows.Select(e => e.Entity).ToList())) continue;
                written.AddRange(rows);
            }
            // Held rows have no tracked alternative: a type EF could not be bypassed for is a bug, not a fallback.
            InsertHeld(connection, transaction, delimit, _stagedPostings);
            InsertHeld(connection, transaction, delimit, _stagedPostings.SelectMany(t => t.Entries).ToList());
            InsertHeld(connection, transaction, delimit, _bulkAudit ?? []);
        }
        catch (SqliteException ex)
        {
            throw new DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.", ex);
        }
        foreach (var entry in written)
        {
            // The audit rows are not needed after the save (EF would track them with their new ids); the others stay tracked as saved.
            entry.State = entry.Entity is AuditEntry ? EntityState.Detached : EntityState.Unchanged;
        }
        _bulkWritten = written.Where(e => e.Entity is not AuditEntry).ToList();
    }

    private void InsertHeld<T>(SqliteConnection connection, SqliteTransaction transaction, ISqlGenerationHelper delimit, IReadOnlyList<T> rows) where T : class
    {
        if (rows.Count == 0) return;
        var type = Model.FindEntityType(typeof(T))!;
        if (!Insert(connection, transaction, delimit, type, rows))
            throw new InvalidOperationException($"{type.ClrType.Name} rows cannot be written by a prepared statement.");
    }

    /// <summary>Inserts the rows of one entity type by one prepared statement; false (EF writes them) when a column has no CLR property to read.</summary>
    private static bool Insert<T>(SqliteConnection connection, SqliteTransaction transaction, ISqlGenerationHelper delimit, IEntityType type, IReadOnlyList<T> rows) where T : class
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        // A key the database generates (the audit log's number) is left out and the database numbers the row.
        var columns = type.GetProperties().Where(p => !IsDatabaseNumbered(p)).ToList();
        if (columns.Any(p => p.IsShadowProperty() || p.GetColumnName(table) is null)) return false;

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {delimit.DelimitIdentifier(table.Name, table.Schema)} ("
            + string.Join(", ", columns.Select(p => delimit.DelimitIdentifier(p.GetColumnName(table)!)))
            + ") VALUES (" + string.Join(", ", columns.Select((_, i) => $"@p{i}")) + ")";
        var bindings = new (IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, DbParameter Parameter)[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            // EF's own mapping makes the parameter, so values are stored as EF stores them (GUIDs and enums as text, dates in its format).
            var mapping = (RelationalTypeMapping)columns[i].GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(command, $"@p{i}", null, columns[i].IsNullable);
            command.Parameters.Add(parameter);
            bindings[i] = (columns[i].GetGetter(), mapping.Converter, parameter);
        }
        command.Prepare();
        foreach (var row in rows)
        {
            foreach (var (getter, converter, parameter) in bindings)
            {
                var value = getter.GetClrValue(row);
                if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
                parameter.Value = value ?? DBNull.Value;
            }
            command.ExecuteNonQuery();
        }
        return true;
    }

    /// <summary>An integer key the database assigns on insert (SQLite's rowid); the suite's other keys are GUIDs or texts the code sets.</summary>
    private static bool IsDatabaseNumbered(IProperty property) =>
        property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd && (property.ClrType == typeof(long) || property.ClrType == typeof(int));

    /// <summary>
    /// After a failed save the rows this context wrote are rolled back with the transaction: tracked
    /// ones are Added again and staged postings stay staged, as EF leaves what it could not save.
    /// The audit rows are made again by the next save.
    /// </summary>
    private void RestoreBulkInserts()
    {
        foreach (var entry in _bulkWritten ?? []) entry.State = EntityState.Added;
        _bulkWritten = null;
        _bulkAudit = null;
        _bulkSave = false;
    }

    /// <summary>After a successful save the staged postings are stored.</summary>
    private void EndBulkSave()
    {
        _bulkWritten = null;
        _bulkAudit = null;
        _bulkSave = false;
        _stagedPostings.Clear();
    }
}
