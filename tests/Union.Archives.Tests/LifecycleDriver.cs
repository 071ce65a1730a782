using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Shared.Auth;
using Union.Shared.PersonalData;
using Union.Shared.Time;
using Union.Shared.Validation;
using Union.Testing;
using Domain = Union.Archives.Domain;

namespace Union.Archives.Tests;

/// <summary>
/// Drives household files through the life cycle with the real RPCs, so a test can start from any
/// state: <c>await driver.ToActiveAsync(HardshipCategory.Deep)</c>, <c>await driver.ToAsync(ArchiveStatus.InNotice)</c>.
/// Works on any archives host: dates are taken relative to the host's clock (an approval ten days
/// ago, a notice that ended yesterday). Proofs and visits, which other services' RPCs record, are
/// written straight to the database here so the driver does not depend on them. Comparisons are
/// answered by the host's simulator when it runs one; otherwise the driver answers on the bus as
/// the agencies' adapter would.
/// </summary>
public sealed class LifecycleDriver(ServiceHost<Program> host, string organisationPath = LifecycleDriver.County)
{
    public const string Province = "51";
    public const string City = "51/5115";
    public const string County = "51/5115/511502";
    public const string NeighbouringCounty = "51/5115/511503";
    public const string Grassroots = "51/5115/511502/0001";

    /// <summary>The main path from a draft to an active file, in order.</summary>
    public static readonly IReadOnlyList<ArchiveStatus> MainPath =
    [
        ArchiveStatus.Draft, ArchiveStatus.Applied, ArchiveStatus.Visited, ArchiveStatus.Reviewed,
        ArchiveStatus.ComparisonRequested, ArchiveStatus.ComparisonReturned, ArchiveStatus.CategorySet,
        ArchiveStatus.Approved, ArchiveStatus.InNotice, ArchiveStatus.Active,
    ];

    /// <summary>The organisation that owns the files the driver opens.</summary>
    public string OrganisationPath => organisationPath;

    /// <summary>Where the driver's staff act from: the owner, or its county when the owner is a grassroots union.</summary>
    public string StaffPath => string.Join('/', organisationPath.Split('/').Take(3));

    /// <summary>A caseworker acting for <see cref="StaffPath"/>.</summary>
    public ArchiveLifecycle.ArchiveLifecycleClient Staff => Lifecycle(StaffPath, Roles.Caseworker);

    /// <summary>A reviewer acting for <see cref="StaffPath"/>: another person than <see cref="Staff"/>, for the county review.</summary>
    public ArchiveLifecycle.ArchiveLifecycleClient Reviewer => Lifecycle(StaffPath, Roles.Reviewer);

    /// <summary>An approver acting for <see cref="StaffPath"/>.</summary>
    public ArchiveLifecycle.ArchiveLifecycleClient Approver => Lifecycle(StaffPath, Roles.Approver);

    public ArchiveLifecycle.ArchiveLifecycleClient Lifecycle(string org, params string[] roles) => new(host.As(org, roles));

    public HouseholdArchives.HouseholdArchivesClient Archives(string org, params string[] roles) => new(host.As(org, roles));

    /// <summary>Today in Beijing on the host's clock.</summary>
    public DateOnly Today => host.Services.GetRequiredService<TimeProvider>().Today();

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opens a draft through CreateHousehold as a caseworker.</summary>
    public Task<Household> CreateAsync(string? idNumber = null) =>
        Archives(StaffPath, Roles.Caseworker).CreateHouseholdAsync(Households.Valid(idNumber, organisationPath)).ResponseAsync;

    /// <summary>A new file driven to <paramref name="target"/> (any state: main path, PHASE_OUT, EXITED, DE_ARCHIVED, CANCELLED).</summary>
    public async Task<Household> ToAsync(ArchiveStatus target, HardshipCategory category = HardshipCategory.Relative, string? idNumber = null)
    {
        var household = await CreateAsync(idNumber);
        return await AdvanceAsync(household, target, category);
    }

    public Task<Household> ToActiveAsync(HardshipCategory category = HardshipCategory.Relative, string? idNumber = null) =>
        ToAsync(ArchiveStatus.Active, category, idNumber);

    /// <summary>A deep-hardship file whose six-month phase-out started today.</summary>
    public Task<Household> ToPhaseOutAsync(string? idNumber = null) => ToAsync(ArchiveStatus.PhaseOut, HardshipCategory.Deep, idNumber);

    public Task<Household> ToExitedAsync(string? idNumber = null) => ToAsync(ArchiveStatus.Exited, HardshipCategory.Relative, idNumber);

