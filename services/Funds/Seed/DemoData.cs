using Microsoft.EntityFrameworkCore;
using Union.Contracts.Events.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Time;
using ContractFundSource = Union.Contracts.Common.V1.FundSource;

namespace Union.Funds.Seed;

/// <summary>
/// Demo money for local runs (Seed:Demo=true), for a district union in each of two cities of the
/// demo organisation tree (the same organisations the archives demo uses): the current year's
/// accounts of the three fund sources the Hainan report names (central finance, provincial
/// finance, union funds; 003_eca3cf9f3ec4784d.txt), the central money received, the city's
/// allowance standard, and two assistance decisions each: one noticed and paid through a bank
/// batch, one on public notice today. Accounts are idempotent; the money is seeded once.
/// <para>
/// The two households per city are funds' own demo standings, written here with fixed ids so the
/// paid batch and the noticed decision exist as soon as funds has seeded, before any event has
/// arrived. The archives' demo files reach funds by their events as well (the suite host's shared
/// bus on make run, RabbitMQ with servers), as standings beside these.
/// </para>
/// </summary>
public static class DemoData
{
    public static readonly string[] Organisations = ["51/5101/510104", "51/5115/511502"];

    public static readonly FundSource[] Sources = [FundSource.CentralFinance, FundSource.ProvincialFinance, FundSource.UnionFunds];

    public static async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<FundsDbContext>();
        var now = services.GetRequiredService<TimeProvider>().UtcNowForStorage();
        var year = now.Year;
        var existing = await db.Accounts.IgnoreQueryFilters().Where(a => a.FiscalYear == year)
            .Select(a => new { a.OrganisationPath, a.Source }).ToListAsync();
        foreach (var org in Organisations)
        {
            foreach (var source in Sources)
            {
                if (existing.Any(a => a.OrganisationPath == org && a.Source == source)) continue;
                var account = FundAccount.Open(org, year, source, "seed", now);
                db.Accounts.Add(account);
                db.Publish(new FundAccountOpened { AccountId = account.Id.ToString(), FiscalYear = year, Source = (ContractFundSource)(int)source }, org);
            }
        }
        await db.SaveChangesAsync();
        if (!await db.AssistanceDecisions.IgnoreQueryFilters().AnyAsync())
            await SeedMoneyAsync(services, db, year, now);
    }

    private static readonly Dictionary<string, (string City, long AllowanceFen, Guid Paid, Guid InNotice)> Households = new()
    {
        ["51/5101/510104"] = ("51/5101", 110_000, Guid.Parse("0190f3a0-0000-7000-8000-510104000001"), Guid.Parse("0190f3a0-0000-7000-8000-510104000002")),
        ["51/5115/511502"] = ("51/5115", 88_000, Guid.Parse("0190f3a0-0000-7000-8000-511502000001"), Guid.Parse("0190f3a0-0000-7000-8000-511502000002")),
    };

    /// <summary>The money part, through the same domain rules and ledger postings the API uses.</summary>
    private static async Task SeedMoneyAsync(IServiceProvider services, FundsDbContext db, int year, DateTime now)
    {
        services.GetRequiredService<Union.Shared.Auth.CallerContext>().ActAsSystem("seed");
        var movements = services.GetRequiredService<MoneyMovements>();
        var calendar = await Union.Shared.Calendar.WorkingDayCalendar.LoadAsync(services.GetRequiredService<Union.Shared.Calendar.IWorkingCalendarSource>(), default);
        var noticeDays = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublicNoticeOptions>>().Value.WorkingDays;
        var today = DateOnly.FromDateTime(now.AddHours(8));
        var firstOfYear = new DateOnly(year, 1, 1);
        DateOnly DaysAgo(int days) => today.AddDays(-days) < firstOfYear ? firstOfYear : today.AddDays(-days);

        foreach (var (org, (city, allowanceFen, paidId, inNoticeId)) in Households)
        {
            var central = await db.Accounts.IgnoreQueryFilters().SingleAsync(a => a.OrganisationPath == org && a.FiscalYear == year
                && a.Source == FundSource.CentralFinance && a.Kind == AccountKind.Earmarked && a.SpecialFund == string.Empty);
            await movements.ReceiveFromOutsideAsync(central.Id, 50_000_000, DaysAgo(40), "四川省总工会", $"川工财〔{year}〕12号", "中央财政困难职工帮扶资金", default);
            db.Add(AllowanceStandard.Set(city, allowanceFen, new DateOnly(year - 1, 7, 1), "市人民政府低保标准通知（演示）", "seed", now));
            foreach (var id in new[] { paidId, inNoticeId })
            {
                var standing = HouseholdStanding.Start(id, org);
                standing.Apply(Guid.NewGuid(), HouseholdArchived.Descriptor.FullName, org, "ACTIVE", now, now);
                db.Add(standing);
            }
            await db.SaveChangesAsync();

            // Living aid decided a month ago, noticed for five working days, paid through the bank.
            var living = Decide(org, paidId, AidType.Living, 240_000, central, DaysAgo(30), DaysAgo(33), now);
            var ended = PublicNotice.Start(org, "区总工会公示栏及网站", DaysAgo(28), noticeDays, calendar, "seed", now);
            living.PutOnNotice(ended, "seed", now);
            db.Add(living);
            db.Add(ended);
            var batch = PaymentBatch.Create(org, today, [(living, living.Instalments[0], 1)], "seed", now);
            db.Add(batch);
            var transit = FundAccount.OpenPaymentsInTransit(org, year, FundSource.CentralFinance, "seed", now);
            db.Add(transit);
            foreach (var payment in batch.Payments)
            {
                var posting = LedgerTransaction.Post([new LedgerLine(central, -payment.AmountFen), new LedgerLine(transit, payment.AmountFen)],
                    $"银行代发：批次{batch.Id}第{payment.Serial}笔", "seed", org, now);
                db.Add(posting);
                payment.Posted(posting.Id);
                payment.Settle(PaymentStatus.Paid, null, null, now);
            }
            batch.MarkExported("seed", now);

            // Education aid decided today: on notice until five working days from now.
            var education = Decide(org, inNoticeId, AidType.Education, 300_000, central, today, today, now);
            var running = PublicNotice.Start(org, "区总工会公示栏及网站", today, noticeDays, calendar, "seed", now);
            education.PutOnNotice(running, "seed", now);
            db.Add(education);
            db.Add(running);
            await db.SaveChangesAsync();
        }
    }

    private static AssistanceDecision Decide(string org, Guid householdId, AidType aidType, long amountFen, FundAccount account, DateOnly decidedOn, DateOnly completedOn, DateTime now) =>
        AssistanceDecision.Decide(org, new AssistanceDecision.Recipient(householdId, null, null, aidType == AidType.Education ? "长女" : string.Empty),
            new AssistanceDecision.Terms(aidType, amountFen, account, $"区总工会党组会议{decidedOn.Year}年第9次", decidedOn, completedOn, false, null,
                AssistanceDecision.Schedule(amountFen, InstalmentFrequency.Once, 1, decidedOn), InstalmentFrequency.Once),
            "seed", now);
}
