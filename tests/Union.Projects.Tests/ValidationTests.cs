using Google.Rpc;
using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>Bad input answers INVALID_ARGUMENT naming every bad field, and changes nothing.</summary>
public class ValidationTests(SqliteProjects host) : IClassFixture<SqliteProjects>, IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static BudgetLine Line(FundSource source, long fen) => new() { Source = source, Amount = new Money { Fen = fen } };

    private static void Budget(CreateProjectApplicationRequest r, params BudgetLine[] lines)
    {
        r.Budget.Clear();
        r.Budget.Add(lines);
    }

    /// <summary>Each case: a change that breaks a valid request, and the (field, reason) violations expected.</summary>
    private static readonly Dictionary<string, (Action<CreateProjectApplicationRequest> Break, (string Field, string Reason)[] Expected)> Cases = new()
    {
        ["everything missing"] = (r => { r.Year = 0; r.Category = 0; r.Kind = 0; r.Title = ""; r.Background = ""; r.Budget.Clear(); r.TargetBeneficiaries = 0; },
            [("year", "OUT_OF_RANGE"), ("category", "REQUIRED"), ("kind", "REQUIRED"), ("title", "REQUIRED"), ("background", "REQUIRED"),
             ("budget", "REQUIRED"), ("target_beneficiaries", "OUT_OF_RANGE")]),
        ["title blank"] = (r => r.Title = "   ", [("title", "REQUIRED")]),
        ["title over 100"] = (r => r.Title = new string('项', 101), [("title", "TOO_LONG")]),
        ["background over 2000"] = (r => r.Background = new string('背', 2001), [("background", "TOO_LONG")]),
        ["year before 2000"] = (r => r.Year = 1999, [("year", "OUT_OF_RANGE")]),
        ["year after 2100"] = (r => r.Year = 2101, [("year", "OUT_OF_RANGE")]),
        ["category unspecified"] = (r => r.Category = ProjectCategory.Unspecified, [("category", "REQUIRED")]),
        ["category unknown"] = (r => r.Category = (ProjectCategory)99, [("category", "UNKNOWN_ENUM_VALUE")]),
        ["kind unknown"] = (r => r.Kind = (ApplicationKind)7, [("kind", "UNKNOWN_ENUM_VALUE")]),
        ["budget empty"] = (r => r.Budget.Clear(), [("budget", "REQUIRED")]),
        ["amount zero"] = (r => Budget(r, Line(FundSource.UnionFunds, 0)), [("budget[0].amount", "AMOUNT_NOT_POSITIVE")]),
        ["amount negative"] = (r => Budget(r, Line(FundSource.UnionFunds, 100), Line(FundSource.Other, -1)), [("budget[1].amount", "AMOUNT_NOT_POSITIVE")]),
        ["amount missing"] = (r => Budget(r, new BudgetLine { Source = FundSource.UnionFunds }), [("budget[0].amount", "REQUIRED")]),
        ["amount over the bound"] = (r => Budget(r, Line(FundSource.UnionFunds, 1_000_000_000_001)), [("budget[0].amount", "AMOUNT_TOO_LARGE")]),
        ["total over the bound"] = (r => Budget(r, Line(FundSource.UnionFunds, 600_000_000_000), Line(FundSource.Other, 600_000_000_000)), [("budget", "AMOUNT_TOO_LARGE")]),
        ["source unspecified"] = (r => Budget(r, new BudgetLine { Amount = new Money { Fen = 100 } }), [("budget[0].source", "REQUIRED")]),
        ["source unknown"] = (r => Budget(r, Line((FundSource)42, 100)), [("budget[0].source", "UNKNOWN_ENUM_VALUE")]),
        ["source duplicated"] = (r => Budget(r, Line(FundSource.UnionFunds, 100), Line(FundSource.Other, 100), Line(FundSource.UnionFunds, 200)),
            [("budget[2].source", "DUPLICATE_FUND_SOURCE")]),
        ["too many lines"] = (r => Budget(r, Enumerable.Range(0, 21).Select(_ => Line(FundSource.UnionFunds, 1)).ToArray()), [("budget", "TOO_MANY")]),
        ["beneficiaries negative"] = (r => r.TargetBeneficiaries = -5, [("target_beneficiaries", "OUT_OF_RANGE")]),
        ["beneficiaries over the bound"] = (r => r.TargetBeneficiaries = 10_000_001, [("target_beneficiaries", "OUT_OF_RANGE")]),
        ["organisation path malformed"] = (r => r.OrganisationPath = "51//510104", [("organisation_path", "INVALID_ORGANISATION_PATH")]),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Create_with_bad_input_answers_invalid_argument_naming_the_fields_and_changes_nothing(string name)
    {
        var (breakRequest, expected) = Cases[name];
        var request = Valid();
        breakRequest(request);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.InvalidArgument(() => host.Client(Jinjiang).CreateProjectApplicationAsync(request).ResponseAsync,
            expected.Select(x => x.Field).ToArray());

        var violations = e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => (v.Field, v.Reason)).ToList();
        foreach (var pair in expected) Assert.Contains(pair, violations);
        Assert.Equal(expected.Length, violations.Count);
        Assert.Equal("INVALID_ARGUMENT", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Bad_input_with_an_idempotency_key_changes_nothing_either()
    {
        var request = Valid();
        request.Title = "";
        var before = await host.RowCountsAsync();

        await RpcAssert.InvalidArgument(() => host.Client(Jinjiang).CreateProjectApplicationAsync(request, Key("bad-1")).ResponseAsync, "title");

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Bounds_are_inclusive_a_title_of_100_and_a_total_of_exactly_ten_billion_yuan_pass()
    {
        var request = Valid();
        request.Title = new string('项', 100);
        request.Background = new string('背', 2000);
        Budget(request, Line(FundSource.CentralFinance, 400_000_000_000), Line(FundSource.UnionFunds, 600_000_000_000));

        var created = await host.Client(Jinjiang).CreateProjectApplicationAsync(request);

        Assert.Equal(1_000_000_000_000, created.Total.Fen);
    }

    [Theory]
    [InlineData("", "REQUIRED")]
    [InlineData("not-a-guid", "INVALID_ID")]
    public async Task Get_with_a_malformed_id_answers_invalid_argument(string id, string reason)
    {
        var e = await RpcAssert.InvalidArgument(
            () => host.Client(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = id }).ResponseAsync, "project_id");

        Assert.Equal(reason, e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Reason);
    }

    [Fact]
    public async Task A_call_without_a_token_is_refused()
    {
        var client = new ProjectApplications.ProjectApplicationsClient(host.Channel);

        await RpcAssert.Fails(StatusCode.Unauthenticated, () => client.CreateProjectApplicationAsync(Valid()).ResponseAsync);
    }
}
