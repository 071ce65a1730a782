using System.Text.Json;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>Earmarked accounts (专账) through the FundLedger API on SQLite.</summary>
public sealed class AccountTests(FundsHost host) : IClassFixture<FundsHost>, IAsyncLifetime
{
    private const string Province = "51";
    private const string Chengdu = "51/5101";
    private const string Jinjiang = "51/5101/510104";
    private const string Yibin = "51/5115";
    private const string Cuiping = "51/5115/511502";

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static OpenAccountRequest Request(string path = Jinjiang, int year = 2025, FundSource source = FundSource.CentralFinance) =>
        new() { OrganisationPath = path, FiscalYear = year, Source = source };

    [Fact]
    public async Task Open_creates_an_empty_account_that_get_returns()
    {
        var finance = host.Client(Jinjiang, Roles.Finance);

        var opened = await finance.OpenAccountAsync(Request());
        var read = await finance.GetAccountAsync(new GetAccountRequest { AccountId = opened.AccountId });

        Assert.Equal(opened, read);
        Assert.True(Guid.TryParse(read.AccountId, out _));
        Assert.Equal(Jinjiang, read.Owner.Path);
        Assert.Equal("510104", read.Owner.Code);
        Assert.Equal(2025, read.FiscalYear);
        Assert.Equal(FundSource.CentralFinance, read.Source);
        Assert.Equal(0, read.Balance.Fen);
        Assert.StartsWith("test-finance@", read.Audit.CreatedBy);
        Assert.NotNull(read.Audit.CreatedAt);
    }

    [Fact]
    public async Task Open_without_an_organisation_opens_the_callers_own_account()
    {
        var opened = await host.Client(Cuiping, Roles.Finance).OpenAccountAsync(Request(path: ""));

        Assert.Equal(Cuiping, opened.Owner.Path);
    }

