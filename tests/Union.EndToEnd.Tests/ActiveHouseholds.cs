using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Testing;

namespace Union.EndToEnd.Tests;

/// <summary>
/// Households taken to ACTIVE through the real archives (documents, visit, reviews, comparison,
/// approval, notice, archive), each with a bank card on file, waited for until funds may pay them.
/// </summary>
public static class ActiveHouseholds
{
    public static string Day(int daysFromToday) =>
        DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(daysFromToday).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An active file of <paramref name="county"/> with a card on file, through the archives' closed loop; funds hears of it.</summary>
    public static async Task<(string Id, CreateHouseholdRequest Request)> CreateAsync(IRunningSuite suite, string county, TimeSpan? timeout = null)
    {
        var request = Households.Valid();
        request.BankCard = PersonalNumbers.BankCard();
        request.MonthlyIncomePerPerson = new Money { Fen = 40_000 };
        var caseworker = new ArchiveLifecycle.ArchiveLifecycleClient(suite.As(county, "caseworker"));
        var reviewer = new ArchiveLifecycle.ArchiveLifecycleClient(suite.As(county, "reviewer"));
        var files = new HouseholdArchives.HouseholdArchivesClient(suite.As(county, "caseworker"));
        var id = (await files.CreateHouseholdAsync(request)).HouseholdId;
        var documents = new ArchiveDocuments.ArchiveDocumentsClient(suite.As(county, "caseworker"));
        foreach (var kind in new[] { DocumentKind.WorkerApplication, DocumentKind.EconomicCheckAuthorisation, DocumentKind.Identity, DocumentKind.Employment, DocumentKind.Income, DocumentKind.Hardship })
        {
            await documents.AttachDocumentAsync(new AttachDocumentRequest
            {
                HouseholdId = id, Kind = kind, ObjectKey = $"archives/{county.Split('/')[^1]}/{id}/{kind}.pdf", SizeBytes = 80_000, MediaType = "application/pdf",
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{id}"))),
            });
        }
        await new HomeVisits.HomeVisitsClient(suite.As(county, "caseworker")).RecordVisitAsync(new RecordVisitRequest
        {
            HouseholdId = id, VisitedOn = Day(-12), Kind = VisitKind.Initial, Visitors = { "陈敏", "刘涛" }, Findings = "户主因病失去劳动能力",
        });
        await caseworker.SubmitApplicationAsync(new TransitionRequest { HouseholdId = id, Reason = "职工申请" });
        await caseworker.RecordInitialReviewAsync(new ReviewRequest { HouseholdId = id, Passed = true, Reason = "初审通过" });
        await reviewer.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = id, Passed = true, Reason = "审核通过" });
        await reviewer.RequestComparisonAsync(new RequestComparisonRequest { HouseholdId = id, Reason = "核对收入" });
        Assert.True(await Poll.UntilAsync(async () =>
            (await files.GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id })).Status == ArchiveStatus.ComparisonReturned,
            timeout ?? TimeSpan.FromSeconds(30)), $"the comparison never came back\n{suite.Output()}");
        await caseworker.DecideCategoryAsync(new DecideCategoryRequest { HouseholdId = id, Category = HardshipCategory.Deep, Reason = "收入低于低保标准" });
        await new ArchiveLifecycle.ArchiveLifecycleClient(suite.As(county, "approver")).ApproveAsync(new ApproveRequest
        {
            HouseholdId = id, DecidedOn = Day(-10), MeetingReference = "工会党组会议", Reason = "集体审批通过",
        });
        await caseworker.StartPublicNoticeAsync(new StartPublicNoticeRequest { HouseholdId = id, StartsOn = Day(-9), EndsOn = Day(-2), Place = "社区公示栏" });
        await caseworker.ArchiveAsync(new TransitionRequest { HouseholdId = id, Reason = "公示无异议" });
        var funds = new FundLedger.FundLedgerClient(suite.As(county, "finance"));
        Assert.True(await Poll.UntilAsync(async () =>
        {
            try { return (await funds.GetHouseholdStandingAsync(new GetHouseholdStandingRequest { HouseholdId = id })).Payable; }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return false; }
        }, timeout), $"funds never saw the file become active\n{suite.Output()}");
        return (id, request);
    }
}
