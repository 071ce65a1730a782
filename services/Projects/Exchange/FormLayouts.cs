using Union.Projects.Domain;
using T = Union.Projects.Exchange.ExchangeText;

namespace Union.Projects.Exchange;

/// <summary>Who signed one block of a form, with the opinion written and the date; null when it is not signed yet.</summary>
public sealed record SignedBlock(string SignerName, string Opinion, DateOnly? SignedOn);

/// <summary>
/// The paper forms of the Dalian measures (001_ab13bea91fa8b22f.txt 附件1–4) as label/value lines,
/// in the order the paper prints them, each ending with the three signature blocks (三级签字):
/// the applicant unit's opinion with its stamp and head's signature, the managing department's
/// opinion with its head's signature, and the opinion and signature of that department's leader
/// in charge. A signed block carries the recorded signer, opinion and date; an unsigned one
/// leaves the lines blank to be filled in by hand.
/// </summary>
public static class FormLayouts
{
    public const string Date = "日期";
    public const string Stamp = "单位公章";
    public const string ApplicantHeadSignature = "单位负责人签名";
    public const string DepartmentOpinion = "归口管理部门意见";
    public const string DepartmentHeadSignature = "归口管理部门负责人签名";
    public const string LeaderOpinion = "归口管理部门分管领导意见";
    public const string LeaderSignature = "签名";
    public const string Note = "注";

    // 001 附件2–4 name the applicant's block after the form; 附件1 has none, 000 §四(一)2 has the
    // application signed by the applicant's head, so it takes the launch form's wording.
    public const string ApplicationApplicantOpinion = "项目申报所在单位意见";
    public const string LaunchApplicantOpinion = "项目申报所在单位意见";
    public const string MidTermApplicantOpinion = "项目上报所在单位意见";
    public const string AcceptanceApplicantOpinion = "项目验收申报所在单位意见";

    private const string FormNote = "此表规格为A4纸双面打印，上报一式三份。";

    /// <summary>The word each form goes by, for file and sheet names.</summary>
    public static string Name(FormKind? kind) => kind switch
    {
        null => "可行性研究报告",
        FormKind.Launch => "启动申报表",
        FormKind.MidTerm => "中期推进情况表",
        _ => "验收申报表",
    };

    /// <summary>
    /// 申报书 / 可行性研究报告 (001 附件1; 000 §四(一)1 工会帮扶项目申报书): the cover, then sections
    /// (一) to (八). The applicant's head signs the paper copy that puts the project in the library
    /// (000 §四(一)2); the platform records that signer's name, not the day of signing.
    /// </summary>
    public static FormSheet Application(Project p)
    {
        var lines = new List<FormLine>
        {
            new("申报单位（公章）", p.OrganisationPath),
            new("项目层级", T.LevelBoxes(p.Level)),
            new("项目负责人", p.Contact.Name),
            new("联系电话", p.Contact.Phone),
            new("电子邮箱", p.Contact.Email),
            new("编报日期", T.ChineseDate(T.BeijingDate(p.CreatedAt))),
            new("（一）项目名称", p.Title),
            new("（二）项目背景", p.Background),
            new("（三）项目内容", Lines(
                $"服务对象：{p.Content.ServedGroups}",
                $"服务方式：{p.Content.ServiceMethod}",
                $"目标任务：{p.Content.Targets}",
                $"实施标准：{p.Content.Standards}",
                $"实施范围：{p.Content.Scope}")),
            new("（四）推进方案（计划）", Lines(p.Milestones.OrderBy(m => m.Number)
                .Select(m => $"{m.Number}. {m.Description}（{T.ChineseDate(m.DueOn)}前完成）"))),
            new("（五）资金预算", Lines(p.Budget.OrderBy(l => l.Source).Select(l => $"{T.Source(l.Source)}：{T.YuanWithUnit(l.AmountFen)}")
                .Append($"合计：{T.YuanWithUnit(p.TotalFen)}")
                .Append($"其中申请市总扶助资金：{T.YuanWithUnit(p.SubsidyRequestedFen)}"))),
            new("（六）绩效目标", Lines(
                $"覆盖职工数量：{p.Targets.WorkersCovered}人",
                $"直接服务职工数量：{p.Targets.WorkersDirectlyServed}人",
                $"职工满意度：{p.Targets.SatisfactionPercent}%")),
            new("（七）保障措施", p.Safeguards),
            new("（八）责任分工", Lines(p.Responsibilities.OrderBy(r => r.Number).Select(r => $"{r.Role}：{r.Person}"))),
        };
        var applicantHead = p.PaperCopySignedBy is { Length: > 0 } name ? new SignedBlock(name, string.Empty, null) : null;
        lines.AddRange(SignatureBlocks(ApplicationApplicantOpinion, applicantHead, null, null));
        lines.Add(new(Note, "此报告规格为A4纸双面打印，上报一式三份。"));
        return new FormSheet($"{p.Year}年度工会帮扶项目申报书（可行性研究报告）", lines);
    }

