using Union.Projects.Domain;
using Union.Projects.Exchange;

namespace Union.Projects.Tests;

/// <summary>How the workbooks write money, scores, levels and file names: pure rules, no host.</summary>
public sealed class ExportTextTests
{
    [Theory]
    [InlineData(12_345_678L, "123456.78")]
    [InlineData(0L, "0.00")]
    [InlineData(5L, "0.05")]
    [InlineData(100L, "1.00")]
    [InlineData(-1_050L, "-10.50")]
    [InlineData(1_000_000_000_000L, "10000000000.00")]
    [InlineData(9_007_199_254_740_993L, "90071992547409.93")] // beyond double's exact integers
    [InlineData(long.MinValue, "-92233720368547758.08")]
    public void Money_is_yuan_with_two_decimals_computed_from_fen_exactly(long fen, string expected) =>
        Assert.Equal(expected, ExchangeText.Yuan(fen));

    [Fact]
    public void An_amount_not_set_yet_is_an_empty_cell() => Assert.Equal(string.Empty, ExchangeText.Yuan((long?)null));

    [Fact]
    public void The_review_score_is_shown_in_points_and_is_empty_before_any_score()
    {
        Assert.Equal("82.50", ExchangeText.Score(8250, 3));
        Assert.Equal("90.05", ExchangeText.Score(9005, 1));
        Assert.Equal(string.Empty, ExchangeText.Score(0, 0));
    }

    [Fact]
    public void The_level_is_ticked_among_the_three_boxes_of_the_report_cover() =>
        Assert.Equal("□市级 ☑县区级 □产业级", ExchangeText.LevelBoxes(ProjectLevel.County));

    [Fact]
    public void A_date_is_written_as_by_hand_and_left_blank_for_handwriting_when_unknown()
    {
        Assert.Equal("2026年10月1日", ExchangeText.ChineseDate(new DateOnly(2026, 10, 1)));
        Assert.Equal(ExchangeText.BlankDate, ExchangeText.ChineseDate(null));
    }

    [Fact]
    public void A_file_name_keeps_the_title_but_not_the_characters_file_systems_refuse()
    {
        Assert.Equal("困难职工大病医疗救助项目-启动申报表.xlsx", ExchangeText.FileName("困难职工大病医疗救助项目", "启动申报表"));
        Assert.Equal("送温暖_送清凉 _2027_-验收申报表.xlsx", ExchangeText.FileName("送温暖/送清凉 \"2027\"", "验收申报表"));
    }

    [Fact]
    public void The_largest_library_export_stays_well_under_the_message_limit()
    {
        // Longest titles the application accepts, all different, so the file does not compress away.
        const string characters = "困难职工大病医疗救助送温暖清凉农民工就业技能培训再创业帮扶助学法律援助特殊生活保障阳光行动";
        var rows = Enumerable.Range(0, LibraryWorkbook.MaxRows).Select(i => new LibraryRow(
            Guid.NewGuid(), "51/5101/510104", "51/5101", 2027, ApplicationKind.Annual, ProjectLevel.County, ProjectCategory.Medical,
            ProjectSubcategory.None,
            new string(Enumerable.Range(0, 100).Select(j => characters[(i * 7 + j * 13 + i / 3) % characters.Length]).ToArray()),
            1_000_000_000_000L - i, 500_000_000_000L - i, 400_000_000_000L - i, 400_000_000_000L - i, 160_000_000_000L - i, 8250, 5,
            ProjectStatus.Launched, new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 5), null, null)).ToList();

        var workbook = LibraryWorkbook.Write(rows);

        Assert.True(workbook.Length < LibraryWorkbook.MaxWorkbookBytes, $"{workbook.Length} bytes");
    }
}
