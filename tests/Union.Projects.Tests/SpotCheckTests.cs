using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>
/// Spot checks (000_001fd36b94af060d.txt §四(二)3 "省总工会将适时对实施中的项目进行抽查"): a draw over the
/// running projects a union funds, reproducible from its recorded seed by anyone who can hash.
/// </summary>
public abstract class SpotCheckTests(ProjectsHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private ProjectSupervision.ProjectSupervisionClient ChengduApprover => host.Supervision(Chengdu, Roles.Approver);

    /// <summary>
    /// Four launched 2027 projects funded by Chengdu (three of Jinjiang, one of Qingyang), plus one
    /// in the library (not running) and one launched under Yibin (another funder). Returns Chengdu's four.
    /// </summary>
    private async Task<List<string>> ChengduPopulationAsync()
    {
        var jinjiang = new ProjectDriver(host);
        var qingyang = new ProjectDriver(host, Qingyang);
        var cuiping = new ProjectDriver(host, Cuiping);
        var ids = new List<string>
        {
            (await jinjiang.ToAsync(ProjectStatus.Launched, ProjectCategory.Medical)).ProjectId,
            (await jinjiang.ToAsync(ProjectStatus.Launched, ProjectCategory.Education)).ProjectId,
            (await jinjiang.ToAsync(ProjectStatus.Launched, ProjectCategory.LegalAid)).ProjectId,
            (await qingyang.ToAsync(ProjectStatus.Launched)).ProjectId,
        };
        await jinjiang.ToAsync(ProjectStatus.InLibrary, ProjectCategory.Special);
        await cuiping.ToAsync(ProjectStatus.Launched);
        return ids;
    }

    /// <summary>
    /// What an auditor does by hand, written without the service's code: SHA-256 of "seed:id" (id in
    /// lower case) for every project, lowest hash first, the first ⌈n × rate⌉.
    /// </summary>
    private static List<string> Recompute(long seed, IEnumerable<string> population, int percent)
    {
        var ranked = population.Select(id => (Id: id.ToLowerInvariant(), Hash: SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{id.ToLowerInvariant()}")))).ToList();
        ranked.Sort((a, b) => a.Hash.AsSpan().SequenceCompareTo(b.Hash));
        var size = (int)Math.Ceiling(ranked.Count * percent / 100.0);
        return ranked.Take(size).Select(r => r.Id).ToList();
    }

    [Fact]
    public async Task A_draw_is_reproduced_by_its_seed_and_an_auditor_can_recompute_it()
    {
        var population = await ChengduPopulationAsync();

        var first = await ChengduApprover.DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027, Percent = 50, Seed = 20261001 });
        var again = await ChengduApprover.DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027, Percent = 50, Seed = 20261001 });

        Assert.Equal(4, first.Population);
        Assert.Equal(2, first.ProjectIds.Count); // ⌈4 × 50 %⌉
        Assert.All(first.ProjectIds, id => Assert.Contains(id, population));
        Assert.Equal(first.ProjectIds, again.ProjectIds);
        Assert.NotEqual(first.SpotCheckId, again.SpotCheckId);

        // The auditor reads the recorded draw and recomputes it from the seed alone.
        var recorded = await host.Supervision(Chengdu, Roles.Auditor).GetSpotCheckAsync(new GetSpotCheckRequest { SpotCheckId = first.SpotCheckId });
        Assert.Equal(20261001, recorded.Seed);
        Assert.Equal(Chengdu, recorded.OrganisationPath);
        Assert.Equal(Recompute(recorded.Seed, population, recorded.Percent), recorded.ProjectIds.ToList());
    }

    [Fact]
    public async Task Without_a_seed_a_fresh_one_is_drawn_and_recorded_and_without_a_rate_the_funders_rate_applies()
    {
        var population = await ChengduPopulationAsync();

        var draw = await ChengduApprover.DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027 });

        Assert.NotEqual(0, draw.Seed);
        Assert.Equal(20, draw.Percent); // the plan's default rate: Chengdu has set none
        Assert.Single(draw.ProjectIds);  // ⌈4 × 20 %⌉
        Assert.Equal(Recompute(draw.Seed, population, 20), draw.ProjectIds.ToList());
        var replay = await ChengduApprover.DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027, Seed = draw.Seed, Percent = 30 });
        Assert.Equal(Recompute(draw.Seed, population, 30), replay.ProjectIds.ToList());
        Assert.Equal(2, replay.ProjectIds.Count); // ⌈4 × 30 %⌉
    }

    [Fact]
    public async Task The_province_draws_over_every_funder_below_it_and_a_year_without_running_projects_draws_nothing()
    {
        await ChengduPopulationAsync();

        var province = await host.Supervision(Province, Roles.Approver).DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027, Percent = 100, Seed = 1 });
        var yibin = await host.Supervision(Yibin, Roles.Approver).DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027, Percent = 100, Seed = 1 });
        // Without a year: this year (2026 on the host's clock), whose running projects are none (all are 2027's).
        var empty = await host.Supervision(Province, Roles.Approver).DrawSpotCheckAsync(new DrawSpotCheckRequest { Percent = 100, Seed = 1 });

        Assert.Equal(5, province.Population);
        Assert.Equal(5, province.ProjectIds.Count);
        Assert.Equal(1, yibin.Population);
        Assert.Equal(2026, empty.Year);
        Assert.Equal(0, empty.Population);
        Assert.Empty(empty.ProjectIds);
    }

    [Fact]
    public async Task A_spot_check_inspection_is_only_of_a_drawn_project()
    {
        var population = await ChengduPopulationAsync();
        var draw = await ChengduApprover.DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027, Percent = 25, Seed = 99 });
        var drawn = Assert.Single(draw.ProjectIds);
        var notDrawn = population.First(id => id != drawn);

        RecordInspectionRequest SpotInspection(string projectId)
        {
            var request = SupervisionKit.Inspection(projectId, "2026-10-01", ("救助对象公示不到位", "2026-10-31"));
            request.Kind = InspectionKind.SpotCheck;
            request.SpotCheckId = draw.SpotCheckId;
            return request;
        }

        var before = await host.RowCountsAsync();
        var refused = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => ChengduApprover.RecordInspectionAsync(SpotInspection(notDrawn)).ResponseAsync);
        Assert.Equal("PROJECT_NOT_DRAWN", refused.Code());
        Assert.Equal(before, await host.RowCountsAsync());

        var inspection = await ChengduApprover.RecordInspectionAsync(SpotInspection(drawn));
        Assert.Equal(InspectionKind.SpotCheck, inspection.Kind);
        Assert.Equal(draw.SpotCheckId, inspection.SpotCheckId);
        Assert.Single(inspection.Rectifications);

        // A spot-check inspection names its draw.
        var unnamed = SpotInspection(drawn);
        unnamed.SpotCheckId = string.Empty;
        await RpcAssert.InvalidArgument(() => ChengduApprover.RecordInspectionAsync(unnamed).ResponseAsync, "spot_check_id");
    }

    [Fact]
    public async Task Only_approvers_draw_and_only_within_their_own_organisation()
    {
        var caseworker = await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => host.Supervision(Chengdu, Roles.Caseworker).DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027 }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", caseworker.Code());

        var elsewhere = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Supervision(Yibin, Roles.Approver).DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027, OrganisationPath = Chengdu }).ResponseAsync);
        Assert.Equal("ORGANISATION_NOT_FOUND", elsewhere.Code());

        var before = await host.RowCountsAsync();
        await RpcAssert.InvalidArgument(
            () => ChengduApprover.DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 1999, Percent = 101, OrganisationPath = "51//x" }).ResponseAsync,
            "year", "percent", "organisation_path");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_draw_is_not_visible_to_the_counties_below_it()
    {
        var draw = await ChengduApprover.DrawSpotCheckAsync(new DrawSpotCheckRequest { Year = 2027, Seed = 5 });

        var e = await RpcAssert.Fails(StatusCode.NotFound,
            () => host.Supervision(Jinjiang, Roles.Auditor).GetSpotCheckAsync(new GetSpotCheckRequest { SpotCheckId = draw.SpotCheckId }).ResponseAsync);
        Assert.Equal("SPOT_CHECK_NOT_FOUND", e.Code());
        Assert.Equal(draw.Seed, (await host.Supervision(Province, Roles.Auditor).GetSpotCheckAsync(new GetSpotCheckRequest { SpotCheckId = draw.SpotCheckId })).Seed);
    }
}

public sealed class SqliteSpotCheckTests(SqliteProjects host) : SpotCheckTests(host), IClassFixture<SqliteProjects>;

public sealed class PostgresSpotCheckTests(PostgresProjects host) : SpotCheckTests(host), IClassFixture<PostgresProjects>;
