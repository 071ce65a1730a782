using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>Creating a file with its members, bank card, channel; one file per person across head and members.</summary>
public class HouseholdMembersTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";

    private HouseholdArchives.HouseholdArchivesClient As(string org, string role = "caseworker") => new(host.As(org, role));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Members_read_back_masked_with_their_age_and_without_the_birth_date_the_mask_hides()
    {
        var child = Households.Member(Households.NewIdNumber(new DateOnly(2012, 9, 1)));
        var spouse = Households.Member(name: "李秀英", relation: Relation.Spouse);
        spouse.Health = Health.SeriousIllness;
        spouse.Disabled = true;
        spouse.Employment = Employment.UnableToWork;
        spouse.Schooling = Schooling.None;
        spouse.MonthlyIncome = new Money { Fen = 12_000 };
        var request = Households.Valid();
        request.Members.Add(child);
        request.Members.Add(spouse);

        var created = await As(CountyA).CreateHouseholdAsync(request);
        var read = await As(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId });

        Assert.Equal(created, read);
        Assert.Equal(2, read.Members.Count);
        var c = read.Members.Single(m => m.Relation == Relation.Child);
        // The birth date is most of what the mask hides: only the age is shown (RevealPersonalData gives the full number).
        Assert.Equal("", c.BirthDate);
        Assert.InRange(c.Age, 13, 30);
        var cached = await As(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = created.HouseholdId });
        Assert.All(created.Members.Concat(cached.Members), m => Assert.Equal("", m.BirthDate));
        Assert.Equal(c.Age, cached.Members.Single(m => m.Relation == Relation.Child).Age);
        Assert.Equal(child.IdNumber[..4] + "**********" + child.IdNumber[^4..], c.IdNumberMasked);
        Assert.Equal("", c.IdNumber);
        Assert.False(string.IsNullOrEmpty(c.MemberId));
        var s = read.Members.Single(m => m.Relation == Relation.Spouse);
        Assert.Equal(Health.SeriousIllness, s.Health);
        Assert.True(s.Disabled);
        Assert.Equal(Employment.UnableToWork, s.Employment);
        Assert.Equal(12_000, s.MonthlyIncome.Fen);
    }

    [Fact]
    public async Task Members_ids_and_the_bank_card_are_stored_encrypted_and_shown_by_the_last_four_digits()
    {
        var card = Households.NewBankCard();
        var member = Households.Member();
        var request = Households.Valid();
        request.BankCard = card;
        request.Members.Add(member);

        var created = await As(CountyA).CreateHouseholdAsync(request);

        Assert.Equal(new string('*', card.Length - 4) + card[^4..], created.BankCardMasked);
        var (household, stored) = await host.WithDatabaseAsync(async db => (
            await db.Set<Domain.Household>().SingleAsync(h => h.Id == Guid.Parse(created.HouseholdId)),
            await db.Set<Domain.HouseholdMember>().SingleAsync()));
        Assert.DoesNotContain(card, household.BankCardProtected!);
        Assert.DoesNotContain(card[^8..], household.BankCardProtected!);
        Assert.DoesNotContain(member.IdNumber, stored.IdNumberProtected);
        Assert.Equal(64, stored.IdNumberHash.Length);
        Assert.NotEqual(member.IdNumber, stored.IdNumberHash);
    }

    [Fact]
    public async Task Every_person_of_a_submitted_file_holds_an_identity_row_for_one_file_per_person()
    {
        var request = Households.Valid();
        request.Members.Add(Households.Member());
        request.Members.Add(Households.Member());
        var created = await As(CountyA).CreateHouseholdAsync(request);
        Assert.Empty(await host.WithDatabaseAsync(db => db.Set<Domain.OpenIdentity>().ToListAsync()));
        await host.SubmitAsync(CountyA, created.HouseholdId);

        var rows = await host.WithDatabaseAsync(db => db.Set<Domain.OpenIdentity>().ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(created.HouseholdId, r.HouseholdId.ToString()));
        Assert.All(rows, r => Assert.Equal(CountyA, r.OrganisationPath));
    }

    [Fact]
    public async Task A_member_of_a_file_in_one_county_cannot_head_a_file_in_another()
    {
        var member = Households.Member();
        var request = Households.Valid();
        request.Members.Add(member);
        var first = await As(CountyA).CreateHouseholdAsync(request);
        await host.SubmitAsync(CountyA, first.HouseholdId);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => As(CountyB).CreateHouseholdAsync(Households.Valid(member.IdNumber)).ResponseAsync);

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.False(e.Metadata().ContainsKey("household_id"));
        Assert.False(e.Metadata().ContainsKey("organisation_path"));
        Assert.False(e.Metadata().ContainsKey("organisation_code"));
        Assert.Equal("head_id_number", e.Metadata()["field"]);
        Assert.DoesNotContain(member.IdNumber, e.Status.Detail);
        Assert.DoesNotContain(member.Name, e.Status.Detail);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_head_of_a_file_in_one_county_cannot_be_a_member_in_another()
    {
        var head = Households.NewIdNumber();
        var first = await As(CountyA).CreateHouseholdAsync(Households.Valid(head));
        await host.SubmitAsync(CountyA, first.HouseholdId);
        var request = Households.Valid();
        request.Members.Add(Households.Member());
        request.Members.Add(Households.Member(head, relation: Relation.Sibling));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => As(CountyB).CreateHouseholdAsync(request).ResponseAsync);

        Assert.Equal("ID_NUMBER_ALREADY_ARCHIVED", e.Code());
        Assert.False(e.Metadata().ContainsKey("household_id"));
        Assert.Equal("members[1].id_number", e.Metadata()["field"]);
        Assert.DoesNotContain(head, e.Status.Detail);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_member_of_one_file_cannot_be_a_member_of_another()
    {
        var member = Households.Member();
        var first = Households.Valid();
        first.Members.Add(member);
        await host.SubmitAsync(CountyA, (await As(CountyA).CreateHouseholdAsync(first)).HouseholdId);
        var second = Households.Valid();
        second.Members.Add(Households.Member(member.IdNumber));

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => As(CountyB).CreateHouseholdAsync(second).ResponseAsync);
        Assert.Equal("members[0].id_number", e.Metadata()["field"]);
    }

    [Fact]
    public async Task The_same_person_twice_in_one_request_is_refused_on_the_later_field()
    {
        var request = Households.Valid();
        var member = Households.Member();
        request.Members.Add(member);
        request.Members.Add(Households.Member(member.IdNumber.ToLowerInvariant()));
        request.Members.Add(Households.Member(request.HeadIdNumber));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(() => As(CountyA).CreateHouseholdAsync(request).ResponseAsync,
            "members[1].id_number", "members[2].id_number");

        Assert.DoesNotContain("members[0].id_number", e.ViolatedFields());
        Assert.DoesNotContain("head_id_number", e.ViolatedFields());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task At_most_twenty_members()
    {
        var request = Households.Valid();
        for (var i = 0; i < 21; i++) request.Members.Add(Households.Member());
        await RpcAssert.InvalidArgument(() => As(CountyA).CreateHouseholdAsync(request).ResponseAsync, "members");

        request.Members.RemoveAt(0);
        var created = await As(CountyA).CreateHouseholdAsync(request);
        Assert.Equal(20, created.Members.Count);
    }

    public static TheoryData<string, Action<CreateHouseholdRequest>> BadRequests => new()
    {
        { "members[0].name", r => r.Members[0].Name = "" },
        { "members[0].relation", r => r.Members[0].Relation = Relation.Unspecified },
        { "members[0].id_number", r => r.Members[0].IdNumber = "" },
        { "members[0].id_number", r => r.Members[0].IdNumber = r.Members[0].IdNumber[..17] + (r.Members[0].IdNumber[17] == '0' ? '1' : '0') },
        { "members[0].health", r => r.Members[0].Health = (Health)42 },
        { "members[0].schooling", r => r.Members[0].Schooling = Schooling.Unspecified },
        { "members[0].employment", r => r.Members[0].Employment = Employment.Unspecified },
        { "members[0].monthly_income", r => r.Members[0].MonthlyIncome = new Money { Fen = -1 } },
        { "bank_card", r => { var c = Households.NewBankCard(); r.BankCard = c[..^1] + (char)('0' + (c[^1] - '0' + 1) % 10); } },
        { "bank_card", r => r.BankCard = "12345" },
        { "channel", r => r.Channel = (Channel)9 },
        { "application_type", r => r.ApplicationType = (ApplicationType)9 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_member_bank_card_or_channel_input_is_refused_with_the_field_named(string field, Action<CreateHouseholdRequest> spoil)
    {
        var request = Households.Valid();
        request.Members.Add(Households.Member());
        spoil(request);
        var before = await host.RowCountsAsync();

        await RpcAssert.InvalidArgument(() => As(CountyA).CreateHouseholdAsync(request).ResponseAsync, field);

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Channel_and_application_type_default_for_staff_and_can_be_given()
    {
        var defaulted = await As(CountyA).CreateHouseholdAsync(Households.Valid());
        Assert.Equal(Channel.GrassrootsVisit, defaulted.Channel);
        Assert.Equal(ApplicationType.NewArchive, defaulted.ApplicationType);

        var request = Households.Valid();
        request.Channel = Channel.DataComparison;
        request.ApplicationType = ApplicationType.AidOnFile;
        var given = await As(CountyA).CreateHouseholdAsync(request);
        Assert.Equal(Channel.DataComparison, given.Channel);
        Assert.Equal(ApplicationType.AidOnFile, given.ApplicationType);
    }

    [Fact]
    public async Task A_bank_card_with_spaces_is_accepted_as_its_digits()
    {
        var card = Households.NewBankCard();
        var request = Households.Valid();
        request.BankCard = $"{card[..4]} {card[4..8]} {card[8..]}";
        var created = await As(CountyA).CreateHouseholdAsync(request);
        Assert.EndsWith(card[^4..], created.BankCardMasked);
        Assert.Equal(card.Length, created.BankCardMasked.Length);
    }
}
