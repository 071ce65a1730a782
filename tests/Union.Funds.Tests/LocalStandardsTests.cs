using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Funds.V1;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Funds.Tests;

/// <summary>
/// Local standards through the LocalStandards API: Lu'an's minimum-living allowance of 659 yuan a
/// month from 2021-07-01 (Yu'an 2021, 002_98225e89925c6ce6.txt 指标10) and the caps it sets for
/// Yu'an district (指标2); Hainan's living aid raised from 600 to 1,000 yuan per household
/// (003_eca3cf9f3ec4784d.txt). 620 yuan from 2020-07-01 stands in for Lu'an's previous standard.
/// </summary>
public abstract class LocalStandardsTests(FundsHost host) : IAsyncLifetime
{
    private const string Anhui = "34";
    private const string Luan = "34/3415";
    private const string Yuan = "34/3415/341502";
    private const string Hefei = "34/3401";
    private const string Hainan = "46";

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private LocalStandards.LocalStandardsClient Client(string path, params string[] roles) => new(host.As(path, roles));

    private static SetAllowanceStandardRequest Allowance(string path, long fen, string from) => new()
    {
        LocalityPath = path,
        MonthlyAllowance = new Money { Fen = fen },
        EffectiveFrom = from,
        Reference = "六安市人民政府关于调整城乡低保标准的通知",
    };

    private async Task SetLuanHistoryAsync()
    {
        var finance = Client(Luan, Roles.Finance);
        await finance.SetAllowanceStandardAsync(Allowance(Luan, 62_000, "2020-07-01"));
        await finance.SetAllowanceStandardAsync(Allowance(Luan, 65_900, "2021-07-01"));
    }

    private static CheckAidCapRequest Check(AidType type, long fen, string date = "2021-09-15", params long[] earlier) => new()
    {
        LocalityPath = Yuan,
        AidType = type,
        DecisionDate = date,
        Amount = new Money { Fen = fen },
        EarlierPaymentsFen = { earlier },
    };

    [Fact]
    public async Task Set_records_an_allowance_and_the_history_lists_it_newest_first()
    {
        var set = await Client(Luan, Roles.Finance).SetAllowanceStandardAsync(Allowance("", 62_000, "2020-07-01"));
        await Client(Anhui, Roles.Admin).SetAllowanceStandardAsync(Allowance(Luan, 65_900, "2021-07-01"));

        Assert.Equal(Luan, set.Locality.Path);
        Assert.Equal("3415", set.Locality.Code);
        Assert.Equal(62_000, set.MonthlyAllowance.Fen);
        Assert.Equal("2020-07-01", set.EffectiveFrom);
        Assert.StartsWith("test-", set.Audit.CreatedBy);
        var list = await Client(Luan, Roles.Caseworker).ListAllowanceStandardsAsync(new ListAllowanceStandardsRequest());
        Assert.Equal([("2021-07-01", 65_900L), ("2020-07-01", 62_000L)], list.Standards.Select(s => (s.EffectiveFrom, s.MonthlyAllowance.Fen)));
        Assert.Equal(set, list.Standards[1]);
    }

    [Theory]
    [InlineData("2020-07-01", 62_000)]
    [InlineData("2021-06-30", 62_000)]
    [InlineData("2021-07-01", 65_900)]
    [InlineData("2022-01-01", 65_900)]
    public async Task The_standard_in_force_on_a_day_is_the_latest_that_took_effect_by_then(string on, long fen)
    {
        await SetLuanHistoryAsync();

        var inForce = await Client(Luan, Roles.Caseworker).GetStandardInForceAsync(new GetStandardInForceRequest { On = on });

        Assert.Equal(fen, inForce.Allowance.MonthlyAllowance.Fen);
        Assert.False(inForce.AllowanceInherited);
        Assert.Equal(on, inForce.On);
    }

    [Fact]
    public async Task Before_any_standard_none_is_in_force()
    {
        await SetLuanHistoryAsync();

        var inForce = await Client(Luan, Roles.Caseworker).GetStandardInForceAsync(new GetStandardInForceRequest { On = "2020-06-30" });

        Assert.Null(inForce.Allowance);
    }

