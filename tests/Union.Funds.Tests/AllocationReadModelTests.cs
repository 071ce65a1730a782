using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Funds.V1;
using Union.Shared.Auth;
using Union.Shared.Time;
using Union.Testing;
using AllocationFormulaKind = Union.Contracts.Funds.V1.AllocationFormulaKind;
using AllocationRun = Union.Contracts.Funds.V1.AllocationRun;
using FundSource = Union.Contracts.Common.V1.FundSource;

namespace Union.Funds.Tests;

/// <summary>
/// The allocation's inputs from funds' own read models instead of what the allocating clerk types
/// (000_001fd36b94af060d.txt 二(二); 003_eca3cf9f3ec4784d.txt 二(三)四): the committee's review scores
/// that projects publishes with each approval, and the archived households of each applicant's subtree
/// from archives' events. The events arrive through the bus as in production. The province (51)
/// allocates to Chengdu (51/5101) and Yibin (51/5115).
/// </summary>
public abstract class AllocationReadModelTests<THost>(THost host) : IAsyncLifetime where THost : FundsHost
{
    private const string Province = "51";
    private const string Chengdu = "51/5101";
    private const string Jinjiang = "51/5101/510104";
    private const string Qingyang = "51/5101/510105";
    private const string Yibin = "51/5115";
    private const string Cuiping = "51/5115/511502";
    private const int Year = 2025;
    private const long Yuan = 100;
    private static readonly DateTime T0 = new(2025, 1, 20, 2, 0, 0, DateTimeKind.Utc);

    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Allocation.AllocationClient Client() => new(host.As(Province, Roles.Finance));

    private IBus Bus => host.Services.GetRequiredService<IBus>();

