using Union.Shared.Formatting;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Events.V1;
using Union.Funds.Domain;
using Union.Shared.Auth;
using Union.Shared.Time;

namespace Union.Funds.Persistence;

/// <summary>
/// Posts a project's due tranche on the ledger: from the funder's earmarked account to the
/// applicant's for the project's year (the closing return the other way). When the paying account
/// is missing or short the tranche is not lost: it stays PENDING with the reason, for finance to see
/// (ListPendingTranches) and post later (RetryTranche). Stages the change; the caller saves.
/// </summary>
public sealed class TrancheReleases(FundsDbContext db, Ledger ledger, CallerContext caller, TimeProvider clock, ILogger<TrancheReleases> logger)
{
    /// <summary>
    /// The source the tranches move in. The projects' subsidy is the funder's union money (工会经费:
    /// 000_001fd36b94af060d.txt and 001_ab13bea91fa8b22f.txt speak of the union's own assistance
    /// funds), and the events name no source, so funds uses the union-funds accounts.
    /// </summary>
    public const FundSource Source = FundSource.UnionFunds;

    /// <summary>Who opens a missing receiving account: the system, on the project's behalf.</summary>
    public const string AccountOpener = "system:project-tranches";

    public async Task ReleaseAsync(ProjectFunding funding, ProjectTranche tranche, CancellationToken cancellationToken)
    {
        if (tranche.Note is not null)
            logger.LogWarning("Project {ProjectId} {Stage} tranche differs from the event: {Note}", funding.ProjectId, tranche.Stage, tranche.Note);
        if (!tranche.IsDue) return;

        var now = clock.UtcNowForStorage();
        var returning = tranche.Stage == TrancheStage.Return;
        if (funding.FunderPath.Length == 0 || funding.Year == 0)
        {
            Wait(funding, tranche, ProjectTranche.FunderAccountMissing, "尚不知道出资单位或项目年度", now);
            return;
        }
        var funder = await FindAsync(funding.FunderPath, funding.Year, cancellationToken);
        var applicant = await FindAsync(funding.OrganisationPath, funding.Year, cancellationToken);
        if (funder is null && !returning)
        {
            Wait(funding, tranche, ProjectTranche.FunderAccountMissing,
                $"出资单位{funding.FunderPath}未开设{funding.Year}年度工会经费专账", now);
            return;
        }
        if (applicant is null)
        {
            if (returning)
            {
                Wait(funding, tranche, ProjectTranche.ApplicantAccountMissing,
                    $"申报单位{funding.OrganisationPath}没有{funding.Year}年度工会经费专账", now);
                return;
            }
            // The receiving account is opened for the project's year on first need.
            applicant = FundAccount.Open(funding.OrganisationPath, funding.Year, Source, AccountOpener, now);
            db.Accounts.Add(applicant);
        }
        if (funder is null)
        {
            // Only a return reaches here: the funder's account receives, so it is opened like the applicant's.
            funder = FundAccount.Open(funding.FunderPath, funding.Year, Source, AccountOpener, now);
            db.Accounts.Add(funder);
        }

        var (payer, payee) = returning ? (applicant, funder) : (funder, applicant);
        var balance = db.Entry(payer).State == EntityState.Added ? 0 : await ledger.BalanceAsync(payer.Id, cancellationToken);
        if (balance < tranche.AmountFen)
        {
            Wait(funding, tranche, ProjectTranche.InsufficientFunds,
                $"{payer.OrganisationPath}专账余额{YuanText.FromFen(balance)}元，不足拨付{YuanText.FromFen(tranche.AmountFen)}元", now);
            return;
        }

        var transaction = LedgerTransaction.Post(
            [new LedgerLine(payee, tranche.AmountFen), new LedgerLine(payer, -tranche.AmountFen)],
            Memo(funding, tranche), caller.Subject, caller.OrganisationPath, now);
        db.LedgerTransactions.Add(transaction);
        // The balance read above may be stale by the save: it checks again under the payer's year lock.
        ledger.KeepCovered(payer.Id);
        tranche.MarkReleased(transaction.Id, now);
        // Published with the posting, so a tranche that is released once is announced once: a
        // redelivered event finds the tranche released and never reaches here.
        db.Publish(new TrancheReleased
        {
            TrancheId = tranche.Id.ToString(),
            ProjectId = funding.ProjectId.ToString(),
            TransactionId = transaction.Id.ToString(),
            FunderPath = funding.FunderPath,
            ApplicantPath = funding.OrganisationPath,
            Kind = tranche.Stage.ToString().ToUpperInvariant(),
            Amount = new Contracts.Common.V1.Money { Fen = tranche.AmountFen },
            Source = (Contracts.Common.V1.FundSource)(int)Source,
            Year = funding.Year,
            ReleasedOn = clock.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            FromAccountId = payer.Id.ToString(),
            ToAccountId = payee.Id.ToString(),
        }, funding.FunderPath);
    }

    private void Wait(ProjectFunding funding, ProjectTranche tranche, string code, string detail, DateTime now)
    {
        logger.LogWarning("Project {ProjectId} {Stage} tranche of {AmountFen} fen is pending: {Code} {Detail}",
            funding.ProjectId, tranche.Stage, tranche.AmountFen, code, detail);
        tranche.MarkPending($"{code}: {detail}", now);
    }

    /// <summary>The project's account for its year (the source's general account), or one staged earlier in this unit of work.</summary>
    private async Task<FundAccount?> FindAsync(string path, int year, CancellationToken ct) =>
        db.Accounts.Local.FirstOrDefault(a => a.OrganisationPath == path && a.FiscalYear == year && a.Source == Source && a.SpecialFund == "" && a.Kind == AccountKind.Earmarked)
        ?? await db.Accounts.FirstOrDefaultAsync(a => a.OrganisationPath == path && a.FiscalYear == year && a.Source == Source && a.SpecialFund == "" && a.Kind == AccountKind.Earmarked, ct);

    private static string Memo(ProjectFunding funding, ProjectTranche tranche) => tranche.Stage switch
    {
        TrancheStage.Launch => $"扶助实事项目启动拨付（001第六条）项目{funding.ProjectId}",
        TrancheStage.Acceptance => $"扶助实事项目验收拨付（001第六条）项目{funding.ProjectId}",
        _ => $"扶助实事项目结项退回结余扶助资金 项目{funding.ProjectId}",
    };

}
