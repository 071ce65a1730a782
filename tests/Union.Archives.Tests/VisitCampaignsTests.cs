using Union.Archives.Domain;
using Union.Archives.Persistence;

namespace Union.Archives.Tests;

/// <summary>The yearly campaigns of 004_f7c3dcaac4584c61.txt: visits in March–April, updates in September–October.</summary>
public class VisitCampaignsTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-02-28", null)]
    [InlineData("2026-03-01", VisitCampaigns.Campaign.Spring)]
    [InlineData("2026-04-30", VisitCampaigns.Campaign.Spring)]
    [InlineData("2026-05-01", null)]
    [InlineData("2026-08-31", null)]
    [InlineData("2026-09-01", VisitCampaigns.Campaign.Autumn)]
    [InlineData("2026-10-31", VisitCampaigns.Campaign.Autumn)]
    [InlineData("2026-11-01", null)]
    public void The_campaign_windows_are_March_to_April_and_September_to_October(string date, VisitCampaigns.Campaign? campaign)
    {
        Assert.Equal(campaign, VisitCampaigns.Containing(D(date))?.Campaign);
        Assert.Equal(campaign is not null, VisitCampaigns.IsInCampaign(D(date)));
    }

    [Theory]
    [InlineData("2026-01-10", "2026-03-01")]
    [InlineData("2026-02-28", "2026-03-01")]
    [InlineData("2028-02-29", "2028-03-01")]
    [InlineData("2026-03-01", "2026-09-01")]
    [InlineData("2026-04-30", "2026-09-01")]
    [InlineData("2026-08-31", "2026-09-01")]
    [InlineData("2026-09-01", "2027-03-01")]
    [InlineData("2026-12-31", "2027-03-01")]
    public void Without_a_date_the_next_visit_falls_due_at_the_next_campaign_start(string visitedOn, string due) =>
        Assert.Equal(D(due), VisitCampaigns.NextDueAfter(D(visitedOn)));

    [Theory]
    [InlineData("2026-01-01", null)]
    [InlineData("2026-02-28", null)]
    [InlineData("2026-03-01", "2026-03-01")]
    [InlineData("2026-08-31", "2026-03-01")]
    [InlineData("2026-09-01", "2026-09-01")]
    [InlineData("2026-12-31", "2026-09-01")]
    public void The_latest_campaign_of_the_year_counts_from_its_first_day(string today, string? starts) =>
        Assert.Equal(starts is null ? null : D(starts), VisitCampaigns.LatestStartedOn(D(today))?.Starts);

    [Fact]
    public void A_window_has_both_ends_inclusive()
    {
        var spring = VisitCampaigns.Of(VisitCampaigns.Campaign.Spring, 2026);
        Assert.Equal((D("2026-03-01"), D("2026-04-30")), (spring.Starts, spring.Ends));
        var autumn = VisitCampaigns.Of(VisitCampaigns.Campaign.Autumn, 2026);
        Assert.Equal((D("2026-09-01"), D("2026-10-31")), (autumn.Starts, autumn.Ends));
    }

    [Theory]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 7 }, 7)]
    [InlineData(new[] { 30, 10, 20 }, 20)]
    [InlineData(new[] { 10, 21 }, 16)]
    [InlineData(new[] { 40, 10, 20, 30 }, 25)]
    public void The_median_days_to_archive_is_the_middle_value(int[] days, int median) =>
        Assert.Equal(median, MonitoringQueries.Median(days));
}