    /// <summary>Moves an existing file forward along the main path (or out of ACTIVE) until it reaches <paramref name="target"/>.</summary>
    public async Task<Household> AdvanceAsync(Household household, ArchiveStatus target, HardshipCategory category = HardshipCategory.Relative)
    {
        var activeOnTheWay = target is ArchiveStatus.PhaseOut or ArchiveStatus.Exited or ArchiveStatus.DeArchived;
        var stop = activeOnTheWay ? ArchiveStatus.Active : target == ArchiveStatus.Cancelled ? ArchiveStatus.Draft : target;
        while (household.Status != stop && MainPath.Contains(household.Status))
        {
            household = await StepAsync(household, category);
        }
        return target switch
        {
            ArchiveStatus.PhaseOut or ArchiveStatus.Exited when household.Status == ArchiveStatus.Active =>
                await ExitAsync(household, category == HardshipCategory.Deep && target == ArchiveStatus.Exited),
            ArchiveStatus.DeArchived => await DeArchiveAsync(household),
            ArchiveStatus.Cancelled => await Staff.CancelAsync(new CancelRequest
            {
                HouseholdId = household.HouseholdId, CancelReason = CancelReason.Retired, Reason = "已退休",
            }),
            _ => household,
        };
    }

    /// <summary>One step along the main path.</summary>
    public async Task<Household> StepAsync(Household household, HardshipCategory category = HardshipCategory.Relative)
    {
        var id = household.HouseholdId;
        var today = Today;
        switch (household.Status)
        {
            case ArchiveStatus.Draft:
                return await Staff.SubmitApplicationAsync(new TransitionRequest { HouseholdId = id, Reason = "职工申请" });
            case ArchiveStatus.Applied:
                return await Staff.RecordInitialReviewAsync(new ReviewRequest { HouseholdId = id, Passed = true, Reason = "走访属实" });
            case ArchiveStatus.Visited:
                return await Reviewer.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = id, Passed = true, Reason = "县级审核通过" });
            case ArchiveStatus.Reviewed:
                return await Staff.RequestComparisonAsync(new RequestComparisonRequest { HouseholdId = id, Reason = "建档前比对" });
            case ArchiveStatus.ComparisonRequested:
                await AnswerComparisonAsync(id);
                return await Archives(StaffPath, Roles.Caseworker).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id });
            case ArchiveStatus.ComparisonReturned:
                return await Staff.DecideCategoryAsync(new DecideCategoryRequest { HouseholdId = id, Category = category, Reason = "符合认定条件" });
            case ArchiveStatus.CategorySet:
                await AttachRequiredDocumentsAsync(id);
                await RecordVisitAsync(id);
                return await Approver.ApproveAsync(new ApproveRequest
                {
                    HouseholdId = id, DecidedOn = Iso(today.AddDays(-10)), MeetingReference = "帮扶〔2026〕12号",
                });
            case ArchiveStatus.Approved:
                return await Staff.StartPublicNoticeAsync(new StartPublicNoticeRequest
                {
                    HouseholdId = id, StartsOn = Iso(today.AddDays(-8)), EndsOn = Iso(today.AddDays(-1)), Place = "社区公示栏",
                });
            case ArchiveStatus.InNotice:
                return await Staff.ArchiveAsync(new TransitionRequest { HouseholdId = id, Reason = "公示无异议" });
            default:
                throw new InvalidOperationException($"No main-path step from {household.Status}.");
        }
    }

    /// <summary>
    /// Exits an active file: a deep-hardship file goes into its phase-out; with <paramref name="throughPhaseOut"/>
    /// the driver then waits out the phase-out on the host's clock (which must be a <see cref="TestClock"/>) and exits it.
    /// </summary>
    public async Task<Household> ExitAsync(Household household, bool throughPhaseOut = false)
    {
        var exited = await Staff.ExitAsync(new ExitRequest { HouseholdId = household.HouseholdId, Reason = "收入稳定，符合脱困条件" });
        if (!throughPhaseOut || exited.Status != ArchiveStatus.PhaseOut) return exited;
        var clock = host.Services.GetRequiredService<TimeProvider>() as TestClock
            ?? throw new InvalidOperationException("Waiting out a phase-out needs a host with a TestClock.");
        clock.SetDate(DateOnly.ParseExact(exited.PhaseOutEndsOn, "yyyy-MM-dd").AddDays(1));
        return await Staff.ExitAsync(new ExitRequest { HouseholdId = household.HouseholdId, Reason = "渐退期满" });
    }

    /// <summary>De-archives an active or phasing-out file after a two-staff visit with the household told.</summary>
    public async Task<Household> DeArchiveAsync(Household household)
    {
        var visit = await RecordVisitAsync(household.HouseholdId, kind: Domain.VisitKind.DeArchive, visitors: ["李明", "王芳"], notified: true);
        return await Staff.DeArchiveAsync(new DeArchiveRequest
        {
            HouseholdId = household.HouseholdId, VisitId = visit.ToString(), NotifiedOn = Iso(Today), Notification = "当面告知", Reason = "不再符合建档标准",
        });
    }

    /// <summary>Attaches every proof the application type needs (004 Annex 1), or all but <paramref name="except"/>.</summary>
    public Task AttachRequiredDocumentsAsync(string householdId, params Domain.DocumentKind[] except) => host.WithDatabaseAsync(async db =>
    {
        var id = Guid.Parse(householdId);
        var household = await db.Set<Domain.Household>().AsNoTracking().Include(h => h.Transitions).SingleAsync(h => h.Id == id);
        foreach (var kind in household.RequiredDocuments.Except(except))
        {
            db.Set<Domain.HouseholdDocument>().Add(Domain.HouseholdDocument.Attach(id, kind, $"households/{id}/{kind}.pdf",
                new string('a', 64), 1024, "application/pdf", null, "driver", DateTime.UtcNow));
        }
        await db.SaveChangesAsync();
    });

    /// <summary>Records a home visit of the file (by default the grassroots visit by two staff) and returns its id.</summary>
    public Task<Guid> RecordVisitAsync(string householdId, Domain.VisitKind kind = Domain.VisitKind.Initial,
        IEnumerable<string>? visitors = null, bool notified = false) => host.WithDatabaseAsync(async db =>
    {
        var visit = Domain.HomeVisit.Create(Guid.Parse(householdId), Today, kind, visitors ?? ["李明", "王芳"], "家庭收入低于低保标准",
            null, notified, "driver", DateTime.UtcNow);
        db.Set<Domain.HomeVisit>().Add(visit);
        await db.SaveChangesAsync();
        return visit.Id;
    });

    /// <summary>
    /// Gets the open comparison of the file answered: by the host's simulator when it runs one,
    /// otherwise by publishing the adapter's answer on the bus. Waits until the file has it.
    /// </summary>
    public async Task AnswerComparisonAsync(string householdId, long incomeFen = 48_000, bool receivesAllowance = false, long medicalFen = 1_250_000)
    {
        var id = Guid.Parse(householdId);
        if (!host.Services.GetRequiredService<IConfiguration>().GetValue<bool>("Comparison:Simulator"))
        {
            var (comparisonId, org) = await host.WithDatabaseAsync(async db =>
            {
                var comparison = (await db.Set<Domain.ComparisonCheck>().Where(c => c.HouseholdId == id && c.ReturnedAt == null).ToListAsync())
                    .OrderByDescending(c => c.RequestedAt).ThenByDescending(c => c.Id).First();
                var path = await db.Set<Domain.Household>().Where(h => h.Id == id).Select(h => h.OrganisationPath).SingleAsync();
                return (comparison.Id, path);
            });
            await PublishComparisonAnswerAsync(new ComparisonReturned
            {
                Header = new EventHeader { EventId = Guid.NewGuid().ToString(), OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow), OrganisationPath = org },
                ComparisonId = comparisonId.ToString(),
                HouseholdId = householdId,
                VerifiedIncomePerPerson = new Money { Fen = incomeFen },
                ReceivesAllowance = receivesAllowance,
                MedicalOutOfPocket = new Money { Fen = medicalFen },
                Note = "民政、医保比对完成",
            });
        }
        var returned = await Poll.UntilAsync(() => host.WithDatabaseAsync(db =>
            db.Set<Domain.Household>().AnyAsync(h => h.Id == id && h.Status != Domain.ArchiveStatus.ComparisonRequested)));
        if (!returned) throw new TimeoutException($"No comparison answer reached household {householdId}.");
    }

    /// <summary>Publishes an answer as the agencies' adapter would (straight on the bus).</summary>
    public Task PublishComparisonAnswerAsync(ComparisonReturned answer) =>
        host.Services.GetRequiredService<IBus>().Publish(answer);

    /// <summary>
    /// A draft the worker opened himself through the app (self-application): owned by his
    /// grassroots union and by his token's subject. Written straight to the database, as the
    /// worker's own CreateHousehold path belongs to another part of the service.
    /// </summary>
    public async Task<(Domain.Household File, string WorkerOrg)> CreateWorkerApplicationAsync(string workerOrg = Grassroots)
    {
        var protector = host.Services.GetRequiredService<PersonalDataProtector>();
        ChineseIdNumber.TryNormalise(Households.NewIdNumber(), out var idNumber);
        var hash = protector.LookupHash(idNumber);
        var household = Domain.Household.OpenDraft(new Domain.HouseholdDraft(workerOrg, "赵小兰",
            new Domain.ProtectedValue(protector.Protect(idNumber), hash, Mask.IdNumber(idNumber)), null, "宜宾某纸业公司",
            [Domain.HardshipCause.Illness], 40_000, 65_900, MigrantWorker: true)
        {
            Channel = Domain.Channel.SelfApplication,
            WorkerSubject = WorkerSubject(workerOrg),
        }, WorkerSubject(workerOrg), DateTime.UtcNow);
        // A draft holds nobody: the identity row comes with the submission.
        await host.WithDatabaseAsync(async db =>
        {
            db.Add(household);
            await db.SaveChangesAsync();
        });
        return (household, workerOrg);
    }

    /// <summary>The token subject <see cref="Tokens.For"/> gives a worker of <paramref name="org"/>.</summary>
    public static string WorkerSubject(string org) => $"test-{Roles.Worker}@{org}";

    /// <summary>The stored file, read as the system (no tenancy filter), with its transitions.</summary>
    public Task<Domain.Household> RowAsync(string householdId) => host.WithDatabaseAsync(db =>
    {
        var id = Guid.Parse(householdId);
        return db.Set<Domain.Household>().AsNoTracking().Include(h => h.Transitions).Include(h => h.Comparisons)
            .Include(h => h.Objections).AsSplitQuery().SingleAsync(h => h.Id == id);
    });
}
