using Union.Evaluation.Domain.Process;
using Union.Evaluation.Domain.Templates;
using Union.Shared.Formatting;
using Union.Shared.Validation;

namespace Union.Evaluation.Domain.Operational;

/// <summary>What the platform can measure from operational events, not self-report (issue 8).</summary>
public enum Measure
{
    /// <summary>Households actually helped (at least one PAID payment in the year) per aid type vs the year's target.</summary>
    CompletionByAidType = 1,
    /// <summary>Each decision's first payment within N working days of the complete application (002 指标13②).</summary>
    HelpWithinDeadline = 2,
    /// <summary>Households paid more than their decision (paid above the standard decided for them): one deduction each (002 指标14).</summary>
    PaidAboveDecided = 3,
    /// <summary>The year's central-finance allocation paid out within the year (002 指标10).</summary>
    CentralFundsUsedInYear = 4,
    /// <summary>The year's provincial-finance allocation paid out within the year (002 指标10).</summary>
    ProvincialFundsUsedInYear = 5,
    /// <summary>Paid through the bank's files to the household's card (002 指标11): funds pays no other way.</summary>
    PaidByBankCard = 6,
    /// <summary>Every living-aid decision paid monthly or quarterly (002 指标11).</summary>
    LivingAidMonthlyOrQuarterly = 7,
    /// <summary>Every household helped was archived, after its public notice, before its first payment (002 指标8).</summary>
    ArchivedAndNoticedBeforeHelp = 8,
    /// <summary>Every household on file in the subtree during a campaign window visited within it, for every window of the year (002 指标8 ②, line 58).</summary>
    VisitsInCampaignWindows = 9,
}

/// <summary>Where a measure lands in a template: a leaf, and for a checklist the item it ticks.</summary>
public sealed record OperationalBinding(Measure Measure, string Key, string Item = "");

/// <summary>
/// Which bindings a template version may carry: stored with the version (its data, not code), so
/// an evaluation fills what the version it started on says, and a province binds its own templates.
/// </summary>
public static class OperationalBindings
{
    public const int MaxBindings = 50;

    /// <summary>The rule kind a measure's value is read by.</summary>
    public static RuleKind KindFor(Measure measure) => measure switch
    {
        Measure.CompletionByAidType => RuleKind.Completion,
        Measure.HelpWithinDeadline => RuleKind.Deadline,
        Measure.PaidAboveDecided => RuleKind.Deduction,
        _ => RuleKind.Checklist,
    };

    /// <summary>
    /// Checks bindings against the tree they come with; violations under <c>bindings[i]</c> with
    /// stable reasons: INVALID_MEASURE, UNKNOWN_INDICATOR, NOT_A_LEAF, RULE_KIND_MISMATCH,
    /// ITEM_REQUIRED, UNKNOWN_ITEM, NOT_ALLOWED, DUPLICATE_BINDING, TOO_MANY_BINDINGS.
    /// </summary>
    public static RequestValidator Bindings(this RequestValidator v, IndicatorTree tree, IReadOnlyList<OperationalBinding> bindings)
    {
        if (bindings.Count > MaxBindings)
        {
            v.Add("bindings", "TOO_MANY_BINDINGS", $"由业务数据计算的指标不能超过{MaxBindings}项");
            return v;
        }
        var nodes = tree.Walk().Select(w => w.Node).GroupBy(n => n.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var seen = new HashSet<(string Key, string Item)>();
        var measured = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < bindings.Count; i++)
        {
            var b = bindings[i];
            var f = $"bindings[{i}]";
            if (!Enum.IsDefined(b.Measure)) { v.Add($"{f}.measure", "INVALID_MEASURE", "未知的业务数据指标"); continue; }
            if (string.IsNullOrWhiteSpace(b.Key)) { v.Required($"{f}.indicator_key", b.Key); continue; }
            if (!nodes.TryGetValue(b.Key, out var node)) { v.Add($"{f}.indicator_key", "UNKNOWN_INDICATOR", $"该指标体系中没有编号为“{b.Key}”的指标"); continue; }
            if (!node.IsLeaf || node.Rule is null) { v.Add($"{f}.indicator_key", "NOT_A_LEAF", $"指标“{b.Key}”有下级指标，只能绑定末级指标"); continue; }
            var kind = KindFor(b.Measure);
            if (node.Rule.Kind != kind) { v.Add($"{f}.measure", "RULE_KIND_MISMATCH", $"指标“{b.Key}”的评分规则与该业务数据指标不符"); continue; }
            if (kind == RuleKind.Checklist)
            {
                if (string.IsNullOrWhiteSpace(b.Item)) { v.Add($"{f}.checklist_item", "ITEM_REQUIRED", "清单指标应指明勾选的评分项"); continue; }
                if (!node.Rule.Items.Any(x => x.Name == b.Item)) { v.Add($"{f}.checklist_item", "UNKNOWN_ITEM", $"指标“{b.Key}”中没有评分项“{b.Item}”"); continue; }
                if (!seen.Add((b.Key, b.Item))) v.Add($"{f}.checklist_item", "DUPLICATE_BINDING", $"评分项“{b.Item}”已绑定");
            }
            else if (!string.IsNullOrEmpty(b.Item)) v.Add($"{f}.checklist_item", "NOT_ALLOWED", "只有清单指标指明评分项");
            // One value per non-checklist leaf: a second measure on it would overwrite the first.
            else if (!measured.Add(b.Key)) v.Add($"{f}.indicator_key", "DUPLICATE_BINDING", $"指标“{b.Key}”已绑定");
        }
        return v;
    }
}

