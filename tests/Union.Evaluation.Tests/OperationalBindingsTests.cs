using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Evaluation.V1;
using Union.Contracts.Events.V1;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Domain.Templates;
using Union.Evaluation.Tests.Infrastructure;
using Union.Shared.Auth;
using Union.Testing;
using CampaignWindowDto = Union.Contracts.Evaluation.V1.CampaignWindow;
using Measure = Union.Contracts.Evaluation.V1.Measure;
using OperationalBindingDto = Union.Contracts.Evaluation.V1.OperationalBinding;
using RuleKind = Union.Contracts.Evaluation.V1.RuleKind;
using ScoringRule = Union.Contracts.Evaluation.V1.ScoringRule;
using ChecklistItem = Union.Contracts.Evaluation.V1.ChecklistItem;

namespace Union.Evaluation.Tests;

/// <summary>Bindings as template data, the visits from archives' events, and the campaign windows they are counted in.</summary>
public class OperationalBindingsTests(EvaluationHost host) : IClassFixture<EvaluationHost>, IAsyncLifetime
{
    private const string Province = "51";
    private const string City = "51/5115";
    private const string County = "51/5115/511502";
    private const string VisitsItem = "家庭走访";

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A province's own template: a visits checklist and a completion leaf, both bound.</summary>
    private static CreateTemplateRequest ProvinceTemplate(params OperationalBindingDto[] bindings)
    {
        var request = new CreateTemplateRequest
        {
            Code = "sichuan-programme-2025",
            Name = "四川省困难职工帮扶绩效评价指标",
            Source = "省总工会评价工作组",
            TotalPoints = "100",
            Indicators =
            {
                new Indicator
                {
                    Key = "G1", Name = "管理", Points = "100",
                    Children =
                    {
                        new Indicator
                        {
                            Key = "1", Name = "档案动态管理", Points = "40",
                            Rule = new ScoringRule { Kind = RuleKind.Checklist, Items = { new ChecklistItem { Name = VisitsItem, Points = "20" }, new ChecklistItem { Name = "纸电一致", Points = "20" } } },
                        },
                        new Indicator { Key = "2", Name = "完成率", Points = "60", Rule = new ScoringRule { Kind = RuleKind.Completion, PerPercentagePoint = "0.5" } },
                    },
                },
            },
        };
        request.Bindings.AddRange(bindings.Length > 0 ? bindings :
        [
            new OperationalBindingDto { Measure = Measure.VisitsInCampaignWindows, IndicatorKey = "1", ChecklistItem = VisitsItem },
            new OperationalBindingDto { Measure = Measure.CompletionByAidType, IndicatorKey = "2" },
        ]);
        return request;
    }

    private static EventHeader Header(string org, DateTime at) => new()
    {
        EventId = Guid.CreateVersion7().ToString(), OccurredAt = Timestamp.FromDateTime(at), OrganisationPath = org,
        CorrelationId = Guid.NewGuid().ToString("N"),
    };

    private static HouseholdVisited Visited(Guid household, string on, string org = County) => new()
    {
        Header = Header(org, DateTime.UtcNow), VisitId = Guid.NewGuid().ToString(), HouseholdId = household.ToString(),
        VisitedOn = on, VisitKind = "ROUTINE",
    };

    private static HouseholdArchived Archived(Guid household, DateTime at, string org = County) => new()
    {
        Header = Header(org, at), HouseholdId = household.ToString(), Category = "RELATIVE", ArchiveStatus = "ACTIVE",
    };

    private Task<int> InboxAsync() => host.WithDatabaseAsync(db => db.InboxMessages.CountAsync());

    [Fact]
    public async Task A_redelivered_visit_has_no_second_effect()
    {
        var bus = host.Services.GetRequiredService<IBus>();
        var visit = Visited(Guid.NewGuid(), "2025-09-20");
        await bus.Publish(visit);
        await bus.Publish(visit.Clone());
        // The same visit under a new event id (a publisher's retry) is still one visit.
        var again = visit.Clone();
        again.Header.EventId = Guid.CreateVersion7().ToString();
        await bus.Publish(again);

        await Eventually.ReturnsAsync(InboxAsync, n => n == 2, "the visit and its retry to be consumed once each");
        var fact = Assert.Single(await host.WithDatabaseAsync(db => db.Set<VisitFact>().ToListAsync()));
        Assert.Equal((Guid.Parse(visit.VisitId), new DateOnly(2025, 9, 20), County, "ROUTINE"), (fact.VisitId, fact.VisitedOn, fact.OrganisationPath, fact.Kind));
    }

