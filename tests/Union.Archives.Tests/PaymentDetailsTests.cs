using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// The internal PaymentDetails call (bank card of the 工会会员服务卡 and phone for funds, Hainan
/// 003_eca3cf9f3ec4784d.txt §二(三)四): only the funds service identity may call it, every read is
/// audited with the purpose, and no one else gets anything, whatever their role.
/// </summary>
public class PaymentDetailsTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string County = "51/5115/511502";

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private PaymentDetails.PaymentDetailsClient Funds =>
        new(host.AsUser(ServiceIdentity.Subject(ServiceIdentity.Funds), ServiceIdentity.Organisation, ServiceIdentity.Role));

    private async Task<(CreateHouseholdRequest Request, Household Created)> CreateAsync(bool withCard = true)
    {
        var request = Households.Valid();
        if (withCard) request.BankCard = Households.NewBankCard();
        return (request, await new HouseholdArchives.HouseholdArchivesClient(host.As(County, Roles.Caseworker)).CreateHouseholdAsync(request));
    }

    private static GetPaymentDetailsRequest Cards(params string[] ids) => new()
    {
        HouseholdIds = { ids },
        Fields = { PaymentDetailField.BankCard },
        Purpose = "payment batch 0190f3b2-0000-7000-8000-000000000001",
    };

    [Fact]
    public async Task The_funds_service_gets_names_and_cards_and_each_read_is_audited_with_its_purpose()
    {
        var (request, created) = await CreateAsync();
        var (_, noCard) = await CreateAsync(withCard: false);
        var unknown = Guid.NewGuid().ToString();

        var answer = await Funds.GetPaymentDetailsAsync(Cards(created.HouseholdId, noCard.HouseholdId, unknown));

        var details = answer.Details.Single(d => d.HouseholdId == created.HouseholdId);
        Assert.Equal((request.HeadName, request.BankCard, ""), (details.HolderName, details.BankCard, details.Phone));
        Assert.Equal("", answer.Details.Single(d => d.HouseholdId == noCard.HouseholdId).BankCard);
        Assert.Equal([unknown], answer.NotFound);
        var audit = await host.WithDatabaseAsync(db => db.AuditEntries.Where(a => a.Action == "PaymentDetailsRead").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a =>
        {
            Assert.Equal("service:funds", a.Actor);
            Assert.Equal("payment batch 0190f3b2-0000-7000-8000-000000000001", a.Reason);
        });
        var line = audit.Single(a => a.EntityId == created.HouseholdId);
        Assert.Contains("bank_card", line.Changes);
        Assert.DoesNotContain(request.BankCard, line.Changes);
    }

    [Fact]
    public async Task The_phone_is_given_only_when_asked_for()
    {
        var (request, created) = await CreateAsync();

        var answer = await Funds.GetPaymentDetailsAsync(new GetPaymentDetailsRequest
        {
            HouseholdIds = { created.HouseholdId },
            Fields = { PaymentDetailField.Phone },
            Purpose = "payment notice",
        });

        var details = Assert.Single(answer.Details);
        Assert.Equal((request.HeadPhone, ""), (details.Phone, details.BankCard));
    }

    public static TheoryData<string, string, string> Others => new()
    {
        { "finance@51", "51", Roles.Finance },
        { "admin@51", "51", Roles.Admin },
        { "auditor@51", "51", Roles.Auditor },
        // Another service's identity is not the funds service.
        { "service:projects", ServiceIdentity.Organisation, ServiceIdentity.Role },
        // The funds subject without the service role (a user named like it) is not it either.
        { "service:funds", "51", Roles.Finance },
    };

    [Theory]
    [MemberData(nameof(Others))]
    public async Task Every_other_caller_is_refused_and_nothing_is_audited(string subject, string organisation, string role)
    {
        var (_, created) = await CreateAsync();
        var before = await host.WithDatabaseAsync(db => db.AuditEntries.CountAsync());

        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () =>
            new PaymentDetails.PaymentDetailsClient(host.AsUser(subject, organisation, role)).GetPaymentDetailsAsync(Cards(created.HouseholdId)).ResponseAsync);

        Assert.Equal("SERVICE_IDENTITY_REQUIRED", e.Code());
        Assert.Equal(before, await host.WithDatabaseAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task A_request_without_purpose_or_fields_is_refused()
    {
        var (_, created) = await CreateAsync();

        await RpcAssert.InvalidArgument(() => Funds.GetPaymentDetailsAsync(new GetPaymentDetailsRequest { HouseholdIds = { created.HouseholdId, "x" } }).ResponseAsync,
            "fields", "purpose", "household_ids[1]");
    }
}