    [Fact]
    public async Task A_district_takes_the_standard_of_its_nearest_ancestor_and_says_where_it_came_from()
    {
        await Client(Anhui, Roles.Finance).SetAllowanceStandardAsync(Allowance("", 50_000, "2019-01-01"));
        await SetLuanHistoryAsync();

        var district = Client(Yuan, Roles.Caseworker);
        var inForce = await district.GetStandardInForceAsync(new GetStandardInForceRequest { On = "2021-08-01" });
        var early = await district.GetStandardInForceAsync(new GetStandardInForceRequest { On = "2020-01-01" });

        Assert.Equal(Yuan, inForce.LocalityPath);
        Assert.True(inForce.AllowanceInherited);
        Assert.Equal(Luan, inForce.Allowance.Locality.Path);
        Assert.Equal(65_900, inForce.Allowance.MonthlyAllowance.Fen);
        // Before Lu'an had one, the province's applied.
        Assert.Equal(Anhui, early.Allowance.Locality.Path);
        Assert.Equal(50_000, early.Allowance.MonthlyAllowance.Fen);
    }

    [Fact]
    public async Task A_districts_own_standard_replaces_its_citys_for_the_district_only()
    {
        await SetLuanHistoryAsync();
        await Client(Luan, Roles.Finance).SetAllowanceStandardAsync(Allowance(Yuan, 68_000, "2021-10-01"));

        var district = await Client(Yuan, Roles.Caseworker).GetStandardInForceAsync(new GetStandardInForceRequest { On = "2021-10-01" });
        var city = await Client(Yuan, Roles.Caseworker).GetStandardInForceAsync(new GetStandardInForceRequest { LocalityPath = Luan, On = "2021-10-01" });

        Assert.Equal(68_000, district.Allowance.MonthlyAllowance.Fen);
        Assert.False(district.AllowanceInherited);
        Assert.Equal(65_900, city.Allowance.MonthlyAllowance.Fen);
    }

    [Fact]
    public async Task The_history_of_a_district_shows_what_it_inherits_and_a_city_sees_what_its_districts_set()
    {
        await Client(Anhui, Roles.Finance).SetAllowanceStandardAsync(Allowance("", 50_000, "2019-01-01"));
        await SetLuanHistoryAsync();
        await Client(Luan, Roles.Finance).SetAllowanceStandardAsync(Allowance(Yuan, 68_000, "2021-10-01"));
        await Client(Anhui, Roles.Finance).SetAllowanceStandardAsync(Allowance(Hefei, 75_000, "2021-07-01"));

        var district = await Client(Yuan, Roles.Caseworker).ListAllowanceStandardsAsync(new ListAllowanceStandardsRequest());
        var city = await Client(Luan, Roles.Caseworker).ListAllowanceStandardsAsync(new ListAllowanceStandardsRequest());
        var other = await Client(Hefei, Roles.Caseworker).ListAllowanceStandardsAsync(new ListAllowanceStandardsRequest());

        Assert.Equal([Anhui, Luan, Luan, Yuan], district.Standards.Select(s => s.Locality.Path));
        Assert.Equal([Anhui, Luan, Luan, Yuan], city.Standards.Select(s => s.Locality.Path));
        Assert.Equal([Anhui, Hefei], other.Standards.Select(s => s.Locality.Path));
    }

    [Fact]
    public async Task A_locality_whose_code_differs_only_in_case_lists_none_of_the_others_standards()
    {
        // Codes may carry letters (industry unions, 产业工会); one that differs only in case is another
        // organisation, also on SQLite, whose LIKE ignores ASCII case.
        const string industry = Luan + "/GH01";
        await Client(Luan, Roles.Finance).SetAllowanceStandardAsync(Allowance(industry + "/0001", 70_000, "2021-07-01"));

        var province = Client(Anhui, Roles.Caseworker);
        var otherCase = await province.ListAllowanceStandardsAsync(new ListAllowanceStandardsRequest { LocalityPath = Luan + "/gh01" });
        var exact = await province.ListAllowanceStandardsAsync(new ListAllowanceStandardsRequest { LocalityPath = industry });

        Assert.Empty(otherCase.Standards);
        Assert.Equal([industry + "/0001"], exact.Standards.Select(s => s.Locality.Path));
    }

    [Fact]
    public async Task Another_citys_standards_are_out_of_sight()
    {
        await SetLuanHistoryAsync();
        var hefei = Client(Hefei, Roles.Finance);

        var read = await RpcAssert.Fails(StatusCode.NotFound,
            () => hefei.GetStandardInForceAsync(new GetStandardInForceRequest { LocalityPath = Yuan, On = "2021-08-01" }).ResponseAsync);
        var list = await RpcAssert.Fails(StatusCode.NotFound,
            () => hefei.ListAllowanceStandardsAsync(new ListAllowanceStandardsRequest { LocalityPath = Luan }).ResponseAsync);
        var set = await RpcAssert.Fails(StatusCode.NotFound,
            () => hefei.SetAllowanceStandardAsync(Allowance(Luan, 1, "2022-01-01")).ResponseAsync);

        Assert.All(new[] { read, list, set }, e => Assert.Equal("ORGANISATION_NOT_FOUND", e.Code()));
    }

