using BenchmarkDotNet.Attributes;
using Union.Evaluation.Domain.Templates;
using Union.Shared.Calendar;
using Union.Shared.Validation;

namespace Union.Benchmarks;

/// <summary>
/// The evaluation scoring engine (ScoringEngine.Score) over the built-in Yu'an 2021 template (19
/// third-level indicators, 24 leaves) with the report's own figures: every rule kind, two
/// 30-working-day deadlines on the official calendar. One operation is 10,000 scorings, the
/// issue's yardstick ("10,000 evaluations in under one second of CPU").
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int Scorings = 10_000;
    private readonly IndicatorTree _tree = BuiltInTemplates.YuAn2021.Tree;
    private List<IndicatorInput> _inputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        IndicatorInput All(string key) => new() { Key = key, Ticked = _tree.Leaves.Single(l => l.Key == key).Rule!.Items.Select(i => i.Name).ToList() };
        IndicatorInput Yes(string key) => new() { Key = key, Yes = true };
        _inputs =
        [
            All("1"), All("2"), All("3"), Yes("4"), All("5"), All("6"), Yes("7.1"),
            new() { Key = "7.2", Cases = [new DeadlineCase("", new DateOnly(2021, 12, 1), new DateOnly(2021, 12, 20))] },
            All("8"), All("9"), All("10"), All("11"),
            new() { Key = "12", Lines = [new CompletionLine("生活救助", 26, 20), new CompletionLine("子女助学", 56, 20), new CompletionLine("医疗救助", 47, 10)] },
            Yes("13.1"),
            new() { Key = "13.2", Cases = [new DeadlineCase("", new DateOnly(2021, 9, 1), new DateOnly(2021, 9, 30))] },
            Yes("13.3"), Yes("13.4"),
            new() { Key = "14", Occurrences = 0 },
            new() { Key = "15", Score = 6m, Evidence = "报告第51行" },
            new() { Key = "16", Score = 10m, Evidence = "报告第53行" },
            new() { Key = "18", Score = 4m, Evidence = "报告第55行" },
        ];
        var check = ScoringEngine.Score(_tree, _inputs, WorkingDayCalendar.Official, new RequestValidator());
        if (check.Total != 100m) throw new InvalidOperationException($"The Yu'an figures score {check.Total}, not 100.");
    }

    [Benchmark(Description = "Yu'an 2021, report figures, x10,000", OperationsPerInvoke = 1)]
    public decimal ScoreTenThousand()
    {
        var total = 0m;
        for (var i = 0; i < Scorings; i++)
            total += ScoringEngine.Score(_tree, _inputs, WorkingDayCalendar.Official, new RequestValidator()).Total;
        return total;
    }
}
