using Grpc.Core;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Testing;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;
using DomainCategory = Union.Archives.Domain.HardshipCategory;

namespace Union.Archives.Tests;

/// <summary>Listing with paging and filters, never outside the caller's subtree.</summary>
public class HouseholdListTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string City = "51/5115";
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";

    private HouseholdArchives.HouseholdArchivesClient As(string org) => new(host.As(org, "caseworker"));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<Household>> AllPagesAsync(HouseholdArchives.HouseholdArchivesClient client, ListHouseholdsRequest request)
    {
        var all = new List<Household>();
        var pages = 0;
        do
        {
            var response = await client.ListHouseholdsAsync(request);
            all.AddRange(response.Households);
            request.Page.PageToken = response.Page.NextPageToken;
            Assert.True(++pages < 100);
        } while (request.Page.PageToken.Length > 0);
        return all;
    }

    [Fact]
    public async Task Paging_walks_every_file_once_newest_change_first()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++) created.Add((await As(CountyA).CreateHouseholdAsync(Households.Valid())).HouseholdId);

        var first = await As(CountyA).ListHouseholdsAsync(new ListHouseholdsRequest { Page = new PageRequest { PageSize = 3 } });
        Assert.Equal(3, first.Households.Count);
        Assert.Equal(7, first.Page.TotalSize);
        Assert.NotEmpty(first.Page.NextPageToken);

        var all = await AllPagesAsync(As(CountyA), new ListHouseholdsRequest { Page = new PageRequest { PageSize = 3 } });
        Assert.Equal(7, all.Count);
        Assert.Equal(7, all.Select(h => h.HouseholdId).Distinct().Count());
        Assert.Equal(created.Order(), all.Select(h => h.HouseholdId).Order());
        var stamps = all.Select(h => h.Audit.UpdatedAt.ToDateTime()).ToList();
        Assert.Equal(stamps.OrderDescending(), stamps);
    }

    [Fact]
    public async Task A_changed_file_moves_to_the_front()
    {
        var older = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        await As(CountyA).CreateHouseholdAsync(Households.Valid());
        await As(CountyA).UpdateHouseholdAsync(new UpdateHouseholdRequest { HouseholdId = older.HouseholdId, UpdateMask = { "employer" }, Employer = "新单位", Reason = "换工作" });

        var list = await As(CountyA).ListHouseholdsAsync(new ListHouseholdsRequest());
        Assert.Equal(older.HouseholdId, list.Households[0].HouseholdId);
        Assert.Empty(list.Page.NextPageToken);
    }

    [Fact]
    public async Task Lists_hold_only_the_callers_subtree_and_an_organisation_filter_narrows_within_it()
    {
        var a = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        var b = await As(CountyB).CreateHouseholdAsync(Households.Valid());

        Assert.Equal([a.HouseholdId], (await As(CountyA).ListHouseholdsAsync(new ListHouseholdsRequest())).Households.Select(h => h.HouseholdId));
        Assert.Equal(2, (await As(City).ListHouseholdsAsync(new ListHouseholdsRequest())).Page.TotalSize);
        var narrowed = await As(City).ListHouseholdsAsync(new ListHouseholdsRequest { OrganisationPath = CountyB });
        Assert.Equal([b.HouseholdId], narrowed.Households.Select(h => h.HouseholdId));
        Assert.Equal(1, narrowed.Page.TotalSize);

        var e = await RpcAssert.Fails(StatusCode.NotFound, () => As(CountyA).ListHouseholdsAsync(new ListHouseholdsRequest { OrganisationPath = CountyB }).ResponseAsync);
        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task Category_status_and_cause_filter_the_list()
    {
        var deep = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        await host.ChangeStoredAsync(deep.HouseholdId, ("Category", DomainCategory.Deep), ("Status", DomainStatus.Active));
        var schooling = Households.Valid();
        schooling.Causes.Clear();
        schooling.Causes.Add(HardshipCause.Education);
        schooling.Causes.Add(HardshipCause.AccidentOrDisaster);
        var education = await As(CountyA).CreateHouseholdAsync(schooling);
        var plain = await As(CountyA).CreateHouseholdAsync(Households.Valid());

        async Task<IEnumerable<string>> Ids(ListHouseholdsRequest r) => (await As(CountyA).ListHouseholdsAsync(r)).Households.Select(h => h.HouseholdId).Order();

        Assert.Equal([deep.HouseholdId], await Ids(new ListHouseholdsRequest { Category = HardshipCategory.Deep }));
        Assert.Empty(await Ids(new ListHouseholdsRequest { Category = HardshipCategory.Relative }));
        Assert.Equal([deep.HouseholdId], await Ids(new ListHouseholdsRequest { Status = ArchiveStatus.Active }));
        Assert.Equal(new[] { education.HouseholdId, plain.HouseholdId }.Order(), await Ids(new ListHouseholdsRequest { Status = ArchiveStatus.Draft }));
        Assert.Equal([education.HouseholdId], await Ids(new ListHouseholdsRequest { Cause = HardshipCause.Education }));
        Assert.Equal([education.HouseholdId], await Ids(new ListHouseholdsRequest { Cause = HardshipCause.AccidentOrDisaster }));
        Assert.Equal(new[] { deep.HouseholdId, plain.HouseholdId }.Order(), await Ids(new ListHouseholdsRequest { Cause = HardshipCause.Illness }));
        Assert.Empty(await Ids(new ListHouseholdsRequest { Cause = HardshipCause.Illness, Status = ArchiveStatus.Draft, OrganisationPath = CountyA, Category = HardshipCategory.Deep }));
    }

    [Fact]
    public async Task Visit_overdue_lists_active_and_phase_out_files_due_before_today()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var overdue = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        await host.ChangeStoredAsync(overdue.HouseholdId, ("Status", DomainStatus.Active), ("NextVisitDueOn", today.AddDays(-1)));
        var phaseOut = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        await host.ChangeStoredAsync(phaseOut.HouseholdId, ("Status", DomainStatus.PhaseOut), ("NextVisitDueOn", today.AddDays(-30)));
        var dueLater = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        await host.ChangeStoredAsync(dueLater.HouseholdId, ("Status", DomainStatus.Active), ("NextVisitDueOn", today.AddDays(10)));
        var closed = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        await host.ChangeStoredAsync(closed.HouseholdId, ("Status", DomainStatus.Exited), ("NextVisitDueOn", today.AddDays(-5)));
        await As(CountyA).CreateHouseholdAsync(Households.Valid());

        var list = await As(CountyA).ListHouseholdsAsync(new ListHouseholdsRequest { VisitOverdue = true });
        Assert.Equal(new[] { overdue.HouseholdId, phaseOut.HouseholdId }.Order(), list.Households.Select(h => h.HouseholdId).Order());
        Assert.Equal(2, list.Page.TotalSize);
    }

    [Fact]
    public async Task Listed_files_are_masked_and_carry_their_members()
    {
        var request = Households.Valid();
        request.Members.Add(Households.Member());
        await As(CountyA).CreateHouseholdAsync(request);

        var listed = Assert.Single((await As(CountyA).ListHouseholdsAsync(new ListHouseholdsRequest())).Households);
        Assert.Equal(request.HeadIdNumber[..4] + "**********" + request.HeadIdNumber[^4..], listed.HeadIdNumberMasked);
        Assert.Single(listed.Members);
        Assert.Equal("", listed.Members[0].IdNumber);
    }

    public static TheoryData<string, Action<ListHouseholdsRequest>> BadRequests => new()
    {
        { "page.page_size", r => r.Page = new PageRequest { PageSize = 201 } },
        { "page.page_size", r => r.Page = new PageRequest { PageSize = -1 } },
        { "page.page_token", r => r.Page = new PageRequest { PageToken = "not-a-token" } },
        { "page.page_token", r => r.Page = new PageRequest { PageToken = "%%%" } },
        { "organisation_path", r => r.OrganisationPath = "51//x" },
        { "status", r => r.Status = (ArchiveStatus)99 },
        { "category", r => r.Category = (HardshipCategory)99 },
        { "cause", r => r.Cause = (HardshipCause)99 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_list_requests_name_the_field(string field, Action<ListHouseholdsRequest> spoil)
    {
        var request = new ListHouseholdsRequest();
        spoil(request);
        await RpcAssert.InvalidArgument(() => As(CountyA).ListHouseholdsAsync(request).ResponseAsync, field);
    }

    [Fact]
    public async Task Page_size_defaults_to_fifty_and_allows_two_hundred()
    {
        for (var i = 0; i < 52; i++) await As(CountyA).CreateHouseholdAsync(Households.Valid());
        var page = await As(CountyA).ListHouseholdsAsync(new ListHouseholdsRequest());
        Assert.Equal(50, page.Households.Count);
        Assert.Equal(52, page.Page.TotalSize);
        Assert.Equal(52, (await As(CountyA).ListHouseholdsAsync(new ListHouseholdsRequest { Page = new PageRequest { PageSize = 200 } })).Households.Count);
    }
}