    /// <summary>市总工会扶助区市县、产业工会办实事项目启动申报表 (001 附件2).</summary>
    public static FormSheet Launch(Project p, ProjectForm form)
    {
        var d = form.Launch ?? throw new ArgumentException("Not a launch form.", nameof(form));
        var lines = new List<FormLine>
        {
            new("填表日期", T.ChineseDate(T.BeijingDate(form.CreatedAt))),
            new("项目名称", p.Title),
            new("申报单位", p.OrganisationPath),
            new("项目负责人", p.Contact.Name),
            new("联系电话", p.Contact.Phone),
            new("项目总预算", T.YuanWithUnit(p.TotalFen)),
            new("市总扶助资金", T.YuanWithUnit(FunderSubsidy(p))),
            new("项目启动时间", T.ChineseDate(d.StartsOn)),
            new("项目结束时间", T.ChineseDate(d.EndsOn)),
            new("项目概况及绩效预估描述", d.Overview),
            new("项目推进计划", d.Plan),
            new("项目总预算明细", d.BudgetDetail),
            new("市总扶助资金使用预算明细", d.SubsidyDetail),
        };
        return Finish(Title(FormKind.Launch), lines, LaunchApplicantOpinion, form);
    }

    /// <summary>市总工会扶助区市县、产业工会办实事项目中期推进情况表 (001 附件3).</summary>
    /// <param name="endsOn">The end date of the launch form that started the project, if any.</param>
    public static FormSheet MidTerm(Project p, ProjectForm form, DateOnly? endsOn)
    {
        var d = form.MidTerm ?? throw new ArgumentException("Not a mid-term form.", nameof(form));
        var lines = new List<FormLine>
        {
            new("填表日期", T.ChineseDate(T.BeijingDate(form.CreatedAt))),
            new("项目名称", p.Title),
            new("上报单位", p.OrganisationPath),
            new("项目负责人", p.Contact.Name),
            new("联系电话", p.Contact.Phone),
            new("项目总预算", T.YuanWithUnit(p.TotalFen)),
            new("市总扶助资金", T.YuanWithUnit(FunderSubsidy(p))),
            new("资金实际使用", Spent(d.SpentTotalFen, d.SpentSubsidyFen)),
            new("项目结束时间", T.ChineseDate(endsOn)),
            new("拟申请验收时间", T.ChineseDate(d.PlannedAcceptanceOn)),
            new("项目中期推进情况及效果评估", d.Progress),
            new("项目资金支出明细", d.SpendingDetail),
            new("市总扶助资金支出明细", SubsidySpent(p, d.SpentSubsidyFen)),
        };
        return Finish(Title(FormKind.MidTerm), lines, MidTermApplicantOpinion, form);
    }