    [Fact]
    public async Task A_province_template_with_bindings_is_filled_from_events_in_the_windows_the_city_set()
    {
        var created = await host.Templates(Province).CreateTemplateAsync(ProvinceTemplate());
        Assert.Equal(2, created.Bindings.Count);
        var read = await host.Templates(City).GetTemplateAsync(new GetTemplateRequest { Code = created.Code, Version = 1 });
        Assert.Equal(created.Bindings, read.Bindings);

        var windows = await host.Client(City).CreateEvaluationAsync(Requests.Programme(2025, City, created.Code));
        var set = await new CampaignWindows.CampaignWindowsClient(host.As(City, Roles.Evaluator)).SetCampaignWindowsAsync(new SetCampaignWindowsRequest
        {
            Year = 2025,
            Windows =
            {
                new CampaignWindowDto { Name = "元旦春节", FromDate = "2025-01-01", ToDate = "2025-02-12" },
                new CampaignWindowDto { Name = "中秋节", FromDate = "2025-09-20", ToDate = "2025-10-06" },
            },
        });
        Assert.Equal((City, false), (set.SetBy, set.IsDefault));
        // The county below reads the city's set.
        var county = await new CampaignWindows.CampaignWindowsClient(host.As(County, Roles.Caseworker)).GetCampaignWindowsAsync(new GetCampaignWindowsRequest { Year = 2025 });
        Assert.Equal(City, county.SetBy);

        var bus = host.Services.GetRequiredService<IBus>();
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var spring = Visited(a, "2025-01-20");
        var autumnA = Visited(a, "2025-09-25");
        var springB = Visited(b, "2025-02-01");
        var lateB = Visited(b, "2025-10-07"); // a day after the mid-autumn window closed
        await bus.Publish(Archived(a, new DateTime(2024, 6, 1, 2, 0, 0, DateTimeKind.Utc)));
        await bus.Publish(Archived(b, new DateTime(2024, 6, 1, 2, 0, 0, DateTimeKind.Utc)));
        foreach (var visit in new[] { spring, autumnA, springB, lateB }) await bus.Publish(visit);
        await Eventually.ReturnsAsync(InboxAsync, n => n == 6, "the households and visits to be consumed");

        var refreshed = await host.Client(City, Roles.Caseworker).RefreshOperationalIndicatorsAsync(new RefreshOperationalIndicatorsRequest { EvaluationId = windows.EvaluationId });
        var visits = refreshed.Inputs.Single(i => i.Input.Key == "1");
        Assert.DoesNotContain(VisitsItem, visits.Input.Ticked);
        Assert.Contains($"household:{b}", visits.EvidenceIds);
        Assert.Contains($"visit:{autumnA.VisitId}", visits.EvidenceIds);
        Assert.DoesNotContain($"visit:{lateB.VisitId}", visits.EvidenceIds);
        Assert.Contains($"未走访1户：{b}", visits.Basis);

        // The missing visit comes in: every household on file was visited in both windows.
        var autumnB = Visited(b, "2025-10-01");
        await bus.Publish(autumnB);
        await Eventually.ReturnsAsync(InboxAsync, n => n == 7, "the late visit to be consumed");
        refreshed = await host.Client(City, Roles.Caseworker).RefreshOperationalIndicatorsAsync(new RefreshOperationalIndicatorsRequest { EvaluationId = windows.EvaluationId });
        visits = refreshed.Inputs.Single(i => i.Input.Key == "1");
        Assert.Equal([VisitsItem], visits.Input.Ticked);
        Assert.Equal(
            new[] { spring.VisitId, springB.VisitId, autumnA.VisitId, autumnB.VisitId }.Select(v => $"visit:{v}").Order(),
            visits.EvidenceIds.Order());
    }

