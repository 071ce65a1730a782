using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ProjectsTestKit;

namespace Union.Projects.Tests;

/// <summary>
/// Filing an application: one per category per applicant per round (000_001fd36b94af060d.txt §四(一)1
/// "同类项目只申报一次"), to the applicant's parent, within the funder's cap (001_ab13bea91fa8b22f.txt
/// 第六条) and with every field problem answered at once.
/// </summary>
public abstract class ApplicationTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_second_application_of_the_same_category_in_the_same_round_is_refused_with_the_first_ones_id()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        var first = await host.ApplyAsync(Jinjiang, round.RoundId);
        var before = await host.RowCountsAsync();

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => host.ApplyAsync(Jinjiang, round.RoundId));
        Assert.Equal("PROJECT_APPLICATION_EXISTS", e.Code());
        Assert.Equal(first.ProjectId, e.Metadata()["project_id"]);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task The_same_category_is_accepted_in_another_round_and_another_category_in_the_same_round()
    {
        var annual = await host.OpenRoundAsync(Chengdu, 2027);
        var supplementary = await host.OpenRoundAsync(Chengdu, 2027, ApplicationKind.Supplementary);
        var nextYear = await host.OpenRoundAsync(Chengdu, 2028);

        await host.ApplyAsync(Jinjiang, annual.RoundId);
        await host.ApplyAsync(Jinjiang, supplementary.RoundId);
        await host.ApplyAsync(Jinjiang, nextYear.RoundId);
        await host.ApplyAsync(Jinjiang, annual.RoundId, ProjectCategory.LegalAid);
        // Another applicant's application of the same category in the same round is its own.
        await host.ApplyAsync(Qingyang, annual.RoundId);

        Assert.Equal(5, await host.ProjectCountAsync());
    }

    [Fact]
    public async Task Ten_simultaneous_applications_of_one_category_file_exactly_one()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        var calls = Enumerable.Range(0, 10).Select(async _ =>
        {
            try { return (await host.ApplyAsync(Jinjiang, round.RoundId)).ProjectId; }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists) { return "refused:" + e.Metadata()["project_id"]; }
        });
        var answers = await Task.WhenAll(calls);

        var filed = Assert.Single(answers, a => !a.StartsWith("refused:", StringComparison.Ordinal));
        Assert.All(answers.Where(a => a != filed), a => Assert.Equal("refused:" + filed, a));
        Assert.Equal(1, await host.ProjectCountAsync());
        Assert.Single(await host.OutboxAsync(nameof(ProjectApplicationSubmitted)));
    }

    [Fact]
    public async Task An_applicant_applies_to_its_parent_and_no_higher()
    {
        var chengdu = await host.OpenRoundAsync(Chengdu, 2027);
        var province = await host.OpenRoundAsync(Province, 2027);

        await host.ApplyAsync(Jinjiang, chengdu.RoundId);
        await host.ApplyAsync(Chengdu, province.RoundId, change: r => r.Level = ProjectLevel.City);

        var skip = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.ApplyAsync(Jinjiang, province.RoundId));
        Assert.Equal("NOT_THE_APPLICANTS_FUNDER", skip.Code());
        // Chengdu's round is not above Cuiping (under Yibin): Cuiping cannot even see it.
        var stranger = await RpcAssert.Fails(StatusCode.NotFound, () => host.ApplyAsync(Cuiping, chengdu.RoundId));
        Assert.Equal("ROUND_NOT_FOUND", stranger.Code());
    }

    [Fact]
    public async Task The_funders_subsidy_cap_is_answered_on_the_subsidy_field_and_writes_nothing()
    {
        var rules = new FunderRules { SubsidyCapPercent = 50, ReviewWeights = new ReviewWeights { Necessity = 40, Feasibility = 30, Prospects = 30 } };
        var byCaseworker = await RpcAssert.Fails(StatusCode.PermissionDenied, () => host.Rounds(Chengdu, Roles.Caseworker).SetFunderRulesAsync(rules).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", byCaseworker.Code());
        var set = await host.Rounds(Chengdu, Roles.Approver).SetFunderRulesAsync(rules);
        Assert.Equal((Chengdu, 50), (set.FunderPath, set.SubsidyCapPercent));

        var round = await host.OpenRoundAsync(Chengdu, 2027);
        var before = await host.RowCountsAsync();
        // Total 1,000,000 yuan; 600,000 asked is more than half (Dalian, 001_ab13bea91fa8b22f.txt 第六条).
        var e = await RpcAssert.InvalidArgument(() => host.ApplyAsync(Jinjiang, round.RoundId, change: r => r.SubsidyRequested = new Money { Fen = 60_000_000 }),
            "subsidy_requested");
        Assert.Equal("SUBSIDY_EXCEEDS_CAP", e.ReasonOf("subsidy_requested"));
        Assert.Equal(before, await host.RowCountsAsync());

        var atCap = await host.ApplyAsync(Jinjiang, round.RoundId, change: r => r.SubsidyRequested = new Money { Fen = 50_000_000 });
        Assert.Equal(50_000_000, atCap.SubsidyRequested.Fen);
    }

    [Fact]
    public async Task A_funder_without_rules_has_no_cap_but_the_subsidy_stays_within_the_total()
    {
        var province = await host.OpenRoundAsync(Province, 2027);
        var above = await RpcAssert.InvalidArgument(() => host.ApplyAsync(Chengdu, province.RoundId,
            change: r => r.SubsidyRequested = new Money { Fen = 100_000_001 }), "subsidy_requested");
        Assert.Equal("SUBSIDY_EXCEEDS_TOTAL", above.ReasonOf("subsidy_requested"));

        var all = await host.ApplyAsync(Chengdu, province.RoundId, change: r => r.SubsidyRequested = new Money { Fen = 100_000_000 });
        Assert.Equal(100_000_000, all.SubsidyRequested.Fen);
    }

    [Theory]
    [InlineData(ProjectCategory.LivingSecurity, ProjectSubcategory.Unspecified, "REQUIRED")]
    [InlineData(ProjectCategory.LivingSecurity, ProjectSubcategory.ReemploymentTraining, "NOT_OF_CATEGORY")]
    [InlineData(ProjectCategory.Medical, ProjectSubcategory.WinterWarmth, "NOT_OF_CATEGORY")]
    public async Task A_subcategory_must_belong_to_the_category(ProjectCategory category, ProjectSubcategory sub, string reason)
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        var e = await RpcAssert.InvalidArgument(() => host.ApplyAsync(Jinjiang, round.RoundId, category, r => r.Subcategory = sub), "subcategory");
        Assert.Equal(reason, e.ReasonOf("subcategory"));
        Assert.Equal(0, await host.ProjectCountAsync());
    }

    [Theory]
    [InlineData(ProjectSubcategory.WinterWarmth)]
    [InlineData(ProjectSubcategory.SummerCooling)]
    [InlineData(ProjectSubcategory.LivingAid)]
    public async Task Living_security_is_filed_under_one_of_its_three_kinds(ProjectSubcategory sub)
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        var project = await host.ApplyAsync(Jinjiang, round.RoundId, ProjectCategory.LivingSecurity, r => r.Subcategory = sub);
        Assert.Equal(sub, project.Subcategory);
    }

    [Fact]
    public async Task A_request_with_many_problems_hears_of_all_of_them_at_once_and_changes_nothing()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.InvalidArgument(() => host.ApplyAsync(Jinjiang, round.RoundId, change: r =>
        {
            r.Title = "";
            r.Budget[1].Amount = new Money { Fen = 0 };
            r.Milestones[0].DueOn = "2027-02-30";
            r.Contact.Name = " ";
            r.Targets.WorkersDirectlyServed = r.Targets.WorkersCovered + 1;
            r.Responsibilities[1].Person = "";
            r.Content.ServedGroups = "";
        }), "title", "budget[1].amount", "milestones[0].due_on", "contact.name", "targets.workers_directly_served",
            "responsibilities[1].person", "content.served_groups");
        Assert.Equal(7, e.ViolatedFields().Count);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_replayed_application_under_the_same_idempotency_key_is_filed_once()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        var request = Valid(round.RoundId);
        var client = host.Applicant(Jinjiang);

        var first = await client.CreateProjectApplicationAsync(request, Key("apply-medical-2027"));
        var again = await client.CreateProjectApplicationAsync(request, Key("apply-medical-2027"));

        Assert.Equal(first, again);
        Assert.Equal(1, await host.ProjectCountAsync());
        Assert.Single(await host.OutboxAsync(nameof(ProjectApplicationSubmitted)));
        // Without the key the same request is a second application, refused as such.
        await RpcAssert.Fails(StatusCode.AlreadyExists, () => client.CreateProjectApplicationAsync(request).ResponseAsync);
    }

    [Fact]
    public async Task The_submitted_event_carries_ids_and_amounts_only()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        var project = await host.ApplyAsync(Jinjiang, round.RoundId);

        var message = Assert.Single(await host.OutboxAsync(nameof(ProjectApplicationSubmitted)));
        var submitted = Parse<ProjectApplicationSubmitted>(message);
        Assert.Equal((project.ProjectId, 2027, "MEDICAL", 100_000_000L), (submitted.ProjectId, submitted.Year, submitted.Category, submitted.Total.Fen));
        Assert.Equal(Jinjiang, message.OrganisationPath);
        // Nothing the applicant wrote travels: no title, contact or background.
        foreach (var text in new[] { project.Title, project.Contact.Name, project.Contact.Phone, project.Background })
            Assert.DoesNotContain(text, message.Payload, StringComparison.Ordinal);
    }
}

public sealed class SqliteApplicationTests(SqliteProjects host) : ApplicationTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresApplicationTests(PostgresProjects host) : ApplicationTests(host), IClassFixture<PostgresProjects>;