    /// <summary>
    /// 市总工会扶助区市县、产业工会办实事项目验收申报表 (001 附件4). The effect is set against the
    /// performance targets of the application (001 第五条(八): 事前申报预估, 事后验收对照).
    /// </summary>
    public static FormSheet Acceptance(Project p, ProjectForm form, DateOnly? endsOn)
    {
        var d = form.Acceptance ?? throw new ArgumentException("Not an acceptance form.", nameof(form));
        var lines = new List<FormLine>
        {
            new("填表日期", T.ChineseDate(T.BeijingDate(form.CreatedAt))),
            new("项目名称", p.Title),
            new("验收申请单位", p.OrganisationPath),
            new("项目负责人", p.Contact.Name),
            new("联系电话", p.Contact.Phone),
            new("项目总预算", T.YuanWithUnit(p.TotalFen)),
            new("市总扶助资金", T.YuanWithUnit(FunderSubsidy(p))),
            new("资金实际使用", Spent(d.SpentTotalFen, d.SpentSubsidyFen)),
            new("项目结束时间", T.ChineseDate(endsOn)),
            new("申请验收时间", T.ChineseDate(T.BeijingDate(form.CreatedAt))),
            new("项目完成情况及效果评估", Lines(
                d.Completion,
                d.Effect,
                "绩效目标完成情况：" +
                $"覆盖职工数量目标{p.Targets.WorkersCovered}人、实际{d.WorkersCovered}人；" +
                $"直接服务职工数量目标{p.Targets.WorkersDirectlyServed}人、实际{d.WorkersDirectlyServed}人；" +
                $"职工满意度目标{p.Targets.SatisfactionPercent}%、实际{d.SatisfactionPercent}%")),
            new("项目资金支出明细", $"支出合计{T.YuanWithUnit(d.SpentTotalFen)}，其中市总扶助资金{T.YuanWithUnit(d.SpentSubsidyFen)}，" +
                $"其他资金{T.YuanWithUnit(d.SpentTotalFen - d.SpentSubsidyFen)}"),
            new("市总扶助资金支出明细", SubsidySpent(p, d.SpentSubsidyFen)),
        };
        return Finish(Title(FormKind.Acceptance), lines, AcceptanceApplicantOpinion, form);
    }

    public static string Title(FormKind kind) => $"市总工会扶助区市县、产业工会办实事项目{Name(kind)}";

    /// <summary>The three blocks in the paper's order, filled from what was recorded.</summary>
    public static IEnumerable<FormLine> SignatureBlocks(string applicantOpinionLabel, SignedBlock? applicantHead, SignedBlock? departmentHead,
        SignedBlock? departmentLeader)
    {
        yield return new(applicantOpinionLabel, applicantHead?.Opinion ?? string.Empty);
        yield return new(Stamp, string.Empty); // the stamp goes on the printed sheet
        yield return new(ApplicantHeadSignature, applicantHead?.SignerName ?? string.Empty);
        yield return new(Date, T.ChineseDate(applicantHead?.SignedOn));
        yield return new(DepartmentOpinion, departmentHead?.Opinion ?? string.Empty);
        yield return new(DepartmentHeadSignature, departmentHead?.SignerName ?? string.Empty);
        yield return new(Date, T.ChineseDate(departmentHead?.SignedOn));
        yield return new(LeaderOpinion, departmentLeader?.Opinion ?? string.Empty);
        yield return new(LeaderSignature, departmentLeader?.SignerName ?? string.Empty);
        yield return new(Date, T.ChineseDate(departmentLeader?.SignedOn));
    }

    private static FormSheet Finish(string title, List<FormLine> lines, string applicantOpinionLabel, ProjectForm form)
    {
        SignedBlock? Of(SignatureLevel level) => form.Signatures.FirstOrDefault(s => s.Level == level) is { } s
            ? new SignedBlock(s.SignerName, s.Opinion, T.BeijingDate(s.SignedAt))
            : null;
        lines.AddRange(SignatureBlocks(applicantOpinionLabel, Of(SignatureLevel.ApplicantHead), Of(SignatureLevel.DepartmentHead),
            Of(SignatureLevel.DepartmentLeader)));
        lines.Add(new(Note, FormNote));
        return new FormSheet(title, lines);
    }

    /// <summary>市总扶助资金: what the funder granted, after adjustments; the request before the decision.</summary>
    private static long FunderSubsidy(Project p) => p.CurrentSubsidyFen ?? p.ApprovedSubsidyFen ?? p.SubsidyRequestedFen;

    private static string Spent(long totalFen, long subsidyFen) =>
        $"{T.YuanWithUnit(totalFen)}，其中市总扶助资金{T.YuanWithUnit(subsidyFen)}";

    private static string SubsidySpent(Project p, long spentSubsidyFen) =>
        $"已支出市总扶助资金{T.YuanWithUnit(spentSubsidyFen)}（已拨付{T.YuanWithUnit(p.ReleasedFen)}）";

    private static string Lines(params IEnumerable<string> lines) => string.Join("\n", lines.Where(l => l.Length > 0));
}
