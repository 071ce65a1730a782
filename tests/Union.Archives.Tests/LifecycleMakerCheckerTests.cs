using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// Maker and checker are two people: whoever created, submitted or reviewed a file in its current
/// round cannot also be the one who checks that work (county review after the initial review,
/// collective approval after the reviews), even when one person holds both roles.
/// </summary>
public class LifecycleMakerCheckerTests(SqliteLifecycle host) : IClassFixture<SqliteLifecycle>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private ArchiveLifecycle.ArchiveLifecycleClient Person(string subject, params string[] roles) =>
        new(host.AsUser(subject, LifecycleDriver.County, roles));

    private ApproveRequest Approval(string id) => new()
    {
        HouseholdId = id, DecidedOn = LifecycleDriver.Iso(_driver.Today), MeetingReference = "帮扶〔2026〕12号",
    };

    private static void AssertSamePerson(RpcException e, string step)
    {
        Assert.Equal("SAME_PERSON", e.Code());
        Assert.Equal(step, e.Metadata()["step"]);
        Assert.Contains(("actor", "SAME_PERSON"), e.Violations());
    }

    /// <summary>Moves a file from REVIEWED to CATEGORY_SET with its proofs and visit, ready for approval.</summary>
    private async Task<Household> ReadyForApprovalAsync(Household reviewed)
    {
        var file = reviewed;
        while (file.Status != ArchiveStatus.CategorySet) file = await _driver.StepAsync(file);
        await _driver.AttachRequiredDocumentsAsync(file.HouseholdId);
        await _driver.RecordVisitAsync(file.HouseholdId);
        return file;
    }

    [Fact]
    public async Task A_reviewer_who_is_also_an_approver_cannot_approve_the_file_he_reviewed()
    {
        var visited = await _driver.ToAsync(ArchiveStatus.Visited);
        var wang = Person("wang.fang", Roles.Reviewer, Roles.Approver);
        var reviewed = await wang.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = visited.HouseholdId, Passed = true, Reason = "县级审核通过" });
        var ready = await ReadyForApprovalAsync(reviewed);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => wang.ApproveAsync(Approval(ready.HouseholdId)).ResponseAsync);

        AssertSamePerson(e, "COUNTY_REVIEW");
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal(ArchiveStatus.Approved, (await _driver.Approver.ApproveAsync(Approval(ready.HouseholdId))).Status);
    }

    [Fact]
    public async Task The_caseworker_who_created_and_submitted_a_file_cannot_approve_it_with_an_approver_role()
    {
        var zhao = new HouseholdArchives.HouseholdArchivesClient(host.AsUser("zhao.lei", LifecycleDriver.County, Roles.Caseworker, Roles.Approver));
        var draft = await zhao.CreateHouseholdAsync(Households.Valid());
        var zhaoSteps = Person("zhao.lei", Roles.Caseworker, Roles.Approver);
        var applied = await zhaoSteps.SubmitApplicationAsync(new TransitionRequest { HouseholdId = draft.HouseholdId, Reason = "职工申请" });
        var reviewed = await _driver.AdvanceAsync(applied, ArchiveStatus.Reviewed);
        var ready = await ReadyForApprovalAsync(reviewed);

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => zhaoSteps.ApproveAsync(Approval(ready.HouseholdId)).ResponseAsync);

        AssertSamePerson(e, "SUBMIT");
    }

    [Fact]
    public async Task The_initial_reviewer_cannot_also_do_the_county_review()
    {
        var applied = await _driver.ToAsync(ArchiveStatus.Applied);
        var li = Person("li.ming", Roles.Caseworker, Roles.Reviewer);
        await li.RecordInitialReviewAsync(new ReviewRequest { HouseholdId = applied.HouseholdId, Passed = true, Reason = "走访属实" });
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => li.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = applied.HouseholdId, Passed = true, Reason = "县级审核通过" }).ResponseAsync);

        AssertSamePerson(e, "INITIAL_REVIEW");
        Assert.Equal(before, await host.RowCountsAsync());
        var reviewed = await Person("chen.jing", Roles.Reviewer)
            .RecordCountyReviewAsync(new ReviewRequest { HouseholdId = applied.HouseholdId, Passed = true, Reason = "县级审核通过" });
        Assert.Equal(ArchiveStatus.Reviewed, reviewed.Status);
    }
}
