using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Shared.Persistence;
using Union.Testing;

namespace Union.Archives.Tests;

public class CreateHouseholdTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";
    private const string City = "51/5115";

    private HouseholdArchives.HouseholdArchivesClient As(string org) => new(host.As(org, "caseworker"));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_created_file_reads_back_masked_as_a_draft_of_the_callers_organisation()
    {
        var request = Households.Valid();
        var created = await As(CountyA).CreateHouseholdAsync(request);

        var read = await As(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId });
        Assert.Equal(created, read);
        Assert.Equal(ArchiveStatus.Draft, read.Status);
        Assert.Equal(CountyA, read.Owner.Path);
        Assert.Equal("511502", read.Owner.Code);
        Assert.Equal(request.HeadIdNumber[..4] + "**********" + request.HeadIdNumber[^4..], read.HeadIdNumberMasked);
        Assert.Equal("139****3333", read.HeadPhoneMasked);
        Assert.Equal(45_000, read.MonthlyIncomePerPerson.Fen);
    }

    [Fact]
    public async Task Personal_data_is_stored_encrypted_and_found_by_keyed_hash_only()
    {
        var request = Households.Valid();
        var created = await As(CountyA).CreateHouseholdAsync(request);

        var row = await host.WithDatabaseAsync(db => db.Set<Domain.Household>().SingleAsync(h => h.Id == Guid.Parse(created.HouseholdId)));
        Assert.DoesNotContain(request.HeadIdNumber, row.HeadIdNumberProtected);
        Assert.DoesNotContain(request.HeadPhone, row.HeadPhoneProtected!);
        Assert.NotEqual(request.HeadIdNumber, row.HeadIdNumberHash);
        Assert.Equal(64, row.HeadIdNumberHash.Length);
    }

    [Fact]
    public async Task The_same_id_number_is_refused_in_another_organisation_naming_neither_the_file_nor_the_person()
    {
        var id = Households.NewIdNumber();
        var first = await As(CountyA).CreateHouseholdAsync(Households.Valid(id));
        await host.SubmitAsync(CountyA, first.HouseholdId);

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => As(CountyB).CreateHouseholdAsync(Households.Valid(id)).ResponseAsync);
        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.False(e.Metadata().ContainsKey("household_id"));
        Assert.False(e.Metadata().ContainsKey("organisation_path"));
        Assert.DoesNotContain(first.HouseholdId, e.Status.Detail);
        Assert.DoesNotContain(id, e.Status.Detail);
        Assert.DoesNotContain("张德明", e.Status.Detail);
    }

    [Fact]
    public async Task A_lower_case_x_is_the_same_person_as_upper_case_X()
    {
        var first = await As(CountyA).CreateHouseholdAsync(Households.Valid("11010519491231002X"));
        await host.SubmitAsync(CountyA, first.HouseholdId);
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => As(CountyA).CreateHouseholdAsync(Households.Valid("11010519491231002x")).ResponseAsync);
        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
    }

    public static TheoryData<string, Action<CreateHouseholdRequest>> BadRequests => new()
    {
        { "head_name", r => r.HeadName = "" },
        { "head_name", r => r.HeadName = new string('王', 51) },
        { "head_id_number", r => r.HeadIdNumber = "" },
        { "head_id_number", r => r.HeadIdNumber = r.HeadIdNumber[..17] + (r.HeadIdNumber[17] == '0' ? '1' : '0') },
        { "head_phone", r => r.HeadPhone = "2399000333" },
        { "employer", r => r.Employer = new string('厂', 101) },
        { "causes", r => r.Causes.Clear() },
        { "causes[1]", r => r.Causes.Add((HardshipCause)99) },
        { "monthly_income_per_person", r => r.MonthlyIncomePerPerson = new Money { Fen = -1 } },
        { "monthly_income_per_person", r => r.MonthlyIncomePerPerson = null },
        { "local_monthly_allowance", r => r.LocalMonthlyAllowance = new Money { Fen = long.MaxValue } },
        { "organisation_path", r => r.OrganisationPath = "51//x" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_the_field_named_and_nothing_written(string field, Action<CreateHouseholdRequest> spoil)
    {
        var request = Households.Valid();
        spoil(request);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(() => As(CountyA).CreateHouseholdAsync(request).ResponseAsync, field);

        Assert.Equal("INVALID_ARGUMENT", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Every_problem_of_a_request_is_reported_at_once()
    {
        var e = await RpcAssert.InvalidArgument(() => As(CountyA).CreateHouseholdAsync(new CreateHouseholdRequest()).ResponseAsync,
            "head_name", "head_id_number", "employer", "causes", "monthly_income_per_person", "local_monthly_allowance");
        Assert.True(e.ViolatedFields().Count >= 6);
    }

    [Fact]
    public async Task A_county_cannot_read_a_neighbouring_countys_file_and_the_city_reads_both()
    {
        var a = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        var b = await As(CountyB).CreateHouseholdAsync(Households.Valid());

        var e = await RpcAssert.Fails(StatusCode.NotFound, () => As(CountyB).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = a.HouseholdId }).ResponseAsync);
        Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
        Assert.Equal(a.HouseholdId, (await As(City).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = a.HouseholdId })).HouseholdId);
        Assert.Equal(b.HouseholdId, (await As(City).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = b.HouseholdId })).HouseholdId);
    }

    [Fact]
    public async Task An_unknown_id_answers_exactly_like_a_file_outside_the_subtree()
    {
        var outside = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        var hidden = await RpcAssert.Fails(StatusCode.NotFound, () => As(CountyB).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = outside.HouseholdId }).ResponseAsync);
        var missing = await RpcAssert.Fails(StatusCode.NotFound, () => As(CountyB).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(missing.Status.Detail, hidden.Status.Detail);
        Assert.Equal(missing.Code(), hidden.Code());
    }

    [Fact]
    public async Task A_county_cannot_open_a_file_for_an_organisation_outside_its_subtree()
    {
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.NotFound, () => As(CountyA).CreateHouseholdAsync(Households.Valid(organisationPath: CountyB)).ResponseAsync);
        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_city_may_open_a_file_for_one_of_its_counties()
    {
        var created = await As(City).CreateHouseholdAsync(Households.Valid(organisationPath: CountyB));
        Assert.Equal(CountyB, created.Owner.Path);
        await As(CountyB).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId });
    }

    [Fact]
    public async Task A_call_without_a_token_is_refused()
    {
        var anonymous = new HouseholdArchives.HouseholdArchivesClient(host.Channel);
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => anonymous.CreateHouseholdAsync(Households.Valid()).ResponseAsync);
    }

    [Fact]
    public async Task The_change_is_audited_and_its_event_is_queued_in_the_same_transaction()
    {
        var headers = new Metadata { { "x-correlation-id", "corr-archives-1" }, { "x-reason", "走访后建档" } };
        var created = await As(CountyA).CreateHouseholdAsync(Households.Valid(), headers);

        var (audit, outbox) = await host.WithDatabaseAsync(async db => (
            await db.AuditEntries.Where(a => a.EntityId == created.HouseholdId).ToListAsync(),
            await db.OutboxMessages.ToListAsync()));
        var entry = Assert.Single(audit);
        Assert.Equal("Added", entry.Action);
        Assert.Equal(CountyA, entry.ActorOrganisation);
        Assert.Equal("corr-archives-1", entry.CorrelationId);
        Assert.Equal("x-reason: 走访后建档", entry.Reason);
        var message = Assert.Single(outbox);
        Assert.Equal("union.events.v1.HouseholdRegistered", message.EventType);
        Assert.Contains(created.HouseholdId, message.Payload);
        Assert.Equal("corr-archives-1", message.CorrelationId);
        Assert.DoesNotContain("张德明", message.Payload);
    }

    [Fact]
    public async Task The_outbox_dispatcher_publishes_queued_events()
    {
        await As(CountyA).CreateHouseholdAsync(Households.Valid());
        var published = await Poll.UntilAsync(() => host.WithDatabaseAsync(db => db.OutboxMessages.AllAsync(m => m.PublishedAt != null)));
        Assert.True(published);
    }

    [Fact]
    public async Task The_audit_log_refuses_changes_to_its_entries()
    {
        await As(CountyA).CreateHouseholdAsync(Households.Valid());
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.WithDatabaseAsync(async db =>
        {
            var entry = await db.AuditEntries.FirstAsync();
            entry.Reason = "rewritten";
            await db.SaveChangesAsync();
        }));
    }
}
