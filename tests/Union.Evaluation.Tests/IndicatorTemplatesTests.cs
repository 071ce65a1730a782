using Google.Protobuf;
using Grpc.Core;
using Union.Contracts.Evaluation.V1;
using Union.Evaluation.Tests.Infrastructure;
using Union.Shared.Auth;
using Union.Testing;
using IndicatorInput = Union.Contracts.Evaluation.V1.IndicatorInput;

namespace Union.Evaluation.Tests;

/// <summary>The IndicatorTemplates API over gRPC on the host: create, version, retire, import/export, dry scoring.</summary>
public sealed class IndicatorTemplatesTests(EvaluationHost host) : IClassFixture<EvaluationHost>, IAsyncLifetime
{
    private const string Province = "51";
    private const string City = "51/5115";

    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static CreateTemplateRequest Sample(string code = "sichuan-project-2025", string leafPoints = "60") => new()
    {
        Code = code,
        Name = "四川省帮扶项目绩效评价指标",
        Source = "省总工会评价工作组",
        TotalPoints = "100",
        Indicators =
        {
            new Indicator
            {
                Key = "G1", Name = "产出", Points = "100",
                Children =
                {
                    new Indicator { Key = "1", Name = "完成率", Points = leafPoints, Rule = new ScoringRule { Kind = RuleKind.Completion, PerPercentagePoint = "0.5" } },
                    new Indicator { Key = "2", Name = "标准执行", Points = "40", Rule = new ScoringRule { Kind = RuleKind.Deduction, PerOccurrence = "0.1" }, NotSelfEvaluated = true },
                },
            },
        },
    };

    [Fact]
    public async Task The_built_in_templates_are_listed_for_staff()
    {
        var list = await host.Templates(City, Roles.Caseworker).ListTemplatesAsync(new ListTemplatesRequest());

        Assert.Equal(["hainan-2015", "yuan-2021"], list.Templates.Select(t => t.Code));
        Assert.All(list.Templates, t => Assert.True(t.BuiltIn));
        var yuan = await host.Templates(City).GetTemplateAsync(new GetTemplateRequest { Code = "yuan-2021" });
        Assert.Equal(4, yuan.Indicators.Count);
        Assert.Equal("100", yuan.TotalPoints);
    }

    [Fact]
    public async Task A_province_evaluator_creates_and_reads_a_template()
    {
        var created = await host.Templates(Province).CreateTemplateAsync(Sample());

        Assert.Equal(1, created.Version);
        Assert.Equal(TemplateStatus.Active, created.Status);
        var fetched = await host.Templates(City).GetTemplateAsync(new GetTemplateRequest { Code = created.Code, Version = 1 });
        Assert.Equal(created, fetched);
        Assert.Equal("0.5", fetched.Indicators[0].Children[0].Rule.PerPercentagePoint);
        Assert.True(fetched.Indicators[0].Children[1].NotSelfEvaluated);
    }

    [Fact]
    public async Task Only_province_evaluation_staff_write_templates()
    {
        await host.Templates(Province).GetTemplateAsync(new GetTemplateRequest { Code = "yuan-2021" });
        var before = await host.RowCountsAsync();

        var city = await RpcAssert.Fails(StatusCode.PermissionDenied, () => host.Templates(City).CreateTemplateAsync(Sample()).ResponseAsync);
        var role = await RpcAssert.Fails(StatusCode.PermissionDenied, () => host.Templates(Province, Roles.Caseworker).CreateTemplateAsync(Sample()).ResponseAsync);
        var worker = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Templates(City, Roles.Worker).GetTemplateAsync(new GetTemplateRequest { Code = "yuan-2021" }).ResponseAsync);

        Assert.Equal(["PROVINCE_ONLY", "ROLE_REQUIRED", "ROLE_REQUIRED"], new[] { city, role, worker }.Select(e => e.Code()));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_new_version_keeps_the_old_one_and_an_evaluation_keeps_the_version_it_started_with()
    {
        await host.Templates(Province).CreateTemplateAsync(Sample());
        var evaluation = await host.Client(City).CreateEvaluationAsync(Requests.Programme(2025, system: "sichuan-project-2025"));

        var second = Sample();
        var v2 = await host.Templates(Province).CreateTemplateVersionAsync(new CreateTemplateVersionRequest
        {
            Code = second.Code, Name = second.Name + "（修订）", Source = second.Source, TotalPoints = "100", Indicators = { second.Indicators },
        });

        Assert.Equal(2, v2.Version);
        var v1 = await host.Templates(City).GetTemplateAsync(new GetTemplateRequest { Code = "sichuan-project-2025", Version = 1 });
        Assert.Equal("四川省帮扶项目绩效评价指标", v1.Name);
        Assert.Equal(2, (await host.Templates(City).GetTemplateAsync(new GetTemplateRequest { Code = "sichuan-project-2025" })).Version);
        var kept = await host.Client(City).GetEvaluationAsync(new GetEvaluationRequest { EvaluationId = evaluation.EvaluationId });
        Assert.Equal(1, kept.IndicatorSystemVersion);
        var next = await host.Client(City).CreateEvaluationAsync(Requests.Programme(2026, system: "sichuan-project-2025"));
        Assert.Equal(2, next.IndicatorSystemVersion);
    }