    [Fact]
    public async Task Open_by_a_parent_organisation_for_its_child_is_allowed()
    {
        var opened = await host.Client(Province, Roles.Finance).OpenAccountAsync(Request(path: Cuiping));

        Assert.Equal(Cuiping, opened.Owner.Path);
        var read = await host.Client(Cuiping, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = opened.AccountId });
        Assert.Equal(opened.AccountId, read.AccountId);
    }

    [Fact]
    public async Task Open_for_an_organisation_outside_the_callers_subtree_answers_not_found_and_changes_nothing()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(Chengdu, Roles.Finance).OpenAccountAsync(Request(path: Cuiping)).ResponseAsync);

        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Open_is_refused_for_a_second_account_of_the_same_source_and_year()
    {
        var finance = host.Client(Jinjiang, Roles.Finance);
        var first = await finance.OpenAccountAsync(Request());
        var before = await host.RowCountsAsync();

        // The parent opening the same account for the child is the same account.
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => host.Client(Chengdu, Roles.Finance).OpenAccountAsync(Request()).ResponseAsync);

        Assert.Equal("ACCOUNT_EXISTS", e.Code());
        Assert.Equal(first.AccountId, e.Metadata()["account_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Open_allows_another_source_or_another_year_for_the_same_organisation()
    {
        var finance = host.Client(Jinjiang, Roles.Finance);
        var central2025 = await finance.OpenAccountAsync(Request());

        var provincial2025 = await finance.OpenAccountAsync(Request(source: FundSource.ProvincialFinance));
        var central2026 = await finance.OpenAccountAsync(Request(year: 2026));
        var siblingCentral2025 = await host.Client(Cuiping, Roles.Finance).OpenAccountAsync(Request(path: Cuiping));

        Assert.Equal(4, new[] { central2025, provincial2025, central2026, siblingCentral2025 }.Select(a => a.AccountId).Distinct().Count());
    }

    [Fact]
    public async Task Open_publishes_FundAccountOpened_through_the_outbox()
    {
        var opened = await host.Client(Jinjiang, Roles.Finance).OpenAccountAsync(Request(source: FundSource.UnionFunds));

        var message = await Eventually.ReturnsAsync(() => host.WithDatabaseAsync(db =>
            db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.PublishedAt != null)));
        Assert.Equal("union.events.v1.FundAccountOpened", message.EventType);
        Assert.Equal(Jinjiang, message.OrganisationPath);
        using var payload = JsonDocument.Parse(message.Payload);
        Assert.Equal(opened.AccountId, payload.RootElement.GetProperty("accountId").GetString());
        Assert.Equal(2025, payload.RootElement.GetProperty("fiscalYear").GetInt32());
        Assert.Equal("FUND_SOURCE_UNION_FUNDS", payload.RootElement.GetProperty("source").GetString());
        Assert.Equal(Jinjiang, payload.RootElement.GetProperty("header").GetProperty("organisationPath").GetString());
    }

    [Fact]
    public async Task Open_replayed_under_the_same_idempotency_key_returns_the_first_answer()
    {
        var finance = host.Client(Jinjiang, Roles.Finance);
        var key = Guid.NewGuid().ToString();
        // A fresh Metadata per call: the test invoker adds its token to the headers it is given.
        Metadata Headers() => new() { { "idempotency-key", key } };

        var first = await finance.OpenAccountAsync(Request(), Headers());
        var replay = await finance.OpenAccountAsync(Request(), Headers());

        Assert.Equal(first, replay);
        Assert.Equal(1, await host.WithDatabaseAsync(db => db.Set<Domain.FundAccount>().CountAsync()));
    }

    [Theory]
    [InlineData(Roles.Caseworker)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Approver)]
    [InlineData(Roles.Worker)]
    public async Task Open_is_refused_without_the_finance_or_admin_role(string role)
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Client(Jinjiang, role).OpenAccountAsync(Request()).ResponseAsync);

        Assert.Equal("ROLE_REQUIRED", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Open_is_allowed_for_an_admin()
    {
        var opened = await host.Client(Jinjiang, Roles.Admin).OpenAccountAsync(Request());

        Assert.Equal(Jinjiang, opened.Owner.Path);
    }

    public static TheoryData<string, int, int, string> BadRequests => new()
    {
        { Jinjiang, 1999, (int)FundSource.CentralFinance, "fiscal_year" },
        { Jinjiang, 2101, (int)FundSource.CentralFinance, "fiscal_year" },
        { Jinjiang, 0, (int)FundSource.CentralFinance, "fiscal_year" },
        { Jinjiang, 2025, (int)FundSource.Unspecified, "source" },
        { Jinjiang, 2025, 99, "source" },
        { Jinjiang, 2025, -1, "source" },
        { "51//510104", 2025, (int)FundSource.CentralFinance, "organisation_path" },
        { "51/5101/5101 04", 2025, (int)FundSource.CentralFinance, "organisation_path" },
        { "/51", 2025, (int)FundSource.CentralFinance, "organisation_path" },
        { new string('5', 201), 2025, (int)FundSource.CentralFinance, "organisation_path" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Open_refuses_bad_input_and_changes_nothing(string path, int year, int source, string field)
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(
            () => host.Client(Province, Roles.Finance).OpenAccountAsync(Request(path, year, (FundSource)source)).ResponseAsync, field);

        Assert.Equal([field], e.ViolatedFields());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Open_names_every_bad_field_at_once()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(
            () => host.Client(Province, Roles.Finance).OpenAccountAsync(Request("51/", 1800, (FundSource)99)).ResponseAsync,
            "organisation_path", "fiscal_year", "source");

        Assert.Equal(3, e.ViolatedFields().Count);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Get_by_the_parent_organisation_reads_its_childs_account()
    {
        var opened = await host.Client(Jinjiang, Roles.Finance).OpenAccountAsync(Request());

        foreach (var parent in new[] { Chengdu, Province })
        {
            var read = await host.Client(parent, Roles.Auditor).GetAccountAsync(new GetAccountRequest { AccountId = opened.AccountId });
            Assert.Equal(opened.AccountId, read.AccountId);
        }
    }

    [Theory]
    [InlineData(Yibin)]            // another city
    [InlineData(Cuiping)]          // a district of another city
    [InlineData(Jinjiang + "01")]  // a code that merely starts like the owner's
    public async Task Get_outside_the_callers_subtree_answers_not_found(string caller)
    {
        var opened = await host.Client(Jinjiang, Roles.Finance).OpenAccountAsync(Request());

        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(caller, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = opened.AccountId }).ResponseAsync);

        Assert.Equal("ACCOUNT_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task Get_by_a_child_of_the_owner_answers_not_found()
    {
        var opened = await host.Client(Chengdu, Roles.Finance).OpenAccountAsync(Request(path: ""));

        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(Jinjiang, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = opened.AccountId }).ResponseAsync);

        Assert.Equal("ACCOUNT_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task Get_of_an_unknown_account_answers_not_found()
    {
        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client(Province, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = Guid.NewGuid().ToString() }).ResponseAsync);

        Assert.Equal("ACCOUNT_NOT_FOUND", e.Code());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-id")]
    public async Task Get_with_a_missing_or_malformed_id_is_invalid_argument(string id)
    {
        await RpcAssert.InvalidArgument(
            () => host.Client(Province, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = id }).ResponseAsync, "account_id");
    }

    [Fact]
    public async Task Get_is_refused_to_a_worker()
    {
        var opened = await host.Client(Jinjiang, Roles.Finance).OpenAccountAsync(Request());

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Client(Jinjiang, Roles.Worker).GetAccountAsync(new GetAccountRequest { AccountId = opened.AccountId }).ResponseAsync);

        Assert.Equal("ROLE_REQUIRED", e.Code());
    }

    [Fact]
    public async Task Get_shows_the_balance_derived_from_the_ledger_entries()
    {
        var province = await host.Client(Province, Roles.Finance).OpenAccountAsync(Request(path: ""));
        var district = await host.Client(Province, Roles.Finance).OpenAccountAsync(Request(path: Jinjiang));

        // The province allocates 1,234.56 yuan to the district: the district's account is debited.
        await host.InScopeAsync(Province, async (sp, db) =>
        {
            await sp.GetRequiredService<Ledger>().PostAsync(
                [(Guid.Parse(district.AccountId), 123_456), (Guid.Parse(province.AccountId), -123_456)], "下拨帮扶资金");
            await db.SaveChangesAsync();
        });

        var read = await host.Client(Jinjiang, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = district.AccountId });
        Assert.Equal(123_456, read.Balance.Fen);
        var provinceRead = await host.Client(Province, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = province.AccountId });
        Assert.Equal(-123_456, provinceRead.Balance.Fen);
    }
}
