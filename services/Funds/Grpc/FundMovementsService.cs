using System.Globalization;
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
using DomainFundSource = Union.Funds.Domain.FundSource;
using DomainMovementKind = Union.Funds.Domain.MovementKind;
using FiscalYearClosingDto = Union.Contracts.Funds.V1.FiscalYearClosing;
using FundSource = Union.Contracts.Common.V1.FundSource;
using MovementKind = Union.Contracts.Funds.V1.MovementKind;
using UseDeadlineDto = Union.Contracts.Funds.V1.UseDeadline;

namespace Union.Funds.Grpc;

/// <summary>Receipts, transfers and pass-through, the fiscal-year close and the year-end at-risk report.</summary>
public sealed class FundMovementsService(FundsDbContext db, MoneyMovements movements, CallerContext caller, TimeProvider clock)
    : Contracts.Funds.V1.FundMovements.FundMovementsBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public override async Task<Movement> RecordReceipt(RecordReceiptRequest request, ServerCallContext context)
    {
        RequireFinance();
        var validator = new RequestValidator()
            .Id("to_account_id", request.ToAccountId)
            .Money("amount", request.Amount)
            .Check(request.Amount is null || request.Amount.Fen != 0, "amount", "ZERO_AMOUNT", "金额必须大于零")
            .Date("received_on", request.ReceivedOn, required: true, out var receivedOn);
        NotInTheFuture(validator, "received_on", receivedOn);
        switch (request.PayerCase)
        {
            case RecordReceiptRequest.PayerOneofCase.PayerAccountId:
                validator.Id("payer_account_id", request.PayerAccountId);
                break;
            case RecordReceiptRequest.PayerOneofCase.ExternalPayer:
                validator.RequiredText("external_payer.name", request.ExternalPayer.Name, FundMovement.MaxPayerLength)
                    .RequiredText("external_payer.document_reference", request.ExternalPayer.DocumentReference, FundMovement.MaxReferenceLength);
                break;
            default:
                validator.Add("payer", "REQUIRED", "请填写拨款方：上级专账或外部拨款单位");
                break;
        }
        validator.MaxLength("memo", request.Memo, LedgerTransaction.MaxMemoLength).ThrowIfInvalid();

        var ct = context.CancellationToken;
        var movement = request.PayerCase == RecordReceiptRequest.PayerOneofCase.PayerAccountId
            // From the level above: a transfer, which only a caller who sees the payer's account can post.
            ? await movements.TransferAsync(Guid.Parse(request.PayerAccountId), Guid.Parse(request.ToAccountId), request.Amount!.Fen,
                passThrough: false, receivedOn!.Value, reference: null, request.Memo, ct)
            : await movements.ReceiveFromOutsideAsync(Guid.Parse(request.ToAccountId), request.Amount!.Fen, receivedOn!.Value,
                request.ExternalPayer.Name, request.ExternalPayer.DocumentReference, request.Memo, ct);
        await db.SaveChangesAsync(ct);
        return ToDto(movement);
    }

    public override async Task<Movement> Transfer(TransferRequest request, ServerCallContext context)
    {
        RequireFinance();
        var validator = new RequestValidator()
            .Id("from_account_id", request.FromAccountId)
            .Id("to_account_id", request.ToAccountId)
            .Money("amount", request.Amount)
            .Check(request.Amount is null || request.Amount.Fen != 0, "amount", "ZERO_AMOUNT", "金额必须大于零")
            .Date("transferred_on", request.TransferredOn, required: true, out var on)
            .MaxLength("reference", request.Reference, FundMovement.MaxReferenceLength)
            .MaxLength("memo", request.Memo, LedgerTransaction.MaxMemoLength);
        NotInTheFuture(validator, "transferred_on", on);
        validator.Check(request.FromAccountId != request.ToAccountId || string.IsNullOrEmpty(request.ToAccountId), "to_account_id", "SAME_ACCOUNT", "拨入专账不能与拨出专账相同")
            .ThrowIfInvalid();

        var movement = await movements.TransferAsync(Guid.Parse(request.FromAccountId), Guid.Parse(request.ToAccountId), request.Amount!.Fen,
            request.PassThrough, on!.Value, request.Reference, request.Memo, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToDto(movement);
    }

    public override async Task<ListMovementsResponse> ListMovements(ListMovementsRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        var page = request.Page ?? new PageRequest();
        var validator = new RequestValidator()
            .Range("page.page_size", page.PageSize, 0, MaxPageSize)
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Enums("kinds", request.Kinds, required: false);
        if (request.FiscalYear != 0) validator.Year("fiscal_year", request.FiscalYear);
        if (!string.IsNullOrEmpty(request.AccountId)) validator.Id("account_id", request.AccountId);
        var offset = 0;
        if (!string.IsNullOrEmpty(page.PageToken))
            validator.Check(int.TryParse(page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset), "page.page_token", "INVALID_PAGE_TOKEN", "分页标记无效");
        validator.ThrowIfInvalid();

        var subtree = Ownership.Resolve(caller, request.OrganisationPath);
        var query = db.FundMovements.AsNoTracking().Where(OrganisationPath.InSubtree<FundMovement>(m => m.OrganisationPath, subtree));
        if (!string.IsNullOrEmpty(request.AccountId))
        {
            var account = Guid.Parse(request.AccountId);
            query = query.Where(m => m.FromAccountId == account || m.ToAccountId == account);
        }
        if (request.FiscalYear != 0) query = query.Where(m => m.FiscalYear == request.FiscalYear);
        if (request.Kinds.Count > 0)
        {
            // Converted outside the expression: the column holds the name, not the contract's number.
            var kinds = request.Kinds.Select(k => (DomainMovementKind)(int)k).ToList();
            query = query.Where(m => kinds.Contains(m.Kind));
        }
        var size = page.PageSize == 0 ? DefaultPageSize : page.PageSize;
        var total = await query.CountAsync(context.CancellationToken);
        var rows = await query.OrderByDescending(m => m.OccurredOn).ThenByDescending(m => m.RecordedAt).ThenByDescending(m => m.Id)
            .Skip(offset).Take(size).ToListAsync(context.CancellationToken);
        var next = offset + rows.Count < total ? (offset + rows.Count).ToString(CultureInfo.InvariantCulture) : string.Empty;
        return new ListMovementsResponse { Movements = { rows.Select(ToDto) }, Page = new PageResponse { NextPageToken = next, TotalSize = total } };
    }

    public override async Task<FiscalYearClosingDto> CloseFiscalYear(CloseFiscalYearRequest request, ServerCallContext context)
    {
        RequireFinance();
        new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Range("fiscal_year", request.FiscalYear, FundAccount.FirstFiscalYear, FundAccount.LastFiscalYear - 1)
            .ThrowIfInvalid();
        var owner = Ownership.Resolve(caller, request.OrganisationPath);
        var ct = context.CancellationToken;

        var (closing, carryOvers) = await movements.CloseYearAsync(owner, request.FiscalYear, ct);
        db.Publish(new FiscalYearClosed
        {
            ClosingId = closing.Id.ToString(),
            FiscalYear = closing.FiscalYear,
            OrganisationPath = owner,
            TransactionId = closing.TransactionId?.ToString() ?? string.Empty,
            CarriedOver = new Money { Fen = closing.CarriedOverFen },
        }, owner);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with the same year closed a moment ago.
            if (await db.FiscalYearClosings.AnyAsync(c => c.OrganisationPath == owner && c.FiscalYear == request.FiscalYear, CancellationToken.None))
                throw new DomainRuleException("FISCAL_YEAR_ALREADY_CLOSED", $"{request.FiscalYear}年度已结账，不能重复结账");
            throw;
        }
        return new FiscalYearClosingDto
        {
            ClosingId = closing.Id.ToString(),
            Owner = Org(owner),
            FiscalYear = closing.FiscalYear,
            TransactionId = closing.TransactionId?.ToString() ?? string.Empty,
            CarriedOver = new Money { Fen = closing.CarriedOverFen },
            CarryOvers =
            {
                carryOvers.Select(m => new CarryOver
                {
                    FromAccountId = m.FromAccountId.ToString(),
                    ToAccountId = m.ToAccountId.ToString(),
                    Source = (FundSource)(int)m.Source,
                    SpecialFund = m.SpecialFund,
                    Amount = new Money { Fen = m.AmountFen },
                }),
            },
            ClosedAt = Stamp(closing.ClosedAt),
            ClosedBy = closing.ClosedBy,
        };
    }

    public override async Task<UseDeadlineDto> SetUseDeadline(SetUseDeadlineRequest request, ServerCallContext context)
    {
        RequireFinance();
        var validator = new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Enum("source", request.Source)
            .Year("fiscal_year", request.FiscalYear)
            .Date("deadline", request.Deadline, required: true, out var deadline);
        if (request.Source is FundSource.UnionFunds or FundSource.Other)
            validator.Add("source", "NO_USE_DEADLINE", "只有中央和省财政专项资金有当年使用期限");
        if (deadline is { } d && request.FiscalYear is >= 2000 and <= 2100)
            validator.Check(d >= new DateOnly(request.FiscalYear, 1, 1) && d <= new DateOnly(request.FiscalYear + 1, 12, 31),
                "deadline", "DEADLINE_OUT_OF_RANGE", "使用期限应在该会计年度内或次年内");
        validator.ThrowIfInvalid();

        var owner = Ownership.Resolve(caller, request.OrganisationPath);
        var source = (DomainFundSource)(int)request.Source;
        var now = clock.UtcNowForStorage();
        var ct = context.CancellationToken;
        var row = await db.UseDeadlines.FirstOrDefaultAsync(x => x.OrganisationPath == owner && x.Source == source && x.FiscalYear == request.FiscalYear, ct);
        if (row is null)
        {
            row = Domain.UseDeadline.Set(owner, source, request.FiscalYear, deadline!.Value, caller.Subject, now);
            db.UseDeadlines.Add(row);
        }
        else
        {
            row.Change(deadline!.Value, caller.Subject, now);
        }
        await db.SaveChangesAsync(ct);
        return new UseDeadlineDto
        {
            Owner = Org(owner),
            Source = request.Source,
            FiscalYear = row.FiscalYear,
            Deadline = Day(row.Deadline),
            SetAt = Stamp(row.SetAt),
            SetBy = row.SetBy,
        };
    }

    public override async Task<ListAccountsAtRiskResponse> ListAccountsAtRisk(ListAccountsAtRiskRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Date("as_of", request.AsOf, required: false, out var asOf)
            .ThrowIfInvalid();
        var subtree = Ownership.Resolve(caller, request.OrganisationPath);
        var day = asOf ?? clock.Today();
        var rows = await movements.AtRiskAsync(subtree, day, context.CancellationToken);
        return new ListAccountsAtRiskResponse
        {
            AsOf = Day(day),
            Accounts =
            {
                rows.Select(r => new AccountAtRisk
                {
                    AccountId = r.Account.Id.ToString(),
                    Owner = Org(r.Account.OrganisationPath),
                    FiscalYear = r.Account.FiscalYear,
                    Source = (FundSource)(int)r.Account.Source,
                    SpecialFund = r.Account.SpecialFund,
                    Balance = new Money { Fen = r.BalanceFen },
                    Deadline = Day(r.Deadline),
                    Overdue = day > r.Deadline,
                }),
            },
        };
    }

    private void NotInTheFuture(RequestValidator validator, string field, DateOnly? date)
    {
        if (date is { } d) validator.Check(d <= clock.Today(), field, "DATE_IN_FUTURE", "日期不能晚于今天");
    }

    private void RequireFinance()
    {
        if (!caller.IsInRole(Roles.Finance) && !caller.IsInRole(Roles.Admin))
            UnionErrors.PermissionDenied("ROLE_REQUIRED", "资金收付和结账需要财务或管理员角色");
    }

    private static Movement ToDto(FundMovement m) => new()
    {
        MovementId = m.Id.ToString(),
        Kind = (MovementKind)(int)m.Kind,
        Owner = Org(m.OrganisationPath),
        Payer = Org(m.PayerPath),
        FromAccountId = m.FromAccountId.ToString(),
        ToAccountId = m.ToAccountId.ToString(),
        ExternalPayer = m.ExternalPayer ?? string.Empty,
        Reference = m.Reference ?? string.Empty,
        Memo = m.Memo,
        OccurredOn = Day(m.OccurredOn),
        Amount = new Money { Fen = m.AmountFen },
        FiscalYear = m.FiscalYear,
        Source = (FundSource)(int)m.Source,
        SpecialFund = m.SpecialFund,
        TransactionId = m.TransactionId.ToString(),
        RecordedAt = Stamp(m.RecordedAt),
        RecordedBy = m.RecordedBy,
    };

    private static OrganisationRef Org(string path) => new() { Code = OrganisationPath.Code(path), Path = path };
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static Timestamp Stamp(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
