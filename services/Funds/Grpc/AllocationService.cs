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
using AllocationFormulaDto = Union.Contracts.Funds.V1.AllocationFormula;
using AllocationFormulaKindDto = Union.Contracts.Funds.V1.AllocationFormulaKind;
using AllocationRunDto = Union.Contracts.Funds.V1.AllocationRun;
using AllocationRunStatusDto = Union.Contracts.Funds.V1.AllocationRunStatus;
using AllocationDifferenceDto = Union.Contracts.Funds.V1.AllocationDifference;
using AllocationFormula = Union.Funds.Domain.AllocationFormula;
using AllocationFormulaKind = Union.Funds.Domain.AllocationFormulaKind;
using AllocationRunStatus = Union.Funds.Domain.AllocationRunStatus;
using AllocationRun = Union.Funds.Domain.AllocationRun;
using AllocationDifference = Union.Funds.Domain.AllocationDifference;
using DomainFundSource = Union.Funds.Domain.FundSource;
using FundSource = Union.Contracts.Common.V1.FundSource;
using FivePercentLineDto = Union.Contracts.Funds.V1.FivePercentLine;
using FivePercentLine = Union.Funds.Domain.FivePercentLine;
using HouseholdStanding = Union.Funds.Domain.HouseholdStanding;
using RetainedFundsDto = Union.Contracts.Funds.V1.RetainedFunds;
using RetainedFunds = Union.Funds.Domain.RetainedFunds;

namespace Union.Funds.Grpc;

