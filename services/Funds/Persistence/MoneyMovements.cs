using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Time;

namespace Union.Funds.Persistence;

/// <summary>
/// Receipts, transfers, pass-through and the year end on the stored ledger. Loads what the
/// domain needs through the tenancy filter (a caller moves money only out of accounts it sees),
/// lets the domain decide, stages the transaction with its movement record; the caller saves.
/// </summary>
public sealed class MoneyMovements(FundsDbContext db, Ledger ledger, CallerContext caller, TimeProvider clock)
{
    public const string AccountOpener = "system:year-end";

    /// <summary>Money from outside the tree into a visible account, against the receiver's external clearing account.</summary>
    public async Task<FundMovement> ReceiveFromOutsideAsync(Guid toAccountId, long amountFen, DateOnly receivedOn, string payer, string? reference, string memo, CancellationToken ct)
    {
        var to = await VisibleAsync(toAccountId, ct);
        await db.RefuseClosedYearsAsync([(to.OrganisationPath, to.FiscalYear)], ct);
        var now = clock.UtcNowForStorage();
        var clearing = await db.Accounts.FirstOrDefaultAsync(a => a.OrganisationPath == to.OrganisationPath && a.FiscalYear == to.FiscalYear
            && a.Source == to.Source && a.Kind == AccountKind.ExternalClearing, ct);
        if (clearing is null)
        {
            clearing = FundAccount.OpenExternalClearing(to.OrganisationPath, to.FiscalYear, to.Source, caller.Subject, now);
            db.Accounts.Add(clearing);
        }
        var (transaction, movement) = FundMovement.Receive(to, clearing, amountFen, receivedOn, payer, reference, memo, caller.Subject, caller.OrganisationPath, now);
        db.LedgerTransactions.Add(transaction);
        db.FundMovements.Add(movement);
        return movement;
    }

    /// <summary>Money down the tree from a visible account (the payer's own or one below it).</summary>
    public async Task<FundMovement> TransferAsync(Guid fromAccountId, Guid toAccountId, long amountFen, bool passThrough, DateOnly on, string? reference, string memo, CancellationToken ct)
    {
        var from = await VisibleAsync(fromAccountId, ct);
        var to = await VisibleAsync(toAccountId, ct);
        // Said before the balance: a closed year's account is empty, but the reason is the close.
        await db.RefuseClosedYearsAsync([(from.OrganisationPath, from.FiscalYear), (to.OrganisationPath, to.FiscalYear)], ct);
        var balance = await ledger.BalanceAsync(from.Id, ct);
        var (transaction, movement) = FundMovement.Transfer(from, balance, to, amountFen, passThrough, on, reference, memo,
            caller.Subject, caller.OrganisationPath, clock.UtcNowForStorage());
        db.LedgerTransactions.Add(transaction);
        db.FundMovements.Add(movement);
        // The balance above was read before the save: the save checks it again under the year's ledger lock.
        ledger.KeepCovered(from.Id);
        return movement;
    }

