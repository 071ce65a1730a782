using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Time;
using Union.Shared.Validation;
using AccountDto = Union.Contracts.Funds.V1.Account;
using AccountKind = Union.Contracts.Funds.V1.AccountKind;
using DomainAccountKind = Union.Funds.Domain.AccountKind;
using DomainFundSource = Union.Funds.Domain.FundSource;
using FundSource = Union.Contracts.Common.V1.FundSource;
using HouseholdStanding = Union.Funds.Domain.HouseholdStanding;
using HouseholdStandingDto = Union.Contracts.Funds.V1.HouseholdStanding;
using StandingChangeDto = Union.Contracts.Funds.V1.StandingChange;

namespace Union.Funds.Grpc;

/// <summary>Thin RPC handlers: check the caller, validate, call the domain, save, map.</summary>
public sealed class FundLedgerService(FundsDbContext db, Ledger ledger, CallerContext caller, TimeProvider clock)
    : FundLedger.FundLedgerBase
{
    public override async Task<AccountDto> OpenAccount(OpenAccountRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("开设专账需要财务或管理员角色", Roles.Finance, Roles.Admin);
        new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Year("fiscal_year", request.FiscalYear)
            .Enum("source", request.Source)
            .MaxLength("special_fund", FundAccount.NormaliseSpecialFund(request.SpecialFund), FundAccount.MaxSpecialFundLength)
            .ThrowIfInvalid();

        var owner = Ownership.Resolve(caller, request.OrganisationPath);
        var source = (DomainFundSource)(int)request.Source;
        var specialFund = FundAccount.NormaliseSpecialFund(request.SpecialFund);
        var ct = context.CancellationToken;

        var existing = await FindAsync(owner, request.FiscalYear, source, specialFund, ct);
        if (existing is not null) RefuseDuplicate(existing);

        var account = FundAccount.Open(owner, request.FiscalYear, source, caller.Subject, clock.UtcNowForStorage(), specialFund);
        db.Accounts.Add(account);
        db.Publish(new FundAccountOpened { AccountId = account.Id.ToString(), FiscalYear = account.FiscalYear, Source = request.Source }, owner);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with the same account opened a moment ago.
            var winner = await FindAsync(owner, request.FiscalYear, source, specialFund, CancellationToken.None);
            if (winner is not null) RefuseDuplicate(winner);
            throw;
        }
        // A new account has no entries: its balance is zero.
        return ToDto(account, balanceFen: 0, closed: await ClosedAsync(account, ct));
    }

    public override async Task<AccountDto> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().Id("account_id", request.AccountId).ThrowIfInvalid();
        var id = Guid.Parse(request.AccountId);
        // The tenancy filter hides accounts outside the caller's subtree: they answer NotFound like missing ones.
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, context.CancellationToken);
        if (account is null) UnionErrors.NotFound("ACCOUNT_NOT_FOUND", "未找到该专账");
        return ToDto(account, await ledger.BalanceAsync(id, context.CancellationToken), await ClosedAsync(account, context.CancellationToken));
    }

    public override async Task<HouseholdStandingDto> GetHouseholdStanding(GetHouseholdStandingRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().Id("household_id", request.HouseholdId).ThrowIfInvalid();
        var id = Guid.Parse(request.HouseholdId);
        var standing = await db.HouseholdStandings.AsNoTracking().Include(h => h.Changes)
            .FirstOrDefaultAsync(h => h.HouseholdId == id, context.CancellationToken);
        if (standing is null) UnionErrors.NotFound("HOUSEHOLD_STANDING_NOT_FOUND", "资金系统中没有该困难职工家庭的档案状态");
        return ToDto(standing);
    }

    private Task<FundAccount?> FindAsync(string owner, int fiscalYear, DomainFundSource source, string specialFund, CancellationToken ct) =>
        db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.OrganisationPath == owner && a.FiscalYear == fiscalYear && a.Source == source
            && a.SpecialFund == specialFund && a.Kind == DomainAccountKind.Earmarked, ct);

    /// <summary>Whether the account's organisation closed its fiscal year (the account then accepts no entries).</summary>
    private Task<bool> ClosedAsync(FundAccount account, CancellationToken ct) =>
        db.FiscalYearClosings.AnyAsync(c => c.OrganisationPath == account.OrganisationPath && c.FiscalYear == account.FiscalYear, ct);

    private static void RefuseDuplicate(FundAccount existing) =>
        UnionErrors.AlreadyExists("ACCOUNT_EXISTS", "该组织在该年度已开设此资金来源（专项）的专账",
            new Dictionary<string, string>
            {
                ["account_id"] = existing.Id.ToString(),
                ["organisation_path"] = existing.OrganisationPath,
                ["fiscal_year"] = existing.FiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

    private static AccountDto ToDto(FundAccount a, long balanceFen, bool closed)
    {
        var created = Timestamp.FromDateTime(DateTime.SpecifyKind(a.CreatedAt, DateTimeKind.Utc));
        return new AccountDto
        {
            AccountId = a.Id.ToString(),
            Owner = new OrganisationRef { Code = OrganisationPath.Code(a.OrganisationPath), Path = a.OrganisationPath },
            FiscalYear = a.FiscalYear,
            Source = (FundSource)(int)a.Source,
            Balance = new Money { Fen = balanceFen },
            SpecialFund = a.SpecialFund,
            Kind = (AccountKind)(int)a.Kind,
            Closed = closed,
            // An account is never changed after it is opened; its movements are ledger entries.
            Audit = new AuditStamp { CreatedAt = created, CreatedBy = a.CreatedBy, UpdatedAt = created, UpdatedBy = a.CreatedBy },
        };
    }

    private HouseholdStandingDto ToDto(HouseholdStanding h) => new()
    {
        HouseholdId = h.HouseholdId.ToString(),
        Owner = new OrganisationRef { Code = OrganisationPath.Code(h.OrganisationPath), Path = h.OrganisationPath },
        ArchiveStatus = h.ArchiveStatus,
        // Evaluated against today's Beijing date: a phase-out stops being payable the day after it ends.
        Payable = h.IsPayableOn(clock.Today()),
        Changes =
        {
            h.Changes.OrderBy(c => c.HouseholdVersion).ThenBy(c => c.OccurredAt).ThenBy(c => c.AppliedAt).Select(c => new StandingChangeDto
            {
                EventId = c.EventId.ToString(),
                EventType = c.EventType,
                ArchiveStatus = c.ArchiveStatus,
                OccurredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(c.OccurredAt, DateTimeKind.Utc)),
                AppliedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(c.AppliedAt, DateTimeKind.Utc)),
            }),
        },
    };
}
