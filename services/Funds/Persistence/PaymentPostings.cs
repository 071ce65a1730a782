using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;
using Union.Shared.Errors;

namespace Union.Funds.Persistence;

/// <summary>
/// The ledger side of exporting a payment batch (see <see cref="PaymentBatch"/>): one balanced
/// transaction per payment. Used by the export RPC and by the batch benchmark, so the benchmark
/// measures the platform's own postings. Stages only; the caller saves.
/// </summary>
public static class PaymentPostings
{
    /// <summary>
    /// Posts each payment: credit its source account, debit the source organisation's payments in
    /// transit (opened when missing) of the same year and source. Refuses when a source account
    /// holds less than the batch takes from it; a closed year refuses on save.
    /// </summary>
    public static async Task PostAsync(FundsDbContext db, Ledger ledger, PaymentBatch batch, string actor, string? actorOrganisation, DateTime now, CancellationToken ct)
    {
        var sourceIds = batch.Payments.Select(p => p.SourceAccountId).Distinct().ToList();
        // A payment the caller may see makes its source account relevant, wherever it is owned.
        var sources = await db.Accounts.IgnoreQueryFilters().Where(a => sourceIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        foreach (var group in batch.Payments.GroupBy(p => p.SourceAccountId))
        {
            var need = group.Sum(p => p.AmountFen);
            var balance = await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.AccountId == group.Key).SumAsync(e => e.AmountFen, ct);
            if (balance < need)
                throw new DomainRuleException("INSUFFICIENT_BALANCE", "专账余额不足以发放该批次",
                    new Dictionary<string, string> { ["account_id"] = group.Key.ToString(), ["balance_fen"] = balance.ToString(CultureInfo.InvariantCulture), ["needed_fen"] = need.ToString(CultureInfo.InvariantCulture) });
            // The check above can race another export or a transfer from the same account; the save
            // re-checks under the ledger lock and refuses with INSUFFICIENT_BALANCE.
            ledger.KeepCovered(group.Key);
        }
        var transit = new Dictionary<(string, int, FundSource), FundAccount>();
        foreach (var payment in batch.Payments.OrderBy(p => p.Serial))
        {
            var source = sources[payment.SourceAccountId];
            var key = (source.OrganisationPath, source.FiscalYear, source.Source);
            if (!transit.TryGetValue(key, out var inTransit))
            {
                inTransit = await db.Accounts.IgnoreQueryFilters().FirstOrDefaultAsync(a => a.OrganisationPath == source.OrganisationPath
                    && a.FiscalYear == source.FiscalYear && a.Source == source.Source && a.Kind == AccountKind.PaymentsInTransit, ct);
                if (inTransit is null)
                {
                    inTransit = FundAccount.OpenPaymentsInTransit(source.OrganisationPath, source.FiscalYear, source.Source, actor, now);
                    db.Accounts.Add(inTransit);
                }
                transit[key] = inTransit;
            }
            var transaction = LedgerTransaction.Post(
                [new LedgerLine(source, -payment.AmountFen), new LedgerLine(inTransit, payment.AmountFen)],
                $"银行代发：批次{batch.Id}第{payment.Serial}笔", actor, actorOrganisation, now);
            // Untracked on SQLite: one batch stages thousands of postings, and the save writes them by prepared statements.
            db.StagePosting(transaction);
            payment.Posted(transaction.Id);
        }
    }
}
