using System.Diagnostics;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Errors;
using Union.Shared.Persistence;
using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>Posting and reversing on the stored ledger (SQLite): balances derived, entries append-only.</summary>
public sealed class LedgerPersistenceTests(FundsHost host) : IClassFixture<FundsHost>, IAsyncLifetime
{
    private const string Province = "51";
    private const string Yibin = "51/5115";
    private const string Cuiping = "51/5115/511502";
    private const string Chengdu = "51/5101";

    private Guid _province, _yibin, _cuiping, _chengdu;

    public async Task InitializeAsync()
    {
        await host.ResetAsync();
        (_province, _yibin, _cuiping, _chengdu) = await host.InScopeAsync(null, async (_, db) =>
        {
            var now = DateTime.UtcNow;
            var accounts = new[] { Province, Yibin, Cuiping, Chengdu }
                .Select(path => FundAccount.Open(path, 2025, FundSource.CentralFinance, "test", now)).ToList();
            db.Accounts.AddRange(accounts);
            await db.SaveChangesAsync();
            return (accounts[0].Id, accounts[1].Id, accounts[2].Id, accounts[3].Id);
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<LedgerTransaction> PostAsync(string asOrganisation, params (Guid, long)[] lines) =>
        host.InScopeAsync(asOrganisation, async (sp, db) =>
        {
            var t = await sp.GetRequiredService<Ledger>().PostAsync(lines, "下拨中央财政帮扶资金");
            await db.SaveChangesAsync();
            return t;
        });

    private Task<LedgerTransaction> ReverseAsync(string asOrganisation, Guid transactionId, string reason = "金额录入错误") =>
        host.InScopeAsync(asOrganisation, async (sp, db) =>
        {
            var t = await sp.GetRequiredService<Ledger>().ReverseAsync(transactionId, reason);
            await db.SaveChangesAsync();
            return t;
        });

    private Task<long[]> BalancesAsync(params Guid[] accounts) =>
        host.InScopeAsync(null, async (sp, _) =>
        {
            var ledger = sp.GetRequiredService<Ledger>();
            var balances = new long[accounts.Length];
            for (var i = 0; i < accounts.Length; i++) balances[i] = await ledger.BalanceAsync(accounts[i]);
            return balances;
        });

    [Fact]
    public async Task A_new_account_has_a_balance_of_zero()
    {
        Assert.Equal(new long[] { 0L, 0L }, await BalancesAsync(_province, _cuiping));
    }

    [Fact]
    public async Task Posting_moves_money_and_each_balance_is_the_sum_of_its_entries()
    {
        await PostAsync(Province, (_yibin, 500_000), (_province, -500_000));
        await PostAsync(Yibin, (_cuiping, 120_000), (_yibin, -120_000));
        await PostAsync(Yibin, (_cuiping, 30_000), (_yibin, -30_000));

        Assert.Equal(new long[] { -500_000L, 350_000L, 150_000L, 0L }, await BalancesAsync(_province, _yibin, _cuiping, _chengdu));
        var entries = await host.WithDatabaseAsync(db => db.Set<LedgerEntry>().CountAsync());
        Assert.Equal(6, entries);
    }

    [Fact]
    public async Task A_reversal_brings_every_balance_back()
    {
        await PostAsync(Province, (_yibin, 500_000), (_province, -500_000));
        var mistake = await PostAsync(Yibin, (_cuiping, 120_000), (_yibin, -120_000));

        var reversal = await ReverseAsync(Yibin, mistake.Id);

        Assert.Equal(new long[] { -500_000L, 500_000L, 0L }, await BalancesAsync(_province, _yibin, _cuiping));
        // Nothing was edited: the mistake and its reversal both stay on the ledger.
        var stored = await host.WithDatabaseAsync(db => db.Set<LedgerTransaction>().AsNoTracking().Include(t => t.Entries)
            .Where(t => t.Id == mistake.Id || t.Id == reversal.Id).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal(mistake.Id, stored.Single(t => t.Kind == LedgerTransactionKind.Reversal).ReversesTransactionId);
        Assert.Equal(new long[] { 120_000L, -120_000L }, stored.Single(t => t.Id == mistake.Id).Entries.OrderBy(e => e.Line).Select(e => e.AmountFen));
    }

    [Fact]
    public async Task A_transaction_is_reversed_at_most_once()
    {
        var posted = await PostAsync(Yibin, (_cuiping, 1_000), (_yibin, -1_000));
        await ReverseAsync(Yibin, posted.Id);
        var before = await host.RowCountsAsync();

        var e = await Assert.ThrowsAsync<DomainRuleException>(() => ReverseAsync(Yibin, posted.Id));

        Assert.Equal("ALREADY_REVERSED", e.Code);
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(new long[] { 0L, 0L }, await BalancesAsync(_yibin, _cuiping));
    }

    [Fact]
    public async Task The_database_holds_the_line_when_two_reversals_race()
    {
        // Cuiping holds more than the posting, so the second reversal would not overdraw it: only the index refuses it.
        await PostAsync(Yibin, (_cuiping, 5_000), (_yibin, -5_000));
        var posted = await PostAsync(Yibin, (_cuiping, 1_000), (_yibin, -1_000));
        // Two reversals staged before either is saved: both pass the check, the unique index refuses the second.
        await host.InScopeAsync(Yibin, async (sp, db) =>
        {
            await host.InScopeAsync(Yibin, async (sp2, db2) =>
            {
                await sp.GetRequiredService<Ledger>().ReverseAsync(posted.Id, "第一次冲销");
                await sp2.GetRequiredService<Ledger>().ReverseAsync(posted.Id, "第二次冲销");
                await db.SaveChangesAsync();
                await Assert.ThrowsAsync<DbUpdateException>(() => db2.SaveChangesAsync());
            });
        });

        Assert.Equal(new long[] { -5_000L, 5_000L }, await BalancesAsync(_yibin, _cuiping));
    }

    [Fact]
    public async Task An_unbalanced_posting_stores_nothing()
    {
        var before = await host.RowCountsAsync();

        var e = await Assert.ThrowsAsync<DomainRuleException>(() => PostAsync(Yibin, (_cuiping, 1_000), (_yibin, -999)));

        Assert.Equal("UNBALANCED_TRANSACTION", e.Code);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Editing_a_posted_entry_is_refused()
    {
        var posted = await PostAsync(Yibin, (_cuiping, 1_000), (_yibin, -1_000));
        var before = await host.RowCountsAsync();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.InScopeAsync(null, async (_, db) =>
        {
            var entry = await db.LedgerEntries.FirstAsync(x => x.TransactionId == posted.Id && x.AccountId == _cuiping);
            db.Entry(entry).Property(x => x.AmountFen).CurrentValue = 100_000;
            await db.SaveChangesAsync();
        }));

        Assert.Contains("append-only", e.Message);
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(new long[] { 1_000L, -1_000L }, await BalancesAsync(_cuiping, _yibin));
    }

    [Fact]
    public async Task Deleting_a_posted_entry_is_refused()
    {
        var posted = await PostAsync(Yibin, (_cuiping, 1_000), (_yibin, -1_000));
        var before = await host.RowCountsAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.InScopeAsync(null, async (_, db) =>
        {
            db.LedgerEntries.Remove(await db.LedgerEntries.FirstAsync(x => x.TransactionId == posted.Id));
            await db.SaveChangesAsync();
        }));

        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(new long[] { 1_000L, -1_000L }, await BalancesAsync(_cuiping, _yibin));
    }

    [Fact]
    public async Task Editing_or_deleting_a_posted_transaction_is_refused()
    {
        var posted = await PostAsync(Yibin, (_cuiping, 1_000), (_yibin, -1_000));

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.InScopeAsync(null, async (_, db) =>
        {
            var t = await db.LedgerTransactions.FirstAsync(x => x.Id == posted.Id);
            db.Entry(t).Property(x => x.Memo).CurrentValue = "改过的摘要";
            await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.InScopeAsync(null, async (_, db) =>
        {
            db.LedgerTransactions.Remove(await db.LedgerTransactions.FirstAsync(x => x.Id == posted.Id));
            await db.SaveChangesAsync();
        }));

        var memo = await host.WithDatabaseAsync(db => db.Set<LedgerTransaction>().Where(t => t.Id == posted.Id).Select(t => t.Memo).SingleAsync());
        Assert.Equal("下拨中央财政帮扶资金", memo);
    }

    [Fact]
    public async Task Posting_to_an_account_outside_the_callers_subtree_answers_not_found()
    {
        var before = await host.RowCountsAsync();

        // Yibin cannot touch Chengdu's account, nor its own parent's.
        foreach (var foreign in new[] { _chengdu, _province })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => PostAsync(Yibin, (_cuiping, 1_000), (foreign, -1_000)));
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
            Assert.Equal("ACCOUNT_NOT_FOUND", e.Code());
        }
        var unknown = await Assert.ThrowsAsync<RpcException>(() => PostAsync(Province, (_cuiping, 1_000), (Guid.NewGuid(), -1_000)));
        Assert.Equal("ACCOUNT_NOT_FOUND", unknown.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Reversing_a_transaction_the_caller_cannot_see_in_full_answers_not_found()
    {
        var allocation = await PostAsync(Province, (_yibin, 500_000), (_province, -500_000));

        // Yibin sees its own line of the province's allocation, not the province's line.
        var e = await Assert.ThrowsAsync<RpcException>(() => ReverseAsync(Yibin, allocation.Id));

        Assert.Equal("TRANSACTION_NOT_FOUND", e.Code());
        Assert.Equal(new long[] { -500_000L, 500_000L }, await BalancesAsync(_province, _yibin));
    }

    [Fact]
    public async Task Balances_are_read_within_the_callers_subtree()
    {
        await PostAsync(Province, (_yibin, 500_000), (_province, -500_000));

        // Tenancy applies to entries as to accounts: a sibling city sums nothing of Yibin's.
        var seenByChengdu = await host.InScopeAsync(Chengdu, (sp, _) => sp.GetRequiredService<Ledger>().BalanceAsync(_yibin));
        var seenByProvince = await host.InScopeAsync(Province, (sp, _) => sp.GetRequiredService<Ledger>().BalanceAsync(_yibin));

        Assert.Equal(0, seenByChengdu);
        Assert.Equal(500_000, seenByProvince);
    }

    [Fact]
    public async Task On_sqlite_postings_are_written_by_prepared_statements_stored_and_audited_as_ef_stores_them()
    {
        using var commands = new CommandCounter();
        var posted = await host.InScopeAsync(Province, async (sp, db) =>
        {
            commands.Watch(db);
            var ledger = sp.GetRequiredService<Ledger>();
            var first = await ledger.PostAsync([(_yibin, 500_000), (_province, -500_000)], "下拨中央财政帮扶资金");
            var second = await ledger.PostCoveredAsync([(_cuiping, 120_000), (_yibin, -120_000)], "下拨中央财政帮扶资金");
            await db.SaveChangesAsync();
            return new[] { first, second };
        });

        // The counter sees this context's commands (the ledger lock is taken through EF) ...
        Assert.True(commands.Inserts("write_locks") > 0);
        // ... and EF wrote none of the ledger rows or their audit rows itself: one prepared statement per table did.
        Assert.Equal(0, commands.Inserts("ledger_entries") + commands.Inserts("ledger_transactions") + commands.Inserts("audit_entries"));
        Assert.Equal(new long[] { -500_000L, 380_000L, 120_000L }, await BalancesAsync(_province, _yibin, _cuiping));
        await host.WithDatabaseAsync(async db =>
        {
            foreach (var t in posted)
            {
                // Read back by key: GUIDs, enums and dates are stored in EF's own formats.
                var stored = await db.Set<LedgerTransaction>().Include(x => x.Entries).SingleAsync(x => x.Id == t.Id);
                Assert.Equal(LedgerTransactionKind.Posting, stored.Kind);
                Assert.Equal(t.PostedAt, stored.PostedAt);
                Assert.Equal(t.Entries.Select(e => (e.Id, e.Line, e.AccountId, e.AmountFen, e.OrganisationPath)).Order(),
                    stored.Entries.Select(e => (e.Id, e.Line, e.AccountId, e.AmountFen, e.OrganisationPath)).Order());
                var ids = t.Entries.Select(e => e.Id.ToString()).Append(t.Id.ToString()).ToList();
                var audited = await db.AuditEntries.Where(a => a.Action == "Added" && ids.Contains(a.EntityId)).ToListAsync();
                Assert.Equal(ids.Order(), audited.Select(a => a.EntityId).Order());
                Assert.All(audited, a => Assert.Equal(Province, a.ActorOrganisation));
            }
        });
    }

    [Fact]
    public async Task On_sqlite_staged_postings_are_never_tracked_yet_guarded_stored_and_audited_as_tracked_postings_are()
    {
        // A tracked posting first: its audit rows are the ones EF's path writes.
        var tracked = await PostAsync(Province, (_yibin, 500_000), (_province, -500_000));
        using var commands = new CommandCounter();
        var staged = await host.InScopeAsync(Yibin, async (sp, db) =>
        {
            commands.Watch(db);
            var accounts = await db.Accounts.Where(a => a.Id == _yibin || a.Id == _cuiping).ToDictionaryAsync(a => a.Id);
            var postings = new[] { 100_000L, 20_000L }.Select(fen => LedgerTransaction.Post(
                [new LedgerLine(accounts[_cuiping], fen), new LedgerLine(accounts[_yibin], -fen)], "银行代发", "worker", Yibin, DateTime.UtcNow)).ToList();
            foreach (var t in postings) db.StagePosting(t);
            db.KeepCovered(_yibin);
            // Staged, not tracked: the change tracker never holds them or their audit rows.
            Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.Entity is LedgerTransaction or LedgerEntry or AuditEntry);
            await db.SaveChangesAsync();
            Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.Entity is LedgerTransaction or LedgerEntry or AuditEntry);
            return postings;
        });

        Assert.Equal(0, commands.Inserts("ledger_entries") + commands.Inserts("ledger_transactions") + commands.Inserts("audit_entries"));
        Assert.Equal(new long[] { -500_000L, 380_000L, 120_000L }, await BalancesAsync(_province, _yibin, _cuiping));
        await host.WithDatabaseAsync(async db =>
        {
            var trackedIds = new[] { tracked.Id.ToString(), tracked.Entries[0].Id.ToString() };
            var expected = await db.AuditEntries.Where(a => trackedIds.Contains(a.EntityId)).ToListAsync();
            Assert.Equal(2, expected.Count);
            foreach (var t in staged)
            {
                var stored = await db.Set<LedgerTransaction>().Include(x => x.Entries).SingleAsync(x => x.Id == t.Id);
                Assert.Equal((t.Kind, t.Memo, t.PostedAt, t.PostedBy, t.PostedByOrganisation), (stored.Kind, stored.Memo, stored.PostedAt, stored.PostedBy, stored.PostedByOrganisation));
                Assert.Equal(t.Entries.Select(e => (e.Id, e.Line, e.AccountId, e.AmountFen, e.OrganisationPath, e.PostedAt)).Order(),
                    stored.Entries.Select(e => (e.Id, e.Line, e.AccountId, e.AmountFen, e.OrganisationPath, e.PostedAt)).Order());
                // One audit row per row, made as the tracked posting's are (same action, type, key format, path, no values).
                var ids = t.Entries.Select(e => e.Id.ToString()).Append(t.Id.ToString()).ToList();
                var audited = await db.AuditEntries.Where(a => ids.Contains(a.EntityId)).ToListAsync();
                Assert.Equal(3, audited.Count);
                var transaction = audited.Single(a => a.EntityId == t.Id.ToString());
                var entry = audited.Single(a => a.EntityId == t.Entries[0].Id.ToString());
                foreach (var (made, like) in new[] { (transaction, expected.Single(a => a.EntityType == nameof(LedgerTransaction))), (entry, expected.Single(a => a.EntityType == nameof(LedgerEntry))) })
                {
                    Assert.Equal((like.Action, like.EntityType, like.Changes), (made.Action, made.EntityType, made.Changes));
                    Assert.Equal(like.EntityType == nameof(LedgerEntry) ? Cuiping : null, made.OrganisationPath);
                    Assert.Equal(Yibin, made.ActorOrganisation);
                }
            }
        });

        // The guard sees staged entries as it sees tracked ones: a staged posting that would overdraw is refused and nothing is written.
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => host.InScopeAsync(Yibin, async (_, db) =>
        {
            var accounts = await db.Accounts.Where(a => a.Id == _yibin || a.Id == _cuiping).ToDictionaryAsync(a => a.Id);
            db.StagePosting(LedgerTransaction.Post([new LedgerLine(accounts[_cuiping], 380_001), new LedgerLine(accounts[_yibin], -380_001)], "银行代发", "worker", Yibin, DateTime.UtcNow));
            db.KeepCovered(_yibin);
            await db.SaveChangesAsync();
        }));
        Assert.Equal("INSUFFICIENT_BALANCE", refused.Code);
        Assert.Equal(new long[] { -500_000L, 380_000L, 120_000L }, await BalancesAsync(_province, _yibin, _cuiping));
    }

    /// <summary>Counts the INSERT statements EF sends for one context (EF's diagnostics, not the database's).</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _subscription;
        private readonly List<IDisposable> _listeners = [];
        private readonly List<string> _texts = [];
        private DbContext? _context;

        public CommandCounter() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

        public void Watch(DbContext context) => _context = context;

        public int Inserts(string table)
        {
            lock (_texts) return _texts.Count(t => t.Contains($"INSERT INTO \"{table}\"", StringComparison.Ordinal));
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name) lock (_listeners) _listeners.Add(value.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is CommandEventData data && data.Context is { } context && ReferenceEquals(context, _context)
                && value.Key == RelationalEventId.CommandExecuting.Name)
                lock (_texts) _texts.Add(data.Command.CommandText);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _subscription.Dispose();
            lock (_listeners) foreach (var l in _listeners) l.Dispose();
        }
    }
}
