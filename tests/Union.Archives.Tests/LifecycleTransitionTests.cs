using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Testing;
using Domain = Union.Archives.Domain;

namespace Union.Archives.Tests;

/// <summary>The closed-loop flow of 004_f7c3dcaac4584c61.txt (Annex 2): each step, and each step refused from the wrong state.</summary>
public class LifecycleTransitionTests(SqliteLifecycle host) : IClassFixture<SqliteLifecycle>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);

    private ArchiveLifecycle.ArchiveLifecycleClient Staff => _driver.Staff;

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_main_path_takes_a_draft_to_an_active_file_recording_every_step()
    {
        var household = await _driver.CreateAsync();
        var seen = new List<ArchiveStatus> { household.Status };
        while (household.Status != ArchiveStatus.Active)
        {
            household = await _driver.StepAsync(household, HardshipCategory.Relative);
            seen.Add(household.Status);
        }

        Assert.Equal(LifecycleDriver.MainPath, seen);
        var row = await _driver.RowAsync(household.HouseholdId);
        var steps = row.Transitions.OrderBy(t => t.Id).ToList();
        Assert.Equal(["CREATE", "SUBMIT", "INITIAL_REVIEW", "COUNTY_REVIEW", "REQUEST_COMPARISON", "COMPARISON_RETURNED",
            "DECIDE_CATEGORY", "APPROVE", "START_NOTICE", "ARCHIVE"], steps.Select(t => t.Action));
        // Each step goes from where the previous one ended.
        for (var i = 1; i < steps.Count; i++) Assert.Equal(steps[i - 1].To, steps[i].From);
        Assert.All(steps, t => Assert.False(string.IsNullOrEmpty(t.Actor)));
        Assert.Equal("公示无异议", steps[^1].Reason);
        Assert.Contains("帮扶〔2026〕12号", steps.Single(t => t.Action == "APPROVE").Evidence);
        Assert.Equal(LifecycleDriver.Iso(_driver.Today), household.ArchivedOn);
        Assert.True(household.Helpable);
        Assert.NotNull(row.AppliedAt);
        Assert.NotNull(row.ArchivedAt);
    }

    [Fact]
    public async Task Submitting_an_application_moves_a_draft_to_applied_with_who_and_why()
    {
        var draft = await _driver.CreateAsync();
        var applied = await Staff.SubmitApplicationAsync(new TransitionRequest { HouseholdId = draft.HouseholdId, Reason = "本人申请", Evidence = "申请书" });

        Assert.Equal(ArchiveStatus.Applied, applied.Status);
        var step = (await _driver.RowAsync(draft.HouseholdId)).Transitions.Single(t => t.Action == "SUBMIT");
        Assert.Equal(Domain.ArchiveStatus.Draft, step.From);
        Assert.Equal("本人申请", step.Reason);
        Assert.Equal("申请书", step.Evidence);
        Assert.Equal($"test-caseworker@{LifecycleDriver.County}", step.Actor);
        Assert.Equal(step.Actor, applied.Audit.UpdatedBy);
    }

    [Fact]
    public async Task An_initial_review_passes_the_file_on_or_keeps_it_applied_with_the_reason()
    {
        var passed = await Staff.RecordInitialReviewAsync(new ReviewRequest { HouseholdId = (await _driver.ToAsync(ArchiveStatus.Applied)).HouseholdId, Passed = true });
        Assert.Equal(ArchiveStatus.Visited, passed.Status);

        var other = await _driver.ToAsync(ArchiveStatus.Applied);
        var returned = await Staff.RecordInitialReviewAsync(new ReviewRequest { HouseholdId = other.HouseholdId, Passed = false, Reason = "收入证明与走访不符" });
        Assert.Equal(ArchiveStatus.Applied, returned.Status);
        var step = (await _driver.RowAsync(other.HouseholdId)).Transitions.Single(t => t.Action == "INITIAL_REVIEW_RETURNED");
        Assert.Equal("收入证明与走访不符", step.Reason);
    }

    [Fact]
    public async Task A_county_review_that_does_not_pass_returns_the_file_to_applied_with_the_reason()
    {
        var visited = await _driver.ToAsync(ArchiveStatus.Visited);
        var returned = await _driver.Reviewer.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = visited.HouseholdId, Passed = false, Reason = "材料不实" });

        Assert.Equal(ArchiveStatus.Applied, returned.Status);
        var step = (await _driver.RowAsync(visited.HouseholdId)).Transitions.Single(t => t.Action == "COUNTY_REVIEW_RETURNED");
        Assert.Equal(Domain.ArchiveStatus.Visited, step.From);
        Assert.Equal(Domain.ArchiveStatus.Applied, step.To);
        Assert.Equal("材料不实", step.Reason);

        var passed = await _driver.ToAsync(ArchiveStatus.Visited);
        Assert.Equal(ArchiveStatus.Reviewed, (await _driver.Reviewer.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = passed.HouseholdId, Passed = true })).Status);
    }

    [Fact]
    public async Task A_review_that_sends_the_file_back_must_say_why()
    {
        var visited = await _driver.ToAsync(ArchiveStatus.Visited);
        var before = await host.RowCountsAsync();
        await RpcAssert.InvalidArgument(() => Staff.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = visited.HouseholdId, Passed = false }).ResponseAsync, "reason");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Requesting_a_comparison_opens_a_check_and_waits_for_the_agencies()
    {
        var reviewed = await _driver.ToAsync(ArchiveStatus.Reviewed);
        var requested = await Staff.RequestComparisonAsync(new RequestComparisonRequest { HouseholdId = reviewed.HouseholdId, Reason = "建档前比对" });

        Assert.Equal(ArchiveStatus.ComparisonRequested, requested.Status);
        Assert.NotNull(requested.Comparison.RequestedAt);
        Assert.Null(requested.Comparison.ReturnedAt);
        var check = Assert.Single((await _driver.RowAsync(reviewed.HouseholdId)).Comparisons);
        Assert.Null(check.ReturnedAt);
    }

    [Fact]
    public async Task Deciding_the_category_records_it_with_the_reason()
    {
        var returned = await _driver.ToAsync(ArchiveStatus.ComparisonReturned);
        var decided = await Staff.DecideCategoryAsync(new DecideCategoryRequest
        {
            HouseholdId = returned.HouseholdId, Category = HardshipCategory.Deep, Reason = "人均收入低于低保标准且患重病",
        });

        Assert.Equal(ArchiveStatus.CategorySet, decided.Status);
        Assert.Equal(HardshipCategory.Deep, decided.Category);
        Assert.Equal("人均收入低于低保标准且患重病", decided.CategoryReason);
    }

    [Fact]
    public async Task The_category_of_an_active_file_may_be_adjusted_and_the_file_stays_active()
    {
        var active = await _driver.ToActiveAsync(HardshipCategory.Deep);
        var adjusted = await Staff.DecideCategoryAsync(new DecideCategoryRequest
        {
            HouseholdId = active.HouseholdId, Category = HardshipCategory.Relative, Reason = "秋季更新：收入有所提高",
        });

        Assert.Equal(ArchiveStatus.Active, adjusted.Status);
        Assert.Equal(HardshipCategory.Relative, adjusted.Category);
        Assert.Contains((await _driver.RowAsync(active.HouseholdId)).Transitions, t => t.Action == "CATEGORY_CHANGE");
    }

    [Fact]
    public async Task Deciding_a_category_needs_the_category_and_the_reason()
    {
        var returned = await _driver.ToAsync(ArchiveStatus.ComparisonReturned);
        var before = await host.RowCountsAsync();
        await RpcAssert.InvalidArgument(() => Staff.DecideCategoryAsync(new DecideCategoryRequest { HouseholdId = returned.HouseholdId }).ResponseAsync,
            "category", "reason");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Approval_records_the_collective_decision_and_the_notice_its_period()
    {
        var set = await _driver.ToAsync(ArchiveStatus.CategorySet);
        await _driver.AttachRequiredDocumentsAsync(set.HouseholdId);
        await _driver.RecordVisitAsync(set.HouseholdId);
        var decidedOn = LifecycleDriver.Iso(_driver.Today.AddDays(-3));

        var approved = await _driver.Approver.ApproveAsync(new ApproveRequest { HouseholdId = set.HouseholdId, DecidedOn = decidedOn, MeetingReference = "党组会〔2026〕7号" });
        Assert.Equal(ArchiveStatus.Approved, approved.Status);
        Assert.Equal(decidedOn, approved.ApprovedOn);
        Assert.Equal("党组会〔2026〕7号", approved.MeetingReference);

        var notice = await Staff.StartPublicNoticeAsync(new StartPublicNoticeRequest
        {
            HouseholdId = set.HouseholdId, StartsOn = LifecycleDriver.Iso(_driver.Today), EndsOn = LifecycleDriver.Iso(_driver.Today.AddDays(7)), Place = "厂务公开栏",
        });
        Assert.Equal(ArchiveStatus.InNotice, notice.Status);
        Assert.Equal(LifecycleDriver.Iso(_driver.Today), notice.NoticeStartsOn);
        Assert.Equal(LifecycleDriver.Iso(_driver.Today.AddDays(7)), notice.NoticeEndsOn);
    }

    [Fact]
    public async Task An_exit_of_a_relative_hardship_file_closes_it_at_once()
    {
        var active = await _driver.ToActiveAsync(HardshipCategory.Relative);
        var exited = await Staff.ExitAsync(new ExitRequest { HouseholdId = active.HouseholdId, Reason = "再就业，收入稳定" });

        Assert.Equal(ArchiveStatus.Exited, exited.Status);
        Assert.Equal(LifecycleDriver.Iso(_driver.Today), exited.ExitedOn);
        Assert.Equal("", exited.PhaseOutEndsOn);
        Assert.False(exited.Helpable);
    }

    [Fact]
    public async Task Cancelling_records_the_cancel_reason_from_any_open_state()
    {
        foreach (var state in new[] { ArchiveStatus.Draft, ArchiveStatus.Reviewed, ArchiveStatus.InNotice, ArchiveStatus.Active })
        {
            var file = await _driver.ToAsync(state);
            var cancelled = await Staff.CancelAsync(new CancelRequest { HouseholdId = file.HouseholdId, CancelReason = CancelReason.Died, Evidence = "死亡证明" });
            Assert.Equal(ArchiveStatus.Cancelled, cancelled.Status);
            Assert.Equal(CancelReason.Died, cancelled.CancelReason);
        }
        var phaseOut = await _driver.ToPhaseOutAsync();
        Assert.Equal(ArchiveStatus.Cancelled, (await Staff.CancelAsync(new CancelRequest { HouseholdId = phaseOut.HouseholdId, CancelReason = CancelReason.Retired })).Status);
    }

    [Fact]
    public async Task A_relapse_reopens_an_exited_file_as_an_application_that_goes_through_the_flow_again()
    {
        var exited = await _driver.ToExitedAsync();
        var relapsed = await Staff.RelapseAsync(new TransitionRequest { HouseholdId = exited.HouseholdId, Reason = "家人患重病，再次致困" });

        Assert.Equal(ArchiveStatus.Applied, relapsed.Status);
        Assert.Equal("", relapsed.ExitedOn);
        Assert.Equal("", relapsed.ArchivedOn);
        var active = await _driver.AdvanceAsync(relapsed, ArchiveStatus.Active);
        Assert.Equal(ArchiveStatus.Active, active.Status);
        var actions = (await _driver.RowAsync(exited.HouseholdId)).Transitions.OrderBy(t => t.Id).Select(t => t.Action).ToList();
        Assert.Equal(2, actions.Count(a => a == "ARCHIVE"));
        Assert.Contains("EXIT", actions);
        Assert.Contains("RELAPSE", actions);
    }

    public static TheoryData<string, ArchiveStatus> WrongStates => new()
    {
        { "SubmitApplication", ArchiveStatus.Applied },
        { "SubmitApplication", ArchiveStatus.Active },
        { "SubmitApplication", ArchiveStatus.Cancelled },
        { "RecordInitialReview", ArchiveStatus.Draft },
        { "RecordInitialReview", ArchiveStatus.Visited },
        { "RecordInitialReview", ArchiveStatus.Active },
        { "RecordCountyReview", ArchiveStatus.Applied },
        { "RecordCountyReview", ArchiveStatus.Reviewed },
        { "RecordCountyReview", ArchiveStatus.Exited },
        { "RequestComparison", ArchiveStatus.Visited },
        { "RequestComparison", ArchiveStatus.ComparisonReturned },
        { "RequestComparison", ArchiveStatus.Active },
        { "DecideCategory", ArchiveStatus.Reviewed },
        { "DecideCategory", ArchiveStatus.ComparisonRequested },
        { "DecideCategory", ArchiveStatus.Approved },
        { "DecideCategory", ArchiveStatus.PhaseOut },
        { "Approve", ArchiveStatus.ComparisonReturned },
        { "Approve", ArchiveStatus.Approved },
        { "Approve", ArchiveStatus.Active },
        { "StartPublicNotice", ArchiveStatus.CategorySet },
        { "StartPublicNotice", ArchiveStatus.InNotice },
        { "StartPublicNotice", ArchiveStatus.Active },
        { "RecordObjection", ArchiveStatus.Approved },
        { "RecordObjection", ArchiveStatus.Active },
        { "Archive", ArchiveStatus.Approved },
        { "Archive", ArchiveStatus.Active },
        { "Archive", ArchiveStatus.Exited },
        { "Exit", ArchiveStatus.Draft },
        { "Exit", ArchiveStatus.InNotice },
        { "Exit", ArchiveStatus.Exited },
        { "Exit", ArchiveStatus.Cancelled },
        { "DeArchive", ArchiveStatus.InNotice },
        { "DeArchive", ArchiveStatus.Exited },
        { "DeArchive", ArchiveStatus.DeArchived },
        { "Cancel", ArchiveStatus.Exited },
        { "Cancel", ArchiveStatus.DeArchived },
        { "Cancel", ArchiveStatus.Cancelled },
        { "Relapse", ArchiveStatus.Applied },
        { "Relapse", ArchiveStatus.Active },
        { "Relapse", ArchiveStatus.Cancelled },
    };

    [Theory]
    [MemberData(nameof(WrongStates))]
    public async Task Every_transition_is_refused_from_the_wrong_state_and_writes_nothing(string rpc, ArchiveStatus state)
    {
        var category = state == ArchiveStatus.PhaseOut ? HardshipCategory.Deep : HardshipCategory.Relative;
        var file = await _driver.ToAsync(state, category);
        Assert.Equal(state, file.Status);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => InvokeAsync(rpc, file.HouseholdId));

        Assert.Equal("INVALID_TRANSITION", e.Code());
        Assert.Equal(Domain.Household.ScreamingSnake((Domain.ArchiveStatus)(int)state), e.Metadata()["from"]);
        Assert.False(string.IsNullOrEmpty(e.Metadata()["to"]));
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.Equal((Domain.ArchiveStatus)(int)state, (await _driver.RowAsync(file.HouseholdId)).Status);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "StartPublicNotice:ends_before_start", "ends_on" },
        { "StartPublicNotice:malformed_start", "starts_on" },
        { "Approve:no_meeting_reference", "meeting_reference" },
        { "Approve:decided_in_future", "decided_on" },
        { "Exit:no_reason", "reason" },
        { "Cancel:no_cancel_reason", "cancel_reason" },
        { "DeArchive:no_visit", "visit_id" },
        { "DeArchive:no_notified_on", "notified_on" },
        { "Relapse:no_reason", "reason" },
        { "RecordObjection:no_content", "content" },
        { "SubmitApplication:bad_id", "household_id" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_the_field_named_and_nothing_written(string call, string field)
    {
        var file = await _driver.ToAsync(ArchiveStatus.Approved);
        var id = file.HouseholdId;
        var today = _driver.Today;
        var before = await host.RowCountsAsync();

        Func<Task> invoke = call switch
        {
            "StartPublicNotice:ends_before_start" => () => Staff.StartPublicNoticeAsync(new StartPublicNoticeRequest
                { HouseholdId = id, StartsOn = LifecycleDriver.Iso(today), EndsOn = LifecycleDriver.Iso(today) }).ResponseAsync,
            "StartPublicNotice:malformed_start" => () => Staff.StartPublicNoticeAsync(new StartPublicNoticeRequest
                { HouseholdId = id, StartsOn = "2026/06/01", EndsOn = LifecycleDriver.Iso(today) }).ResponseAsync,
            "Approve:no_meeting_reference" => () => _driver.Approver.ApproveAsync(new ApproveRequest
                { HouseholdId = id, DecidedOn = LifecycleDriver.Iso(today) }).ResponseAsync,
            "Approve:decided_in_future" => () => _driver.Approver.ApproveAsync(new ApproveRequest
                { HouseholdId = id, DecidedOn = LifecycleDriver.Iso(today.AddDays(1)), MeetingReference = "x" }).ResponseAsync,
            "Exit:no_reason" => () => Staff.ExitAsync(new ExitRequest { HouseholdId = id }).ResponseAsync,
            "Cancel:no_cancel_reason" => () => Staff.CancelAsync(new CancelRequest { HouseholdId = id }).ResponseAsync,
            "DeArchive:no_visit" => () => Staff.DeArchiveAsync(new DeArchiveRequest { HouseholdId = id, NotifiedOn = LifecycleDriver.Iso(today), Reason = "x" }).ResponseAsync,
            "DeArchive:no_notified_on" => () => Staff.DeArchiveAsync(new DeArchiveRequest { HouseholdId = id, VisitId = Guid.NewGuid().ToString(), Reason = "x" }).ResponseAsync,
            "Relapse:no_reason" => () => Staff.RelapseAsync(new TransitionRequest { HouseholdId = id }).ResponseAsync,
            "RecordObjection:no_content" => () => Staff.RecordObjectionAsync(new RecordObjectionRequest { HouseholdId = id }).ResponseAsync,
            "SubmitApplication:bad_id" => () => Staff.SubmitApplicationAsync(new TransitionRequest { HouseholdId = "not-an-id" }).ResponseAsync,
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        var e = await RpcAssert.InvalidArgument(invoke, field);
        Assert.Equal("INVALID_ARGUMENT", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task An_unknown_file_is_not_found()
    {
        var e = await RpcAssert.Fails(StatusCode.NotFound, () => Staff.SubmitApplicationAsync(new TransitionRequest { HouseholdId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
    }

    /// <summary>A valid request of each lifecycle call, so only the file's state can refuse it.</summary>
    private Task InvokeAsync(string rpc, string id)
    {
        var today = LifecycleDriver.Iso(_driver.Today);
        return rpc switch
        {
            "SubmitApplication" => Staff.SubmitApplicationAsync(new TransitionRequest { HouseholdId = id, Reason = "x" }).ResponseAsync,
            "RecordInitialReview" => Staff.RecordInitialReviewAsync(new ReviewRequest { HouseholdId = id, Passed = true }).ResponseAsync,
            "RecordCountyReview" => Staff.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = id, Passed = true }).ResponseAsync,
            "RequestComparison" => Staff.RequestComparisonAsync(new RequestComparisonRequest { HouseholdId = id }).ResponseAsync,
            "DecideCategory" => Staff.DecideCategoryAsync(new DecideCategoryRequest { HouseholdId = id, Category = HardshipCategory.Relative, Reason = "x" }).ResponseAsync,
            "Approve" => _driver.Approver.ApproveAsync(new ApproveRequest { HouseholdId = id, DecidedOn = today, MeetingReference = "x" }).ResponseAsync,
            "StartPublicNotice" => Staff.StartPublicNoticeAsync(new StartPublicNoticeRequest
                { HouseholdId = id, StartsOn = today, EndsOn = LifecycleDriver.Iso(_driver.Today.AddDays(7)) }).ResponseAsync,
            "RecordObjection" => Staff.RecordObjectionAsync(new RecordObjectionRequest { HouseholdId = id, Content = "x" }).ResponseAsync,
            "Archive" => Staff.ArchiveAsync(new TransitionRequest { HouseholdId = id }).ResponseAsync,
            "Exit" => Staff.ExitAsync(new ExitRequest { HouseholdId = id, Reason = "x" }).ResponseAsync,
            "DeArchive" => Staff.DeArchiveAsync(new DeArchiveRequest { HouseholdId = id, VisitId = Guid.NewGuid().ToString(), NotifiedOn = today, Reason = "x" }).ResponseAsync,
            "Cancel" => Staff.CancelAsync(new CancelRequest { HouseholdId = id, CancelReason = CancelReason.Excluded }).ResponseAsync,
            "Relapse" => Staff.RelapseAsync(new TransitionRequest { HouseholdId = id, Reason = "x" }).ResponseAsync,
            _ => throw new ArgumentOutOfRangeException(nameof(rpc)),
        };
    }
}