    /// <summary>Closes an organisation's year: carries each balance over to the next year's account (opened when missing) and locks the year.</summary>
    public async Task<(FiscalYearClosing Closing, IReadOnlyList<FundMovement> CarryOvers)> CloseYearAsync(string organisationPath, int fiscalYear, CancellationToken ct)
    {
        // Taken before anything is read: a posting into the year either committed before (and is
        // carried over) or waits and then finds the year closed (FISCAL_YEAR_CLOSED).
        await db.LockLedgerYearsAsync([(organisationPath, fiscalYear)], ct);
        if (await db.FiscalYearClosings.AnyAsync(c => c.OrganisationPath == organisationPath && c.FiscalYear == fiscalYear, ct))
            throw new DomainRuleException("FISCAL_YEAR_ALREADY_CLOSED", $"{fiscalYear}年度已结账，不能重复结账",
                new Dictionary<string, string> { ["organisation_path"] = organisationPath });

        var accounts = await db.Accounts.Where(a => a.OrganisationPath == organisationPath && a.FiscalYear == fiscalYear).ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToList();
        var balances = await db.LedgerEntries.Where(e => ids.Contains(e.AccountId)).GroupBy(e => e.AccountId)
            .Select(g => new { g.Key, Fen = g.Sum(e => e.AmountFen) }).ToDictionaryAsync(x => x.Key, x => x.Fen, ct);
        var next = await db.Accounts.Where(a => a.OrganisationPath == organisationPath && a.FiscalYear == fiscalYear + 1 && a.Kind == AccountKind.Earmarked).ToListAsync(ct);

        var now = clock.UtcNowForStorage();
        FundAccount SuccessorOf(FundAccount account)
        {
            var found = next.FirstOrDefault(n => n.Source == account.Source && n.SpecialFund == account.SpecialFund);
            if (found is not null) return found;
            found = account.OpenSuccessor(AccountOpener, now);
            db.Accounts.Add(found);
            next.Add(found);
            return found;
        }

        var (closing, transaction, movements) = FiscalYearClosing.Close(organisationPath, fiscalYear,
            accounts.Select(a => (a, balances.GetValueOrDefault(a.Id))).ToList(), SuccessorOf, caller.Subject, caller.OrganisationPath, now);
        db.FiscalYearClosings.Add(closing);
        if (transaction is not null) db.LedgerTransactions.Add(transaction);
        db.FundMovements.AddRange(movements);
        return (closing, movements);
    }

    /// <summary>The at-risk accounts of a subtree on a day, with their balances and deadlines.</summary>
    public async Task<IReadOnlyList<(FundAccount Account, long BalanceFen, DateOnly Deadline)>> AtRiskAsync(string subtree, DateOnly asOf, CancellationToken ct)
    {
        // Years whose window has opened by the day: 1 October of the year or earlier.
        var lastYear = asOf >= UseDeadline.WarningFrom(asOf.Year) ? asOf.Year : asOf.Year - 1;
        var candidates = await db.Accounts.AsNoTracking()
            .Where(a => a.Kind == AccountKind.Earmarked && a.FiscalYear <= lastYear
                && (a.Source == FundSource.CentralFinance || a.Source == FundSource.ProvincialFinance))
            .Where(OrganisationPath.InSubtree<FundAccount>(a => a.OrganisationPath, subtree))
            .ToListAsync(ct);
        if (candidates.Count == 0) return [];
        var ids = candidates.Select(a => a.Id).ToList();
        var balances = await db.LedgerEntries.Where(e => ids.Contains(e.AccountId)).GroupBy(e => e.AccountId)
            .Select(g => new { g.Key, Fen = g.Sum(e => e.AmountFen) }).ToDictionaryAsync(x => x.Key, x => x.Fen, ct);
        var years = candidates.Select(a => a.FiscalYear).Distinct().ToList();
        // Overrides set above the caller apply to its accounts too: they are read past the tenancy filter.
        var overrides = await db.UseDeadlines.IgnoreQueryFilters().AsNoTracking().Where(d => years.Contains(d.FiscalYear)).ToListAsync(ct);

        return candidates
            .Select(a => (Account: a, BalanceFen: balances.GetValueOrDefault(a.Id), Deadline: UseDeadline.For(a.OrganisationPath, a.Source, a.FiscalYear, overrides)))
            .Where(x => UseDeadline.IsAtRisk(x.Account.Source, x.Account.FiscalYear, x.BalanceFen, x.Deadline, asOf))
            .OrderBy(x => x.Deadline).ThenBy(x => x.Account.OrganisationPath, StringComparer.Ordinal).ThenBy(x => x.Account.Source).ThenBy(x => x.Account.SpecialFund, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<FundAccount> VisibleAsync(Guid id, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) UnionErrors.NotFound("ACCOUNT_NOT_FOUND", "未找到该专账，或不在您的管辖范围内");
        return account;
    }
}
