using Union.Shared.Calendar;

namespace Union.Funds.Domain;

/// <summary>One case counted against the limit; <see cref="To"/> null while it is still open (counted to today).</summary>
public sealed record TimelinessCase(string Measure, Guid DecisionId, Guid? PaymentId, DateOnly From, DateOnly? To, int WorkingDays, AidType AidType, FundSource Source);

public sealed record TimelinessFigures(int Cases, int OnTime, int Late, int Pending)
{
    public string Rate => Reports.Percent(OnTime, Cases);
}

public sealed record TimelinessResult(
    int LimitWorkingDays, TimelinessFigures ApplicationToPayment, TimelinessFigures PaymentToRecord, IReadOnlyList<TimelinessCase> LateCases, IReadOnlyList<int> UnloadedYears)
{
    public bool Provisional => UnloadedYears.Count > 0;
}

/// <summary>
/// The 30-working-day measures (Yu'an 002_98225e89925c6ce6.txt 指标13: 收到困难职工申请材料后，在30个
/// 工作日内困难职工得到帮扶救助; 指标7: 各级财政专项帮扶资金发放使用情况在30个工作日内录入), counted
/// on the official calendar (<see cref="WorkingDayCalendar.WorkingDaysBetween"/>: day n after the
/// start is on time at n ≤ 30).
/// <list type="bullet">
/// <item>Application complete (<see cref="AssistanceDecision.ApplicationCompletedOn"/>) → the day its
/// first paid payment was handed to the bank, for every decision paid from the year's accounts.</item>
/// <item>Payment handed to the bank → recorded (the bank's return settled in funds), for every paid
/// payment from the year's accounts.</item>
/// </list>
/// A case still open past the limit on <c>today</c> is late already; one open within it is pending
/// and not counted. Dates in a year without a loaded calendar make the result provisional.
/// </summary>
public static class Timeliness
{
    public const int LimitWorkingDays = 30;
    public const string ApplicationToPayment = "APPLICATION_TO_PAYMENT";
    public const string PaymentToRecord = "PAYMENT_TO_RECORD";

    public static TimelinessResult Measure(ReportBook book, WorkingDayCalendar calendar, DateOnly today)
    {
        var unloaded = new SortedSet<int>();
        if (!calendar.IsLoaded(book.FiscalYear)) unloaded.Add(book.FiscalYear);
        var late = new List<TimelinessCase>();

        var first = new List<TimelinessCase>();
        var paymentsByDecision = book.Payments.ToLookup(p => p.DecisionId);
        foreach (var decision in book.Decisions.Where(d => !d.Cancelled).OrderBy(d => d.ApplicationCompletedOn).ThenBy(d => d.DecisionId))
        {
            var firstPaid = paymentsByDecision[decision.DecisionId]
                .Where(p => p.Status == PaymentStatus.Paid && p.HandedToBankOn is not null)
                .OrderBy(p => p.HandedToBankOn).ThenBy(p => p.PaymentId).FirstOrDefault();
            first.Add(Case(ApplicationToPayment, decision.DecisionId, firstPaid?.PaymentId, decision.ApplicationCompletedOn, firstPaid?.HandedToBankOn,
                decision.AidType, decision.Source));
        }

        var recorded = new List<TimelinessCase>();
        foreach (var payment in book.Payments.Where(p => p.HandedToBankOn is not null && p.Status is PaymentStatus.Paid or PaymentStatus.InTransit)
                     .OrderBy(p => p.HandedToBankOn).ThenBy(p => p.PaymentId))
        {
            recorded.Add(Case(PaymentToRecord, payment.DecisionId, payment.PaymentId, payment.HandedToBankOn!.Value,
                payment.Status == PaymentStatus.Paid ? payment.SettledOn : null, payment.AidType, payment.Source));
        }

        return new TimelinessResult(LimitWorkingDays, Figures(first), Figures(recorded), late, unloaded.ToList());

        TimelinessCase Case(string measure, Guid decisionId, Guid? paymentId, DateOnly from, DateOnly? to, AidType aidType, FundSource source)
        {
            var count = calendar.WorkingDaysBetween(from, to ?? today);
            foreach (var year in count.UnloadedYears) unloaded.Add(year);
            var c = new TimelinessCase(measure, decisionId, paymentId, from, to, count.Value, aidType, source);
            if (c.WorkingDays > LimitWorkingDays) late.Add(c);
            return c;
        }
    }

    private static TimelinessFigures Figures(IReadOnlyList<TimelinessCase> cases)
    {
        var late = cases.Count(c => c.WorkingDays > LimitWorkingDays);
        var onTime = cases.Count(c => c.To is not null && c.WorkingDays <= LimitWorkingDays);
        var pending = cases.Count(c => c.To is null && c.WorkingDays <= LimitWorkingDays);
        return new TimelinessFigures(onTime + late, onTime, late, pending);
    }
}
