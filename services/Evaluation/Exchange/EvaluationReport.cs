using System.Net;
using System.Text;
using MiniExcelLibs;
using Union.Contracts.Evaluation.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Domain.Process;
using Union.Evaluation.Domain.Templates;
using static Union.Evaluation.Grpc.TemplateMapping;
using IndicatorTemplate = Union.Evaluation.Domain.Templates.IndicatorTemplate;
using ScoreSheet = Union.Evaluation.Domain.Templates.ScoreSheet;

namespace Union.Evaluation.Exchange;

/// <summary>
/// The evaluation report (000_001fd36b94af060d.txt 附件6 项目绩效评价报告) as an .xlsx workbook and
/// as a printable HTML page: the result, each indicator's score and how it came about, the
/// self-evaluation report, the field records (附件5), the surveys, the re-check and the process log.
/// </summary>
public static class EvaluationReport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Xlsx(PerformanceEvaluation e, IndicatorTemplate template, ScoreSheet sheet)
    {
        var p = e.Process;
        var sheets = new Dictionary<string, object>
        {
            ["评价结果"] = Summary(e, template, sheet).Select(x => new Dictionary<string, object> { ["项目"] = x.Label, ["内容"] = x.Value }).ToList(),
            ["指标得分"] = Rows(sheet.Roots, 1, p).ToList(),
            ["现场记录"] = p.FieldRecords.Select(r => new Dictionary<string, object> { ["指标"] = r.IndicatorKey, ["现场情况"] = r.Finding, ["记录人"] = r.By, ["时间"] = r.At.ToString("u") }).ToList(),
            ["满意度调查"] = p.Surveys.Select(s => new Dictionary<string, object> { ["类别"] = SurveyName(s.Kind), ["样本量"] = s.SampleSize, ["满意（知晓）人数"] = s.Satisfied, ["比率%"] = s.RatePercent }).ToList(),
            ["整改复查"] = p.Issues.Select(i => new Dictionary<string, object> { ["指标"] = i.IndicatorKey, ["问题"] = i.Description, ["复查结果"] = RecheckName(i.Result), ["扣分"] = i.Deduction, ["说明"] = i.Note }).ToList(),
            ["过程记录"] = p.Transitions.Select(t => new Dictionary<string, object> { ["从"] = PerformanceEvaluation.StageName(t.From), ["到"] = PerformanceEvaluation.StageName(t.To), ["经办人"] = t.By, ["时间"] = t.At.ToString("u"), ["理由"] = t.Reason }).ToList(),
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();
    }

    public static byte[] Html(PerformanceEvaluation e, IndicatorTemplate template, ScoreSheet sheet)
    {
        var p = e.Process;
        var h = new StringBuilder();
        static string T(string s) => WebUtility.HtmlEncode(s);
        h.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>绩效评价报告</title>")
         .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}td,th{border:1px solid #444;padding:4px 6px;font-size:13px;vertical-align:top}@media print{h2{page-break-before:auto}}</style></head><body>")
         .Append("<h1>绩效评价报告</h1><table>");
        foreach (var (label, value) in Summary(e, template, sheet)) h.Append($"<tr><th>{T(label)}</th><td>{T(value)}</td></tr>");
        h.Append("</table><h2>指标得分</h2><table><tr><th>指标</th><th>分值</th><th>得分</th><th>评分说明</th></tr>");
        foreach (var row in Rows(sheet.Roots, 1, p))
            h.Append($"<tr><td>{T((string)row["指标"])}</td><td>{row["分值"]}</td><td>{row["得分"]}</td><td>{T((string)row["评分说明"])}</td></tr>");
        h.Append("</table><h2>自评报告</h2><p>").Append(T(p.SelfReport).Replace("\n", "<br>")).Append("</p>");
        h.Append("<h2>现场情况记录</h2><table><tr><th>指标</th><th>现场情况</th><th>记录人</th></tr>");
        foreach (var r in p.FieldRecords) h.Append($"<tr><td>{T(r.IndicatorKey)}</td><td>{T(r.Finding)}</td><td>{T(r.By)}</td></tr>");
        h.Append("</table><h2>满意度调查</h2><table><tr><th>类别</th><th>样本量</th><th>满意（知晓）人数</th><th>比率</th></tr>");
        foreach (var s in p.Surveys) h.Append($"<tr><td>{SurveyName(s.Kind)}</td><td>{s.SampleSize}</td><td>{s.Satisfied}</td><td>{Text(s.RatePercent)}%</td></tr>");
        h.Append("</table><h2>整改复查</h2><table><tr><th>指标</th><th>问题</th><th>复查结果</th><th>扣分</th></tr>");
        foreach (var i in p.Issues) h.Append($"<tr><td>{T(i.IndicatorKey)}</td><td>{T(i.Description)}</td><td>{RecheckName(i.Result)}</td><td>{Text(i.Deduction)}</td></tr>");
        h.Append("</table><h2>过程记录</h2><table><tr><th>从</th><th>到</th><th>经办人</th><th>时间（UTC）</th><th>理由</th></tr>");
        foreach (var t in p.Transitions)
            h.Append($"<tr><td>{PerformanceEvaluation.StageName(t.From)}</td><td>{PerformanceEvaluation.StageName(t.To)}</td><td>{T(t.By)}</td><td>{t.At:u}</td><td>{T(t.Reason)}</td></tr>");
        h.Append("</table></body></html>");
        return Encoding.UTF8.GetBytes(h.ToString());
    }

    public static byte[] ComparisonXlsx(EvaluationComparison c)
    {
        var keys = c.Rows.SelectMany(r => r.Indicators.Select(i => i.Key)).Distinct().ToList();
        var rows = c.Rows.Select(r =>
        {
            var row = new Dictionary<string, object>
            {
                ["组织"] = r.Owner.Path, ["评价对象"] = string.IsNullOrEmpty(r.SubjectId) ? "整体帮扶工作" : r.SubjectId,
                ["阶段"] = r.Stage.ToString(), ["得分"] = r.Total, ["等级"] = r.Grade, ["上年得分"] = r.PreviousTotal, ["同比变化"] = r.Change,
            };
            foreach (var k in keys) row[$"指标{k}"] = r.Indicators.FirstOrDefault(i => i.Key == k)?.Score ?? string.Empty;
            return row;
        }).ToList();
        var sheets = new Dictionary<string, object>
        {
            ["各单位得分"] = rows,
            ["得分最低指标"] = c.Lowest.Select(l => new Dictionary<string, object> { ["指标"] = l.Key, ["名称"] = l.Name, ["分值"] = l.Points, ["平均得分"] = l.AverageScore, ["得分率%"] = l.AveragePercent }).ToList(),
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();
    }

    private static IEnumerable<(string Label, string Value)> Summary(PerformanceEvaluation e, IndicatorTemplate template, ScoreSheet sheet)
    {
        var p = e.Process;
        yield return ("评价对象", e.SubjectKind == Domain.SubjectKind.Project ? $"项目 {e.SubjectTitle} {e.SubjectId}" : $"{e.OrganisationPath} 整体帮扶工作");
        yield return ("评价年度", e.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("指标体系", $"{template.Name}（{template.Code} 第{template.Version}版）");
        yield return ("年度目标任务", string.Join("；", p.Targets.Select(t => $"{OperationalIndicators.AidTypeLabel(t.AidType)} {t.Households}户")));
        yield return ("指标得分合计", Text(p.ScoredTotal ?? sheet.Total));
        yield return ("整改复查扣分", Text(p.Adjustment ?? 0m));
        yield return ("最终得分", e.FinalScore is { } f ? Text(f) : "未评定");
        yield return ("评价等级", e.Grade.Length > 0 ? e.Grade : "未评定");
        yield return ("等级标准", string.Join("；", p.Bands.Select(b => $"{b.Name}≥{Text(b.MinScore)}")));
        yield return ("阶段", PerformanceEvaluation.StageName(e.Stage));
    }

    private static IEnumerable<Dictionary<string, object>> Rows(IEnumerable<NodeScore> nodes, int depth, EvaluationProcess p)
    {
        foreach (var n in nodes)
        {
            var source = p.Inputs.TryGetValue(n.Key, out var input) ? input : null;
            var detail = n.Detail + (source is { Source: Domain.Process.InputSource.Operational } ? $"（按业务数据计算：{source.Basis}）" : string.Empty);
            yield return new Dictionary<string, object>
            {
                ["指标"] = $"{new string('　', depth - 1)}{n.Key} {n.Name}", ["分值"] = Text(n.Points), ["得分"] = Text(n.Score), ["评分说明"] = detail,
            };
            foreach (var child in Rows(n.Children, depth + 1, p)) yield return child;
        }
    }

    private static string SurveyName(Domain.Process.SurveyKind kind) => kind == Domain.Process.SurveyKind.Awareness ? "知晓度" : "满意度";

    private static string RecheckName(Domain.Process.RecheckResult r) => r switch
    {
        Domain.Process.RecheckResult.Rectified => "已整改",
        Domain.Process.RecheckResult.PartlyRectified => "部分整改",
        Domain.Process.RecheckResult.NotRectified => "未整改",
        _ => "待复查",
    };
}
