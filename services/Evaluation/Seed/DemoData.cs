using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Events.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Domain.Process;
using Union.Evaluation.Domain.Templates;
using Union.Evaluation.Persistence;
using Union.Shared.Calendar;
using Union.Shared.Validation;

namespace Union.Evaluation.Seed;

/// <summary>
/// Demo evaluations for local runs (Seed:Demo=true) of the two demo cities (see docs/demo.md),
/// against the Yu'an table: last year's programme walked through the whole process and archived
/// with a grade (成都 100 优秀, 宜宾 86 良好: funds learns both through EvaluationGraded), this year's
/// waiting in self-evaluation with its targets set. Idempotent: an evaluation that already exists
/// is left alone, so running the seed again adds nothing.
/// </summary>
public static class DemoData
{
    private const string Province = "seed@51";

    public static async Task SeedAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<EvaluationDbContext>();
        var template = await services.GetRequiredService<TemplateStore>().FindAsync(BuiltInTemplates.YuAn2021.Code, 1, CancellationToken.None)
            ?? throw new InvalidOperationException("The built-in Yu'an template is not stored.");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        // 成都 scores full marks and rectifies; 宜宾 has 30 households paid off-standard, half marks on the
        // effect indicators and one issue unrectified: 100 − 3 − 10 − 1 = 86, 良好.
        var cities = new[] { (Path: "51/5101", Deductions: 0L, Rectified: true), (Path: "51/5115", Deductions: 30L, Rectified: false) };
        foreach (var city in cities)
        {
            await AddAsync(db, template, city.Path, now.Year - 1, now, e => Archive(db, e, template, city.Deductions, city.Rectified, now));
            await AddAsync(db, template, city.Path, now.Year, now, e =>
                e.SetTargets([new AidTarget("LIVING", 20), new AidTarget("EDUCATION", 20), new AidTarget("MEDICAL", 10)], $"seed@{city.Path}", now));
        }
        await db.SaveChangesAsync();
    }

    private static async Task AddAsync(EvaluationDbContext db, IndicatorTemplate template, string organisation, int year, DateTime now, Action<PerformanceEvaluation> walk)
    {
        var subject = EvaluationSubject.Programme(organisation);
        if (await db.Evaluations.IgnoreQueryFilters().AnyAsync(e => e.SubjectKey == subject.Key && e.Year == year)) return;
        var evaluation = PerformanceEvaluation.Start(organisation, subject, year, template, "seed", now);
        db.Evaluations.Add(evaluation);
        db.Publish(new EvaluationStarted { EvaluationId = evaluation.Id.ToString(), SubjectId = evaluation.SubjectId, Year = year }, organisation);
        walk(evaluation);
    }

    private static void Archive(EvaluationDbContext db, PerformanceEvaluation e, IndicatorTemplate template, long deductions, bool rectified, DateTime now)
    {
        var tree = template.Tree;
        var owner = $"seed@{e.OrganisationPath}";
        var calendar = WorkingDayCalendar.Official;
        var v = new RequestValidator();
        e.SetTargets([new AidTarget("LIVING", 20), new AidTarget("EDUCATION", 20), new AidTarget("MEDICAL", 10)], owner, now);
        var inputs = tree.Leaves.Select(l => FullMarks(l, e.Year, deductions, weak: !rectified)).ToList();
        e.RecordInputs(tree, inputs.Where(i => !NotSelf(tree, i.Key)).ToList(), InputSource.Self, string.Empty, null, calendar, v, owner, now);
        e.SubmitSelfEvaluation("本年度困难职工帮扶工作按计划完成，目标任务全部完成，资金按规定发放。", owner, now);
        e.CompleteOverall(Province, now, "自评报告与整体指标相符");
        e.RecordFieldWork([("12", "抽查档案10份，与帮扶系统一致")], [(SurveyKind.Satisfaction, 50, 47)], [("8", "个别档案纸电不一致")], Province, now);
        e.CompleteOnSite(Province, now, "现场评价完成");
        var options = new EvaluationProcessOptions();
        var result = rectified ? RecheckResult.Rectified : RecheckResult.NotRectified;
        e.RecheckIssue(e.Process.Issues[0].IssueId, result, rectified ? "已补齐电子档案" : "尚未整改", options.DeductionFor(result), Province, now);
        e.GradeFinal(tree, calendar, GradeBands.Default, Province, now, string.Empty);
        e.Archive(Province, now, "评价结束，建立档案");
        if (v.Violations.Count > 0) throw new InvalidOperationException("Demo inputs are invalid: " + string.Join("; ", v.Violations.Select(x => x.Field)));
        db.Publish(new EvaluationGraded
        {
            EvaluationId = e.Id.ToString(), SubjectKind = "PROGRAMME", OrganisationPath = e.OrganisationPath, Year = e.Year,
            Score = e.FinalScore!.Value.ToString("0.##", CultureInfo.InvariantCulture), Grade = e.Grade,
        }, e.OrganisationPath);
    }

    private static bool NotSelf(IndicatorTree tree, string key) =>
        tree.Walk().Any(w => w.Node.NotSelfEvaluated && (w.Node.Key == key || Contains(w.Node, key)));

    private static bool Contains(IndicatorNode node, string key) => node.Children.Any(c => c.Key == key || Contains(c, key));

    /// <summary>An input that earns the leaf its full points (the deduction leaf loses <paramref name="deductions"/> occurrences).</summary>
    private static IndicatorInput FullMarks(IndicatorNode leaf, int year, long deductions, bool weak) => leaf.Rule!.Kind switch
    {
        RuleKind.Checklist => new IndicatorInput { Key = leaf.Key, Ticked = leaf.Rule.Items.Select(i => i.Name).ToList() },
        RuleKind.Completion => new IndicatorInput { Key = leaf.Key, Lines = [new CompletionLine("生活救助", 26, 20), new CompletionLine("子女助学", 56, 20), new CompletionLine("医疗救助", 47, 10)] },
        RuleKind.Deduction => new IndicatorInput { Key = leaf.Key, Occurrences = deductions },
        RuleKind.Deadline => new IndicatorInput { Key = leaf.Key, Cases = [new DeadlineCase("示例", new DateOnly(year, 3, 2), new DateOnly(year, 3, 20))] },
        RuleKind.YesNo => new IndicatorInput { Key = leaf.Key, Yes = true },
        _ => new IndicatorInput { Key = leaf.Key, Score = weak ? leaf.Points / 2 : leaf.Points, Evidence = "示例数据" },
    };
}
