using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>
/// docs/projects.md, call by call, over REST through the gateway against the real services,
/// PostgreSQL and RabbitMQ: a medical aid project of 锦江区 funded by 成都 on the Dalian rules, from
/// the round to its closing, with the province approving the adjustment beyond 20 %.
/// </summary>
[Collection(SuiteCollection.Name)]
public class ProjectYearTests(Suite suite)
{
    private const string City = "51/5101";
    private const string County = "51/5101/510104";

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
    private static readonly string TodayText = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static readonly int Year = Today.Year + 1;
    private static readonly string Due = Today.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private readonly RestCalls rest = new(suite);

    private static readonly string CityStaff = Token(City, Roles.Caseworker);
    private static readonly string CityApprover = Token(City, Roles.Approver);
    private static readonly string Reviewer = Token(City, Roles.Reviewer);
    private static readonly string CountyStaff = Token(County, Roles.Caseworker);
    private static readonly string Province = Token("51", Roles.Approver);

    /// <summary>The subject `make token` gives: the first role at the organisation.</summary>
    private static string Token(string org, string role) => DevTokens.Mint(Tokens.Options, $"{role}@{org}", org, [role]);

    [Fact]
    public async Task A_project_goes_from_the_round_to_its_closing_as_docs_projects_md_shows()
    {
        // 1. The round and the funder's rules.
        await rest.Call(CityApprover, HttpMethod.Put, "/v1/project-funder-rules", """{"subsidyCapPercent": 50, "launchTranchePercent": 40}""");
        var r = (await rest.Call(CityStaff, HttpMethod.Post, "/v1/project-rounds",
            $$$"""{"year": {{{Year}}}, "kind": "APPLICATION_KIND_ANNUAL", "dueOn": "{{{Due}}}"}""")).Str("roundId");
        await rest.Call(CityStaff, HttpMethod.Post, $"/v1/project-rounds/{r}:add-reviewer",
            """{"reviewer": {"subject": "reviewer@51/5101", "name": "评审专家甲", "organisationPath": "51/5101"}}""");

        // 2. The application: 600,000 of 1,000,000 is over the city's cap; 500,000 is not.
        var refused = await rest.Send(CountyStaff, HttpMethod.Post, "/v1/project-applications", Application(r, 60_000_000));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await refused.Content.ReadAsStringAsync();
        Assert.Contains("subsidy_requested", error);
        Assert.Contains("SUBSIDY_EXCEEDS_CAP", error);
        var project = await rest.Call(CountyStaff, HttpMethod.Post, "/v1/project-applications", Application(r, 50_000_000));
        var p = project.Str("projectId");
        Assert.Equal("PROJECT_STATUS_SUBMITTED", project.Str("status"));
        Assert.Equal(City, project.GetProperty("funder").Str("path"));

        // 3. Review, the collective decision and the library.
        await rest.Call(Reviewer, HttpMethod.Post, $"/v1/projects/{p}:score", """{"necessity": 92, "feasibility": 85, "prospects": 80, "comments": "需求明确，标准合理"}""");
        var ranking = await rest.Call(CityStaff, HttpMethod.Get, $"/v1/project-rounds/{r}/ranking");
        Assert.Equal(p, ranking.GetProperty("categories")[0].GetProperty("projects")[0].Str("projectId"));
        await rest.Call(CityApprover, HttpMethod.Post, $"/v1/project-rounds/{r}:decide", $$$"""
            {"body": "DECISION_BODY_PARTY_GROUP_MEETING", "decidedOn": "{{{TodayText}}}", "meetingReference": "市总党组会纪要〔2026〕21号",
             "approved": [{"projectId": "{{{p}}}", "approvedSubsidy": {"fen": "50000000"}}]}
            """);
        var inLibrary = await rest.Call(CityStaff, HttpMethod.Post, $"/v1/projects/{p}:paper-copy-received",
            $$$"""{"receivedOn": "{{{TodayText}}}", "signedByName": "锦江区总工会主席"}""");
        Assert.Equal("PROJECT_STATUS_IN_LIBRARY", inLibrary.Str("status"));
        var library = await rest.Call(CityStaff, HttpMethod.Get, $"/v1/projects?libraryOnly=true&year={Year}");
        Assert.Contains(library.GetProperty("projects").EnumerateArray(), x => x.Str("projectId") == p);

        // 4. Launch with the three signatures: the first tranche, 40 %.
        var f = (await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}/forms:launch", $$$"""
            {"details": {"startsOn": "{{{TodayText}}}", "endsOn": "{{{Year}}}-12-15", "overview": "全年救助120户，预计覆盖职工5000人",
             "plan": "一季度摸底，三季度集中发放", "budgetDetail": "救助金100万元", "subsidyDetail": "市总扶助资金50万元全部用于救助金"}}
            """)).Str("formId");
        await SignAndDecideAsync(f, """{"accept": true, "decidedOn": "TODAY", "comment": "同意启动"}""");
        var launched = await rest.Call(CountyStaff, HttpMethod.Get, $"/v1/project-applications/{p}");
        Assert.Equal("PROJECT_STATUS_LAUNCHED", launched.Str("status"));
        Assert.Equal("20000000", launched.GetProperty("released").Str("fen"));
        var printed = await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}:export-form", """{"form": "EXPORTED_FORM_LAUNCH"}""");
        Assert.False(string.IsNullOrEmpty(printed.Str("workbook")));

        // 5. Milestones, the mid-term form, an inspection and its rectification.
        await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}/milestones/1:progress",
            $$$"""{"progressPercent": 100, "progressNote": "确定救助对象126户", "completedOn": "{{{TodayText}}}"}""");
        var m = (await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}/forms:mid-term", $$$"""
            {"details": {"spentTotal": {"fen": "42000000"}, "spentSubsidy": {"fen": "20000000"}, "progress": "已救助58户", "plannedAcceptanceOn": "{{{Year}}}-12-10"}}
            """)).Str("formId");
        await SignAndDecideAsync(m, """{"accept": true, "decidedOn": "TODAY"}""");
        var inspection = await rest.Call(CityStaff, HttpMethod.Post, $"/v1/projects/{p}/inspections", $$$"""
            {"kind": "INSPECTION_KIND_SUPERVISION", "inspectedOn": "{{{TodayText}}}", "inspectors": "市总保障部 刘部长、经审办 赵主任", "summary": "进度正常",
             "findings": [{"description": "救助对象公示材料未归档", "rectifyBy": "{{{Due}}}"}]}
            """);
        var x = inspection.GetProperty("rectifications")[0].Str("rectificationId");
        await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/project-rectifications/{x}:close", $$$"""{"closedOn": "{{{TodayText}}}", "resolution": "公示照片及名单已归档"}""");

        // 6. Adjustments: −10 % is filed and effective; −25 % cumulatively waits for the province.
        var filed = await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}/adjustments", $$$"""
            {"reason": "部分救助对象已纳入医保大病兜底", "changedElements": "帮扶对象人数", "newSubsidy": {"fen": "45000000"},
             "meetingReference": "锦江区总工会主席办公会纪要〔2026〕7号", "decidedOn": "{{{TodayText}}}"}
            """);
        Assert.Equal("ADJUSTMENT_STATUS_FILED", filed.Str("status"));
        var pending = await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}/adjustments", $$$"""
            {"reason": "受灾职工转由应急项目救助", "changedElements": "帮扶对象人数", "newSubsidy": {"fen": "37500000"},
             "meetingReference": "锦江区总工会主席办公会纪要〔2026〕9号", "decidedOn": "{{{TodayText}}}"}
            """);
        Assert.Equal("ADJUSTMENT_STATUS_PENDING", pending.Str("status"));
        Assert.Equal("45000000", (await rest.Call(CountyStaff, HttpMethod.Get, $"/v1/project-applications/{p}")).GetProperty("currentSubsidy").Str("fen"));
        await rest.Call(Province, HttpMethod.Post, $"/v1/project-adjustments/{pending.Str("adjustmentId")}:decide",
            $$$"""{"approve": true, "decidedOn": "{{{TodayText}}}", "reference": "川工保函〔2026〕33号"}""");

        // 7. Worker evaluation, acceptance (the rest: 375,000 − 200,000), final accounts, archive, closing.
        await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}/surveys", $$$"""
            {"method": "SURVEY_METHOD_ONLINE", "surveyedOn": "{{{TodayText}}}", "sampleSize": 200, "aware": 186, "participated": 120, "benefited": 118, "satisfied": 190}
            """);
        var c = (await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}/forms:acceptance", """
            {"details": {"completion": "全年救助126户，完成目标", "spentTotal": {"fen": "87500000"}, "spentSubsidy": {"fen": "37500000"},
             "workersCovered": 5200, "workersDirectlyServed": 126, "satisfactionPercent": 95, "effect": "困难职工医疗负担明显减轻"}}
            """)).Str("formId");
        await SignAndDecideAsync(c, """{"accept": true, "decidedOn": "TODAY", "comment": "验收合格"}""");
        var accepted = await rest.Call(CountyStaff, HttpMethod.Get, $"/v1/project-applications/{p}");
        Assert.Equal("PROJECT_STATUS_ACCEPTED", accepted.Str("status"));
        Assert.Equal("37500000", accepted.GetProperty("released").Str("fen"));

        await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}/archive:final-accounts", $$$"""
            {"spentTotal": {"fen": "87500000"}, "spentSubsidy": {"fen": "37500000"}, "returnedSubsidy": {"fen": "0"},
             "reportReference": "锦总财决〔2026〕5号", "reportedOn": "{{{TodayText}}}"}
            """);
        foreach (var kind in new[] { "APPLICATION", "IMPLEMENTATION_PLAN", "ORGANISATION_LIST", "MEETING_RECORDS", "EFFECT_EVIDENCE", "EVALUATION_MATERIALS" })
        {
            await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/projects/{p}/archive:document",
                $$$"""{"kind": "ARCHIVE_DOCUMENT_KIND_{{{kind}}}", "present": true, "reference": "锦江区总工会档案室 XM-{{{kind}}}"}""");
        }
        var closed = await rest.Call(CityApprover, HttpMethod.Post, $"/v1/projects/{p}:close", $$$"""{"closedOn": "{{{TodayText}}}"}""");
        Assert.Equal("PROJECT_STATUS_CLOSED", closed.Str("status"));

        // The same project over gRPC through the gateway's package route, service by service.
        var county = suite.As(County, Roles.Caseworker);
        Assert.Equal(ProjectStatus.Closed, (await new ProjectApplications.ProjectApplicationsClient(county)
            .GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = p })).Status);
        Assert.Single((await new ProjectReviews.ProjectReviewsClient(county).GetProjectReviewAsync(new GetProjectReviewRequest { ProjectId = p })).Scores);
        Assert.Equal(3, (await new ProjectImplementation.ProjectImplementationClient(county).ListFormsAsync(new ListFormsRequest { ProjectId = p })).Forms.Count);
        Assert.Equal(2, (await new ProjectImplementation.ProjectImplementationClient(county).ListAdjustmentsAsync(new ListAdjustmentsRequest { ProjectId = p })).Adjustments.Count);
        Assert.True((await new ProjectClosing.ProjectClosingClient(county).GetProjectArchiveAsync(new GetProjectArchiveRequest { ProjectId = p })).Complete);
        Assert.Single((await new ProjectSupervision.ProjectSupervisionClient(county).ListRectificationsAsync(new ListRectificationsRequest { ProjectId = p })).Rectifications);
        Assert.NotEmpty((await new ProjectExchange.ProjectExchangeClient(county).ExportProjectFormAsync(
            new ExportProjectFormRequest { ProjectId = p, Form = ExportedForm.Acceptance })).Workbook);
        Assert.Equal(City, (await new ProjectRounds.ProjectRoundsClient(county).GetRoundAsync(new GetRoundRequest { RoundId = r })).Funder.Path);

        // Every step's event left the outbox for RabbitMQ: submitted, approved, launched, mid-term, two adjustments, accepted, closed.
        Assert.True(await Poll.UntilAsync(async () => await Database.CountAsync(suite.Databases["projects"], "outbox_messages",
            "\"EventType\" LIKE @type AND \"PublishedAt\" IS NOT NULL", ("type", "union.events.v1.Project%")) == 8),
            $"the project events did not all reach the broker\n{suite.Output()}");
    }

    private async Task SignAndDecideAsync(string formId, string decision)
    {
        await rest.Call(CountyStaff, HttpMethod.Post, $"/v1/project-forms/{formId}:sign", """{"level": "SIGNATURE_LEVEL_APPLICANT_HEAD", "signerName": "张主席", "opinion": "同意申报"}""");
        await rest.Call(CityStaff, HttpMethod.Post, $"/v1/project-forms/{formId}:sign", """{"level": "SIGNATURE_LEVEL_DEPARTMENT_HEAD", "signerName": "刘部长", "opinion": "同意"}""");
        await rest.Call(CityStaff, HttpMethod.Post, $"/v1/project-forms/{formId}:sign", """{"level": "SIGNATURE_LEVEL_DEPARTMENT_LEADER", "signerName": "陈副主席", "opinion": "同意"}""");
        var form = await rest.Call(CityApprover, HttpMethod.Post, $"/v1/project-forms/{formId}:decide", decision.Replace("TODAY", TodayText, StringComparison.Ordinal));
        Assert.Equal("FORM_STATUS_ACCEPTED", form.Str("status"));
    }

    private static string Application(string roundId, long subsidyFen) => $$$"""
        {"roundId": "{{{roundId}}}", "level": "PROJECT_LEVEL_COUNTY", "category": "PROJECT_CATEGORY_MEDICAL",
         "title": "锦江区困难职工大病医疗二次救助项目",
         "background": "辖区困难职工因病致困比例高，医保报销后自付负担重；区总工会已有医疗互助基础。",
         "content": {"servedGroups": "建档困难职工中因病致困家庭", "serviceMethod": "医保报销后按自付部分二次救助",
                     "targets": "全年救助120户", "standards": "每户最高1万元", "scope": "锦江区"},
         "milestones": [{"description": "摸底调查、确定救助对象", "dueOn": "{{{Year}}}-03-31"},
                        {"description": "集中审核发放", "dueOn": "{{{Year}}}-09-30"}],
         "budget": [{"source": "FUND_SOURCE_UNION_FUNDS", "amount": {"fen": "40000000"}},
                    {"source": "FUND_SOURCE_PROVINCIAL_FINANCE", "amount": {"fen": "60000000"}}],
         "subsidyRequested": {"fen": "{{{subsidyFen}}}"},
         "targets": {"workersCovered": 5000, "workersDirectlyServed": 120, "satisfactionPercent": 90},
         "safeguards": "成立项目领导小组，专款专用，经审全程监督。",
         "responsibilities": [{"role": "策划", "person": "区总工会保障部"}, {"role": "实施", "person": "区困难职工帮扶中心"}],
         "contact": {"name": "王芳", "phone": "028-86661234", "email": "wf@example.org"}}
        """;
}
