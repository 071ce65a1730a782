using Grpc.Core;
using Grpc.Core.Interceptors;
using Union.Contracts.Archives.V1;
using Union.Shared.Auth;
using Union.Testing;
using Domain = Union.Archives.Domain;

namespace Union.Archives.Tests;

/// <summary>Collective approval (集体审批) and who may move a file: roles, levels, subtrees, the worker's own application.</summary>
public class LifecycleApprovalTests(SqliteLifecycle host) : IClassFixture<SqliteLifecycle>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private ApproveRequest Approval(string id) => new()
    {
        HouseholdId = id, DecidedOn = LifecycleDriver.Iso(_driver.Today), MeetingReference = "帮扶〔2026〕12号",
    };

    [Fact]
    public async Task Approval_is_refused_while_a_required_document_is_missing_and_names_the_kind()
    {
        var file = await _driver.ToAsync(ArchiveStatus.CategorySet);
        await _driver.AttachRequiredDocumentsAsync(file.HouseholdId, except: Domain.DocumentKind.Income);
        await _driver.RecordVisitAsync(file.HouseholdId);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.Approver.ApproveAsync(Approval(file.HouseholdId)).ResponseAsync);

        Assert.Equal("REQUIRED_DOCUMENT_MISSING", e.Code());
        Assert.Equal("INCOME", e.Metadata()["missing"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Approval_names_every_missing_document_of_an_application_without_proofs()
    {
        var file = await _driver.ToAsync(ArchiveStatus.CategorySet);
        await _driver.RecordVisitAsync(file.HouseholdId);

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.Approver.ApproveAsync(Approval(file.HouseholdId)).ResponseAsync);

        Assert.Equal("REQUIRED_DOCUMENT_MISSING", e.Code());
        Assert.Equal("WORKER_APPLICATION,ECONOMIC_CHECK_AUTHORISATION,IDENTITY,EMPLOYMENT,INCOME,HARDSHIP", e.Metadata()["missing"]);
    }

    [Fact]
    public async Task A_new_file_of_type_aid_on_file_is_not_approved_on_its_aid_application_form_alone()
    {
        var draft = await _driver.Archives(LifecycleDriver.County, Roles.Caseworker)
            .CreateHouseholdAsync(WithType(Households.Valid(), ApplicationType.AidOnFile));
        var file = await _driver.AdvanceAsync(draft, ArchiveStatus.CategorySet);
        await host.WithDatabaseAsync(async db =>
        {
            var id = Guid.Parse(file.HouseholdId);
            db.Set<Domain.HouseholdDocument>().Add(Domain.HouseholdDocument.Attach(id, Domain.DocumentKind.AidApplicationForm,
                $"households/{id}/aid.pdf", new string('b', 64), 1024, "application/pdf", null, "test", DateTime.UtcNow));
            await db.SaveChangesAsync();
        });
        await _driver.RecordVisitAsync(file.HouseholdId);

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.Approver.ApproveAsync(Approval(file.HouseholdId)).ResponseAsync);

        Assert.Equal("REQUIRED_DOCUMENT_MISSING", e.Code());
        Assert.Equal("WORKER_APPLICATION,ECONOMIC_CHECK_AUTHORISATION,IDENTITY,EMPLOYMENT,INCOME,HARDSHIP", e.Metadata()["missing"]);
    }

    private static CreateHouseholdRequest WithType(CreateHouseholdRequest request, ApplicationType type)
    {
        request.ApplicationType = type;
        return request;
    }

    [Fact]
    public async Task Approval_is_refused_without_a_recorded_visit()
    {
        var file = await _driver.ToAsync(ArchiveStatus.CategorySet);
        await _driver.AttachRequiredDocumentsAsync(file.HouseholdId);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => _driver.Approver.ApproveAsync(Approval(file.HouseholdId)).ResponseAsync);

        Assert.Equal("VISIT_MISSING", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());

        await _driver.RecordVisitAsync(file.HouseholdId);
        Assert.Equal(ArchiveStatus.Approved, (await _driver.Approver.ApproveAsync(Approval(file.HouseholdId))).Status);
    }

    [Fact]
    public async Task A_county_caseworker_cannot_approve()
    {
        var file = await ReadyForApprovalAsync();
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => _driver.Lifecycle(LifecycleDriver.County, Roles.Caseworker).ApproveAsync(Approval(file.HouseholdId)).ResponseAsync);

        Assert.Equal("ROLE_REQUIRED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_grassroots_approver_cannot_approve()
    {
        var grassroots = new LifecycleDriver(host, LifecycleDriver.Grassroots);
        var file = await grassroots.ToAsync(ArchiveStatus.CategorySet);
        await grassroots.AttachRequiredDocumentsAsync(file.HouseholdId);
        await grassroots.RecordVisitAsync(file.HouseholdId);

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => grassroots.Lifecycle(LifecycleDriver.Grassroots, Roles.Approver).ApproveAsync(Approval(file.HouseholdId)).ResponseAsync);

        Assert.Equal("LEVEL_REQUIRED", e.Code());
        // The county above it may.
        Assert.Equal(ArchiveStatus.Approved, (await grassroots.Approver.ApproveAsync(Approval(file.HouseholdId))).Status);
    }

    [Fact]
    public async Task The_citys_approver_may_approve_a_countys_file()
    {
        var file = await ReadyForApprovalAsync();
        var approved = await _driver.Lifecycle(LifecycleDriver.City, Roles.Approver).ApproveAsync(Approval(file.HouseholdId));
        Assert.Equal(ArchiveStatus.Approved, approved.Status);
        Assert.Equal($"test-approver@{LifecycleDriver.City}", approved.Audit.UpdatedBy);
    }

    [Fact]
    public async Task A_neighbouring_county_cannot_find_the_file_let_alone_approve_it()
    {
        var file = await ReadyForApprovalAsync();
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => _driver.Lifecycle(LifecycleDriver.NeighbouringCounty, Roles.Approver).ApproveAsync(Approval(file.HouseholdId)).ResponseAsync);
        Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
        var staff = await RpcAssert.Fails(StatusCode.NotFound,
            () => _driver.Lifecycle(LifecycleDriver.NeighbouringCounty, Roles.Caseworker).CancelAsync(new CancelRequest
                { HouseholdId = file.HouseholdId, CancelReason = CancelReason.Excluded }).ResponseAsync);
        Assert.Equal("HOUSEHOLD_NOT_FOUND", staff.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Grassroots_staff_do_the_initial_review_but_not_the_county_steps()
    {
        var grassroots = new LifecycleDriver(host, LifecycleDriver.Grassroots);
        var file = await grassroots.ToAsync(ArchiveStatus.Applied);
        var local = grassroots.Lifecycle(LifecycleDriver.Grassroots, Roles.Caseworker);

        var visited = await local.RecordInitialReviewAsync(new ReviewRequest { HouseholdId = file.HouseholdId, Passed = true, Reason = "入户走访属实" });
        Assert.Equal(ArchiveStatus.Visited, visited.Status);

        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => local.RecordCountyReviewAsync(new ReviewRequest { HouseholdId = file.HouseholdId, Passed = true }).ResponseAsync);
        Assert.Equal("LEVEL_REQUIRED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_caller_without_a_staff_role_cannot_move_a_file()
    {
        var file = await _driver.ToAsync(ArchiveStatus.Applied);
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => _driver.Lifecycle(LifecycleDriver.County, Roles.Finance)
            .RecordInitialReviewAsync(new ReviewRequest { HouseholdId = file.HouseholdId, Passed = true }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
    }

    [Fact]
    public async Task A_worker_submits_his_own_application_and_may_do_nothing_else_with_it()
    {
        var (file, org) = await _driver.CreateWorkerApplicationAsync();
        var worker = _driver.Lifecycle(org, Roles.Worker);

        var applied = await worker.SubmitApplicationAsync(new TransitionRequest { HouseholdId = file.Id.ToString(), Reason = "本人通过手机申请" });
        Assert.Equal(ArchiveStatus.Applied, applied.Status);
        Assert.Equal(LifecycleDriver.WorkerSubject(org), (await _driver.RowAsync(applied.HouseholdId)).Transitions.Single(t => t.Action == "SUBMIT").Actor);

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => worker.RecordInitialReviewAsync(new ReviewRequest { HouseholdId = applied.HouseholdId, Passed = true }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
    }

    [Fact]
    public async Task A_worker_cannot_see_anyone_elses_application_in_his_union()
    {
        var (theirs, org) = await _driver.CreateWorkerApplicationAsync();
        var staffFile = await new LifecycleDriver(host, org).CreateAsync();
        var otherWorker = new ArchiveLifecycle.ArchiveLifecycleClient(host.Channel.Intercept(headers =>
        {
            var copy = new Metadata();
            foreach (var entry in headers) copy.Add(entry);
            copy.Add("authorization", $"Bearer {DevTokens.Mint(Tokens.Options, "another-worker", org, [Roles.Worker])}");
            return copy;
        }));
        var before = await host.RowCountsAsync();

        foreach (var id in new[] { theirs.Id.ToString(), staffFile.HouseholdId })
        {
            var e = await RpcAssert.Fails(StatusCode.NotFound, () => otherWorker.SubmitApplicationAsync(new TransitionRequest { HouseholdId = id }).ResponseAsync);
            Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
        }
        Assert.Equal(before, await host.RowCountsAsync());
    }

    private async Task<Household> ReadyForApprovalAsync()
    {
        var file = await _driver.ToAsync(ArchiveStatus.CategorySet);
        await _driver.AttachRequiredDocumentsAsync(file.HouseholdId);
        await _driver.RecordVisitAsync(file.HouseholdId);
        return file;
    }
}
