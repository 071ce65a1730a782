using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>
/// docs/caseworker-day.md, through the gateway against the real services and broker: a household
/// from application to an active file (the comparison answered by the simulator over RabbitMQ), a
/// visit, a phase-out, and funds following every step.
/// </summary>
[Collection(SuiteCollection.Name)]
public class CaseworkerDayTests(Suite suite)
{
    private const string County = "51/5115/511502";

    private HouseholdArchives.HouseholdArchivesClient Files => new(suite.As(County, "caseworker"));
    private ArchiveLifecycle.ArchiveLifecycleClient Caseworker => new(suite.As(County, "caseworker"));
    private ArchiveLifecycle.ArchiveLifecycleClient Reviewer => new(suite.As(County, "reviewer"));
    private ArchiveLifecycle.ArchiveLifecycleClient Approver => new(suite.As(County, "approver"));

    private static string Day(int daysFromToday) =>
        DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(daysFromToday).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_household_goes_from_application_to_active_to_phase_out_through_the_gateway()
    {
        // 1. Open the file over REST, with a member, as docs/caseworker-day.md does.
        var request = Households.Valid();
        request.Causes.Add(HardshipCause.Education);
        request.MonthlyIncomePerPerson = new Money { Fen = 40_000 };
        request.Members.Add(new Member
        {
            Name = "张小燕", Relation = Relation.Child, IdNumber = Households.NewIdNumber(), Health = Health.Healthy,
            Schooling = Schooling.Compulsory, Employment = Employment.Student, MonthlyIncome = new Money { Fen = 0 },
        });
        using var rest = new HttpClient { BaseAddress = new Uri(Suite.GatewayHttp) };
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(County, "caseworker"));
        var created = await rest.PostAsync("/v1/households", new StringContent(JsonFormatter.Default.Format(request), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = JsonParser.Default.Parse<Household>(await created.Content.ReadAsStringAsync()).HouseholdId;

        // The action paths (":find-by-id-number") route through the gateway too.
        var found = await rest.PostAsync("/v1/households:find-by-id-number",
            new StringContent(JsonFormatter.Default.Format(new FindHouseholdByIdNumberRequest { IdNumber = request.Members[0].IdNumber }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(id, JsonParser.Default.Parse<Household>(await found.Content.ReadAsStringAsync()).HouseholdId);

        var eligibility = await Files.AssessEligibilityAsync(new AssessEligibilityRequest { HouseholdId = id });
        Assert.True(eligibility.Eligible);
        Assert.Equal(HardshipCategory.Deep, eligibility.SuggestedCategory);

        // 2. Proofs and the visit, over gRPC through the gateway's package route.
        var documents = new ArchiveDocuments.ArchiveDocumentsClient(suite.As(County, "caseworker"));
        foreach (var kind in new[] { DocumentKind.WorkerApplication, DocumentKind.EconomicCheckAuthorisation, DocumentKind.Identity,
                     DocumentKind.Employment, DocumentKind.Income, DocumentKind.Hardship })
        {
            await documents.AttachDocumentAsync(new AttachDocumentRequest
            {
                HouseholdId = id, Kind = kind, ObjectKey = $"archives/511502/{id}/{kind}.pdf",
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id}{kind}"))), SizeBytes = 120_000, MediaType = "application/pdf",
            });
        }
        Assert.True((await documents.GetChecklistAsync(new GetChecklistRequest { HouseholdId = id })).Complete);
        await new HomeVisits.HomeVisitsClient(suite.As(County, "caseworker")).RecordVisitAsync(new RecordVisitRequest
        {
            HouseholdId = id, VisitedOn = Day(-12), Kind = VisitKind.Initial, Visitors = { "李娟", "王强" },
            Findings = "户主患慢性病，子女在读初中，家庭收入低于低保标准",
        });

        // 3. The closed loop of 004 Annex 2.
        await Caseworker.SubmitApplicationAsync(new TransitionRequest { HouseholdId = id, Reason = "职工申请" });
        await Caseworker.RecordInitialReviewAsync(new ReviewRequest { HouseholdId = id, Passed = true, Reason = "基层工会初审通过" });
        await Reviewer.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = id, Passed = true, Reason = "县总审核通过" });
        await Reviewer.RequestComparisonAsync(new RequestComparisonRequest { HouseholdId = id, Reason = "核对收入与低保" });
        Household? returned = null;
        Assert.True(await Poll.UntilAsync(async () =>
            (returned = await Files.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id })).Status == ArchiveStatus.ComparisonReturned,
            TimeSpan.FromSeconds(30)), $"the comparison never came back\n{suite.Output()}");
        Assert.NotNull(returned!.Comparison.ReturnedAt);

        await Caseworker.DecideCategoryAsync(new DecideCategoryRequest { HouseholdId = id, Category = HardshipCategory.Deep, Reason = "收入低于低保标准且因病支出大" });
        var refused = await RpcAssert.Fails(StatusCode.PermissionDenied, () => Caseworker.ApproveAsync(new ApproveRequest
        {
            HouseholdId = id, DecidedOn = Day(-10), MeetingReference = "翠工帮〔2026〕12号", Reason = "集体审批",
        }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", refused.Code());
        await Approver.ApproveAsync(new ApproveRequest { HouseholdId = id, DecidedOn = Day(-10), MeetingReference = "翠工帮〔2026〕12号", Reason = "集体审批通过" });
        await Caseworker.StartPublicNoticeAsync(new StartPublicNoticeRequest { HouseholdId = id, StartsOn = Day(-9), EndsOn = Day(-2), Place = "社区公示栏" });
        var active = await Caseworker.ArchiveAsync(new TransitionRequest { HouseholdId = id, Reason = "公示无异议" });
        Assert.Equal(ArchiveStatus.Active, active.Status);
        Assert.True(active.Helpable);

        // Funds learns of it from the events and may now pay the household.
        var funds = new FundLedger.FundLedgerClient(suite.As(County, "finance"));
        Assert.True(await Poll.UntilAsync(async () =>
        {
            try { return (await funds.GetHouseholdStandingAsync(new GetHouseholdStandingRequest { HouseholdId = id })).Payable; }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return false; }
        }), $"funds never saw the file become active\n{suite.Output()}");

        // 4. Deep hardship leaves with a six-month phase-out, still helpable and payable.
        var phaseOut = await Reviewer.ExitAsync(new ExitRequest { HouseholdId = id, Reason = "收入稳定，符合脱困条件" });
        Assert.Equal(ArchiveStatus.PhaseOut, phaseOut.Status);
        Assert.Equal(DateOnly.Parse(Day(0)).AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), phaseOut.PhaseOutEndsOn);
        Assert.True(phaseOut.Helpable);
        Assert.True(await Poll.UntilAsync(async () =>
            (await funds.GetHouseholdStandingAsync(new GetHouseholdStandingRequest { HouseholdId = id })).ArchiveStatus == "PHASE_OUT"));

        var history = await Files.ListTransitionsAsync(new ListTransitionsRequest { HouseholdId = id });
        Assert.Equal(
            ["CREATE", "SUBMIT", "INITIAL_REVIEW", "COUNTY_REVIEW", "REQUEST_COMPARISON", "COMPARISON_RETURNED", "DECIDE_CATEGORY", "APPROVE", "START_NOTICE", "ARCHIVE", "PHASE_OUT"],
            history.Transitions.Select(t => t.Action).Where(a => a != "UPDATE"));
    }
}
