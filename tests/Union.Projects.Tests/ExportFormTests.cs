using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Projects.Exchange;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using F = Union.Projects.Exchange.FormLayouts;

namespace Union.Projects.Tests;

/// <summary>
/// One project's form as a workbook laid out like 001_ab13bea91fa8b22f.txt 附件1–4: the title, the
/// labelled fields in the paper's order, and the three signature blocks, filled once signed.
/// </summary>
public sealed class ExportFormTests(SqliteProjects host) : IClassFixture<SqliteProjects>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly string[] SignatureLabels =
    [
        F.Stamp, F.ApplicantHeadSignature, F.Date, F.DepartmentOpinion, F.DepartmentHeadSignature, F.Date,
        F.LeaderOpinion, F.LeaderSignature, F.Date, F.Note,
    ];

    private static string[] Labels(string applicantOpinion, params string[] fields) => [.. fields, applicantOpinion, .. SignatureLabels];

    private Task<ExportedWorkbook> ExportAsync(string projectId, ExportedForm form, string formId = "", string organisation = Jinjiang) =>
        host.Exchange(organisation).ExportProjectFormAsync(new ExportProjectFormRequest { ProjectId = projectId, Form = form, FormId = formId }).ResponseAsync;

    private static List<(string Label, string Value)> Fields(ExportedWorkbook workbook) => ExportWorkbooks.Lines(workbook.Workbook).Skip(1).ToList();

    private static void AssertUnsigned(List<(string Label, string Value)> lines)
    {
        Assert.Equal(string.Empty, lines.Value(F.ApplicantHeadSignature));
        Assert.Equal(string.Empty, lines.Value(F.DepartmentHeadSignature));
        Assert.Equal(string.Empty, lines.Value(F.LeaderSignature));
        Assert.Equal([ExchangeText.BlankDate, ExchangeText.BlankDate, ExchangeText.BlankDate], lines.Values(F.Date));
    }

    private static void AssertSignedByTheDriver(List<(string Label, string Value)> lines)
    {
        Assert.Equal("张区长", lines.Value(F.ApplicantHeadSignature));
        Assert.Equal("刘部长", lines.Value(F.DepartmentHeadSignature));
        Assert.Equal("陈副主席", lines.Value(F.LeaderSignature));
        Assert.Equal(["2026年10月1日", "2026年10月1日", "2026年10月1日"], lines.Values(F.Date));
    }

    private async Task<ProjectForm> FileLaunchAsync(ProjectDriver driver, string projectId, string overview = "项目概况及绩效预估") =>
        await driver.ApplicantStaff.FileLaunchFormAsync(new FileLaunchFormRequest
        {
            ProjectId = projectId,
            Details = new LaunchDetails
            {
                StartsOn = "2026-10-08", EndsOn = "2027-08-31", Overview = overview, Plan = "按季度推进",
                BudgetDetail = "救助金100万元", SubsidyDetail = "扶助资金全部用于救助金",
            },
        });

    [Fact]
    public async Task The_application_is_the_feasibility_report_in_the_paper_order_with_the_level_ticked()
    {
        var project = await new ProjectDriver(host).ApplyAsync();

        var workbook = await ExportAsync(project.ProjectId, ExportedForm.Application);

        Assert.Equal("困难职工大病医疗救助项目-可行性研究报告.xlsx", workbook.FileName);
        var all = ExportWorkbooks.Lines(workbook.Workbook);
        Assert.Equal("2027年度工会帮扶项目申报书（可行性研究报告）", all[0].Label);
        var lines = all.Skip(1).ToList();
        Assert.Equal(Labels(F.ApplicationApplicantOpinion,
            "申报单位（公章）", "项目层级", "项目负责人", "联系电话", "电子邮箱", "编报日期", "（一）项目名称", "（二）项目背景", "（三）项目内容",
            "（四）推进方案（计划）", "（五）资金预算", "（六）绩效目标", "（七）保障措施", "（八）责任分工"), lines.Select(l => l.Label));
        Assert.Equal(all.Count, workbook.Rows);
        Assert.Equal(Jinjiang, lines.Value("申报单位（公章）"));
        Assert.Equal("□市级 ☑县区级 □产业级", lines.Value("项目层级"));
        Assert.Equal("王芳", lines.Value("项目负责人"));
        Assert.Equal("028-86661234", lines.Value("联系电话"));
        Assert.Equal("wf@example.org", lines.Value("电子邮箱"));
        Assert.Equal("2026年10月1日", lines.Value("编报日期"));
        Assert.Equal("困难职工大病医疗救助项目", lines.Value("（一）项目名称"));
        Assert.StartsWith("辖区困难职工家庭因病致困", lines.Value("（二）项目背景"));
        Assert.Equal("服务对象：建档困难职工中因病致困家庭\n服务方式：医保报销后按个人自付部分给予二次救助\n目标任务：全年救助120户\n实施标准：每户最高1万元\n实施范围：锦江区",
            lines.Value("（三）项目内容"));
        Assert.Equal("1. 摸底调查、确定救助对象（2027年3月31日前完成）\n2. 集中审核发放（2027年9月30日前完成）", lines.Value("（四）推进方案（计划）"));
        Assert.Equal("省级财政：600000.00元\n工会经费：400000.00元\n合计：1000000.00元\n其中申请市总扶助资金：400000.00元", lines.Value("（五）资金预算"));
        Assert.Equal("覆盖职工数量：5000人\n直接服务职工数量：120人\n职工满意度：90%", lines.Value("（六）绩效目标"));
        Assert.Equal("成立项目领导小组，专款专用，接受经审监督。", lines.Value("（七）保障措施"));
        Assert.Equal("策划：区总工会保障部\n实施：区困难职工帮扶中心", lines.Value("（八）责任分工"));
        AssertUnsigned(lines);
    }

    [Fact]
    public async Task The_application_names_the_head_who_signed_the_paper_copy_once_it_is_in_the_library()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.InLibrary);

        var lines = Fields(await ExportAsync(project.ProjectId, ExportedForm.Application));

        Assert.Equal("李主席", lines.Value(F.ApplicantHeadSignature));
        Assert.Equal(string.Empty, lines.Value(F.DepartmentHeadSignature));
    }

    [Fact]
    public async Task The_launch_form_has_the_fields_of_the_paper_form_and_blank_signature_blocks_until_signed()
    {
        var driver = new ProjectDriver(host);
        var project = await driver.ToAsync(ProjectStatus.InLibrary);
        var form = await FileLaunchAsync(driver, project.ProjectId);

        var workbook = await ExportAsync(project.ProjectId, ExportedForm.Launch);

        Assert.Equal("困难职工大病医疗救助项目-启动申报表.xlsx", workbook.FileName);
        Assert.Equal("市总工会扶助区市县、产业工会办实事项目启动申报表", ExportWorkbooks.Lines(workbook.Workbook)[0].Label);
        var lines = Fields(workbook);
        Assert.Equal(Labels(F.LaunchApplicantOpinion,
            "填表日期", "项目名称", "申报单位", "项目负责人", "联系电话", "项目总预算", "市总扶助资金", "项目启动时间", "项目结束时间",
            "项目概况及绩效预估描述", "项目推进计划", "项目总预算明细", "市总扶助资金使用预算明细"), lines.Select(l => l.Label));
        Assert.Equal("困难职工大病医疗救助项目", lines.Value("项目名称"));
        Assert.Equal(Jinjiang, lines.Value("申报单位"));
        Assert.Equal("王芳", lines.Value("项目负责人"));
        Assert.Equal("1000000.00元", lines.Value("项目总预算"));
        Assert.Equal("400000.00元", lines.Value("市总扶助资金"));
        Assert.Equal("2026年10月8日", lines.Value("项目启动时间"));
        Assert.Equal("2027年8月31日", lines.Value("项目结束时间"));
        Assert.Equal("项目概况及绩效预估", lines.Value("项目概况及绩效预估描述"));
        Assert.Equal("按季度推进", lines.Value("项目推进计划"));
        Assert.Equal("救助金100万元", lines.Value("项目总预算明细"));
        Assert.Equal("扶助资金全部用于救助金", lines.Value("市总扶助资金使用预算明细"));
        AssertUnsigned(lines);

        await driver.SignAllAsync(form.FormId);

        AssertSignedByTheDriver(Fields(await ExportAsync(project.ProjectId, ExportedForm.Launch)));
    }

    [Fact]
    public async Task The_mid_term_form_shows_spending_and_the_launch_forms_end_date()
    {
        var driver = new ProjectDriver(host);
        var project = await driver.ToAsync(ProjectStatus.Launched);
        var form = await driver.ApplicantStaff.FileMidTermFormAsync(new FileMidTermFormRequest
        {
            ProjectId = project.ProjectId,
            Details = new MidTermDetails
            {
                SpentTotal = new Money { Fen = 30_000_001 }, SpentSubsidy = new Money { Fen = 16_000_000 }, Progress = "已救助60户",
                SpendingDetail = "救助金30万元", PlannedAcceptanceOn = "2027-09-15",
            },
        });
        await driver.SignAllAsync(form.FormId);

        var lines = Fields(await ExportAsync(project.ProjectId, ExportedForm.MidTerm, form.FormId));

        Assert.Equal(Labels(F.MidTermApplicantOpinion,
            "填表日期", "项目名称", "上报单位", "项目负责人", "联系电话", "项目总预算", "市总扶助资金", "资金实际使用", "项目结束时间",
            "拟申请验收时间", "项目中期推进情况及效果评估", "项目资金支出明细", "市总扶助资金支出明细"), lines.Select(l => l.Label));
        Assert.Equal("300000.01元，其中市总扶助资金160000.00元", lines.Value("资金实际使用"));
        Assert.Equal("2027年8月1日", lines.Value("项目结束时间")); // the driver's launch form ends ten months after 1 Oct 2026
        Assert.Equal("2027年9月15日", lines.Value("拟申请验收时间"));
        Assert.Equal("已救助60户", lines.Value("项目中期推进情况及效果评估"));
        Assert.Equal("救助金30万元", lines.Value("项目资金支出明细"));
        Assert.Equal("已支出市总扶助资金160000.00元（已拨付160000.00元）", lines.Value("市总扶助资金支出明细"));
        AssertSignedByTheDriver(lines);
    }

    [Fact]
    public async Task The_acceptance_form_sets_the_effect_against_the_applications_targets()
    {
        var project = await new ProjectDriver(host).ToAsync(ProjectStatus.Accepted);

        var workbook = await ExportAsync(project.ProjectId, ExportedForm.Acceptance);

        Assert.Equal("困难职工大病医疗救助项目-验收申报表.xlsx", workbook.FileName);
        var lines = Fields(workbook);
        Assert.Equal(Labels(F.AcceptanceApplicantOpinion,
            "填表日期", "项目名称", "验收申请单位", "项目负责人", "联系电话", "项目总预算", "市总扶助资金", "资金实际使用", "项目结束时间",
            "申请验收时间", "项目完成情况及效果评估", "项目资金支出明细", "市总扶助资金支出明细"), lines.Select(l => l.Label));
        Assert.Equal("980000.00元，其中市总扶助资金400000.00元", lines.Value("资金实际使用"));
        Assert.Equal("全年救助126户，完成目标\n困难职工医疗负担明显减轻\n绩效目标完成情况：覆盖职工数量目标5000人、实际5200人；" +
            "直接服务职工数量目标120人、实际126人；职工满意度目标90%、实际95%", lines.Value("项目完成情况及效果评估"));
        Assert.Equal("支出合计980000.00元，其中市总扶助资金400000.00元，其他资金580000.00元", lines.Value("项目资金支出明细"));
        AssertSignedByTheDriver(lines);
    }

    [Fact]
    public async Task Without_a_form_id_the_latest_form_of_the_kind_is_exported_and_with_one_that_form()
    {
        var driver = new ProjectDriver(host);
        var project = await driver.ToAsync(ProjectStatus.InLibrary);
        var first = await FileLaunchAsync(driver, project.ProjectId, "第一稿");
        await driver.SignAndDecideAsync(first.FormId, accept: false);
        await FileLaunchAsync(driver, project.ProjectId, "第二稿");

        Assert.Equal("第二稿", Fields(await ExportAsync(project.ProjectId, ExportedForm.Launch)).Value("项目概况及绩效预估描述"));
        Assert.Equal("第一稿", Fields(await ExportAsync(project.ProjectId, ExportedForm.Launch, first.FormId)).Value("项目概况及绩效预估描述"));
    }

    [Fact]
    public async Task A_form_the_project_does_not_have_is_not_found()
    {
        var driver = new ProjectDriver(host);
        var project = await driver.ToAsync(ProjectStatus.InLibrary);
        var launch = await FileLaunchAsync(driver, project.ProjectId);

        var none = await RpcAssert.Fails(StatusCode.NotFound, () => ExportAsync(project.ProjectId, ExportedForm.MidTerm));
        Assert.Equal("FORM_NOT_FOUND", none.Code());
        var otherKind = await RpcAssert.Fails(StatusCode.NotFound, () => ExportAsync(project.ProjectId, ExportedForm.Acceptance, launch.FormId));
        Assert.Equal("FORM_NOT_FOUND", otherKind.Code());
        var unknown = await RpcAssert.Fails(StatusCode.NotFound, () => ExportAsync(project.ProjectId, ExportedForm.Launch, Guid.NewGuid().ToString()));
        Assert.Equal("FORM_NOT_FOUND", unknown.Code());
    }

    [Fact]
    public async Task A_project_outside_the_callers_subtree_is_not_found()
    {
        var project = await new ProjectDriver(host).ApplyAsync();

        var e = await RpcAssert.Fails(StatusCode.NotFound, () => ExportAsync(project.ProjectId, ExportedForm.Application, organisation: Qingyang));
        Assert.Equal("PROJECT_NOT_FOUND", e.Code());
        var unknown = await RpcAssert.Fails(StatusCode.NotFound, () => ExportAsync(Guid.NewGuid().ToString(), ExportedForm.Application));
        Assert.Equal("PROJECT_NOT_FOUND", unknown.Code());
    }

    [Fact]
    public async Task Workers_may_not_export_a_form()
    {
        var project = await new ProjectDriver(host).ApplyAsync();
        var client = new ProjectExchange.ProjectExchangeClient(host.As(Jinjiang, Union.Shared.Auth.Roles.Worker));

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => client.ExportProjectFormAsync(
            new ExportProjectFormRequest { ProjectId = project.ProjectId, Form = ExportedForm.Application }).ResponseAsync);
    }

    [Fact]
    public async Task Bad_input_is_answered_field_by_field()
    {
        var e = await RpcAssert.InvalidArgument(() => ExportAsync("not-an-id", ExportedForm.Unspecified, "also-not-an-id"),
            "project_id", "form", "form_id");
        Assert.Equal(3, e.ViolatedFields().Count);
        await RpcAssert.InvalidArgument(() => ExportAsync(Guid.NewGuid().ToString(), (ExportedForm)9), "form");
    }
}