    [Fact]
    public async Task Invalid_bindings_are_refused_with_field_violations_and_nothing_is_stored()
    {
        var request = ProvinceTemplate(
            new OperationalBindingDto { Measure = Measure.VisitsInCampaignWindows, IndicatorKey = "9", ChecklistItem = VisitsItem },
            new OperationalBindingDto { Measure = Measure.CompletionByAidType, IndicatorKey = "1" },
            new OperationalBindingDto { Measure = Measure.VisitsInCampaignWindows, IndicatorKey = "1", ChecklistItem = "入户慰问" },
            new OperationalBindingDto { Measure = Measure.VisitsInCampaignWindows, IndicatorKey = "G1", ChecklistItem = VisitsItem },
            new OperationalBindingDto { Measure = Measure.Unspecified, IndicatorKey = "2" },
            new OperationalBindingDto { Measure = Measure.CompletionByAidType, IndicatorKey = "2", ChecklistItem = VisitsItem });
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => host.Templates(Province).CreateTemplateAsync(request).ResponseAsync);

        var violations = global::Grpc.Core.RpcExceptionExtensions.GetRpcStatus(e)!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations
            .Select(v => (v.Field, v.Reason)).ToList();
        Assert.Equal(
        [
            ("bindings[0].indicator_key", "UNKNOWN_INDICATOR"),
            ("bindings[1].measure", "RULE_KIND_MISMATCH"),
            ("bindings[2].checklist_item", "UNKNOWN_ITEM"),
            ("bindings[3].indicator_key", "NOT_A_LEAF"),
            ("bindings[4].measure", "INVALID_MEASURE"),
            ("bindings[5].checklist_item", "NOT_ALLOWED"),
        ], violations);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task The_built_in_yuan_template_carries_its_bindings_and_the_visits_binding_on_indicator_8()
    {
        var yuan = await host.Templates(City).GetTemplateAsync(new GetTemplateRequest { Code = "yuan-2021" });
        Assert.Equal(10, yuan.Bindings.Count);
        Assert.Contains(yuan.Bindings, b => b.Measure == Measure.VisitsInCampaignWindows && b.IndicatorKey == "8" && b.ChecklistItem == "动态管理定期走访");
        var hainan = await host.Templates(City).GetTemplateAsync(new GetTemplateRequest { Code = "hainan-2015" });
        Assert.Empty(hainan.Bindings);
        // Every built-in binding passes the rules a province's own bindings pass.
        foreach (var content in BuiltInTemplates.All)
            Assert.Empty(new Union.Shared.Validation.RequestValidator().Bindings(content.Tree, content.Bindings ?? []).Violations);
    }

    [Fact]
    public async Task Windows_are_set_only_within_the_callers_subtree()
    {
        var client = new CampaignWindows.CampaignWindowsClient(host.As(County, Roles.Evaluator));
        var e = await RpcAssert.Fails(StatusCode.NotFound, () => client.SetCampaignWindowsAsync(new SetCampaignWindowsRequest
        {
            Year = 2025, OrganisationPath = City, Windows = { new CampaignWindowDto { Name = "中秋节", FromDate = "2025-09-20", ToDate = "2025-10-06" } },
        }).ResponseAsync);
        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
        var bad = await RpcAssert.Fails(StatusCode.InvalidArgument, () => client.SetCampaignWindowsAsync(new SetCampaignWindowsRequest
        {
            Year = 2025, Windows = { new CampaignWindowDto { Name = "中秋节", FromDate = "2025-10-06", ToDate = "2025-09-20" } },
        }).ResponseAsync);
        Assert.Equal("INVALID_ARGUMENT", bad.Code());
        var defaults = await client.GetCampaignWindowsAsync(new GetCampaignWindowsRequest { Year = 2021 });
        Assert.True(defaults.IsDefault);
        Assert.Equal(["元旦春节 2021-01-01 2021-02-26", "中秋节 2021-09-07 2021-09-21"], defaults.Windows.Select(w => $"{w.Name} {w.FromDate} {w.ToDate}"));
    }
}

