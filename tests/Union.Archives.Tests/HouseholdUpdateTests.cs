using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Testing;
using DomainStatus = Union.Archives.Domain.ArchiveStatus;

namespace Union.Archives.Tests;

/// <summary>Adjusting a file (档案调整): only the masked fields change, members keep their ids, every change recorded.</summary>
public class HouseholdUpdateTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";

    private HouseholdArchives.HouseholdArchivesClient As(string org, string role = "caseworker") => new(host.As(org, role));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(CreateHouseholdRequest Request, Household Created)> CreateAsync(string org = CountyA, int members = 2)
    {
        var request = Households.Valid();
        for (var i = 0; i < members; i++) request.Members.Add(Households.Member(name: $"成员{i}"));
        return (request, await As(org).CreateHouseholdAsync(request));
    }

    private static UpdateHouseholdRequest Update(Household h, params string[] mask) => new()
    {
        HouseholdId = h.HouseholdId, UpdateMask = { mask }, Reason = "走访后更新",
    };

    [Fact]
    public async Task Only_the_fields_in_the_mask_change()
    {
        var (_, created) = await CreateAsync();
        var card = Households.NewBankCard();
        var update = Update(created, "head_phone", "monthly_income_per_person", "bank_card", "causes", "migrant_worker");
        update.HeadPhone = "13700001111";
        update.MonthlyIncomePerPerson = new Money { Fen = 70_000 };
        update.BankCard = card;
        update.Causes.Add(HardshipCause.Education);
        update.MigrantWorker = true;
        update.Employer = "不应改变";
        update.HeadName = "不应改变";

        var updated = await As(CountyA).UpdateHouseholdAsync(update);

        Assert.Equal("137****1111", updated.HeadPhoneMasked);
        Assert.Equal(70_000, updated.MonthlyIncomePerPerson.Fen);
        Assert.EndsWith(card[^4..], updated.BankCardMasked);
        Assert.Equal([HardshipCause.Education], updated.Causes);
        Assert.True(updated.MigrantWorker);
        Assert.Equal(created.Employer, updated.Employer);
        Assert.Equal(created.HeadName, updated.HeadName);
        Assert.Equal(created.LocalMonthlyAllowance, updated.LocalMonthlyAllowance);
        Assert.Equal(created.Members, updated.Members);
        Assert.Equal(updated, await As(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId }));
    }

    [Fact]
    public async Task A_cached_file_reads_the_change_at_once()
    {
        var (_, created) = await CreateAsync();
        await As(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId });
        var update = Update(created, "employer");
        update.Employer = "宜宾某物流公司";
        await As(CountyA).UpdateHouseholdAsync(update);
        Assert.Equal("宜宾某物流公司", (await As(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId })).Employer);
    }

    [Fact]
    public async Task Replacing_members_keeps_existing_ids_adds_and_removes_identity_rows()
    {
        var (request, created) = await CreateAsync();
        await host.SubmitAsync(CountyA, created.HouseholdId);
        var kept = created.Members.Single(m => m.Name == "成员0");
        var removed = created.Members.Single(m => m.Name == "成员1");
        var newcomer = Households.Member(name: "新成员", relation: Relation.Parent);
        var update = Update(created, "members");
        update.Members.Add(new Member(kept) { IdNumber = "", IdNumberMasked = "", Health = Health.ChronicIllness });
        update.Members.Add(newcomer);

        var updated = await As(CountyA).UpdateHouseholdAsync(update);

        Assert.Equal(2, updated.Members.Count);
        var keptNow = updated.Members.Single(m => m.MemberId == kept.MemberId);
        Assert.Equal(Health.ChronicIllness, keptNow.Health);
        Assert.Equal(kept.IdNumberMasked, keptNow.IdNumberMasked);
        Assert.DoesNotContain(updated.Members, m => m.MemberId == removed.MemberId);
        Assert.Contains(updated.Members, m => m.Name == "新成员" && m.MemberId.Length > 0);

        // The removed member is free to be archived elsewhere; the newcomer is held by this file.
        var removedId = request.Members.Single(m => m.Name == "成员1").IdNumber;
        await As(CountyB).CreateHouseholdAsync(Households.Valid(removedId));
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => As(CountyB).CreateHouseholdAsync(Households.Valid(newcomer.IdNumber)).ResponseAsync);
        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        var rows = await host.WithDatabaseAsync(db => db.Set<Domain.OpenIdentity>().CountAsync(o => o.HouseholdId == Guid.Parse(created.HouseholdId)));
        Assert.Equal(3, rows);
    }

    [Fact]
    public async Task A_new_member_already_in_another_open_file_is_refused_and_nothing_changes()
    {
        var (otherRequest, other) = await CreateAsync(CountyB);
        await host.SubmitAsync(CountyB, other.HouseholdId);
        var (_, created) = await CreateAsync();
        var update = Update(created, "members");
        update.Members.Add(Households.Member(otherRequest.Members[0].IdNumber));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => As(CountyA).UpdateHouseholdAsync(update).ResponseAsync);

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.False(e.Metadata().ContainsKey("household_id"));
        Assert.False(e.Metadata().ContainsKey("organisation_path"));
        Assert.Equal("members[0].id_number", e.Metadata()["field"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_new_member_with_the_heads_number_or_twice_in_the_list_is_refused()
    {
        var (request, created) = await CreateAsync(members: 0);
        var twice = Households.Member();
        var update = Update(created, "members");
        update.Members.Add(Households.Member(request.HeadIdNumber));
        update.Members.Add(twice);
        update.Members.Add(Households.Member(twice.IdNumber));
        await RpcAssert.InvalidArgument(() => As(CountyA).UpdateHouseholdAsync(update).ResponseAsync, "members[0].id_number", "members[2].id_number");
    }

    [Fact]
    public async Task A_kept_member_cannot_become_another_person_or_belong_to_another_file()
    {
        var (_, other) = await CreateAsync(CountyA);
        var (_, created) = await CreateAsync();
        var changed = Update(created, "members");
        changed.Members.Add(new Member(created.Members[0]) { IdNumber = Households.NewIdNumber(), IdNumberMasked = "" });
        await RpcAssert.InvalidArgument(() => As(CountyA).UpdateHouseholdAsync(changed).ResponseAsync, "members[0].id_number");

        var foreign = Update(created, "members");
        foreign.Members.Add(new Member(other.Members[0]) { IdNumberMasked = "" });
        await RpcAssert.InvalidArgument(() => As(CountyA).UpdateHouseholdAsync(foreign).ResponseAsync, "members[0].member_id");
    }

    [Fact]
    public async Task An_update_is_refused_on_a_closed_file()
    {
        var (_, created) = await CreateAsync();
        await host.ChangeStoredAsync(created.HouseholdId, ("Status", DomainStatus.Exited));
        var update = Update(created, "employer");
        update.Employer = "新单位";
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => As(CountyA).UpdateHouseholdAsync(update).ResponseAsync);

        Assert.Equal("HOUSEHOLD_CLOSED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task An_update_is_recorded_as_a_transition_and_audited_with_its_reason()
    {
        var (_, created) = await CreateAsync();
        var update = Update(created, "employer");
        update.Employer = "新单位";
        await As(CountyA).UpdateHouseholdAsync(update);

        var transitions = (await As(CountyA).ListTransitionsAsync(new ListTransitionsRequest { HouseholdId = created.HouseholdId })).Transitions;
        Assert.Equal(["CREATE", "UPDATE"], transitions.Select(t => t.Action));
        var adjustment = transitions[1];
        Assert.Equal(ArchiveStatus.Draft, adjustment.From);
        Assert.Equal(ArchiveStatus.Draft, adjustment.To);
        Assert.Equal("走访后更新", adjustment.Reason);
        Assert.Equal($"test-caseworker@{CountyA}", adjustment.Actor);
        Assert.Contains("employer", adjustment.Evidence);
        Assert.True(adjustment.At.ToDateTime() >= transitions[0].At.ToDateTime());

        var audit = await host.WithDatabaseAsync(db => db.AuditEntries.SingleAsync(a => a.EntityId == created.HouseholdId && a.Action == "Modified"));
        Assert.Equal("走访后更新", audit.Reason);
        Assert.Contains("Employer", audit.Changes);
    }

    [Fact]
    public async Task The_x_reason_header_is_recorded_beside_the_required_reason_never_in_its_place()
    {
        var (_, created) = await CreateAsync();
        var update = Update(created, "employer");
        update.Employer = "新单位";
        await As(CountyA).UpdateHouseholdAsync(update, new Metadata { { "x-reason", "header-note" } });

        var audit = await host.WithDatabaseAsync(db => db.AuditEntries.SingleAsync(a => a.EntityId == created.HouseholdId && a.Action == "Modified"));
        Assert.Equal("走访后更新 | x-reason: header-note", audit.Reason);
        var adjustment = (await As(CountyA).ListTransitionsAsync(new ListTransitionsRequest { HouseholdId = created.HouseholdId })).Transitions[1];
        Assert.Equal("走访后更新", adjustment.Reason);

        // Nor does the header satisfy the required reason.
        var withoutReason = Update(created, "employer");
        withoutReason.Employer = "另一单位";
        withoutReason.Reason = "";
        await RpcAssert.InvalidArgument(() => As(CountyA).UpdateHouseholdAsync(withoutReason, new Metadata { { "x-reason", "header-note" } }).ResponseAsync, "reason");
    }

    public static TheoryData<string, Action<UpdateHouseholdRequest>> BadRequests => new()
    {
        { "update_mask", r => r.UpdateMask.Clear() },
        { "update_mask", r => r.UpdateMask.Add("status") },
        { "update_mask", r => r.UpdateMask.Add("head_id_number") },
        { "reason", r => r.Reason = "" },
        { "household_id", r => r.HouseholdId = "x" },
        { "employer", r => r.Employer = "" },
        { "head_phone", r => { r.UpdateMask.Add("head_phone"); r.HeadPhone = "123"; } },
        { "bank_card", r => { r.UpdateMask.Add("bank_card"); r.BankCard = "1234567890123"; } },
        { "monthly_income_per_person", r => { r.UpdateMask.Add("monthly_income_per_person"); r.MonthlyIncomePerPerson = new Money { Fen = -5 }; } },
        { "causes", r => r.UpdateMask.Add("causes") },
        { "members[0].id_number", r => { r.UpdateMask.Add("members"); r.Members.Add(new Member(Households.Member()) { IdNumber = "" }); } },
        { "members[0].member_id", r => { r.UpdateMask.Add("members"); r.Members.Add(new Member(Households.Member()) { MemberId = "nope" }); } },
        { "members", r => { r.UpdateMask.Add("members"); for (var i = 0; i < 21; i++) r.Members.Add(Households.Member()); } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_updates_name_the_field_and_change_nothing(string field, Action<UpdateHouseholdRequest> spoil)
    {
        var (_, created) = await CreateAsync();
        var request = Update(created, "employer");
        request.Employer = "新单位";
        spoil(request);
        var before = await host.RowCountsAsync();
        await RpcAssert.InvalidArgument(() => As(CountyA).UpdateHouseholdAsync(request).ResponseAsync, field);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_file_outside_the_subtree_cannot_be_updated()
    {
        var (_, created) = await CreateAsync(CountyB);
        var update = Update(created, "employer");
        update.Employer = "新单位";
        var e = await RpcAssert.Fails(StatusCode.NotFound, () => As(CountyA).UpdateHouseholdAsync(update).ResponseAsync);
        Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("evaluator")]
    public async Task Read_only_roles_cannot_update(string role)
    {
        var (_, created) = await CreateAsync();
        var update = Update(created, "employer");
        update.Employer = "新单位";
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => As(CountyA, role).UpdateHouseholdAsync(update).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
    }
}