/// <summary>One computed indicator value with the ids behind it.</summary>
public sealed record OperationalValue(IndicatorInput Input, IReadOnlyList<string> EvidenceIds, string Basis);

/// <summary>The facts of one organisation's subtree relevant to one year.</summary>
public sealed record OperationalFacts(
    IReadOnlyList<DecisionFact> Decisions,
    IReadOnlyList<PaymentFact> Payments,
    IReadOnlyList<AllocationFact> Allocations,
    IReadOnlyList<HouseholdFact> Households,
    IReadOnlyList<VisitFact> Visits,
    IReadOnlyList<CampaignWindow> Windows)
{
    public OperationalFacts(IReadOnlyList<DecisionFact> decisions, IReadOnlyList<PaymentFact> payments,
        IReadOnlyList<AllocationFact> allocations, IReadOnlyList<HouseholdFact> households)
        : this(decisions, payments, allocations, households, [], []) { }
}

/// <summary>
/// Computes the bound indicators from facts: pure (no I/O). A measure with nothing to measure
/// (no target, no payment) is left out and said so in <see cref="Skipped"/>, rather than scored zero.
/// </summary>
public static class OperationalIndicators
{
    public const string Paid = "PAID";

    public static (IReadOnlyList<OperationalValue> Values, IReadOnlyList<string> Skipped) Compute(
        IndicatorTree tree, IReadOnlyList<OperationalBinding> bindings, int year, IReadOnlyList<AidTarget> targets,
        OperationalFacts facts, IReadOnlyDictionary<string, StoredInput> current)
    {
        var leaves = tree.Leaves.ToDictionary(l => l.Key, StringComparer.Ordinal);
        var paid = facts.Payments.Where(p => p.Status == Paid && p.SettledOn.Year == year).ToList();
        var decisions = facts.Decisions.ToDictionary(d => d.DecisionId);
        var values = new List<OperationalValue>();
        var skipped = new List<string>();

        foreach (var group in bindings.GroupBy(b => b.Key))
        {
            if (!leaves.TryGetValue(group.Key, out var leaf) || leaf.Rule is null) continue;
            if (leaf.Rule.Kind == RuleKind.Checklist)
            {
                // Items not bound stay as the people scoring ticked them.
                var owned = group.Select(b => b.Item).ToHashSet(StringComparer.Ordinal);
                var kept = current.TryGetValue(group.Key, out var existing) ? existing.Input.Ticked.Where(t => !owned.Contains(t)) : [];
                var ticked = new List<string>(kept);
                var evidence = new List<string>();
                var basis = new List<string>();
                foreach (var binding in group)
                {
                    var (done, ids, why) = Check(binding.Measure, year, paid, facts, decisions);
                    if (done && !ticked.Contains(binding.Item)) ticked.Add(binding.Item);
                    evidence.AddRange(ids);
                    basis.Add($"{binding.Item}：{why}");
                }
                values.Add(new OperationalValue(new IndicatorInput { Key = group.Key, Ticked = ticked }, evidence.Distinct().ToList(), string.Join("；", basis)));
                continue;
            }
            var first = group.First();
            var value = first.Measure switch
            {
                Measure.CompletionByAidType => Completion(group.Key, targets, paid, skipped),
                Measure.HelpWithinDeadline => Deadline(group.Key, year, paid, decisions, skipped),
                Measure.PaidAboveDecided => AboveDecided(group.Key, paid, decisions, skipped),
                _ => null,
            };
            if (value is not null) values.Add(value);
        }
        return (values, skipped);
    }

