namespace Union.EndToEnd.Tests;

/// <summary>
/// docs/annual-cycle.md end to end: one assistance year walked across the four services through the
/// gateway, against the real processes, PostgreSQL and RabbitMQ, with every service's clock moved to
/// each step's date. Each clock goes back to the system's time afterwards, for the tests that follow.
/// The steps are tools/YearWalk's AssistanceYear, which the embedded suite and make run's demo walk too.
/// </summary>
[Collection(SuiteCollection.Name)]
public class AssistanceYearTests(Suite suite)
{
    [Fact]
    public async Task The_assistance_year_runs_from_the_round_to_the_next_years_allocation_across_the_four_services()
    {
        // Separate processes: each service has its own clock, set through each one's HTTP port.
        var clock = new HttpYearClock(Suite.Services.Select(s => s.Http).ToArray());
        // Two years ahead, so the previous year's autumn is still to come whatever today is.
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
}