/// <summary>The visits measure on its own: pure, window by window.</summary>
public class VisitsInCampaignWindowsRuleTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly IReadOnlyList<Domain.Operational.OperationalBinding> Bindings = BuiltInTemplates.YuAn2021.Bindings!;
    private static readonly Domain.Operational.CampaignWindow Spring = new("元旦春节", new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 12));
    private static readonly Domain.Operational.CampaignWindow Autumn = new("中秋节", new DateOnly(2025, 9, 22), new DateOnly(2025, 10, 6));

    private static HouseholdFact Household(Guid id, DateOnly archived, DateOnly? closed = null) =>
        new() { HouseholdId = id, OrganisationPath = "51/5115", ArchivedOn = archived, ClosedOn = closed };

    private static VisitFact Visit(Guid household, DateOnly on) =>
        new() { VisitId = Guid.NewGuid(), HouseholdId = household, OrganisationPath = "51/5115", VisitedOn = on, Kind = "ROUTINE" };

    private static OperationalValue Value(IReadOnlyList<HouseholdFact> households, IReadOnlyList<VisitFact> visits, params Domain.Operational.CampaignWindow[] windows) =>
        OperationalIndicators.Compute(BuiltInTemplates.YuAn2021.Tree, Bindings, 2025, [],
            new OperationalFacts([], [], [], households, visits, windows), new Dictionary<string, Domain.Process.StoredInput>()).Values.Single(v => v.Input.Key == "8");

    [Fact]
    public void Every_household_visited_in_every_window_ticks_the_item()
    {
        var value = Value([Household(A, new DateOnly(2024, 5, 1))], [Visit(A, new DateOnly(2025, 1, 20)), Visit(A, new DateOnly(2025, 10, 6))], Spring, Autumn);
        Assert.Contains("动态管理定期走访", value.Input.Ticked);
    }

    [Fact]
    public void A_window_without_the_visit_unticks_the_item_and_names_the_household()
    {
        var value = Value([Household(A, new DateOnly(2024, 5, 1))], [Visit(A, new DateOnly(2025, 1, 20)), Visit(A, new DateOnly(2025, 10, 7))], Spring, Autumn);
        Assert.DoesNotContain("动态管理定期走访", value.Input.Ticked);
        Assert.Contains($"household:{A}", value.EvidenceIds);
        Assert.Contains($"中秋节（2025-09-22至2025-10-06）在档1户，未走访1户：{A}", value.Basis);
    }

    [Fact]
    public void A_household_closed_before_a_window_or_archived_after_it_is_not_due_in_it()
    {
        var households = new[]
        {
            Household(A, new DateOnly(2024, 5, 1), closed: new DateOnly(2025, 6, 1)),
            Household(B, new DateOnly(2025, 3, 1)),
        };
        var value = Value(households, [Visit(A, new DateOnly(2025, 2, 1)), Visit(B, new DateOnly(2025, 9, 30))], Spring, Autumn);
        Assert.Contains("动态管理定期走访", value.Input.Ticked);
    }

    [Fact]
    public void Without_windows_or_households_the_item_is_not_ticked()
    {
        Assert.DoesNotContain("动态管理定期走访", Value([Household(A, new DateOnly(2024, 5, 1))], [Visit(A, new DateOnly(2025, 1, 20))]).Input.Ticked);
        Assert.DoesNotContain("动态管理定期走访", Value([], [], Spring, Autumn).Input.Ticked);
    }

    [Theory]
    [InlineData(2021, "2021-02-26", "2021-09-07", "2021-09-21")]
    [InlineData(2023, "2023-02-05", "2023-09-15", "2023-09-29")] // a leap second month that year
    [InlineData(2025, "2025-02-12", "2025-09-22", "2025-10-06")] // a leap sixth month that year
    public void The_default_windows_follow_the_lunar_calendar(int year, string lantern, string autumnFrom, string midAutumn)
    {
        var windows = CampaignWindowRules.DefaultFor(year);
        Assert.Equal([(new DateOnly(year, 1, 1), DateOnly.Parse(lantern)), (DateOnly.Parse(autumnFrom), DateOnly.Parse(midAutumn))],
            windows.Select(w => (w.From, w.To)));
    }
}