    private static OperationalValue? Completion(string key, IReadOnlyList<AidTarget> targets, List<PaymentFact> paid, List<string> skipped)
    {
        if (targets.Count == 0)
        {
            skipped.Add($"指标{key}：未填报年度目标任务，无法计算完成率");
            return null;
        }
        var lines = new List<CompletionLine>();
        var evidence = new List<string>();
        foreach (var target in targets)
        {
            var helped = paid.Where(p => p.AidType == target.AidType).ToList();
            // A household helped twice counts once; a non-archived recipient counts by its decision.
            var actual = helped.Select(p => p.HouseholdId.Length > 0 ? p.HouseholdId : $"decision:{p.DecisionId}").Distinct().Count();
            lines.Add(new CompletionLine(AidTypeLabel(target.AidType), actual, target.Households));
            evidence.AddRange(helped.Select(p => p.PaymentId.ToString()));
        }
        return new OperationalValue(new IndicatorInput { Key = key, Lines = lines }, evidence,
            "实际帮扶户数：当年已发放成功（PAID）的户数，按帮扶类型分别计算");
    }

    private static OperationalValue? Deadline(string key, int year, List<PaymentFact> paid, Dictionary<Guid, DecisionFact> decisions, List<string> skipped)
    {
        var cases = paid.GroupBy(p => p.DecisionId)
            .Where(g => decisions.TryGetValue(g.Key, out var d) && d.ApplicationCompletedOn != default)
            .Select(g => (Decision: decisions[g.Key], First: g.OrderBy(p => p.SettledOn).First()))
            .OrderBy(c => c.Decision.ApplicationCompletedOn).ThenBy(c => c.Decision.DecisionId)
            .ToList();
        if (cases.Count == 0)
        {
            skipped.Add($"指标{key}：{year}年无已发放的帮扶决定，无法计算办结时限");
            return null;
        }
        return new OperationalValue(new IndicatorInput
        {
            Key = key,
            Cases = cases.Select(c => new DeadlineCase(c.Decision.DecisionId.ToString(), c.Decision.ApplicationCompletedOn, c.First.SettledOn)).ToList(),
        }, cases.Select(c => c.First.PaymentId.ToString()).ToList(), "自资料齐全之日至首笔发放成功之日");
    }

    private static OperationalValue? AboveDecided(string key, List<PaymentFact> paid, Dictionary<Guid, DecisionFact> decisions, List<string> skipped)
    {
        if (paid.Count == 0)
        {
            skipped.Add($"指标{key}：当年无发放记录，无法核查发放标准");
            return null;
        }
        var over = paid.GroupBy(p => p.DecisionId)
            .Where(g => decisions.TryGetValue(g.Key, out var d) && g.Sum(p => p.AmountFen) > d.AmountFen)
            .Select(g => g.First().HouseholdId.Length > 0 ? g.First().HouseholdId : $"decision:{g.Key}")
            .Distinct().OrderBy(h => h, StringComparer.Ordinal).ToList();
        return new OperationalValue(new IndicatorInput { Key = key, Occurrences = over.Count }, over,
            "超标准发放：发放合计超过帮扶决定金额的户，每户扣分一次");
    }