/// <summary>
/// Allocation (000_001fd36b94af060d.txt 二(二); 003_eca3cf9f3ec4784d.txt 二(三)四) and the 5 % rule
/// (000 五(一)). A funder (the province, or a city for its districts) keeps its formula as data,
/// dry-runs an allocation as often as it likes (each run stored, explained line by line and compared
/// with the run before), then commits the latest run once: one balanced posting from its account to
/// the applicants' accounts of the same year and source.
/// <para>
/// Inputs. The approved project volume defaults to funds' own read model (the approved subsidies of
/// the applicant's projects funded by the funder that year, <see cref="Domain.ProjectFunding"/>). Last
/// year's grade defaults to the applicant's archived programme grade (<see cref="Domain.EvaluationGrade"/>,
/// from evaluation's EvaluationGraded). The review score defaults to the committee's scores of those
/// projects (ProjectApproved.review_score; several weighted by their subsidies in force, exactly), and
/// the HOUSEHOLDS formula's archived households to the households of the applicant's subtree funds may
/// pay on the run's date (<see cref="HouseholdStanding.PayableOn"/>). Each line says where each input
/// came from (REQUEST or funds' own read models), so an auditor sees what the clerk typed.
/// </para>
/// </summary>
public sealed class AllocationService(FundsDbContext db, Ledger ledger, CallerContext caller, TimeProvider clock)
    : Contracts.Funds.V1.Allocation.AllocationBase
{
    /// <summary>Who opens an applicant's missing receiving account: the system, on the allocation's behalf.</summary>
    public const string AccountOpener = "system:allocation";
    public const string FromRequest = AllocationSources.Request;
    public const string FromProjectFundings = AllocationSources.ProjectFundings;
    private const decimal MaxReviewScore = 1000m;
    private const long MaxHouseholds = 10_000_000;

    public override async Task<AllocationFormulaDto> SetAllocationFormula(SetAllocationFormulaRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("设定分配公式需要财务、审批或管理员角色", Roles.Finance, Roles.Approver, Roles.Admin);
        var v = new RequestValidator()
            .OrganisationPathOrEmpty("funder_path", request.FunderPath)
            .Enum("kind", request.Kind);
        var volume = 0m;
        var score = 0m;
        var ungraded = 1m;
        var factors = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (request.Kind == AllocationFormulaKindDto.ProjectVolume)
        {
            volume = ParseDecimal(v, "volume_weight", request.VolumeWeight, 0, AllocationFormula.MaxWeight, required: true);
            score = ParseDecimal(v, "score_weight", request.ScoreWeight, 0, AllocationFormula.MaxWeight, required: true);
            v.Check(volume + score > 0, "score_weight", "WEIGHTS_ALL_ZERO", "项目总量权重与评审得分权重不能同时为零");
            if (!string.IsNullOrWhiteSpace(request.UngradedFactor))
                ungraded = ParseDecimal(v, "ungraded_factor", request.UngradedFactor, 0, AllocationFormula.MaxFactor, required: true);
            v.Check(request.GradeFactors.Count <= AllocationFormula.MaxGrades, "grade_factors", "TOO_MANY", $"绩效等级不能超过{AllocationFormula.MaxGrades}个");
            for (var i = 0; i < request.GradeFactors.Count; i++)
            {
                var g = request.GradeFactors[i];
                var grade = (g.Grade ?? string.Empty).Trim().ToUpperInvariant();
                v.RequiredText($"grade_factors[{i}].grade", grade, AllocationFormula.MaxGradeLength)
                    .Check(grade.Length == 0 || !factors.ContainsKey(grade), $"grade_factors[{i}].grade", "DUPLICATE", "绩效等级重复");
                var factor = ParseDecimal(v, $"grade_factors[{i}].factor", g.Factor, 0, AllocationFormula.MaxFactor, required: true);
                if (grade.Length > 0) factors.TryAdd(grade, factor);
            }
        }
        v.ThrowIfInvalid();

        var funder = Ownership.Resolve(caller, request.FunderPath);
        var kind = (AllocationFormulaKind)(int)request.Kind;
        var now = clock.UtcNowForStorage();
        var ct = context.CancellationToken;
        var formula = await db.AllocationFormulas.FirstOrDefaultAsync(f => f.OrganisationPath == funder, ct);
        if (formula is null)
        {
            formula = AllocationFormula.Set(funder, kind, volume, score, factors, ungraded, caller.Subject, now);
            db.AllocationFormulas.Add(formula);
        }
        else
        {
            formula.Replace(kind, volume, score, factors, ungraded, caller.Subject, now);
        }
        await db.SaveChangesAsync(ct);
        return ToDto(formula);
    }

    public override async Task<AllocationFormulaDto> GetAllocationFormula(GetAllocationFormulaRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().OrganisationPathOrEmpty("funder_path", request.FunderPath).ThrowIfInvalid();
        var funder = Ownership.Resolve(caller, request.FunderPath);
        return ToDto(await FormulaAsync(funder, context.CancellationToken));
    }

    public override async Task<AllocationRunDto> DryRunAllocation(DryRunAllocationRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("试算资金分配需要财务、审批或管理员角色", Roles.Finance, Roles.Approver, Roles.Admin);
        var v = new RequestValidator()
            .OrganisationPathOrEmpty("funder_path", request.FunderPath)
            .Year("year", request.Year)
            .Enum("source", request.Source)
            .Money("pool", request.Pool)
            .Check(request.Pool is null || request.Pool.Fen > 0, "pool", "NOT_POSITIVE", "分配资金总额必须大于零")
            .Check(request.Applicants.Count > 0, "applicants", "REQUIRED", "至少需要一个参与分配的单位")
            .Check(request.Applicants.Count <= AllocationRun.MaxApplicants, "applicants", "TOO_MANY", $"参与分配的单位不能超过{AllocationRun.MaxApplicants}个");

        // Every problem of the request is answered at once: the applicants are checked against the
        // funder and its formula even when the pool or the year is wrong too.
        var ct = context.CancellationToken;
        var funder = string.IsNullOrEmpty(request.FunderPath) || OrganisationPath.IsValid(request.FunderPath)
            ? Ownership.Resolve(caller, request.FunderPath) : null;
        var formula = funder is null ? null
            : (await db.AllocationFormulas.AsNoTracking().FirstOrDefaultAsync(f => f.OrganisationPath == funder, ct))?.Snapshot();

        // Each applicant's inputs, checked all at once against the funder and the formula.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new List<(string Path, long? Volume, decimal? Score, string? Grade, long Households)>();
        for (var i = 0; i < request.Applicants.Count; i++)
        {
            var a = request.Applicants[i];
            var field = $"applicants[{i}]";
            var path = a.OrganisationPath ?? string.Empty;
            v.Check(OrganisationPath.IsValid(path), $"{field}.organisation_path", "INVALID_PATH", "组织路径格式不正确");
            if (OrganisationPath.IsValid(path) && funder is not null)
            {
                v.Check(path != funder && OrganisationPath.Covers(funder, path), $"{field}.organisation_path", "NOT_BELOW_FUNDER", "参与分配的单位必须是出资单位的下级")
                    .Check(seen.Add(path), $"{field}.organisation_path", "DUPLICATE", "同一单位不能重复参与分配");
            }
            v.Money($"{field}.approved_volume", a.ApprovedVolume, required: false);
            var score = ParseDecimal(v, $"{field}.review_score", a.ReviewScore, 0, MaxReviewScore, required: false);
            var grade = string.IsNullOrWhiteSpace(a.LastYearGrade) ? null : a.LastYearGrade.Trim().ToUpperInvariant();
            v.MaxLength($"{field}.last_year_grade", grade, AllocationFormula.MaxGradeLength);
            if (formula?.Kind == AllocationFormulaKind.ProjectVolume)
                v.Check(grade is null || formula.GradeFactors.ContainsKey(grade), $"{field}.last_year_grade", "UNKNOWN_GRADE", "分配公式中没有该绩效等级的系数");
            v.Range($"{field}.archived_households", a.ArchivedHouseholds, 0, MaxHouseholds);
            parsed.Add((path, a.ApprovedVolume?.Fen, string.IsNullOrWhiteSpace(a.ReviewScore) ? null : score, grade, a.ArchivedHouseholds));
        }
        v.ThrowIfInvalid();
        if (funder is null || formula is null) throw FormulaNotSet(funder ?? string.Empty);

        var funded = await FundedProjectsAsync(funder, request.Year, ct);
        // An applicant the request gives no grade for takes its archived programme grade of the year
        // before (EvaluationGraded), when the formula has a factor for it.
        var stored = await db.ProgrammeGradesAsync(parsed.Where(p => p.Grade is null).Select(p => p.Path).ToList(), request.Year - 1, ct);
        parsed = parsed.Select(p => p.Grade is null && stored.TryGetValue(p.Path, out var g) && formula.GradeFactors.ContainsKey(g.Trim().ToUpperInvariant())
            ? p with { Grade = g.Trim().ToUpperInvariant() } : p).ToList();
        var inputs = parsed.Select(p => p.Volume is { } given
            ? new AllocationInput(p.Path, given, 0m, p.Grade, p.Households, FromRequest)
            : new AllocationInput(p.Path, VolumeOf(funded, p.Path), 0m, p.Grade, p.Households, FromProjectFundings)).ToList();
        // A score the request gives wins (shown as REQUEST); else the committee's scores of the projects.
        // An applicant with neither is refused where the formula weighs scores, as a bad input would be.
        var unknown = new RequestValidator();
        var today = clock.Today();
        for (var i = 0; i < inputs.Count; i++)
        {
            var scored = parsed[i].Score is { } typed ? inputs[i] with { ReviewScore = typed } : ScoredByReviews(inputs[i], funded);
            unknown.Check(scored is not null || formula.Kind != AllocationFormulaKind.ProjectVolume || formula.ScoreWeight == 0,
                $"applicants[{i}].review_score", "REVIEW_SCORE_UNKNOWN",
                $"{inputs[i].ApplicantPath}在{request.Year}年度由出资单位批准的项目均无评审得分，请填写评审得分");
            inputs[i] = scored ?? inputs[i];
            if (formula.Kind == AllocationFormulaKind.Households && inputs[i].Households == 0)
                inputs[i] = inputs[i] with { Households = await PayableHouseholdsAsync(inputs[i].ApplicantPath, today, ct), HouseholdsSource = AllocationSources.HouseholdStandings };
        }
        unknown.ThrowIfInvalid();

        var source = (DomainFundSource)(int)request.Source;
        // Numbered after the latest run; compared with what the applicants hold (a reversed run is no base).
        var runs = await db.AllocationRuns.AsNoTracking().Where(r => r.OrganisationPath == funder && r.Year == request.Year && r.Source == source).ToListAsync(ct);
        var latestNumber = runs.Count == 0 ? 0 : runs.Max(r => r.Number);
        var previous = AllocationRun.ComparisonBase(runs) is { } based
            ? await db.AllocationRuns.AsNoTracking().Include(r => r.Lines).FirstAsync(r => r.Id == based.Id, ct)
            : null;
        var run = AllocationRun.DryRun(funder, request.Year, source, request.Pool!.Fen, formula, inputs, previous, latestNumber, caller.Subject, clock.UtcNowForStorage());
        db.AllocationRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another dry run of the same year took the number a moment ago.
            throw new DomainRuleException("CONCURRENT_RUN", "同一年度的另一次试算刚刚完成，请重新试算");
        }
        return ToDto(run, previous);
    }

    public override async Task<AllocationRunDto> GetAllocationRun(GetAllocationRunRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().Id("run_id", request.RunId).ThrowIfInvalid();
        var ct = context.CancellationToken;
        var run = await RunAsync(Guid.Parse(request.RunId), tracking: false, ct);
        var previous = run.PreviousRunId is { } id
            ? await db.AllocationRuns.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.Id == id, ct)
            : null;
        return ToDto(run, previous);
    }

    public override async Task<AllocationRunDto> CommitAllocation(CommitAllocationRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("下拨分配资金需要财务、审批或管理员角色", Roles.Finance, Roles.Approver, Roles.Admin);
        new RequestValidator().Id("run_id", request.RunId).ThrowIfInvalid();
        var ct = context.CancellationToken;
        var run = await RunAsync(Guid.Parse(request.RunId), tracking: true, ct);
        var meta = new Dictionary<string, string> { ["run_id"] = run.Id.ToString() };
        if (run.Status == AllocationRunStatus.Committed)
            throw new DomainRuleException("RUN_ALREADY_COMMITTED", "该分配方案已经下拨，不能重复下拨", meta);

        var latest = await LatestRunAsync(run.OrganisationPath, run.Year, run.Source, ct);
        if (latest is not null && latest.Id != run.Id)
            throw new DomainRuleException("RUN_SUPERSEDED", "该试算之后又有新的试算，请核对并下拨最新的方案",
                new Dictionary<string, string>(meta) { ["latest_run_id"] = latest.Id.ToString() });
        var committed = await db.AllocationRuns.AsNoTracking()
            .FirstOrDefaultAsync(r => r.OrganisationPath == run.OrganisationPath && r.Year == run.Year && r.Source == run.Source && r.Status == AllocationRunStatus.Committed, ct);
        if (committed is not null)
            throw new DomainRuleException("ALREADY_ALLOCATED", "该年度该来源的资金已经按另一方案下拨；如需更正请先冲销",
                new Dictionary<string, string>(meta) { ["committed_run_id"] = committed.Id.ToString() });

        var funderAccount = await AccountAsync(run.OrganisationPath, run.Year, run.Source, ct);
        if (funderAccount is null)
            throw new DomainRuleException("FUNDER_ACCOUNT_MISSING", $"出资单位{run.OrganisationPath}未开设{run.Year}年度该来源的专账", meta);
        var balance = await ledger.BalanceAsync(funderAccount.Id, ct);
        if (balance < run.PoolFen)
            throw new DomainRuleException("INSUFFICIENT_FUNDS", "出资单位专账余额不足以下拨该方案",
                new Dictionary<string, string>(meta) { ["balance_fen"] = Text(balance), ["pool_fen"] = Text(run.PoolFen) });

        // The posting and the run's new state commit together, in the caller's transaction when there is one.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var now = clock.UtcNowForStorage();
            var receiving = new List<(AllocationRunLine Line, FundAccount Account)>();
            foreach (var line in run.Lines.Where(l => l.ShareFen > 0).OrderBy(l => l.Position))
            {
                var account = await AccountAsync(line.ApplicantPath, run.Year, run.Source, ct);
                if (account is null)
                {
                    account = FundAccount.Open(line.ApplicantPath, run.Year, run.Source, AccountOpener, now);
                    db.Accounts.Add(account);
                    db.Publish(new FundAccountOpened { AccountId = account.Id.ToString(), FiscalYear = run.Year, Source = (FundSource)(int)run.Source }, line.ApplicantPath);
                }
                receiving.Add((line, account));
            }
            // The ledger reads accounts from the database: the newly opened ones are saved first.
            await db.SaveChangesAsync(ct);

            var postings = receiving.Select(r => (r.Account.Id, r.Line.ShareFen)).Append((funderAccount.Id, -run.PoolFen)).ToList();
            var transaction = await ledger.PostCoveredAsync(postings, $"帮扶资金分配下拨（{run.Year}年度）方案{run.Id}", ct);
            run.Commit(transaction.Id, caller.Subject, now);
            db.Publish(new AllocationCommitted
            {
                RunId = run.Id.ToString(),
                TransactionId = transaction.Id.ToString(),
                Year = run.Year,
                Source = (FundSource)(int)run.Source,
                Pool = Fen(run.PoolFen),
                Shares = { receiving.Select(r => new AllocationShare { OrganisationPath = r.Line.ApplicantPath, AccountId = r.Account.Id.ToString(), Amount = Fen(r.Line.ShareFen) }) },
            }, run.OrganisationPath);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another commit for the same funder, year and source won the race.
                throw new DomainRuleException("ALREADY_ALLOCATED", "该年度该来源的资金已经下拨", meta);
            }
            if (own is not null) await own.CommitAsync(ct);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }

        var previous = run.PreviousRunId is { } id
            ? await db.AllocationRuns.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.Id == id, ct)
            : null;
        return ToDto(run, previous);
    }

    /// <summary>
    /// Reverses a committed run (see allocation.proto). Whether the shares are still there is
    /// checked first for a clear answer naming the account (ALLOCATION_SPENT); the save checks it
    /// again under the ledger locks of the receivers' years, so a payment racing the reversal either
    /// commits first and the reversal is refused (INSUFFICIENT_BALANCE), or waits and finds the money gone.
    /// </summary>
    public override async Task<AllocationRunDto> ReverseAllocation(ReverseAllocationRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("冲销分配方案需要财务、审批或管理员角色", Roles.Finance, Roles.Approver, Roles.Admin);
        new RequestValidator()
            .Id("run_id", request.RunId)
            .RequiredText("reason", request.Reason, AllocationRun.MaxReasonLength)
            .ThrowIfInvalid();
        var ct = context.CancellationToken;
        var run = await RunAsync(Guid.Parse(request.RunId), tracking: true, ct);
        run.RefuseUnlessReversible();

        var transactionId = run.TransactionId!.Value;
        var shares = await db.LedgerEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TransactionId == transactionId && e.AmountFen > 0).ToListAsync(ct);
        foreach (var share in shares.OrderBy(e => e.OrganisationPath, StringComparer.Ordinal))
        {
            var balance = await ledger.BalanceAsync(share.AccountId, ct);
            if (balance < share.AmountFen)
                throw new DomainRuleException("ALLOCATION_SPENT", $"{share.OrganisationPath}已使用部分下拨资金，须先退回后才能冲销该分配方案",
                    new Dictionary<string, string>
                    {
                        ["run_id"] = run.Id.ToString(),
                        ["account_id"] = share.AccountId.ToString(),
                        ["organisation_path"] = share.OrganisationPath,
                        ["balance_fen"] = Text(balance),
                        ["share_fen"] = Text(share.AmountFen),
                    });
        }

        var memo = $"冲销分配方案{run.Id}：{request.Reason.Trim()}";
        var reversal = await ledger.ReverseAsync(transactionId, memo.Length <= LedgerTransaction.MaxMemoLength ? memo : memo[..LedgerTransaction.MaxMemoLength], ct);
        run.Reverse(reversal.Id, request.Reason, caller.Subject, clock.UtcNowForStorage());
        db.Publish(new AllocationReversed
        {
            RunId = run.Id.ToString(),
            TransactionId = transactionId.ToString(),
            ReversalTransactionId = reversal.Id.ToString(),
            Year = run.Year,
            Source = (FundSource)(int)run.Source,
            Pool = Fen(run.PoolFen),
        }, run.OrganisationPath);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same run reversed a moment ago: a transaction is reversed at most once (unique index).
            throw new DomainRuleException("RUN_ALREADY_REVERSED", "该分配方案已经冲销", new Dictionary<string, string> { ["run_id"] = run.Id.ToString() });
        }
        var previous = run.PreviousRunId is { } id
            ? await db.AllocationRuns.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.Id == id, ct)
            : null;
        return ToDto(run, previous);
    }

    public override async Task<RetainedFundsDto> RecordRetainedFunds(RecordRetainedFundsRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("登记留成经费需要财务、审批或管理员角色", Roles.Finance, Roles.Approver, Roles.Admin);
        new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Year("year", request.Year)
            .Money("retained", request.Retained)
            .RequiredText("reference", request.Reference, RetainedFunds.MaxReferenceLength)
            .ThrowIfInvalid();
        var owner = Ownership.Resolve(caller, request.OrganisationPath);
        var ct = context.CancellationToken;
        var now = clock.UtcNowForStorage();
        var record = await db.RetainedFunds.FirstOrDefaultAsync(r => r.OrganisationPath == owner && r.Year == request.Year, ct);
        if (record is null)
        {
            record = RetainedFunds.Record(owner, request.Year, request.Retained.Fen, request.Reference, caller.Subject, now);
            db.RetainedFunds.Add(record);
        }
        else
        {
            record.Correct(request.Retained.Fen, request.Reference, caller.Subject, now);
        }
        await db.SaveChangesAsync(ct);
        return ToDto(record);
    }

    /// <summary>
    /// The 5 % rule per organisation of the subtree. "To projects" is not recorded separately: it is
    /// the sum of the subsidies in force (the approved one, or as adjusted) of the assistance projects
    /// the organisation funds that year, from funds' project-funding read model, so the report cannot
    /// drift from what was actually approved.
    /// </summary>
    public override async Task<FivePercentReport> GetFivePercentReport(GetFivePercentReportRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Year("year", request.Year)
            .ThrowIfInvalid();
        var root = Ownership.Resolve(caller, request.OrganisationPath);
        var ct = context.CancellationToken;

        var retained = await db.RetainedFunds.AsNoTracking()
            .Where(r => r.Year == request.Year).Where(OrganisationPath.InSubtree<Domain.RetainedFunds>(r => r.OrganisationPath, root))
            .ToDictionaryAsync(r => r.OrganisationPath, r => r.RetainedFen, StringComparer.Ordinal, ct);
        var funded = await db.ProjectFundings.AsNoTracking()
            .Where(p => p.Year == request.Year).Where(OrganisationPath.InSubtree<Domain.ProjectFunding>(p => p.FunderPath, root))
            .Select(p => new { p.FunderPath, Subsidy = p.CurrentSubsidyFen ?? p.ApprovedSubsidyFen ?? 0 })
            .ToListAsync(ct);
        var toProjects = funded.GroupBy(p => p.FunderPath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Subsidy), StringComparer.Ordinal);

        var lines = retained.Keys.Union(toProjects.Keys).Append(root).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(path => new FivePercentLine(path, retained.TryGetValue(path, out var r) ? r : null, toProjects.GetValueOrDefault(path)));
        return new FivePercentReport
        {
            Organisation = Ref(root),
            Year = request.Year,
            RequiredBasisPoints = FivePercentLine.RequiredBasisPoints,
            Lines =
            {
                lines.Select(l =>
                {
                    var dto = new FivePercentLineDto { Organisation = Ref(l.OrganisationPath), ToProjects = Fen(l.ToProjectsFen), ShareBasisPoints = l.ShareBasisPoints ?? 0, Meets = l.Meets };
                    if (l.RetainedFen is { } fen) dto.Retained = Fen(fen);
                    return dto;
                }),
            },
        };
    }

    /// <summary>One project the funder approved for the year: its applicant, the approved subsidy, the subsidy in force and the committee's score.</summary>
    private sealed record FundedProject(string Applicant, long ApprovedFen, long InForceFen, decimal? ReviewScore);

    /// <summary>The projects the funder approved for the year (an applicant's own and its subtree's projects count for it).</summary>
    private async Task<List<FundedProject>> FundedProjectsAsync(string funder, int year, CancellationToken ct)
    {
        var rows = await db.ProjectFundings.AsNoTracking()
            .Where(p => p.FunderPath == funder && p.Year == year && p.ApprovedSubsidyFen != null)
            .Select(p => new { p.OrganisationPath, p.ApprovedSubsidyFen, p.CurrentSubsidyFen, p.ReviewScore })
            .ToListAsync(ct);
        return rows.Select(r => new FundedProject(r.OrganisationPath, r.ApprovedSubsidyFen!.Value, r.CurrentSubsidyFen ?? r.ApprovedSubsidyFen!.Value, r.ReviewScore)).ToList();
    }

    private static long VolumeOf(List<FundedProject> funded, string applicant) =>
        funded.Where(v => OrganisationPath.Covers(applicant, v.Applicant)).Sum(v => v.ApprovedFen);

    /// <summary>
    /// The input with the committee's score of the applicant's projects (weighted by subsidy in force
    /// when several); null when none of them has one (approved before projects published scores).
    /// </summary>
    private static AllocationInput? ScoredByReviews(AllocationInput input, List<FundedProject> funded) =>
        ReviewedProject.MeanOf(funded
                .Where(f => f.ReviewScore is not null && OrganisationPath.Covers(input.ApplicantPath, f.Applicant))
                .Select(f => new ReviewedProject(f.Applicant, f.InForceFen, f.ReviewScore!.Value))) is { } mean
            ? input with { ReviewScore = mean.Score, ScoreSource = AllocationSources.ProjectReviews, ScoreProjects = mean.Projects }
            : null;

    /// <summary>
    /// The HOUSEHOLDS formula's archived households of an applicant: the households of its subtree funds
    /// may pay on the run's (Beijing) date, i.e. archived (active), or in a deep-hardship phase-out up to
    /// its last day of normal help; exited, de-archived, cancelled and re-applying files do not count.
    /// </summary>
    private Task<long> PayableHouseholdsAsync(string applicant, DateOnly today, CancellationToken ct) =>
        db.HouseholdStandings.AsNoTracking()
            .Where(OrganisationPath.InSubtree<HouseholdStanding>(h => h.OrganisationPath, applicant))
            .Where(HouseholdStanding.PayableOn(today))
            .LongCountAsync(ct);

    private async Task<AllocationFormula> FormulaAsync(string funder, CancellationToken ct)
    {
        var formula = await db.AllocationFormulas.AsNoTracking().FirstOrDefaultAsync(f => f.OrganisationPath == funder, ct);
        return formula ?? throw FormulaNotSet(funder);
    }

    private static DomainRuleException FormulaNotSet(string funder) => new("FORMULA_NOT_SET", "该单位尚未设定资金分配公式",
        new Dictionary<string, string> { ["funder_path"] = funder });

    private Task<AllocationRun?> LatestRunAsync(string funder, int year, DomainFundSource source, CancellationToken ct) =>
        db.AllocationRuns.AsNoTracking().Include(r => r.Lines)
            .Where(r => r.OrganisationPath == funder && r.Year == year && r.Source == source)
            .OrderByDescending(r => r.Number)
            .FirstOrDefaultAsync(ct);

    private async Task<AllocationRun> RunAsync(Guid id, bool tracking, CancellationToken ct)
    {
        var query = db.AllocationRuns.Include(r => r.Lines).AsQueryable();
        if (!tracking) query = query.AsNoTracking();
        // Runs outside the caller's subtree answer NotFound like missing ones.
        var run = await query.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null) UnionErrors.NotFound("ALLOCATION_RUN_NOT_FOUND", "未找到该分配方案");
        return run;
    }

    private Task<FundAccount?> AccountAsync(string path, int year, DomainFundSource source, CancellationToken ct) =>
        db.Accounts.FirstOrDefaultAsync(a => a.OrganisationPath == path && a.FiscalYear == year && a.Source == source, ct);

    /// <summary>A decimal written as text ("1.2"), exact, within bounds; 0 when optional and empty.</summary>
    private static decimal ParseDecimal(RequestValidator v, string field, string? text, decimal min, decimal max, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) v.Required(field, text);
            return 0;
        }
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            v.Add(field, "INVALID_DECIMAL", "应为十进制数，例如 1.2");
            return 0;
        }
        v.Check(value >= min && value <= max, field, "OUT_OF_RANGE", $"取值应在{Show(min)}到{Show(max)}之间");
        return value;
    }

    private static string Show(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Money Fen(long fen) => new() { Fen = fen };

    private static Timestamp Stamp(DateTime at) => Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static OrganisationRef Ref(string path) => new() { Code = OrganisationPath.Code(path), Path = path };

    private static AllocationFormulaDto ToDto(AllocationFormula f) => ToDto(f.Snapshot(), f.OrganisationPath, Stamp(f.UpdatedAt), f.UpdatedBy);

    private static AllocationFormulaDto ToDto(FormulaSnapshot f, string funder, Timestamp? updatedAt, string updatedBy)
    {
        var dto = new AllocationFormulaDto
        {
            Funder = Ref(funder),
            Kind = (AllocationFormulaKindDto)(int)f.Kind,
            UpdatedBy = updatedBy,
            UpdatedAt = updatedAt,
        };
        if (f.Kind == AllocationFormulaKind.ProjectVolume)
        {
            dto.VolumeWeight = Show(f.VolumeWeight);
            dto.ScoreWeight = Show(f.ScoreWeight);
            dto.UngradedFactor = Show(f.UngradedFactor);
            dto.GradeFactors.AddRange(f.GradeFactors.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new GradeFactor { Grade = g.Key, Factor = Show(g.Value) }));
        }
        return dto;
    }

    private static RetainedFundsDto ToDto(RetainedFunds r) => new()
    {
        Organisation = Ref(r.OrganisationPath),
        Year = r.Year,
        Retained = Fen(r.RetainedFen),
        Reference = r.Reference,
        RecordedAt = Stamp(r.RecordedAt),
        RecordedBy = r.RecordedBy,
    };

    private static AllocationRunDto ToDto(AllocationRun run, AllocationRun? previous)
    {
        var formula = run.Formula;
        var dto = new AllocationRunDto
        {
            RunId = run.Id.ToString(),
            Funder = Ref(run.OrganisationPath),
            Year = run.Year,
            Source = (FundSource)(int)run.Source,
            Pool = Fen(run.PoolFen),
            Formula = ToDto(formula, run.OrganisationPath, null, string.Empty),
            Status = (AllocationRunStatusDto)(int)run.Status,
            RemainderRule = AllocationCalculator.RemainderRule,
            RemainderFen = run.Lines.Sum(l => l.RemainderFen),
            PreviousRunId = run.PreviousRunId?.ToString() ?? string.Empty,
            CreatedAt = Stamp(run.CreatedAt),
            CreatedBy = run.CreatedBy,
            CommittedBy = run.CommittedBy ?? string.Empty,
            TransactionId = run.TransactionId?.ToString() ?? string.Empty,
            Lines = { run.Lines.OrderBy(l => l.Position).Select(l => ToDto(l, formula.Kind)) },
            Differences =
            {
                AllocationDifference.Between(previous, run).Select(d =>
                {
                    var diff = new AllocationDifferenceDto { Applicant = Ref(d.ApplicantPath), DeltaFen = d.DeltaFen };
                    if (d.PreviousFen is { } before) diff.PreviousShare = Fen(before);
                    if (d.NewFen is { } after) diff.NewShare = Fen(after);
                    return diff;
                }),
            },
        };
        if (run.CommittedAt is { } at) dto.CommittedAt = Stamp(at);
        if (run.ReversedAt is { } reversedAt) dto.ReversedAt = Stamp(reversedAt);
        dto.ReversedBy = run.ReversedBy ?? string.Empty;
        dto.ReversalTransactionId = run.ReversalTransactionId?.ToString() ?? string.Empty;
        dto.ReversalReason = run.ReversalReason ?? string.Empty;
        return dto;
    }

    private static AllocationLine ToDto(AllocationRunLine l, AllocationFormulaKind kind) => new()
    {
        Applicant = Ref(l.ApplicantPath),
        ApprovedVolume = Fen(l.ApprovedVolumeFen),
        VolumeSource = l.VolumeSource,
        ReviewScore = Show(l.ReviewScore),
        ScoreSource = l.ScoreSource,
        LastYearGrade = l.Grade ?? string.Empty,
        ArchivedHouseholds = l.Households,
        HouseholdsSource = l.HouseholdsSource,
        GradeFactor = Show(l.GradeFactor),
        Weight = l.Weight,
        RawShareFen = l.RawShareFen,
        Floored = Fen(l.FlooredFen),
        RemainderFen = l.RemainderFen,
        RemainderRank = l.RemainderRank,
        Share = Fen(l.ShareFen),
        Explanation = Explain(l, kind),
    };

    private static string ScoreOrigin(AllocationRunLine l) =>
        l.ScoreSource != AllocationSources.ProjectReviews ? "申报数据"
        : l.ScoreProjects == 1 ? "项目评审，1个项目"
        : $"项目评审，{l.ScoreProjects}个项目按现行扶助资金加权";

    private static string Explain(AllocationRunLine l, AllocationFormulaKind kind)
    {
        var inputs = kind == AllocationFormulaKind.Households
            ? $"在档困难职工{l.Households}户（{(l.HouseholdsSource == FromRequest ? "申报数据" : "资金系统可发放户数")}）"
            : $"批准项目总量{Text(l.ApprovedVolumeFen)}分（{(l.VolumeSource == FromRequest ? "申报数据" : "资金系统项目台账")}），"
              + $"评审得分{Show(l.ReviewScore)}（{ScoreOrigin(l)}），"
              + $"上年度绩效等级{l.Grade ?? "无"}（系数{Show(l.GradeFactor)}）";
        var remainder = l.RemainderFen > 0 ? $"按尾差规则（小数部分从大到小，相同按组织路径）第{l.RemainderRank}位补1分" : "未补尾差";
        return $"{inputs}；权重{l.Weight}；按权重应分{l.RawShareFen}分，向下取整{Text(l.FlooredFen)}分，{remainder}；分得{Text(l.ShareFen)}分";
    }
}
