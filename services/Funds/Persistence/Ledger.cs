using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Time;

namespace Union.Funds.Persistence;

/// <summary>
/// Posting and reversing on the stored ledger. It loads what the domain needs, lets the domain
/// decide, and stages the result in the context; the caller saves (in its own transaction, e.g.
/// the idempotency interceptor's), so a posting and whatever caused it commit together.
/// Accounts are read through the tenancy filter: a caller posts only to accounts it can see.
/// </summary>
public sealed class Ledger(FundsDbContext db, CallerContext caller, TimeProvider clock)
{
    /// <summary>Stages a balanced posting across the given accounts (debit +, credit −).</summary>
    public async Task<LedgerTransaction> PostAsync(IReadOnlyList<(Guid AccountId, long AmountFen)> lines, string memo, CancellationToken cancellationToken = default)
    {
        var ids = lines.Select(l => l.AccountId).Distinct().ToList();
        var accounts = await db.Accounts.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        if (accounts.Count != ids.Count) UnionErrors.NotFound("ACCOUNT_NOT_FOUND", "未找到该专账，或不在您的管辖范围内");

        var transaction = LedgerTransaction.Post(
            lines.Select(l => new LedgerLine(accounts[l.AccountId], l.AmountFen)).ToList(),
            memo, caller.Subject, caller.OrganisationPath, clock.UtcNowForStorage());
        db.LedgerTransactions.Add(transaction);
        return transaction;
    }

    /// <summary>
    /// Stages a balanced posting that may not overdraw: every account the lines take money from
    /// must hold at least that much when the posting is saved (INSUFFICIENT_BALANCE otherwise).
    /// Check the balance before for a friendly answer; this makes the check and the posting one
    /// step, so two postings racing for the same money cannot both pass.
    /// </summary>
    public async Task<LedgerTransaction> PostCoveredAsync(IReadOnlyList<(Guid AccountId, long AmountFen)> lines, string memo, CancellationToken cancellationToken = default)
    {
        var transaction = await PostAsync(lines, memo, cancellationToken);
        foreach (var (accountId, amountFen) in lines.Where(l => l.AmountFen < 0)) KeepCovered(accountId);
        return transaction;
    }

    /// <summary>
    /// Asks the next save to refuse with INSUFFICIENT_BALANCE when the account would end below
    /// zero: for postings staged without the ledger (e.g. a domain that builds its own
    /// <see cref="LedgerTransaction"/>). The check runs under the ledger lock of the account's
    /// organisation and year, after every posting committed before it.
    /// </summary>
    public void KeepCovered(Guid accountId) => db.KeepCovered(accountId);

    /// <summary>Stages the reversal of a posted transaction, which must be visible to the caller in full and not yet reversed; an earmarked account it takes money back from must still hold it.</summary>
    public async Task<LedgerTransaction> ReverseAsync(Guid transactionId, string reason, CancellationToken cancellationToken = default)
    {
        var original = await db.LedgerTransactions.AsNoTracking().Include(t => t.Entries)
            .FirstOrDefaultAsync(t => t.Id == transactionId, cancellationToken);
        // The include is filtered by tenancy: a caller who cannot see every line cannot reverse it.
        var lineCount = await db.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.TransactionId == transactionId, cancellationToken);
        if (original is null || original.Entries.Count != lineCount)
            UnionErrors.NotFound("TRANSACTION_NOT_FOUND", "未找到该记账，或不在您的管辖范围内");
        if (await db.LedgerTransactions.AnyAsync(t => t.ReversesTransactionId == transactionId, cancellationToken))
            throw new DomainRuleException("ALREADY_REVERSED", "该记账已冲销，不能重复冲销",
                new Dictionary<string, string> { ["transaction_id"] = transactionId.ToString() });

        var reversal = original.Reverse(reason, caller.Subject, caller.OrganisationPath, clock.UtcNowForStorage());
        db.LedgerTransactions.Add(reversal);
        // Money that was received and then spent cannot be taken back: an earmarked account the
        // reversal takes from must still hold it (clearing and in-transit accounts are signed by design).
        var taken = reversal.Entries.Where(e => e.AmountFen < 0).Select(e => e.AccountId).Distinct().ToList();
        var earmarked = await db.Accounts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => taken.Contains(a.Id) && a.Kind == AccountKind.Earmarked).Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var id in earmarked) KeepCovered(id);
        return reversal;
    }

    /// <summary>An account's balance in fen: the sum of its entries (debit +, credit −). Never stored.</summary>
    public Task<long> BalanceAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        db.LedgerEntries.Where(e => e.AccountId == accountId).SumAsync(e => e.AmountFen, cancellationToken);
}