    private static (bool Done, IReadOnlyList<string> Ids, string Why) Check(Measure measure, int year, List<PaymentFact> paid,
        OperationalFacts facts, Dictionary<Guid, DecisionFact> decisions)
    {
        switch (measure)
        {
            case Measure.CentralFundsUsedInYear:
            case Measure.ProvincialFundsUsedInYear:
            {
                var source = measure == Measure.CentralFundsUsedInYear ? 1 : 2;
                var allocated = facts.Allocations.Where(a => a.Year == year && a.Source == source && !a.Reversed).ToList();
                var received = allocated.Sum(a => a.AmountFen);
                var spent = paid.Where(p => p.Source == source).ToList();
                var used = spent.Sum(p => p.AmountFen);
                var ids = allocated.Select(a => $"allocation:{a.RunId}").Concat(spent.Select(p => p.PaymentId.ToString())).ToList();
                return received == 0 ? (false, ids, "当年未收到该来源的分配资金")
                    : (used >= received, ids, $"分配{YuanText.FromFen(received)}元，年度内发放{YuanText.FromFen(used)}元");
            }
            case Measure.PaidByBankCard:
                return (paid.Count > 0, paid.Select(p => p.PaymentId.ToString()).ToList(),
                    paid.Count > 0 ? $"{paid.Count}笔均经银行代发至本人银行卡" : "当年无发放记录");
            case Measure.LivingAidMonthlyOrQuarterly:
            {
                var living = facts.Decisions.Where(d => d.AidType == "LIVING" && d.DecidedOn.Year == year).ToList();
                var irregular = living.Where(d => d.Frequency is not ("MONTHLY" or "QUARTERLY")).Select(d => d.DecisionId.ToString()).ToList();
                return (living.Count > 0 && irregular.Count == 0, irregular.Count > 0 ? irregular : living.Select(d => d.DecisionId.ToString()).ToList(),
                    living.Count == 0 ? "当年无生活救助决定" : irregular.Count == 0 ? $"{living.Count}项生活救助均按月或按季发放" : $"{irregular.Count}项生活救助未按月或按季发放");
            }
            case Measure.ArchivedAndNoticedBeforeHelp:
            {
                var archived = facts.Households.ToDictionary(h => h.HouseholdId.ToString(), StringComparer.Ordinal);
                var firstPaid = paid.Where(p => p.HouseholdId.Length > 0).GroupBy(p => p.HouseholdId).Select(g => (Household: g.Key, On: g.Min(p => p.SettledOn))).ToList();
                var early = firstPaid.Where(h => !archived.TryGetValue(h.Household, out var a) || a.ArchivedOn > h.On).Select(h => h.Household).ToList();
                return (firstPaid.Count > 0 && early.Count == 0, early.Count > 0 ? early : firstPaid.Select(h => h.Household).ToList(),
                    firstPaid.Count == 0 ? "当年无发放记录" : early.Count == 0 ? $"{firstPaid.Count}户均经公示建档后帮扶" : $"{early.Count}户帮扶时未建档");
            }
            case Measure.VisitsInCampaignWindows:
                return Visits(facts);
            default:
                return (false, [], string.Empty);
        }
    }

    /// <summary>
    /// Each window: the households on file in it (archived on or before its last day, not closed
    /// before its first), and whether each was visited on a day within it. Evidence: the visits
    /// that count and the households missed (household:…), so the basis names who was not visited.
    /// </summary>
    private static (bool Done, IReadOnlyList<string> Ids, string Why) Visits(OperationalFacts facts)
    {
        if (facts.Windows.Count == 0) return (false, [], "未设置走访慰问时段");
        var ids = new List<string>();
        var lines = new List<string>();
        var done = true;
        var any = false;
        foreach (var window in facts.Windows.OrderBy(w => w.From))
        {
            var due = facts.Households.Where(h => h.ArchivedOn <= window.To && (h.ClosedOn is not { } closed || closed >= window.From))
                .Select(h => h.HouseholdId).ToHashSet();
            var visits = facts.Visits.Where(x => window.Holds(x.VisitedOn) && due.Contains(x.HouseholdId)).OrderBy(x => x.VisitedOn).ThenBy(x => x.VisitId).ToList();
            var visited = visits.Select(x => x.HouseholdId).ToHashSet();
            var missing = due.Where(h => !visited.Contains(h)).OrderBy(h => h).ToList();
            any |= due.Count > 0;
            done &= missing.Count == 0;
            ids.AddRange(visits.Select(x => $"visit:{x.VisitId}"));
            ids.AddRange(missing.Select(h => $"household:{h}"));
            var period = $"{window.Name}（{Iso(window.From)}至{Iso(window.To)}）";
            lines.Add(due.Count == 0 ? $"{period}无在档户"
                : missing.Count == 0 ? $"{period}在档{due.Count}户均已走访"
                : $"{period}在档{due.Count}户，未走访{missing.Count}户：{string.Join("、", missing)}");
        }
        return (any && done, ids, any ? string.Join("，", lines) : "各走访慰问时段均无在档户");
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string AidTypeLabel(string aidType) => aidType switch
    {
        "LIVING" => "生活救助",
        "EDUCATION" => "子女助学",
        "MEDICAL" => "医疗救助",
        "WINTER_WARMTH" => "送温暖",
        _ => aidType,
    };
}
