namespace Union.EndToEnd.Tests;

/// <summary>
/// docs/annual-cycle.md end to end: one assistance year walked across the four services through the
/// gateway, against the real processes, PostgreSQL and RabbitMQ, with every service's clock moved to
/// each step's date. Each clock goes back to the system's time afterwards, for the tests that follow.
/// </summary>
[Collection(SuiteCollection.Name)]
public class AssistanceYearTests(Suite suite)
{
    [Fact]
    public async Task The_assistance_year_runs_from_the_round_to_the_next_years_allocation_across_the_four_services()
    {
        var clock = new SuiteClock();
        var year = new AssistanceYear(new Uri(Suite.GatewayHttp), clock, () => suite.Output());
        try
        {
            // 0. October Y−1: Y−1's programme evaluations graded and archived (成都 优秀, 绵阳 合格).
            await year.PreviousYearGradesAsync();
            // 1. 1–21 November Y−1: the province's annual round for Y; applications by 20 November; a late one refused.
            var round = await year.OpenRoundAndApplyAsync();
            // 2. December Y−1: review scores, the collective decision, the library.
            var scores = await year.ReviewAsync(round);
            // 3. January Y: central money allocated by volume, review score and Y−1's grade; explained to the fen; committed.
            await year.AllocateAsync(scores);
            // 4. March–September Y: launch (40 %), adjustment of 25 % decided by the province, mid-term by 15 August, acceptance (the rest).
            await year.ImplementAsync();
            // 5. September Y: households archived become payable; decisions under the caps, notice, batch, return file, re-issue.
            await year.PayHouseholdsAsync();
            // 6. 1 October Y: unused central money flagged; January Y+1: the year closed with carry-over.
            await year.YearEndAsync();
            // 7. January Y+1: evaluation of Y from the year's events; self, overall, on-site; the grades.
            await year.EvaluateAsync();
            // 8. January Y+1: Y+1's allocation differs between the cities exactly as Y's grades say.
            await year.NextYearAllocationAsync();
        }
        finally
        {
            await clock.ResetAsync();
        }
    }
}
