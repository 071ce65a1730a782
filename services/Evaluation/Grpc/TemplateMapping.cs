using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Union.Contracts.Common.V1;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Domain.Templates;
using Union.Shared.Validation;
using Dto = Union.Contracts.Evaluation.V1;

namespace Union.Evaluation.Grpc;

/// <summary>Between the proto messages and the template domain. Decimals travel as text and are parsed exactly.</summary>
public static class TemplateMapping
{
    private const int MaxInputs = 500;

    /// <summary>An exact decimal from its text; a violation (and 0) when it is not one.</summary>
    public static decimal ParseDecimal(this RequestValidator v, string field, string? text, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) v.Required(field, text);
            return 0m;
        }
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return value;
        v.Add(field, "INVALID_NUMBER", "应为数字，如 7.5");
        return 0m;
    }

    public static string Text(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    // ------------------------------------------------------------ requests → domain

    /// <summary>The tree a create request describes, with its parse problems added under <c>indicators[i]…</c>.</summary>
    public static IndicatorTree ToTree(RequestValidator v, string totalPoints, IReadOnlyList<Dto.Indicator> indicators)
    {
        var total = v.ParseDecimal("total_points", totalPoints);
        var roots = indicators.Select((n, i) => ToNode(v, n, $"indicators[{i}]")).ToList();
        return new IndicatorTree(total, roots);
    }

    private static IndicatorNode ToNode(RequestValidator v, Dto.Indicator dto, string f) => new()
    {
        Key = dto.Key.Trim(),
        Name = dto.Name.Trim(),
        Points = v.ParseDecimal($"{f}.points", dto.Points),
        Explanation = dto.Explanation.Trim(),
        Standard = dto.Standard.Trim(),
        NotSelfEvaluated = dto.NotSelfEvaluated,
        Rule = dto.Rule is null || dto.Rule.Kind == Dto.RuleKind.Unspecified ? null : ToRule(v, dto.Rule, $"{f}.rule"),
        Children = dto.Children.Select((c, i) => ToNode(v, c, $"{f}.children[{i}]")).ToList(),
    };

    private static ScoringRule ToRule(RequestValidator v, Dto.ScoringRule dto, string f) => new()
    {
        Kind = (RuleKind)(int)dto.Kind,
        Items = dto.Items.Select((item, i) => new ChecklistItem(item.Name.Trim(), v.ParseDecimal($"{f}.items[{i}].points", item.Points))).ToList(),
        PerPercentagePoint = dto.Kind == Dto.RuleKind.Completion ? v.ParseDecimal($"{f}.per_percentage_point", dto.PerPercentagePoint) : 0m,
        FullAtPercent = dto.Kind == Dto.RuleKind.Completion
            ? string.IsNullOrWhiteSpace(dto.FullAtPercent) ? 100m : v.ParseDecimal($"{f}.full_at_percent", dto.FullAtPercent)
            : 0m,
        PerOccurrence = dto.Kind == Dto.RuleKind.Deduction ? v.ParseDecimal($"{f}.per_occurrence", dto.PerOccurrence) : 0m,
        WorkingDays = dto.Kind == Dto.RuleKind.Deadline ? dto.WorkingDays : 0,
    };

    /// <summary>Each node's request path, for the tree rules' violations.</summary>
    public static Func<IndicatorNode, string> RequestPaths(IndicatorTree tree)
    {
        var paths = new Dictionary<IndicatorNode, string>(ReferenceEqualityComparer.Instance);
        void Walk(IReadOnlyList<IndicatorNode> nodes, string prefix)
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                var path = $"{prefix}[{i}]";
                paths[nodes[i]] = path;
                Walk(nodes[i].Children, $"{path}.children");
            }
        }
        Walk(tree.Roots, "indicators");
        return node => paths[node];
    }

    public static List<IndicatorInput> ToInputs(RequestValidator v, IReadOnlyList<Dto.IndicatorInput> inputs)
    {
        if (inputs.Count > MaxInputs) v.Add("inputs", "TOO_MANY_INPUTS", $"一次最多评分{MaxInputs}个指标");
        return inputs.Take(MaxInputs).Select((dto, i) =>
        {
            var f = $"inputs[{i}]";
            return new IndicatorInput
            {
                Key = dto.Key,
                Score = dto.HasScore ? v.ParseDecimal($"{f}.score", dto.Score) : null,
                Evidence = dto.Evidence,
                Ticked = dto.Ticked,
                Lines = dto.Lines.Select((l, j) => new CompletionLine(l.Label.Trim(),
                    v.ParseDecimal($"{f}.lines[{j}].actual", l.Actual), v.ParseDecimal($"{f}.lines[{j}].target", l.Target))).ToList(),
                Occurrences = dto.HasOccurrences ? dto.Occurrences : null,
                Cases = dto.Cases.Select((c, j) =>
                {
                    v.Date($"{f}.cases[{j}].start_date", c.StartDate, required: true, out var start)
                        .Date($"{f}.cases[{j}].done_date", c.DoneDate, required: true, out var done);
                    return new DeadlineCase(c.Reference.Trim(), start ?? default, done ?? default);
                }).ToList(),
                Yes = dto.HasYes ? dto.Yes : null,
            };
        }).ToList();
    }

    /// <summary>Bindings as sent; their checks against the tree are <see cref="OperationalBindings.Bindings"/>.</summary>
    public static List<OperationalBinding> ToBindings(IReadOnlyList<Dto.OperationalBinding> dtos) =>
        dtos.Select(b => new OperationalBinding((Measure)(int)b.Measure, b.IndicatorKey.Trim(), b.ChecklistItem.Trim())).ToList();

    // ------------------------------------------------------------ domain → responses

    public static Dto.IndicatorTemplate ToDto(IndicatorTemplate t, bool withIndicators = true)
    {
        var dto = new Dto.IndicatorTemplate
        {
            Code = t.Code,
            Version = t.Version,
            Name = t.Name,
            Source = t.Source,
            TotalPoints = Text(t.TotalPoints),
            Status = (Dto.TemplateStatus)(int)t.Status,
            BuiltIn = t.BuiltIn,
            Audit = new AuditStamp
            {
                CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(t.CreatedAt, DateTimeKind.Utc)),
                CreatedBy = t.CreatedBy,
                UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(t.RetiredAt ?? t.CreatedAt, DateTimeKind.Utc)),
                UpdatedBy = t.RetiredAt is null ? t.CreatedBy : t.RetiredBy,
            },
            RetiredBy = t.RetiredBy,
            RetireReason = t.RetireReason,
        };
        if (t.RetiredAt is { } at) dto.RetiredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        if (withIndicators)
        {
            dto.Indicators.AddRange(t.Tree.Roots.Select(ToDto));
            dto.Bindings.AddRange(t.Bindings.Select(b => new Dto.OperationalBinding
            {
                Measure = (Dto.Measure)(int)b.Measure, IndicatorKey = b.Key, ChecklistItem = b.Item,
            }));
        }
        return dto;
    }

    private static Dto.Indicator ToDto(IndicatorNode n)
    {
        var dto = new Dto.Indicator
        {
            Key = n.Key, Name = n.Name, Points = Text(n.Points), Explanation = n.Explanation, Standard = n.Standard,
            NotSelfEvaluated = n.NotSelfEvaluated,
        };
        if (n.Rule is { } r)
        {
            dto.Rule = new Dto.ScoringRule { Kind = (Dto.RuleKind)(int)r.Kind, WorkingDays = r.WorkingDays };
            dto.Rule.Items.AddRange(r.Items.Select(i => new Dto.ChecklistItem { Name = i.Name, Points = Text(i.Points) }));
            if (r.Kind == RuleKind.Completion)
            {
                dto.Rule.PerPercentagePoint = Text(r.PerPercentagePoint);
                dto.Rule.FullAtPercent = Text(r.FullAtPercent);
            }
            if (r.Kind == RuleKind.Deduction) dto.Rule.PerOccurrence = Text(r.PerOccurrence);
        }
        dto.Children.AddRange(n.Children.Select(ToDto));
        return dto;
    }

    public static Dto.ScoreSheet ToDto(IndicatorTemplate t, ScoreSheet sheet)
    {
        var dto = new Dto.ScoreSheet
        {
            Code = t.Code, Version = t.Version, TotalPoints = Text(sheet.TotalPoints), Total = Text(sheet.Total), Provisional = sheet.Provisional,
        };
        dto.Indicators.AddRange(sheet.Roots.Select(ToDto));
        return dto;
    }

    private static Dto.IndicatorScore ToDto(NodeScore s)
    {
        var dto = new Dto.IndicatorScore
        {
            Key = s.Key, Name = s.Name, Points = Text(s.Points), Score = Text(s.Score), Status = (Dto.ScoreStatus)(int)s.Status, Detail = s.Detail,
        };
        dto.Children.AddRange(s.Children.Select(ToDto));
        return dto;
    }
}
