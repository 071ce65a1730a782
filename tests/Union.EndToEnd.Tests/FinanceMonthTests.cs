using System.Net;
using System.Text.Json;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>
/// docs/funds.md, call by call, over REST through the gateway against the real services,
/// PostgreSQL and RabbitMQ: a month of 涪城区's finance officer, from the money arriving to the
/// month-end reports, with two households archived through the real archives.
/// </summary>
[Collection(SuiteCollection.Name)]
public class FinanceMonthTests(Suite suite)
{
    private const string City = "51/5107";
    private const string County = "51/5107/510703";

    private static readonly int Year = DateOnly.Parse(ActiveHouseholds.Day(0)).Year;

    private static readonly string CityFinance = Token(City, Roles.Finance);
    private static readonly string Finance = Token(County, Roles.Finance);
    private static readonly string Caseworker = Token(County, Roles.Caseworker);
    private static readonly string Approver = Token(County, Roles.Approver);
    private static readonly string Auditor = Token(County, Roles.Auditor);

    private static string Token(string org, string role) => DevTokens.Mint(Tokens.Options, $"{role}@{org}", org, [role]);

    private static string Day(int daysFromToday) => ActiveHouseholds.Day(daysFromToday);

    [Fact]
    public async Task A_finance_officers_month_goes_as_docs_funds_md_shows()
    {
        var rest = new RestCalls(suite);
        var (a, householdA) = await ActiveHouseholds.CreateAsync(suite, County);
        var (b, householdB) = await ActiveHouseholds.CreateAsync(suite, County);

        // 1. Accounts and the money arriving: the province's central money reaches the city, the
        //    city passes half down; the county's own union funds are received from the level above.
        var cityCentral = (await rest.Call(CityFinance, HttpMethod.Post, "/v1/accounts",
            $$"""{"fiscalYear": {{Year}}, "source": "FUND_SOURCE_CENTRAL_FINANCE"}""")).Str("accountId");
        var central = (await rest.Call(Finance, HttpMethod.Post, "/v1/accounts",
            $$"""{"fiscalYear": {{Year}}, "source": "FUND_SOURCE_CENTRAL_FINANCE"}""")).Str("accountId");
        await rest.Call(CityFinance, HttpMethod.Post, "/v1/fund-movements/receipts", $$"""
            {"toAccountId": "{{cityCentral}}", "amount": {"fen": "20000000"}, "receivedOn": "{{Day(-28)}}",
             "externalPayer": {"name": "四川省总工会", "documentReference": "川工财〔{{Year}}〕12号"}, "memo": "中央财政困难职工帮扶资金"}
            """);
        await rest.Call(CityFinance, HttpMethod.Post, "/v1/fund-movements/transfers", $$"""
            {"fromAccountId": "{{cityCentral}}", "toAccountId": "{{central}}", "amount": {"fen": "10000000"},
             "transferredOn": "{{Day(-27)}}", "reference": "绵工财〔{{Year}}〕3号", "memo": "下拨涪城区"}
            """);
        var account = await rest.Call(Finance, HttpMethod.Get, $"/v1/accounts/{central}");
        Assert.Equal("10000000", account.GetProperty("balance").Str("fen"));

        // 2. The allowance in force (659 yuan a month) sets the caps.
        await rest.Call(CityFinance, HttpMethod.Post, "/v1/local-standards/allowances", $$"""
            {"localityPath": "{{City}}", "monthlyAllowance": {"fen": "65900"}, "effectiveFrom": "{{Year - 1}}-07-01", "reference": "绵府发〔{{Year - 1}}〕8号"}
            """);
        var cap = await rest.Call(Caseworker, HttpMethod.Get,
            $"/v1/local-standards/aid-caps:check?localityPath={City}&aidType=AID_TYPE_LIVING&decisionDate={Day(-21)}&amount.fen=790800");
        Assert.True(cap.GetProperty("allowed").GetBoolean());
        Assert.Equal("790800", cap.GetProperty("capAmount").Str("fen"));

        // 3. The caseworker records the meeting's decisions: a year's living aid for A paid
        //    quarterly (12 × 659 = 7,908.00; 1,977.00 of it falls in this calendar year) and education
        //    aid for B's son. Another 5,931.01 of living aid this year would pass the cap by a fen.
        var living = await rest.Call(Caseworker, HttpMethod.Post, "/v1/assistance-decisions", $$"""
            {"householdId": "{{a}}", "aidType": "AID_TYPE_LIVING", "amount": {"fen": "790800"}, "sourceAccountId": "{{central}}",
             "collectiveDecision": {"meetingReference": "涪城区总工会党组会议{{Year}}年第11次", "decidedOn": "{{Day(-21)}}"},
             "applicationCompletedOn": "{{Day(-25)}}",
             "instalments": {"frequency": "INSTALMENT_FREQUENCY_QUARTERLY", "count": 4, "firstDueOn": "{{Day(-14)}}"} }
            """);
        Assert.Equal(4, living.GetProperty("instalments").GetArrayLength());
        var overCap = await rest.Send(Caseworker, HttpMethod.Post, "/v1/assistance-decisions", $$"""
            {"householdId": "{{a}}", "aidType": "AID_TYPE_LIVING", "amount": {"fen": "593101"}, "sourceAccountId": "{{central}}",
             "collectiveDecision": {"meetingReference": "涪城区总工会党组会议{{Year}}年第11次", "decidedOn": "{{Day(-21)}}"},
             "applicationCompletedOn": "{{Day(-25)}}"}
            """);
        Assert.Equal(HttpStatusCode.BadRequest, overCap.StatusCode);
        Assert.Contains("LIVING_AID_CAP_EXCEEDED", await overCap.Content.ReadAsStringAsync());
        var education = (await rest.Call(Caseworker, HttpMethod.Post, "/v1/assistance-decisions", $$"""
            {"householdId": "{{b}}", "aidType": "AID_TYPE_EDUCATION", "amount": {"fen": "300000"}, "sourceAccountId": "{{central}}",
             "collectiveDecision": {"meetingReference": "涪城区总工会党组会议{{Year}}年第11次", "decidedOn": "{{Day(-21)}}"},
             "applicationCompletedOn": "{{Day(-24)}}", "studentReference": "长子"}
            """)).Str("decisionId");
        var l = living.Str("decisionId");

        // 4. The real-name list on public notice; it ended before today without objection. A later
        //    decision for B is on notice now, and an objection to it is upheld.
        await rest.Call(Caseworker, HttpMethod.Post, "/v1/public-notices",
            $$"""{"decisionIds": ["{{l}}", "{{education}}"], "place": "涪城区总工会公示栏及网站", "startsOn": "{{Day(-20)}}"}""");
        var warmth = (await rest.Call(Caseworker, HttpMethod.Post, "/v1/assistance-decisions", $$"""
            {"householdId": "{{b}}", "aidType": "AID_TYPE_WINTER_WARMTH", "amount": {"fen": "50000"}, "sourceAccountId": "{{central}}",
             "collectiveDecision": {"meetingReference": "涪城区总工会党组会议{{Year}}年第12次", "decidedOn": "{{Day(0)}}"},
             "applicationCompletedOn": "{{Day(0)}}"}
            """)).Str("decisionId");
        var notice = (await rest.Call(Caseworker, HttpMethod.Post, "/v1/public-notices",
            $$"""{"decisionIds": ["{{warmth}}"], "place": "涪城区总工会公示栏及网站", "startsOn": "{{Day(0)}}"}""")).Str("noticeId");
        var objection = await rest.Call(Caseworker, HttpMethod.Post, $"/v1/public-notices/{notice}/objections",
            $$"""{"decisionId": "{{warmth}}", "text": "群众反映该户已享受企业送温暖慰问"}""");
        var o = objection.GetProperty("objections")[0].Str("objectionId");
        await rest.Call(Approver, HttpMethod.Post, $"/v1/public-notices/{notice}/objections/{o}:decide",
            """{"upheld": true, "reason": "经核实属实，本次不予慰问"}""");
        var blocked = await rest.Send(Finance, HttpMethod.Post, "/v1/payment-batches", $$"""{"decisionIds": ["{{warmth}}"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
        Assert.Contains("NOT_PAYABLE", await blocked.Content.ReadAsStringAsync());

        // 5. The batch: what is due today (A's first quarter, B's education aid), exported for the
        //    bank with names and cards read from the archives at that moment.
        var batch = await rest.Call(Finance, HttpMethod.Post, "/v1/payment-batches", $$"""{"decisionIds": ["{{l}}", "{{education}}"]}""");
        var batchId = batch.Str("batchId");
        Assert.Equal("497700", batch.GetProperty("total").Str("fen"));
        var file = await rest.Call(Finance, HttpMethod.Post, $"/v1/payment-batches/{batchId}:export", """{"format": "BANK_FILE_FORMAT_CSV"}""");
        var csv = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(file.Str("content")));
        var serialOf = new Dictionary<string, string>();
        foreach (var p in batch.GetProperty("payments").EnumerateArray()) serialOf[p.Str("decisionId")] = p.Str("serial");
        Assert.Contains($"{serialOf[l]},{householdA.HeadName},{householdA.BankCard},1977.00,", csv);
        Assert.Contains($"{serialOf[education]},{householdB.HeadName},{householdB.BankCard},3000.00,", csv);
        Assert.Equal("9502300", (await rest.Call(Finance, HttpMethod.Get, $"/v1/accounts/{central}")).GetProperty("balance").Str("fen"));

        // 6. The bank's return file: A paid, B's card closed. Importing it twice settles once.
        var returnFile = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            $"serial,status,reason\n{serialOf[l]},paid,\n{serialOf[education]},failed,账户已销户\n"));
        var imported = await rest.Call(Finance, HttpMethod.Post, $"/v1/payment-batches/{batchId}:import-return", $$"""{"content": "{{returnFile}}"}""");
        Assert.Equal("2", imported.Str("settled"));
        var again = await rest.Call(Finance, HttpMethod.Post, $"/v1/payment-batches/{batchId}:import-return", $$"""{"content": "{{returnFile}}"}""");
        Assert.Equal("2", again.Str("unchanged"));
        Assert.Equal("9802300", (await rest.Call(Finance, HttpMethod.Get, $"/v1/accounts/{central}")).GetProperty("balance").Str("fen"));

        // 7. The worker updates the card at the union (archives); the failed instalment is re-issued.
        var reissue = await rest.Call(Finance, HttpMethod.Post, "/v1/payment-batches", $$"""{"decisionIds": ["{{education}}"]}""");
        Assert.Equal("2", reissue.GetProperty("payments")[0].Str("attempt"));
        await rest.Call(Finance, HttpMethod.Post, $"/v1/payment-batches/{reissue.Str("batchId")}:export", """{"format": "BANK_FILE_FORMAT_XLSX"}""");
        await rest.Call(Finance, HttpMethod.Post, $"/v1/payment-batches/{reissue.Str("batchId")}:import-return",
            $$"""{"content": "{{Convert.ToBase64String("1,paid,\n"u8.ToArray())}}"}""");

        // 8. Each paid worker gets an SMS; the auditor rings one of them (电话抽查).
        Assert.True(await Poll.UntilAsync(async () =>
        {
            var sent = await rest.Call(Finance, HttpMethod.Get, "/v1/payment-notifications?status=NOTIFICATION_STATUS_SENT");
            return sent.GetProperty("notifications").EnumerateArray().Count(n => n.Str("batchId") == batchId || n.Str("batchId") == reissue.Str("batchId")) == 2;
        }, TimeSpan.FromSeconds(40)), $"the notices were not sent\n{suite.Output()}");
        var paymentA = batch.GetProperty("payments").EnumerateArray().Single(p => p.Str("decisionId") == l).Str("paymentId");
        await rest.Call(Auditor, HttpMethod.Post, $"/v1/payment-batches/{batchId}/spot-checks", $$"""
            {"paymentId": "{{paymentA}}", "calledOn": "{{Day(0)}}", "calledBy": "区总工会经审办 赵会计", "outcome": "SPOT_CHECK_OUTCOME_CONFIRMED_RECEIVED"}
            """);
        var checks = await rest.Call(Auditor, HttpMethod.Get, $"/v1/payment-batches/{batchId}/spot-checks");
        Assert.Equal("1", checks.Str("checkedPayments"));

        // 9. Month end: spending by source × aid type, the reconciliation, the 30-working-day figures.
        var expenditure = await rest.Call(Finance, HttpMethod.Get, $"/v1/fund-reports/expenditure?fiscalYear={Year}");
        Assert.Equal("497700", expenditure.GetProperty("total").Str("fen"));
        Assert.Equal("2", expenditure.Str("personTimes"));
        var lines = expenditure.GetProperty("lines").EnumerateArray().ToList();
        Assert.Contains(lines, x => x.Str("aidType") == "AID_TYPE_LIVING" && x.GetProperty("amount").Str("fen") == "197700" && x.Str("personTimes") == "1");
        Assert.Contains(lines, x => x.Str("aidType") == "AID_TYPE_EDUCATION" && x.GetProperty("amount").Str("fen") == "300000" && x.Str("personTimes") == "1");
        var reconciliation = await rest.Call(Finance, HttpMethod.Get, $"/v1/fund-reports/reconciliation?fiscalYear={Year}");
        Assert.True(reconciliation.GetProperty("ok").GetBoolean(), reconciliation.ToString());
        var timeliness = await rest.Call(Finance, HttpMethod.Get, $"/v1/fund-reports/timeliness?fiscalYear={Year}");
        Assert.Equal("2", timeliness.GetProperty("applicationToPayment").Str("onTime"));
        var workbook = await rest.Call(Auditor, HttpMethod.Get, $"/v1/fund-reports/export?report=FUND_REPORT_KIND_EXPENDITURE&fiscalYear={Year}");
        Assert.False(string.IsNullOrEmpty(workbook.Str("content")));
    }
}
