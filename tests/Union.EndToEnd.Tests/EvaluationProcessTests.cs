using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>
/// docs/evaluation.md, "The process from self-evaluation to grade", call by call over REST through
/// the gateway against the real services, PostgreSQL and RabbitMQ: 眉山's programme evaluated from
/// its self-evaluation to an archived grade, which funds then uses in the next year's dry run.
/// </summary>
[Collection(SuiteCollection.Name)]
public class EvaluationProcessTests(Suite suite)
{
    private const string City = "51/5114";
    private static readonly int Year = DateTime.UtcNow.Year + 2;

    private static readonly string CityEvaluator = Token(City, Roles.Evaluator);
    private static readonly string CityStaff = Token(City, Roles.Caseworker);
    private static readonly string Group = Token("51", Roles.Evaluator);
    private static readonly string ProvinceFinance = Token("51", Roles.Finance);

    private static string Token(string org, string role) => DevTokens.Mint(Tokens.Options, $"{role}@{org}", org, [role]);

    [Fact]
    public async Task An_evaluation_goes_from_self_evaluation_to_the_grade_funds_allocates_by()
    {
        // 1. The city starts its programme's evaluation and enters the year's targets.
        var e = (await Call(CityEvaluator, HttpMethod.Post, "/v1/evaluations",
            $$"""{"subjectKind": "SUBJECT_KIND_PROGRAMME", "year": {{Year}}, "indicatorSystem": "yuan-2021"}""")).Str("evaluationId");
        await Call(CityStaff, HttpMethod.Post, $"/v1/evaluations/{e}:set-targets",
            """{"targets": [{"aidType": "LIVING", "households": 20}, {"aidType": "EDUCATION", "households": 20}, {"aidType": "MEDICAL", "households": 10}]}""");

        // 2. Self-evaluation: scores by the template's rules; 指标17 is not self-evaluated.
        var refused = await Send(CityStaff, HttpMethod.Post, $"/v1/evaluations/{e}:record-scores",
            """{"inputs": [{"key": "17", "score": "0", "evidence": "x"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("NOT_SELF_EVALUATED", await refused.Content.ReadAsStringAsync());
        var self = await Call(CityStaff, HttpMethod.Post, $"/v1/evaluations/{e}:record-scores", """
            {"inputs": [
              {"key": "12", "lines": [{"label": "生活救助", "actual": "26", "target": "20"}, {"label": "子女助学", "actual": "56", "target": "20"}, {"label": "医疗救助", "actual": "47", "target": "10"}]},
              {"key": "14", "occurrences": "12"},
              {"key": "16", "score": "10", "evidence": "帮扶效益明显"}]}
            """);
        Assert.Equal("27.8", self.GetProperty("sheet").Str("total"));  // 10 (258 %) + 7.8 (12 households) + 10

        // The working group cannot act yet, and the organisation submits its report (附件4).
        var early = await Send(Group, HttpMethod.Post, $"/v1/evaluations/{e}:complete-overall", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("WRONG_STAGE", await early.Content.ReadAsStringAsync());
        await Call(CityStaff, HttpMethod.Post, $"/v1/evaluations/{e}:submit-self-evaluation", """{"report": "本年度目标任务全部完成。"}""");

        // 3. Overall evaluation: a changed score needs a reason and keeps the earlier one.
        var changed = await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:record-scores",
            """{"inputs": [{"key": "16", "score": "8", "evidence": "部分效益未体现"}], "reason": "整体评价核减"}""");
        var history = changed.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("10", history.Str("previousScore"));
        Assert.Equal("8", history.Str("newScore"));
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:complete-overall", """{"reason": "整体评价完成"}""");

        // 4. On site: field records (附件5), a survey, an issue.
        var onSite = await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:record-field-work", """
            {"records": [{"indicatorKey": "8", "finding": "抽查档案10份，1份纸电不一致"}],
             "surveys": [{"kind": "SURVEY_KIND_SATISFACTION", "sampleSize": 50, "satisfied": 47}],
             "issues": [{"indicatorKey": "8", "description": "档案纸电不一致"}]}
            """);
        Assert.Equal("94", onSite.GetProperty("surveys")[0].Str("ratePercent"));
        var issue = onSite.GetProperty("issues")[0].Str("issueId");
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:complete-on-site", "{}");

        // 5. Re-check, grade, archive.
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:recheck-issue",
            $$"""{"issueId": "{{issue}}", "result": "RECHECK_RESULT_NOT_RECTIFIED", "note": "未整改"}""");
        var graded = await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:grade", "{}");
        Assert.Equal("25.8", graded.Str("scoredTotal"));
        Assert.Equal("1", graded.Str("adjustment"));
        Assert.Equal("24.8", graded.GetProperty("evaluation").Str("finalScore"));
        Assert.Equal("不合格", graded.GetProperty("evaluation").Str("grade"));
        var archived = await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:archive", """{"reason": "建立档案"}""");
        Assert.Equal("EVALUATION_STAGE_ARCHIVED", archived.GetProperty("evaluation").Str("stage"));
        var locked = await Send(Group, HttpMethod.Post, $"/v1/evaluations/{e}:record-scores",
            """{"inputs": [{"key": "4", "yes": true}], "reason": "x"}""");
        Assert.Contains("EVALUATION_ARCHIVED", await locked.Content.ReadAsStringAsync());

        // 6. The report (附件6) and the province's comparison.
        var report = await Call(CityStaff, HttpMethod.Get, $"/v1/evaluations/{e}/report?format=html");
        Assert.Contains("档案纸电不一致", Encoding.UTF8.GetString(Convert.FromBase64String(report.Str("content"))));
        var comparison = await Call(Group, HttpMethod.Get, $"/v1/evaluations/comparisons/{Year}");
        Assert.Contains(comparison.GetProperty("rows").EnumerateArray(), r => r.GetProperty("owner").Str("path") == City && r.Str("grade") == "不合格");

        // 7. The grade closes the loop: funds' dry run of the next year uses it when the request gives none.
        await Call(ProvinceFinance, HttpMethod.Put, "/v1/allocation-formulas", """
            {"kind": "ALLOCATION_FORMULA_KIND_PROJECT_VOLUME", "volumeWeight": "1", "scoreWeight": "0",
             "gradeFactors": [{"grade": "优秀", "factor": "1.2"}, {"grade": "不合格", "factor": "0.5"}]}
            """);
        var next = (Year + 1).ToString(CultureInfo.InvariantCulture);
        var dryRun = $$"""
            {"year": {{next}}, "source": "FUND_SOURCE_UNION_FUNDS", "pool": {"fen": "1000000"},
             "applicants": [{"organisationPath": "{{City}}", "approvedVolume": {"fen": "100"}, "reviewScore": "80"},
                            {"organisationPath": "51/5101", "approvedVolume": {"fen": "100"}, "reviewScore": "80"}]}
            """;
        JsonElement line = default;
        Assert.True(await Poll.UntilAsync(async () =>
        {
            var run = await Call(ProvinceFinance, HttpMethod.Post, "/v1/allocation-runs", dryRun);
            line = run.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("applicant").Str("path") == City);
            return line.Str("lastYearGrade") == "不合格";
        }), $"funds never used the archived grade\n{suite.Output()}");
        Assert.Equal("0.5", line.Str("gradeFactor"));
    }

    private async Task<JsonElement> Call(string token, HttpMethod method, string path, string? json = null)
    {
        var response = await Send(token, method, path, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}\n{suite.Output()}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<HttpResponseMessage> Send(string token, HttpMethod method, string path, string? json)
    {
        using var rest = new HttpClient { BaseAddress = new Uri(Suite.GatewayHttp) };
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("idempotency-key", Guid.NewGuid().ToString());
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await rest.SendAsync(request);
    }
}
