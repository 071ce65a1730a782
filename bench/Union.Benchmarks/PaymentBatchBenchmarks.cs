using System.Data.Common;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Calendar;
using Union.Shared.Formatting;
using Union.Shared.Messaging;
using Union.Shared.Time;

namespace Union.Benchmarks;

/// <summary>
/// Issue 7: 100,000 household payments in one batch (checked against caps, ledgered, bank file
/// written) against a raw ADO.NET insert of the same rows, on SQLite and PostgreSQL side by side.
/// Setup (not measured) makes a fresh database per provider, migrates it and seeds one funded
/// source account, 100,000 household standings and 100,000 noticed one-instalment living-aid
/// decisions. Each iteration starts from no payments and no postings. The rate is payments per
/// second: 100,000 / Mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LongRunConfig))]
public class PaymentBatchBenchmarks
{
    /// <summary>
    /// One in-process short job with a long timeout: a call writes 100,000 payments, far beyond
    /// the in-process toolchain's default limit, and the out-of-process build of the boilerplate
    /// project times out on this loaded machine.
    /// </summary>
    private sealed class LongRunConfig : ManualConfig
    {
        public LongRunConfig() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(1)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)));
    }

    private const int Payments = 100_000;
    private const long AmountFen = 50_000;
    private const long AllowanceFen = 110_000;
    private const string Org = "51/5101/510104";
    private const string Memo = "银行代发";

    [Params("SQLite", "PostgreSQL")]
    public string Provider { get; set; } = "SQLite";

    private string _connection = string.Empty;
    private string? _tempDir;
    private Guid _sourceId;
    private Guid _transitId;
    private DateTime _now;
    private List<(Guid DecisionId, Guid HouseholdId)> _rows = [];

    private FundsDbContext NewContext(CallerContext caller)
    {
        if (Provider == "SQLite")
            return new FundsSqliteDbContext(new DbContextOptionsBuilder<FundsSqliteDbContext>().UseSqlite(_connection).Options, caller, new OutboxSignal());
        return new FundsPostgresDbContext(new DbContextOptionsBuilder<FundsPostgresDbContext>().UseNpgsql(_connection).Options, caller, new OutboxSignal());
    }

    private static CallerContext System()
    {
        var caller = new CallerContext();
        caller.ActAsSystem("bench");
        return caller;
    }

    private DbConnection NewConnection() => Provider == "SQLite" ? new SqliteConnection(_connection) : new NpgsqlConnection(_connection);

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        if (Provider == "SQLite")
        {
            _tempDir = Directory.CreateTempSubdirectory("union-bench-").FullName;
            _connection = $"Data Source={Path.Combine(_tempDir, "funds.db")}";
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable("UNION_TEST_POSTGRES")
                ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Pooling=false";
            _connection = new NpgsqlConnectionStringBuilder(admin) { Database = $"bench_funds_{Guid.NewGuid():N}"[..40], Pooling = true }.ConnectionString;
        }
        _now = TimeProvider.System.UtcNowForStorage();
        var today = DateOnly.FromDateTime(_now);
        await using (var db = NewContext(System()))
            await db.Database.MigrateAsync();

        await using (var db = NewContext(System()))
        {
            var source = FundAccount.Open(Org, today.Year, FundSource.CentralFinance, "bench", _now);
            // The money comes in from another account of the organisation; what matters here is that the source holds enough.
            var giver = FundAccount.Open(Org, today.Year, FundSource.UnionFunds, "bench", _now);
            var transit = FundAccount.OpenPaymentsInTransit(Org, today.Year, FundSource.CentralFinance, "bench", _now);
            db.AddRange(source, giver, transit);
            db.Add(LedgerTransaction.Post([new LedgerLine(source, Payments * AmountFen * 2), new LedgerLine(giver, -Payments * AmountFen * 2)], "拨入", "bench", Org, _now));
            await db.SaveChangesAsync();
            _sourceId = source.Id;
            _transitId = transit.Id;
        }
        var notice = PublicNotice.Start(Org, "区总工会公示栏", today.AddDays(-30), 5, WorkingDayCalendar.Official, "bench", _now);
        await using (var db = NewContext(System()))
        {
            db.Add(notice);
            await db.SaveChangesAsync();
        }
        _rows = new List<(Guid, Guid)>(Payments);
        for (var chunk = 0; chunk < Payments; chunk += 10_000)
        {
            await using var db = NewContext(System());
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var source = await db.Accounts.IgnoreQueryFilters().SingleAsync(a => a.Id == _sourceId);
            var chunkNotice = await db.PublicNotices.IgnoreQueryFilters().SingleAsync(n => n.Id == notice.Id);
            for (var i = chunk; i < chunk + 10_000; i++)
            {
                var householdId = Guid.CreateVersion7();
                var standing = HouseholdStanding.Start(householdId, Org);
                standing.Apply(Guid.NewGuid(), "union.events.v1.HouseholdArchived", Org, "ACTIVE", _now.AddDays(-60), _now);
                db.Add(standing);
                var decision = AssistanceDecision.Decide(Org, new AssistanceDecision.Recipient(householdId, null, null, string.Empty),
                    new AssistanceDecision.Terms(AidType.Living, AmountFen, source, "区总工会党组会议第9次", today.AddDays(-31), today.AddDays(-32), false, null,
                        AssistanceDecision.Schedule(AmountFen, InstalmentFrequency.Once, 1, today.AddDays(-31)), InstalmentFrequency.Once),
                    "bench", _now);
                decision.PutOnNotice(chunkNotice, "bench", _now);
                db.Add(decision);
                _rows.Add((decision.Id, householdId));
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
    }

    [IterationSetup]
    public void Reset() => ResetAsync().GetAwaiter().GetResult();

    private async Task ResetAsync()
    {
        await using var connection = NewConnection();
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "DELETE FROM payments", "DELETE FROM payment_batches",
            $"DELETE FROM ledger_entries WHERE \"TransactionId\" IN (SELECT \"Id\" FROM ledger_transactions WHERE \"Memo\" LIKE '{Memo}%')",
            $"DELETE FROM ledger_transactions WHERE \"Memo\" LIKE '{Memo}%'",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_tempDir is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_tempDir, recursive: true);
        }
        else
        {
            var name = new NpgsqlConnectionStringBuilder(_connection).Database;
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connection) { Database = "postgres", Pooling = false }.ConnectionString);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The platform: load the decisions, check payability and each against its cap, make up the
    /// batch, post one balanced transaction per payment (PaymentPostings, as the export does),
    /// save, and write the bank CSV.
    /// </summary>
    [Benchmark(Description = "platform: caps + batch + ledger + CSV")]
    public int Platform() => PlatformAsync().GetAwaiter().GetResult();

    private async Task<int> PlatformAsync()
    {
        var caller = System();
        await using var db = NewContext(caller);
        var today = DateOnly.FromDateTime(_now);
        var decisions = await db.AssistanceDecisions.AsNoTracking().IgnoreQueryFilters().Include(d => d.Instalments).ToListAsync();
        var notices = await db.PublicNotices.AsNoTracking().IgnoreQueryFilters().Include(n => n.Objections).ToDictionaryAsync(n => n.Id);
        var standings = await db.HouseholdStandings.AsNoTracking().IgnoreQueryFilters().ToDictionaryAsync(h => h.HouseholdId);
        var items = new List<(AssistanceDecision, DecisionInstalment, int)>(decisions.Count);
        foreach (var d in decisions)
        {
            var payable = d.HouseholdId is { } h && standings.TryGetValue(h, out var s) && s.IsPayableOn(today);
            if (d.NotPayableReasons(d.NoticeId is { } n ? notices.GetValueOrDefault(n) : null, payable, today).Count > 0)
                throw new InvalidOperationException($"Decision {d.Id} is not payable.");
            // Nothing paid before this year in the seed: the check is against the decision's own schedule.
            if (DecisionCaps.FirstRefusal(d.AidType, d.HigherEducation, AllowanceFen, null, [], d.Instalments.Select(i => (i.DueOn, i.AmountFen))) is { } refusal)
                throw new InvalidOperationException($"Decision {d.Id} is over its cap: {refusal}.");
            items.Add((d, d.Instalments[0], 1));
        }
        var batch = PaymentBatch.Create(Org, today, items, caller.Subject, _now, Payments);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.PaymentBatches.Add(batch);
        var ledger = new Ledger(db, caller, TimeProvider.System);
        await PaymentPostings.PostAsync(db, ledger, batch, caller.Subject, caller.OrganisationPath, _now, default);
        batch.MarkExported(caller.Subject, _now);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        // Names and cards come from the archives at export time; a fixed holder stands in for them.
        var rows = batch.Payments.OrderBy(p => p.Serial)
            .Select(p => new BankPaymentFile.Row(p.Serial, "张三", "6217000000000000000", YuanText.FromFen(p.AmountFen), BankPaymentFile.Memo(p))).ToList();
        return BankPaymentFile.Csv(rows).Length;
    }

    /// <summary>The baseline: the same rows (batch, payments, transactions, entries) by prepared ADO.NET commands in one transaction.</summary>
    [Benchmark(Baseline = true, Description = "raw ADO.NET insert of the same rows")]
    public int RawInsert() => RawInsertAsync().GetAwaiter().GetResult();

    private async Task<int> RawInsertAsync()
    {
        await using var connection = NewConnection();
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var batchId = Guid.CreateVersion7();
        var today = DateOnly.FromDateTime(_now);
        await using (var batch = Command(connection, tx,
            "INSERT INTO payment_batches (\"Id\",\"CreatedAt\",\"CreatedBy\",\"DueOnOrBefore\",\"ExportedAt\",\"ExportedBy\",\"OrganisationPath\",\"Status\") VALUES (@p0,@p1,@p2,@p3,@p4,@p5,@p6,@p7)",
            batchId, _now, "bench", today, _now, "bench", Org, "Exported"))
            await batch.ExecuteNonQueryAsync();
        await using var transaction = Command(connection, tx,
            "INSERT INTO ledger_transactions (\"Id\",\"Kind\",\"Memo\",\"PostedAt\",\"PostedBy\",\"PostedByOrganisation\") VALUES (@p0,@p1,@p2,@p3,@p4,@p5)",
            Guid.Empty, "Posting", "", _now, "bench", Org);
        await using var entry = Command(connection, tx,
            "INSERT INTO ledger_entries (\"Id\",\"AccountId\",\"AmountFen\",\"Line\",\"OrganisationPath\",\"PostedAt\",\"TransactionId\") VALUES (@p0,@p1,@p2,@p3,@p4,@p5,@p6)",
            Guid.Empty, Guid.Empty, 0L, 0, Org, _now, Guid.Empty);
        await using var payment = Command(connection, tx,
            "INSERT INTO payments (\"Id\",\"AidType\",\"AmountFen\",\"Attempt\",\"BatchId\",\"DecisionId\",\"DueOn\",\"HouseholdId\",\"InstalmentNumber\",\"OrganisationPath\",\"PostingTransactionId\",\"Serial\",\"Source\",\"SourceAccountId\",\"Status\") VALUES (@p0,@p1,@p2,@p3,@p4,@p5,@p6,@p7,@p8,@p9,@p10,@p11,@p12,@p13,@p14)",
            Guid.Empty, "Living", AmountFen, 1, batchId, Guid.Empty, today.AddDays(-31), Guid.Empty, 1, Org, Guid.Empty, 0, "CentralFinance", _sourceId, "InTransit");
        await transaction.PrepareAsync();
        await entry.PrepareAsync();
        await payment.PrepareAsync();
        var serial = 0;
        foreach (var (decisionId, householdId) in _rows)
        {
            serial++;
            var txId = Guid.CreateVersion7();
            transaction.Parameters[0].Value = txId;
            transaction.Parameters[2].Value = $"{Memo}：批次{batchId}第{serial}笔";
            await transaction.ExecuteNonQueryAsync();
            for (var line = 1; line <= 2; line++)
            {
                entry.Parameters[0].Value = Guid.CreateVersion7();
                entry.Parameters[1].Value = line == 1 ? _sourceId : _transitId;
                entry.Parameters[2].Value = line == 1 ? -AmountFen : AmountFen;
                entry.Parameters[3].Value = line;
                entry.Parameters[6].Value = txId;
                await entry.ExecuteNonQueryAsync();
            }
            payment.Parameters[0].Value = Guid.CreateVersion7();
            payment.Parameters[5].Value = decisionId;
            payment.Parameters[7].Value = householdId;
            payment.Parameters[10].Value = txId;
            payment.Parameters[11].Value = serial;
            await payment.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        return serial;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, params object[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            p.Value = values[i];
            command.Parameters.Add(p);
        }
        return command;
    }
}
