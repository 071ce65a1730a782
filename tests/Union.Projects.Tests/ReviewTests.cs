using Grpc.Core;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;
using static Union.Projects.Tests.ProjectsTestKit;

namespace Union.Projects.Tests;

/// <summary>
/// The review committee scores applications on necessity, feasibility and prospects
/// (000_001fd36b94af060d.txt §四(一)2 "组织专家评审委员会…评审"), with the funder's weights.
/// </summary>
public abstract class ReviewTests(ProjectsHost host) : IAsyncLifetime
{
    private const string Jinniu = "51/5101/510106";

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(Round Round, ProjectApplication Project)> AppliedAsync()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        return (round, await host.ApplyAsync(Jinjiang, round.RoundId));
    }

    [Fact]
    public async Task Only_a_member_of_the_rounds_committee_scores()
    {
        var (round, project) = await AppliedAsync();
        var outsider = await RpcAssert.Fails(StatusCode.PermissionDenied, () => host.ScoreAsync("stranger", Chengdu, project.ProjectId, 90, 90, 90));
        Assert.Equal("NOT_ON_COMMITTEE", outsider.Code());
        // Someone outside the project's subtree and off the committee learns nothing of it.
        Assert.Equal("PROJECT_NOT_FOUND", (await RpcAssert.Fails(StatusCode.NotFound,
            () => host.ScoreAsync("stranger", Yibin, project.ProjectId, 90, 90, 90))).Code());
        // A caseworker is no reviewer, even at the funder.
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => host.Reviews(Chengdu, Roles.Caseworker).ScoreProjectAsync(
            new ScoreProjectRequest { ProjectId = project.ProjectId, Necessity = 1, Feasibility = 1, Prospects = 1 }).ResponseAsync);

        // A member from another city's union is an outside expert: the committee, not the tree, seats
        // it, and lets it read the application it is to score.
        var expert = new ProjectApplications.ProjectApplicationsClient(host.AsUser("expert", Yibin, Roles.Reviewer));
        var unseated = await RpcAssert.Fails(StatusCode.NotFound,
            () => expert.GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId }).ResponseAsync);
        Assert.Equal("PROJECT_NOT_FOUND", unseated.Code());
        await host.AddReviewerAsync(round, "expert", Yibin);
        Assert.Equal(project.Title, (await expert.GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId })).Title);
        var review = await host.ScoreAsync("expert", Yibin, project.ProjectId, 90, 80, 70);
        Assert.True(Assert.Single(review.Scores, s => s.ReviewerSubject == "expert").Counted);
    }

    [Theory]
    [InlineData(Jinjiang)]
    [InlineData(Jinjiang + "/51010401")]
    public async Task A_member_from_the_applicant_or_below_it_stands_aside(string organisation)
    {
        var (round, project) = await AppliedAsync();
        await host.AddReviewerAsync(round, "insider", organisation);
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => host.ScoreAsync("insider", organisation, project.ProjectId, 100, 100, 100));
        Assert.Equal("REVIEWER_FROM_APPLICANT", e.Code());
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Scoring_again_replaces_the_members_own_score()
    {
        var (round, project) = await AppliedAsync();
        await host.AddReviewerAsync(round, "r1", Chengdu);
        await host.ScoreAsync("r1", Chengdu, project.ProjectId, 90, 90, 90);
        var again = await host.ScoreAsync("r1", Chengdu, project.ProjectId, 60, 60, 60);

        var score = Assert.Single(again.Scores);
        Assert.Equal((60, 6000), (score.Necessity, score.WeightedCenti));
        Assert.Equal(6000, again.AggregateCenti);
        var stored = await host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId });
        Assert.Equal((ProjectStatus.UnderReview, 1, 6000), (stored.Status, stored.ReviewCount, stored.ReviewScoreCenti));
    }

    [Fact]
    public async Task The_funders_weights_are_copied_to_the_round_when_it_opens()
    {
        var approver = host.Rounds(Chengdu, Roles.Approver);
        var bad = await RpcAssert.InvalidArgument(() => approver.SetFunderRulesAsync(new FunderRules
        {
            ReviewWeights = new ReviewWeights { Necessity = 50, Feasibility = 30, Prospects = 30 },
        }).ResponseAsync, "review_weights");
        Assert.Equal("WEIGHTS_MUST_SUM_TO_100", bad.ReasonOf("review_weights"));

        await approver.SetFunderRulesAsync(new FunderRules { ReviewWeights = new ReviewWeights { Necessity = 50, Feasibility = 30, Prospects = 20 } });
        var (round, project) = await AppliedAsync();
        Assert.Equal(new ReviewWeights { Necessity = 50, Feasibility = 30, Prospects = 20 }, round.Weights);

        // Rules changed later govern later rounds, not this one.
        await approver.SetFunderRulesAsync(new FunderRules { ReviewWeights = new ReviewWeights { Necessity = 20, Feasibility = 40, Prospects = 40 } });
        await host.AddReviewerAsync(round, "r1", Chengdu);
        var review = await host.ScoreAsync("r1", Chengdu, project.ProjectId, 90, 80, 70);
        Assert.Equal(8300, Assert.Single(review.Scores).WeightedCenti); // 90×50 + 80×30 + 70×20
        Assert.Equal(50, review.Weights.Necessity);
    }

    [Fact]
    public async Task Five_scores_drop_the_single_highest_and_lowest_and_the_rest_are_averaged()
    {
        var approver = host.Rounds(Chengdu, Roles.Approver);
        await approver.SetFunderRulesAsync(new FunderRules { ReviewWeights = new ReviewWeights { Necessity = 50, Feasibility = 30, Prospects = 20 } });
        var (round, project) = await AppliedAsync();
        (string Subject, int N, int F, int P)[] panel = [("r1", 90, 80, 70), ("r2", 60, 60, 60), ("r3", 100, 100, 100), ("r4", 80, 70, 90), ("r5", 70, 75, 85)];
        ProjectReview review = new();
        foreach (var (subject, n, f, p) in panel)
        {
            await host.AddReviewerAsync(round, subject, Chengdu);
            review = await host.ScoreAsync(subject, Chengdu, project.ProjectId, n, f, p);
        }

        var bySubject = review.Scores.ToDictionary(s => s.ReviewerSubject);
        Assert.Equal([8300, 6000, 10000, 7900, 7450], panel.Select(m => bySubject[m.Subject].WeightedCenti));
        Assert.Equal([true, false, false, true, true], panel.Select(m => bySubject[m.Subject].Counted));
        Assert.Equal(7883, review.AggregateCenti); // (8300 + 7900 + 7450) / 3 = 7883.33
        var read = await host.Reviews(Chengdu).GetProjectReviewAsync(new GetProjectReviewRequest { ProjectId = project.ProjectId });
        Assert.Equal(review, read);
        var stored = await host.Applicant(Jinjiang).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = project.ProjectId });
        Assert.Equal((5, 7883), (stored.ReviewCount, stored.ReviewScoreCenti));
    }

    [Fact]
    public async Task The_ranking_orders_each_category_by_its_aggregate()
    {
        var round = await host.OpenRoundAsync(Chengdu, 2027);
        await host.AddReviewerAsync(round, "r1", Chengdu);
        var low = await host.ApplyAsync(Jinjiang, round.RoundId);
        var high = await host.ApplyAsync(Qingyang, round.RoundId);
        var middle = await host.ApplyAsync(Jinniu, round.RoundId);
        var unscored = await host.ApplyAsync(Jinjiang, round.RoundId, ProjectCategory.LegalAid);
        var legal = await host.ApplyAsync(Qingyang, round.RoundId, ProjectCategory.LegalAid);
        await host.ScoreAsync("r1", Chengdu, low.ProjectId, 70, 70, 70);
        await host.ScoreAsync("r1", Chengdu, high.ProjectId, 90, 90, 90);
        await host.ScoreAsync("r1", Chengdu, middle.ProjectId, 80, 80, 80);
        await host.ScoreAsync("r1", Chengdu, legal.ProjectId, 50, 50, 50);

        var ranking = await host.Reviews(Chengdu).RankRoundAsync(new RankRoundRequest { RoundId = round.RoundId });

        Assert.Equal([ProjectCategory.Medical, ProjectCategory.LegalAid], ranking.Categories.Select(c => c.Category));
        var medical = ranking.Categories[0].Projects;
        Assert.Equal([high.ProjectId, middle.ProjectId, low.ProjectId], medical.Select(p => p.ProjectId));
        Assert.Equal([1, 2, 3], medical.Select(p => p.Rank));
        Assert.Equal([9000, 8000, 7000], medical.Select(p => p.AggregateCenti));
        Assert.Equal([legal.ProjectId, unscored.ProjectId], ranking.Categories[1].Projects.Select(p => p.ProjectId));

        var onlyLegal = await host.Reviews(Chengdu).RankRoundAsync(new RankRoundRequest { RoundId = round.RoundId, Category = ProjectCategory.LegalAid });
        Assert.Equal(ProjectCategory.LegalAid, Assert.Single(onlyLegal.Categories).Category);
        // The ranking is the funder's: an applicant does not see its rivals' scores.
        Assert.Equal("ROUND_NOT_FOUND", (await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Reviews(Jinjiang).RankRoundAsync(new RankRoundRequest { RoundId = round.RoundId }).ResponseAsync)).Code());
    }
}

public sealed class SqliteReviewTests(SqliteProjects host) : ReviewTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresReviewTests(PostgresProjects host) : ReviewTests(host), IClassFixture<PostgresProjects>;