    [Fact]
    public async Task A_district_cannot_set_its_citys_standard()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => Client(Yuan, Roles.Finance).SetAllowanceStandardAsync(Allowance(Luan, 65_900, "2021-07-01")).ResponseAsync);

        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_second_standard_for_the_same_locality_and_day_is_refused_and_changes_nothing()
    {
        var first = await Client(Luan, Roles.Finance).SetAllowanceStandardAsync(Allowance(Luan, 65_900, "2021-07-01"));
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => Client(Anhui, Roles.Finance).SetAllowanceStandardAsync(Allowance(Luan, 66_000, "2021-07-01")).ResponseAsync);

        Assert.Equal("STANDARD_EXISTS", e.Code());
        Assert.Equal(first.StandardId, e.Metadata()["standard_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
        var inForce = await Client(Luan, Roles.Caseworker).GetStandardInForceAsync(new GetStandardInForceRequest { On = "2021-07-01" });
        Assert.Equal(65_900, inForce.Allowance.MonthlyAllowance.Fen);
    }

    [Theory]
    [InlineData(Roles.Caseworker)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Approver)]
    [InlineData(Roles.Worker)]
    public async Task Setting_a_standard_needs_the_finance_or_admin_role(string role)
    {
        var before = await host.RowCountsAsync();
        var client = Client(Luan, role);

        var allowance = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => client.SetAllowanceStandardAsync(Allowance(Luan, 65_900, "2021-07-01")).ResponseAsync);
        var payment = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => client.SetPaymentStandardAsync(new SetPaymentStandardRequest
            {
                AidType = AidType.Living, Amount = new Money { Fen = 100_000 }, EffectiveFrom = "2015-01-01", Reference = "r",
            }).ResponseAsync);

        Assert.Equal("ROLE_REQUIRED", allowance.Code());
        Assert.Equal("ROLE_REQUIRED", payment.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_worker_reads_no_standards_and_checks_no_caps()
    {
        await SetLuanHistoryAsync();
        var worker = Client(Yuan, Roles.Worker);

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => worker.ListAllowanceStandardsAsync(new ListAllowanceStandardsRequest()).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => worker.GetStandardInForceAsync(new GetStandardInForceRequest()).ResponseAsync);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => worker.CheckAidCapAsync(Check(AidType.Living, 100)).ResponseAsync);
    }

    public static TheoryData<string, long, string, string, string> BadAllowances => new()
    {
        { "34//3415", 65_900, "2021-07-01", "ref", "locality_path" },
        { Luan, 0, "2021-07-01", "ref", "monthly_allowance" },
        { Luan, -65_900, "2021-07-01", "ref", "monthly_allowance" },
        { Luan, 10_000_001, "2021-07-01", "ref", "monthly_allowance" },
        { Luan, 65_900, "", "ref", "effective_from" },
        { Luan, 65_900, "2021-7-1", "ref", "effective_from" },
        { Luan, 65_900, "2021-02-30", "ref", "effective_from" },
        { Luan, 65_900, "1999-12-31", "ref", "effective_from" },
        { Luan, 65_900, "2021-07-01", " ", "reference" },
        { Luan, 65_900, "2021-07-01", new string('文', 201), "reference" },
    };

    [Theory]
    [MemberData(nameof(BadAllowances))]
    public async Task Set_refuses_bad_input_and_changes_nothing(string path, long fen, string from, string reference, string field)
    {
        var before = await host.RowCountsAsync();
        var request = Allowance(path, fen, from);
        request.Reference = reference;

        var e = await RpcAssert.InvalidArgument(() => Client(Anhui, Roles.Finance).SetAllowanceStandardAsync(request).ResponseAsync, field);

        Assert.Equal([field], e.ViolatedFields().Distinct());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Set_without_an_allowance_names_it_and_every_other_bad_field()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(
            () => Client(Anhui, Roles.Finance).SetAllowanceStandardAsync(new SetAllowanceStandardRequest { EffectiveFrom = "x" }).ResponseAsync,
            "monthly_allowance", "effective_from", "reference");

        Assert.Equal(3, e.ViolatedFields().Count);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Hainans_living_aid_standard_rose_from_600_to_1000_yuan_per_household()
    {
        var finance = Client(Hainan, Roles.Finance);
        SetPaymentStandardRequest Living(long fen, string from) => new()
        {
            AidType = AidType.Living, Amount = new Money { Fen = fen }, EffectiveFrom = from, Reference = "生活救助标准由600元每户提高到每户1000元",
        };
        await finance.SetPaymentStandardAsync(Living(60_000, "2014-01-01"));
        var raised = await finance.SetPaymentStandardAsync(Living(100_000, "2015-01-01"));
        var duplicate = await RpcAssert.Fails(StatusCode.AlreadyExists,
            () => finance.SetPaymentStandardAsync(Living(120_000, "2015-01-01")).ResponseAsync);

        var in2014 = await finance.GetStandardInForceAsync(new GetStandardInForceRequest { On = "2014-12-31" });
        var in2015 = await Client(Hainan + "/4601", Roles.Caseworker).GetStandardInForceAsync(new GetStandardInForceRequest { On = "2015-06-01" });

        Assert.Equal("STANDARD_EXISTS", duplicate.Code());
        Assert.Equal(AidType.Living, raised.AidType);
        Assert.Equal(60_000, Assert.Single(in2014.PaymentStandards).Amount.Fen);
        var current = Assert.Single(in2015.PaymentStandards);
        Assert.Equal(raised, current);
        Assert.Null(in2015.Allowance);
    }

    [Fact]
    public async Task A_payment_standard_needs_an_aid_type_and_an_amount()
    {
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(
            () => Client(Hainan, Roles.Finance).SetPaymentStandardAsync(new SetPaymentStandardRequest
            {
                AidType = (AidType)9, Amount = new Money { Fen = 0 }, EffectiveFrom = "2015-01-01", Reference = "r",
            }).ResponseAsync,
            "aid_type", "amount");

        Assert.Equal(2, e.ViolatedFields().Count);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Yuan_living_aid_of_7908_yuan_a_household_year_is_allowed()
    {
        await SetLuanHistoryAsync();

        var check = await Client(Yuan, Roles.Caseworker).CheckAidCapAsync(Check(AidType.Living, 790_800));

        Assert.True(check.Allowed);
        Assert.True(check.Capped);
        Assert.Equal("LIVING_AID", check.Cap);
        Assert.Equal(790_800, check.CapAmount.Fen);
        Assert.Equal(790_800, check.Remaining.Fen);
        Assert.Equal(65_900, check.Allowance.MonthlyAllowance.Fen);
        Assert.Equal(Luan, check.Allowance.Locality.Path);
        Assert.Null(check.Violation);
    }

    [Fact]
    public async Task Yuan_living_aid_of_7908_yuan_and_one_fen_is_refused_naming_the_cap_and_what_remains()
    {
        await SetLuanHistoryAsync();

        var check = await Client(Yuan, Roles.Caseworker).CheckAidCapAsync(Check(AidType.Living, 790_801));

        Assert.False(check.Allowed);
        Assert.Equal("amount", check.Violation.Field);
        Assert.Equal("LIVING_AID_CAP_EXCEEDED", check.Violation.Reason);
        Assert.Equal("790800", check.Violation.Metadata["cap_fen"]);
        Assert.Equal("790800", check.Violation.Metadata["remaining_fen"]);
        Assert.Contains("7,908.00", check.Violation.Description);
    }

    [Fact]
    public async Task A_second_living_aid_payment_counts_the_first()
    {
        await SetLuanHistoryAsync();
        var caseworker = Client(Yuan, Roles.Caseworker);

        var fits = await caseworker.CheckAidCapAsync(Check(AidType.Living, 390_800, "2021-10-01", 400_000));
        var over = await caseworker.CheckAidCapAsync(Check(AidType.Living, 390_801, "2021-10-01", 400_000));

        Assert.True(fits.Allowed);
        Assert.Equal(400_000, fits.Earlier.Fen);
        Assert.Equal(390_800, fits.Remaining.Fen);
        Assert.False(over.Allowed);
        Assert.Equal("390800", over.Violation.Metadata["remaining_fen"]);
    }

    [Fact]
    public async Task A_living_aid_decision_before_2021_07_01_uses_the_previous_standard()
    {
        await SetLuanHistoryAsync();
        var caseworker = Client(Yuan, Roles.Caseworker);

        var fits = await caseworker.CheckAidCapAsync(Check(AidType.Living, 744_000, "2021-06-30"));
        var over = await caseworker.CheckAidCapAsync(Check(AidType.Living, 744_001, "2021-06-30"));

        Assert.True(fits.Allowed);
        Assert.Equal(62_000, fits.Allowance.MonthlyAllowance.Fen);
        Assert.Equal(744_000, fits.CapAmount.Fen);
        Assert.False(over.Allowed);
        Assert.Equal("744000", over.Violation.Metadata["cap_fen"]);
    }

    [Fact]
    public async Task Yuan_education_aid_of_6590_yuan_a_student_year_in_higher_education_is_allowed_and_no_more()
    {
        await SetLuanHistoryAsync();
        var caseworker = Client(Yuan, Roles.Caseworker);
        var fits = Check(AidType.Education, 659_000);
        fits.HigherEducation = true;
        var over = Check(AidType.Education, 659_001);
        over.HigherEducation = true;

        var allowed = await caseworker.CheckAidCapAsync(fits);
        var refused = await caseworker.CheckAidCapAsync(over);
        // Below higher education no cap is set.
        var school = await caseworker.CheckAidCapAsync(Check(AidType.Education, 659_001));

        Assert.True(allowed.Allowed);
        Assert.Equal(659_000, allowed.CapAmount.Fen);
        Assert.False(refused.Allowed);
        Assert.Equal("EDUCATION_AID_CAP_EXCEEDED", refused.Violation.Reason);
        Assert.True(school.Allowed);
        Assert.False(school.Capped);
    }

    [Fact]
    public async Task Medical_aid_is_capped_at_the_burden_left_after_insurance()
    {
        var request = Check(AidType.Medical, 800_001, "2021-09-15", 100_000);
        request.Medical = new MedicalBurden
        {
            CompliantCosts = new Money { Fen = 5_000_000 },
            BasicInsurance = new Money { Fen = 3_000_000 },
            SeriousIllnessInsurance = new Money { Fen = 800_000 },
            SupplementaryInsurance = new Money { Fen = 200_000 },
            WorkerMutualAid = new Money { Fen = 100_000 },
        };

        // No allowance is needed for the medical cap.
        var over = await Client(Yuan, Roles.Caseworker).CheckAidCapAsync(request);
        request.Amount.Fen = 800_000;
        var fits = await Client(Yuan, Roles.Caseworker).CheckAidCapAsync(request);

        Assert.Equal("MEDICAL_AID_CAP_EXCEEDED", over.Violation.Reason);
        Assert.Equal("900000", over.Violation.Metadata["cap_fen"]);
        Assert.Equal("800000", over.Violation.Metadata["remaining_fen"]);
        Assert.True(fits.Allowed);
    }

    [Fact]
    public async Task Winter_warmth_condolence_has_no_cap()
    {
        var check = await Client(Yuan, Roles.Caseworker).CheckAidCapAsync(Check(AidType.WinterWarmth, 50_000));

        Assert.True(check.Allowed);
        Assert.False(check.Capped);
    }

    [Fact]
    public async Task A_living_aid_cap_without_an_allowance_in_force_is_a_failed_precondition()
    {
        await SetLuanHistoryAsync();

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => Client(Yuan, Roles.Caseworker).CheckAidCapAsync(Check(AidType.Living, 100, "2020-06-30")).ResponseAsync);

        Assert.Equal("NO_ALLOWANCE_STANDARD", e.Code());
    }

    [Fact]
    public async Task The_cap_check_answers_over_rest_with_the_earlier_payments_in_the_query()
    {
        await SetLuanHistoryAsync();
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.For(Yuan, Roles.Caseworker));

        using var response = await http.GetAsync("/v1/local-standards/aid-caps:check?localityPath=" + Uri.EscapeDataString(Yuan)
            + "&aidType=AID_TYPE_LIVING&decisionDate=2021-09-15&amount.fen=790501&earlierPaymentsFen=100&earlierPaymentsFen=200");

        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.False(root.GetProperty("allowed").GetBoolean());
        Assert.Equal("300", root.GetProperty("earlier").GetProperty("fen").GetString());
        Assert.Equal("790500", root.GetProperty("violation").GetProperty("metadata").GetProperty("remaining_fen").GetString());
    }

    [Fact]
    public async Task A_cap_check_names_every_bad_field()
    {
        var request = new CheckAidCapRequest
        {
            LocalityPath = "34/",
            AidType = AidType.Medical,
            DecisionDate = "2021-13-01",
            Amount = new Money { Fen = 0 },
            EarlierPaymentsFen = { 100, -5 },
        };

        var e = await RpcAssert.InvalidArgument(() => Client(Anhui, Roles.Caseworker).CheckAidCapAsync(request).ResponseAsync,
            "locality_path", "decision_date", "amount", "earlier_payments_fen[1]", "medical");

        Assert.Equal(5, e.ViolatedFields().Count);
    }
}

public sealed class SqliteLocalStandardsTests(FundsHost host) : LocalStandardsTests(host), IClassFixture<FundsHost>;

public sealed class PostgresLocalStandardsTests(PostgresFundsHost host) : LocalStandardsTests(host), IClassFixture<PostgresFundsHost>;
