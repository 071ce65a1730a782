using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>Unmasked personal data only for roles that may see it, with a reason, each read audited.</summary>
public class RevealPersonalDataTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";

    private HouseholdArchives.HouseholdArchivesClient As(string org, string role = "caseworker") => new(host.As(org, role));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(CreateHouseholdRequest Request, Household Created)> CreateAsync()
    {
        var request = Households.Valid();
        request.BankCard = Households.NewBankCard();
        request.Members.Add(Households.Member());
        request.Members.Add(Households.Member());
        return (request, await As(CountyA).CreateHouseholdAsync(request));
    }

    [Fact]
    public async Task A_caseworker_with_a_reason_sees_the_full_data_and_exactly_one_audit_line_is_written()
    {
        var (request, created) = await CreateAsync();
        var auditBefore = await host.WithDatabaseAsync(db => db.AuditEntries.CountAsync());

        var data = await As(CountyA).RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId, Reason = "发放核对" });

        Assert.Equal(request.HeadIdNumber, data.HeadIdNumber);
        Assert.Equal(request.HeadPhone, data.HeadPhone);
        Assert.Equal(request.BankCard, data.BankCard);
        Assert.Equal(request.Members.Select(m => m.IdNumber).Order(), data.Members.Select(m => m.IdNumber).Order());
        Assert.Equal(created.Members.Select(m => m.MemberId).Order(), data.Members.Select(m => m.MemberId).Order());

        var audit = await host.WithDatabaseAsync(db => db.AuditEntries.OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(auditBefore + 1, audit.Count);
        var line = audit[^1];
        Assert.Equal("UnmaskedRead", line.Action);
        Assert.Equal("Household", line.EntityType);
        Assert.Equal(created.HouseholdId, line.EntityId);
        Assert.Equal(CountyA, line.OrganisationPath);
        Assert.Equal("发放核对", line.Reason);
        Assert.Equal($"test-caseworker@{CountyA}", line.Actor);
        Assert.Contains("head_id_number", line.Changes);
        Assert.Contains("bank_card", line.Changes);
        Assert.DoesNotContain(request.HeadIdNumber, line.Changes);
    }

    [Fact]
    public async Task The_required_reason_is_audited_and_the_x_reason_header_only_beside_it()
    {
        var (_, created) = await CreateAsync();
        await As(CountyA).RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId, Reason = "核对" },
            new Metadata { { "x-reason", "header-reason" } });
        var line = await host.WithDatabaseAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "UnmaskedRead"));
        Assert.Equal("核对 | x-reason: header-reason", line.Reason);
    }

    [Fact]
    public async Task The_x_reason_header_does_not_stand_in_for_the_required_reason()
    {
        var (_, created) = await CreateAsync();
        var before = await host.WithDatabaseAsync(db => db.AuditEntries.CountAsync());
        await RpcAssert.InvalidArgument(() => As(CountyA).RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId },
            new Metadata { { "x-reason", "header-reason" } }).ResponseAsync, "reason");
        Assert.Equal(before, await host.WithDatabaseAsync(db => db.AuditEntries.CountAsync()));
    }

    [Theory]
    [InlineData("reviewer")]
    [InlineData("approver")]
    [InlineData("finance")]
    [InlineData("auditor")]
    public async Task Other_staff_roles_that_may_unmask(string role)
    {
        var (request, created) = await CreateAsync();
        var data = await As(CountyA, role).RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId, Reason = "抽查" });
        Assert.Equal(request.HeadIdNumber, data.HeadIdNumber);
    }

    [Theory]
    [InlineData("evaluator")]
    [InlineData("admin")]
    [InlineData("worker")]
    public async Task Roles_that_may_not_unmask_are_refused_and_nothing_is_written(string role)
    {
        var (_, created) = await CreateAsync();
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => As(CountyA, role).RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId, Reason = "看看" }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Without_a_reason_nothing_is_revealed_or_written()
    {
        var (_, created) = await CreateAsync();
        var before = await host.RowCountsAsync();
        await RpcAssert.InvalidArgument(() => As(CountyA).RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId, Reason = "  " }).ResponseAsync, "reason");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_file_outside_the_subtree_is_not_found_and_nothing_is_written()
    {
        var (_, created) = await CreateAsync();
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => As(CountyB).RevealPersonalDataAsync(new RevealPersonalDataRequest { HouseholdId = created.HouseholdId, Reason = "核对" }).ResponseAsync);
        Assert.Equal("HOUSEHOLD_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Responses_other_than_reveal_never_carry_the_full_numbers()
    {
        var (request, created) = await CreateAsync();
        var json = Google.Protobuf.JsonFormatter.Default.Format(await As(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId }));
        Assert.DoesNotContain(request.HeadIdNumber, json);
        Assert.DoesNotContain(request.BankCard, json);
        Assert.DoesNotContain(request.HeadPhone, json);
        Assert.All(request.Members, m => Assert.DoesNotContain(m.IdNumber, json));
    }
}
