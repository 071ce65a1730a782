using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Union.EndToEnd.Tests;

/// <summary>
/// The assistance year on make run's embedded suite host (SQLite files, the in-memory bus and cache,
/// the per-service demo data seeded): the same walk as on the separate processes, with one clock that
/// one PUT on one service's port sets for all four; and make run's demo seeder, run as scripts/run.sh
/// runs it.
/// </summary>
[Collection(EmbeddedSuiteCollection.Name)]
public class EmbeddedYearTests(EmbeddedSuite suite)
{
    [Fact]
    public async Task The_assistance_year_runs_on_the_embedded_suite_host_with_one_clock_for_the_four_services()
    {
        var clock = new HttpYearClock(7201);
        // Two years ahead, as on the separate processes; the demo seeder's year and cities are others.
        var year = new AssistanceYear(YearCast.Documented, DateTime.UtcNow.Year + 2, new Uri(Suite.GatewayHttp), clock, () => suite.Output());
        try
        {
            await year.WalkAsync();
        }
        finally
        {
            await clock.ResetAsync();
        }
    }

    [Fact]
    public async Task Make_runs_demo_year_is_seeded_through_the_gateway_once_and_left_alone_on_the_next_start()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var year = DemoYear.For(today);
        var demo = YearCast.Demo;

        var (exit, output) = await RunSeederAsync();
        Assert.True(exit == 0, $"the seeder failed ({exit}):\n{output}\n{suite.Output()}");
        Assert.Contains($"The demo year {year} is seeded", output);

        // Through the gateway, as a newcomer would look: the county's two households paid in the year,
        // the cities' projects accepted with their tranches, the clock back at today.
        var expenditure = await GetAsync(demo.County.Path, "finance", $"/v1/fund-reports/expenditure?fiscalYear={year}");
        Assert.Equal("2", expenditure.Str("households"));
        Assert.Equal("540000", expenditure.GetProperty("total").Str("fen"));
        var projects = (await GetAsync(AssistanceYear.Province, "caseworker", $"/v1/projects?year={year}&organisationPath={demo.City.Path}"))
            .GetProperty("projects").EnumerateArray().ToList();
        Assert.Equal(2, projects.Count);
        Assert.All(projects, p => Assert.Equal("PROJECT_STATUS_ACCEPTED", p.Str("status")));
        var now = await new HttpYearClock(7201).NowAsync();
        Assert.InRange(now - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(-5), TimeSpan.FromMinutes(5));

        // make run again on the same .run/ folder: the year is found and left alone.
        (exit, output) = await RunSeederAsync();
        Assert.True(exit == 0, output);
        Assert.Contains($"The demo year {year} is already seeded", output);
    }

    /// <summary>The built seeder with scripts/run.sh's arguments for the embedded suite.</summary>
    private static async Task<(int ExitCode, string Output)> RunSeederAsync()
    {
        var dll = Path.Combine(Suite.RepositoryRoot, "tools", "DemoYear", "bin", Suite.Configuration, "net10.0", "Union.DemoYear.dll");
        Assert.True(File.Exists(dll), $"Build the solution first (make build): {dll} is missing.");
        var info = new ProcessStartInfo("dotnet", [dll, "--gateway", Suite.GatewayHttp, "--clock-ports", "7201"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<JsonElement> GetAsync(string org, string role, string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Suite.GatewayHttp) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Union.Testing.Tokens.For(org, role));
        var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