    [Fact]
    public async Task A_retired_version_starts_no_evaluation_but_stays_readable()
    {
        await host.Templates(Province).CreateTemplateAsync(Sample());
        var retired = await host.Templates(Province).RetireTemplateVersionAsync(new RetireTemplateVersionRequest { Code = "sichuan-project-2025", Version = 1, Reason = "已由新指标替代" });
        Assert.Equal(TemplateStatus.Retired, retired.Status);

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.Client(City).CreateEvaluationAsync(new CreateEvaluationRequest
        {
            SubjectKind = SubjectKind.Programme, Year = 2025, IndicatorSystem = "sichuan-project-2025", IndicatorSystemVersion = 1,
        }).ResponseAsync);
        Assert.Equal("TEMPLATE_RETIRED", e.Code());
        var again = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.Templates(Province)
            .RetireTemplateVersionAsync(new RetireTemplateVersionRequest { Code = "sichuan-project-2025", Version = 1, Reason = "再次" }).ResponseAsync);
        Assert.Equal("TEMPLATE_RETIRED", again.Code());
        Assert.Equal(TemplateStatus.Retired, (await host.Templates(City).GetTemplateAsync(new GetTemplateRequest { Code = "sichuan-project-2025", Version = 1 })).Status);
    }

    [Fact]
    public async Task Bad_templates_get_field_violations_and_nothing_is_stored()
    {
        var before = await host.RowCountsAsync();
        var bad = Sample(code: "Bad Code", leafPoints: "55");
        bad.Indicators[0].Children[1].Rule = new ScoringRule { Kind = RuleKind.Deduction, PerOccurrence = "x" };

        var e = await RpcAssert.InvalidArgument(() => host.Templates(Province).CreateTemplateAsync(bad).ResponseAsync,
            "code", "indicators[0].children[1].rule.per_occurrence");
        Assert.Equal(before, await host.RowCountsAsync());

        var sums = await RpcAssert.InvalidArgument(() => host.Templates(Province).CreateTemplateAsync(Sample(leafPoints: "55")).ResponseAsync,
            "indicators[0].points");
        Assert.Equal("CHILDREN_POINTS_MISMATCH", sums.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations[0].Reason);
        Assert.Equal(before, await host.RowCountsAsync());
        _ = e;
    }

    [Fact]
    public async Task Export_then_import_through_the_api_gives_the_same_tree_as_a_new_version()
    {
        var exported = await host.Templates(City).ExportTemplateAsync(new ExportTemplateRequest { Code = "yuan-2021", Version = 1 });
        Assert.Equal("yuan-2021-v1.xlsx", exported.FileName);

        var imported = await host.Templates(Province).ImportTemplateAsync(new ImportTemplateRequest
        {
            Code = "yuan-2021", Name = "裕安区困难职工帮扶民生工程绩效评价指标（2021，导入）", Workbook = exported.Workbook,
        });

        Assert.Equal(2, imported.Version);
        var original = await host.Templates(City).GetTemplateAsync(new GetTemplateRequest { Code = "yuan-2021", Version = 1 });
        Assert.Equal(original.Indicators, imported.Indicators);
    }

    [Fact]
    public async Task A_bad_workbook_is_refused_by_row_and_nothing_is_stored()
    {
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.InvalidArgument(() => host.Templates(Province).ImportTemplateAsync(new ImportTemplateRequest
        {
            Code = "broken", Name = "坏的", Workbook = ByteString.CopyFromUtf8("not a workbook"),
        }).ResponseAsync, "workbook");
        Assert.Equal("UNREADABLE_WORKBOOK", e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations[0].Reason);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task ScoreTemplate_scores_the_Yuan_report_to_100_without_storing_anything()
    {
        var before = await host.RowCountsAsync();
        var request = new ScoreTemplateRequest { Code = "yuan-2021", Version = 1 };
        foreach (var input in ScoringEngineTests.YuAnReportFigures())
        {
            var dto = new IndicatorInput { Key = input.Key, Evidence = input.Evidence };
            dto.Ticked.AddRange(input.Ticked);
            if (input.Score is { } s) dto.Score = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (input.Yes is { } y) dto.Yes = y;
            if (input.Occurrences is { } n) dto.Occurrences = n;
            dto.Lines.AddRange(input.Lines.Select(l => new CompletionLine { Label = l.Label, Actual = l.Actual.ToString(), Target = l.Target.ToString() }));
            dto.Cases.AddRange(input.Cases.Select(c => new DeadlineCase { StartDate = c.Start.ToString("yyyy-MM-dd"), DoneDate = c.Done.ToString("yyyy-MM-dd") }));
            request.Inputs.Add(dto);
        }

        var sheet = await host.Templates(City, Roles.Reviewer).ScoreTemplateAsync(request);

        Assert.Equal("100", sheet.Total);
        Assert.Equal(["20", "35", "25", "20"], sheet.Indicators.Select(i => i.Score));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task ScoreTemplate_refuses_a_zero_target_as_invalid()
    {
        var request = new ScoreTemplateRequest { Code = "yuan-2021" };
        request.Inputs.Add(new IndicatorInput { Key = "12", Lines = { new CompletionLine { Label = "生活救助", Actual = "3", Target = "0" } } });

        var e = await RpcAssert.InvalidArgument(() => host.Templates(City).ScoreTemplateAsync(request).ResponseAsync, "inputs[0].lines[0].target");
        Assert.Equal("INVALID_TARGET", e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations[0].Reason);
    }
}