    private static EventHeader Header(string organisation, DateTime at) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        OccurredAt = Timestamp.FromDateTime(at),
        OrganisationPath = organisation,
        CorrelationId = "test-correlation",
    };

    /// <summary>An approval as projects publishes it; an empty score is an approval published before projects sent scores.</summary>
    private async Task<Guid> ApproveAsync(string applicant, long subsidyFen, string score, string funder = Province)
    {
        var project = Guid.NewGuid();
        await Bus.Publish(new ProjectApproved
        {
            Header = Header(applicant, T0),
            ProjectId = project.ToString(),
            Year = Year,
            Category = "MEDICAL",
            ApprovedSubsidy = new Money { Fen = subsidyFen },
            FunderPath = funder,
            ReviewScore = score,
        });
        return project;
    }

    // Counts approvals applied, not funding rows: an adjustment handled before its project's approval
    // (the two race on the bus, and the loser is retried a moment later) starts the row without one.
    private Task WaitForFundingsAsync(int count) =>
        WaitAsync(db => db.Set<Domain.ProjectFunding>().CountAsync(p => p.ApprovedSubsidyFen != null), count, "the approvals were not stored");

    private async Task WaitAsync(Func<Union.Shared.Persistence.UnionDbContext, Task<int>> count, int expected, string what) =>
        Assert.True(await Poll.UntilAsync(async () => await host.WithDatabaseAsync(count) == expected), what);

    private Task SetFormulaAsync(string volumeWeight, string scoreWeight) =>
        Client().SetAllocationFormulaAsync(new SetAllocationFormulaRequest
        {
            Kind = AllocationFormulaKind.ProjectVolume, VolumeWeight = volumeWeight, ScoreWeight = scoreWeight,
        }).ResponseAsync;

    private static DryRunAllocationRequest Request(long poolFen, params ApplicantInput[] applicants) => new()
    {
        Year = Year,
        Source = FundSource.UnionFunds,
        Pool = new Money { Fen = poolFen },
        Applicants = { applicants },
    };

    private Task<AllocationRun> DryRunAsync(DryRunAllocationRequest request) => Client().DryRunAllocationAsync(request).ResponseAsync;

    private static AllocationLine Line(AllocationRun run, string path) => Assert.Single(run.Lines, l => l.Applicant.Path == path);

    [Fact]
    public async Task Without_a_typed_score_the_projects_review_scores_weighted_by_subsidy_in_force_set_the_shares_to_the_fen()
    {
        await SetFormulaAsync("0", "1");
        // Chengdu's districts: 100,000 yuan at 91.17, and 250,000 yuan at 80.50 adjusted to 200,000.
        await ApproveAsync(Jinjiang, 100_000 * Yuan, "91.17");
        var qingyang = await ApproveAsync(Qingyang, 250_000 * Yuan, "80.50");
        await Bus.Publish(new ProjectAdjusted
        {
            Header = Header(Qingyang, T0.AddDays(100)), ProjectId = qingyang.ToString(), AdjustmentId = Guid.NewGuid().ToString(),
            PreviousSubsidy = new Money { Fen = 250_000 * Yuan }, NewSubsidy = new Money { Fen = 200_000 * Yuan },
        });
        // Approved before projects published scores: no score, so it does not pull the mean down to 0.
        await ApproveAsync(Chengdu, 50_000 * Yuan, "");
        // Chengdu's own round for its district: not the province's project, its score does not count.
        await ApproveAsync(Jinjiang, 10_000 * Yuan, "10.00", funder: Chengdu);
        await ApproveAsync(Cuiping, 100_000 * Yuan, "75.33");
        await WaitForFundingsAsync(5);
        Assert.True(await Poll.UntilAsync(async () => await host.WithDatabaseAsync(db =>
            db.Set<Domain.ProjectFunding>().AnyAsync(p => p.ProjectId == qingyang && p.CurrentSubsidyFen == 200_000 * Yuan))), "the adjustment was not applied");

        var run = await DryRunAsync(Request(1_000_000 * Yuan,
            new ApplicantInput { OrganisationPath = Chengdu }, new ApplicantInput { OrganisationPath = Yibin }));

        // Chengdu: (91.17 × 100,000 + 80.50 × 200,000) / 300,000 = 25217/300 = 84.05666…, kept exact.
        var chengdu = Line(run, Chengdu);
        Assert.Equal("PROJECT_REVIEWS", chengdu.ScoreSource);
        Assert.Equal("84.0566666667", chengdu.ReviewScore);
        Assert.Contains("评审得分84.0566666667（项目评审，2个项目按现行扶助资金加权）", chengdu.Explanation);
        var yibin = Line(run, Yibin);
        Assert.Equal(("PROJECT_REVIEWS", "75.33"), (yibin.ScoreSource, yibin.ReviewScore));
        Assert.Contains("评审得分75.33（项目评审，1个项目）", yibin.Explanation);
        // 100,000,000 × (25217/300) / (25217/300 + 75.33) = 52,737,577.38 and 47,262,422.62 (the odd fen).
        // The mean rounded to 84.06 would give Chengdu 52,738,565, to 84.0567 52,737,587; unweighted
        // (85.835) 53,259,082; weighted by the approved 250,000 instead of the 200,000 in force 52,586,431.
        Assert.Equal(52_737_577, chengdu.Share.Fen);
        Assert.Equal(47_262_423, yibin.Share.Fen);
        Assert.Equal("REQUEST", chengdu.HouseholdsSource);

        var read = await Client().GetAllocationRunAsync(new GetAllocationRunRequest { RunId = run.RunId });
        Assert.Equal(run.Lines, read.Lines);
    }

    [Fact]
    public async Task A_typed_score_wins_over_the_projects_and_is_shown_as_typed()
    {
        await SetFormulaAsync("0", "1");
        await ApproveAsync(Jinjiang, 100_000 * Yuan, "80.00");
        await ApproveAsync(Cuiping, 100_000 * Yuan, "80.00");
        await WaitForFundingsAsync(2);

        var run = await DryRunAsync(Request(1_000 * Yuan,
            new ApplicantInput { OrganisationPath = Chengdu }, new ApplicantInput { OrganisationPath = Yibin, ReviewScore = "120" }));

        var yibin = Line(run, Yibin);
        Assert.Equal(("REQUEST", "120"), (yibin.ScoreSource, yibin.ReviewScore));
        Assert.Contains("评审得分120（申报数据）", yibin.Explanation);
        Assert.Equal("PROJECT_REVIEWS", Line(run, Chengdu).ScoreSource);
        // 80 : 120.
        Assert.Equal(600 * Yuan, yibin.Share.Fen);
        Assert.Equal(400 * Yuan, Line(run, Chengdu).Share.Fen);
    }

    [Fact]
    public async Task An_applicant_without_a_scored_project_or_a_typed_score_is_refused_by_name_and_no_run_is_stored()
    {
        await SetFormulaAsync("0.6", "0.4");
        // Chengdu's only project was approved before projects published scores.
        await ApproveAsync(Jinjiang, 100_000 * Yuan, "");
        await ApproveAsync(Cuiping, 100_000 * Yuan, "75.33");
        await WaitForFundingsAsync(2);

        var e = await RpcAssert.InvalidArgument(() => DryRunAsync(Request(1_000 * Yuan,
            new ApplicantInput { OrganisationPath = Yibin }, new ApplicantInput { OrganisationPath = Chengdu })), "applicants[1].review_score");

        var violation = Assert.Single(e.FieldViolations());
        Assert.Equal("REVIEW_SCORE_UNKNOWN", violation.Reason);
        Assert.Contains(Chengdu, violation.Description);
        Assert.Equal(0, await host.WithDatabaseAsync(db => db.Set<Domain.AllocationRun>().CountAsync()));

        // Typed, it is computed; a formula that does not weigh scores needs none.
        var typed = await DryRunAsync(Request(1_000 * Yuan,
            new ApplicantInput { OrganisationPath = Yibin }, new ApplicantInput { OrganisationPath = Chengdu, ReviewScore = "75.33" }));
        Assert.Equal("REQUEST", Line(typed, Chengdu).ScoreSource);
        await SetFormulaAsync("1", "0");
        var volumeOnly = await DryRunAsync(Request(1_000 * Yuan,
            new ApplicantInput { OrganisationPath = Yibin }, new ApplicantInput { OrganisationPath = Chengdu }));
        Assert.Equal(500 * Yuan, Line(volumeOnly, Chengdu).Share.Fen);
    }

    [Fact]
    public async Task The_households_formula_counts_the_households_each_subtree_may_pay_on_the_run_date()
    {
        await Client().SetAllocationFormulaAsync(new SetAllocationFormulaRequest { Kind = AllocationFormulaKind.Households });
        var today = TimeProvider.System.Today();
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var at = DateTime.UtcNow.AddDays(-1);
        HouseholdArchived Archived(string path) => new() { Header = Header(path, at), HouseholdId = Guid.NewGuid().ToString(), Category = "DEEP", ArchiveStatus = "ACTIVE" };
        HouseholdPhaseOutStarted PhaseOut(string path, string endsOn) =>
            new() { Header = Header(path, at), HouseholdId = Guid.NewGuid().ToString(), PhaseOutEndsOn = endsOn, ArchiveStatus = "PHASE_OUT" };

        // Chengdu counts 4: archived at the city and in two districts, and a phase-out still in its months of normal help.
        await Bus.Publish(Archived(Chengdu));
        await Bus.Publish(Archived(Jinjiang));
        await Bus.Publish(Archived(Qingyang));
        await Bus.Publish(PhaseOut(Jinjiang, Day(30)));
        // Not counted: a phase-out that ended, an exited, a cancelled and a draft file, and a look-alike path outside the subtree.
        await Bus.Publish(PhaseOut(Jinjiang, Day(-30)));
        await Bus.Publish(new HouseholdExited { Header = Header(Jinjiang, at), HouseholdId = Guid.NewGuid().ToString(), ArchiveStatus = "EXITED" });
        await Bus.Publish(new HouseholdCancelled { Header = Header(Qingyang, at), HouseholdId = Guid.NewGuid().ToString(), CancelReason = "RETIRED", ArchiveStatus = "CANCELLED" });
        await Bus.Publish(new HouseholdRegistered { Header = Header(Qingyang, at), HouseholdId = Guid.NewGuid().ToString(), ArchiveStatus = "DRAFT" });
        await Bus.Publish(Archived("51/51010"));
        // Yibin's count is typed, and wins.
        await Bus.Publish(Archived(Cuiping));
        await WaitAsync(db => db.Set<Domain.HouseholdStanding>().CountAsync(), 10, "the households were not stored");

        var run = await DryRunAsync(Request(900,
            new ApplicantInput { OrganisationPath = Chengdu }, new ApplicantInput { OrganisationPath = Yibin, ArchivedHouseholds = 5 }));

        var chengdu = Line(run, Chengdu);
        Assert.Equal((4L, "HOUSEHOLD_STANDINGS"), (chengdu.ArchivedHouseholds, chengdu.HouseholdsSource));
        Assert.Contains("在档困难职工4户（资金系统可发放户数）", chengdu.Explanation);
        var yibin = Line(run, Yibin);
        Assert.Equal((5L, "REQUEST"), (yibin.ArchivedHouseholds, yibin.HouseholdsSource));
        Assert.Contains("在档困难职工5户（申报数据）", yibin.Explanation);
        Assert.Equal((400L, 500L), (chengdu.Share.Fen, yibin.Share.Fen));
    }
}

public sealed class SqliteAllocationReadModelTests(FundsHost host) : AllocationReadModelTests<FundsHost>(host), IClassFixture<FundsHost>;

public sealed class PostgresAllocationReadModelTests(PostgresFundsHost host) : AllocationReadModelTests<PostgresFundsHost>(host), IClassFixture<PostgresFundsHost>;
