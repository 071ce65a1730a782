using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>The same service on the real PostgreSQL server: its migrations, unique index and ledger.</summary>
public sealed class PostgresAccountTests(PostgresFundsHost host) : IClassFixture<PostgresFundsHost>, IAsyncLifetime
{
    private const string Yibin = "51/5115";
    private const string Cuiping = "51/5115/511502";

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Open_and_get_round_trip_on_postgres()
    {
        var opened = await host.Client(Yibin, Roles.Finance).OpenAccountAsync(
            new OpenAccountRequest { OrganisationPath = Cuiping, FiscalYear = 2025, Source = FundSource.ProvincialFinance });

        var read = await host.Client(Cuiping, Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = opened.AccountId });

        Assert.Equal(opened, read);
        Assert.Equal(FundSource.ProvincialFinance, read.Source);
        Assert.Equal(0, read.Balance.Fen);
        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Client("51/5101", Roles.Finance).GetAccountAsync(new GetAccountRequest { AccountId = opened.AccountId }).ResponseAsync);
        Assert.Equal("ACCOUNT_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task Open_is_refused_for_a_second_account_of_the_same_source_and_year_on_postgres()
    {
        var request = new OpenAccountRequest { OrganisationPath = Cuiping, FiscalYear = 2025, Source = FundSource.UnionFunds };
        var first = await host.Client(Cuiping, Roles.Finance).OpenAccountAsync(request);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => host.Client(Yibin, Roles.Admin).OpenAccountAsync(request).ResponseAsync);

        Assert.Equal("ACCOUNT_EXISTS", e.Code());
        Assert.Equal(first.AccountId, e.Metadata()["account_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_reversal_brings_the_balances_back_on_postgres()
    {
        var finance = host.Client(Yibin, Roles.Finance);
        var city = await finance.OpenAccountAsync(new OpenAccountRequest { FiscalYear = 2025, Source = FundSource.CentralFinance });
        var district = await finance.OpenAccountAsync(new OpenAccountRequest { OrganisationPath = Cuiping, FiscalYear = 2025, Source = FundSource.CentralFinance });

        var posted = await host.InScopeAsync(Yibin, async (sp, db) =>
        {
            var t = await sp.GetRequiredService<Ledger>().PostAsync(
                [(Guid.Parse(district.AccountId), 88_800), (Guid.Parse(city.AccountId), -88_800)], "下拨");
            await db.SaveChangesAsync();
            return t;
        });
        Assert.Equal(88_800, (await finance.GetAccountAsync(new GetAccountRequest { AccountId = district.AccountId })).Balance.Fen);

        await host.InScopeAsync(Yibin, async (sp, db) =>
        {
            await sp.GetRequiredService<Ledger>().ReverseAsync(posted.Id, "下拨对象错误");
            await db.SaveChangesAsync();
        });

        Assert.Equal(0, (await finance.GetAccountAsync(new GetAccountRequest { AccountId = district.AccountId })).Balance.Fen);
        Assert.Equal(0, (await finance.GetAccountAsync(new GetAccountRequest { AccountId = city.AccountId })).Balance.Fen);
    }

    [Fact]
    public async Task A_registered_household_reaches_its_standing_on_postgres()
    {
        var household = Guid.NewGuid();
        var registered = new HouseholdRegistered
        {
            Header = new EventHeader { EventId = Guid.NewGuid().ToString(), OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow), OrganisationPath = Cuiping },
            HouseholdId = household.ToString(),
            ArchiveStatus = "ACTIVE",
        };

        await host.Services.GetRequiredService<IBus>().Publish(registered);
        var standing = await Eventually.ReturnsAsync(async () =>
        {
            try { return await host.Client(Yibin, Roles.Finance).GetHouseholdStandingAsync(new GetHouseholdStandingRequest { HouseholdId = household.ToString() }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });

        Assert.True(standing.Payable);
        Assert.Equal(registered.Header.EventId, Assert.Single(standing.Changes).EventId);
        Assert.Equal(registered.Header.OccurredAt.ToDateTime().Ticks / 10, standing.Changes[0].OccurredAt.ToDateTime().Ticks / 10);
    }
}
