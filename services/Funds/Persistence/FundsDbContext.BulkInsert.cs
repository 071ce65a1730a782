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
/// </summary>
public abstract partial class FundsDbContext
{
    private bool _bulkHooked;
    /// <summary>Rows this save wrote itself, put back to Added if the rest of the save fails, as EF leaves them.</summary>
    private List<EntityEntry>? _bulkWritten;

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
        // The guard opened (or found) the transaction every posting is written in; without one there is nothing posted.
        if (Database.ProviderName != "Microsoft.EntityFrameworkCore.Sqlite" || Database.CurrentTransaction is null) return;
        var added = ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added && e.Entity is LedgerTransaction or LedgerEntry or Payment or AuditEntry)
            .ToList();
        if (!added.Any(e => e.Entity is LedgerEntry)) return;

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
                if (!Insert(connection, transaction, delimit, group.Key, rows)) continue;
                written.AddRange(rows);
            }
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

    /// <summary>Inserts the rows of one entity type by one prepared statement; false (EF writes them) when a column has no CLR property to read.</summary>
    private static bool Insert(SqliteConnection connection, SqliteTransaction transaction, ISqlGenerationHelper delimit, IEntityType type, List<EntityEntry> rows)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        // A key the database generates (the audit log's) is temporary until then: it is left out and the database numbers the row.
        var columns = type.GetProperties().Where(p => !rows[0].Property(p.Name).IsTemporary).ToList();
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
                var value = getter.GetClrValue(row.Entity);
                if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
                parameter.Value = value ?? DBNull.Value;
            }
            command.ExecuteNonQuery();
        }
        return true;
    }

    /// <summary>After a failed save the rows this context wrote are rolled back with the transaction: they are Added again, as EF leaves what it could not save.</summary>
    private void RestoreBulkInserts()
    {
        foreach (var entry in _bulkWritten ?? []) entry.State = EntityState.Added;
        _bulkWritten = null;
    }
}
