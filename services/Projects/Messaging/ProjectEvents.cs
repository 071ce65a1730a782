using Google.Protobuf.Reflection;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using Union.Projects.Domain;
using Union.Projects.Exchange;
using Project = Union.Projects.Domain.Project;
using Rectification = Union.Projects.Domain.Rectification;

namespace Union.Projects.Messaging;

/// <summary>
/// The integration events projects raises, built from the domain (events.proto owns their shape).
/// Ids and amounts only: funds releases tranches from them and evaluation reads rectifications.
/// </summary>
public static class ProjectEvents
{
    private const string CategoryPrefix = "PROJECT_CATEGORY_";
    private static readonly EnumDescriptor Categories = ProjectsReflection.Descriptor.FindTypeByName<EnumDescriptor>("ProjectCategory");

    public static ProjectApplicationSubmitted Submitted(Project project) => new()
    {
        ProjectId = project.Id.ToString(),
        Year = project.Year,
        Category = CategoryName(project.Category),
        Total = Fen(project.TotalFen),
    };

    public static ProjectApproved Approved(Project project) => new()
    {
        ProjectId = project.Id.ToString(),
        Year = project.Year,
        Category = CategoryName(project.Category),
        ApprovedSubsidy = Fen(project.ApprovedSubsidyFen!.Value),
        FunderPath = project.FunderPath,
        // The committee's aggregate as the library shows it ("78.83"), so funds' allocation reads the
        // score the committee gave instead of one a clerk types.
        ReviewScore = ExchangeText.Score(project.ReviewScoreCenti, project.ReviewCount),
    };

    public static ProjectLaunched Launched(Project project, long trancheFen) => new()
    {
        ProjectId = project.Id.ToString(),
        Year = project.Year,
        Tranche = Fen(trancheFen),
        CurrentSubsidy = Fen(project.CurrentSubsidyFen!.Value),
        FunderPath = project.FunderPath,
    };

    public static ProjectMidTermReported MidTermReported(Project project) => new()
    {
        ProjectId = project.Id.ToString(),
        SpentTotal = Fen(project.SpentTotalFen ?? 0),
        SpentSubsidy = Fen(project.SpentSubsidyFen ?? 0),
    };

    public static ProjectAdjusted Adjusted(Domain.Adjustment adjustment) => new()
    {
        ProjectId = adjustment.ProjectId.ToString(),
        AdjustmentId = adjustment.Id.ToString(),
        PreviousSubsidy = Fen(adjustment.PreviousSubsidyFen),
        NewSubsidy = Fen(adjustment.NewSubsidyFen),
    };

    public static ProjectAccepted Accepted(Project project, long trancheFen) => new()
    {
        ProjectId = project.Id.ToString(),
        Year = project.Year,
        Tranche = Fen(trancheFen),
        CurrentSubsidy = Fen(project.CurrentSubsidyFen!.Value),
        FunderPath = project.FunderPath,
        SpentSubsidy = Fen(project.SpentSubsidyFen ?? 0),
    };

    public static ProjectClosed Closed(Project project) => new()
    {
        ProjectId = project.Id.ToString(),
        SpentSubsidy = Fen(project.FinalAccounts!.SpentSubsidyFen),
        ReturnedSubsidy = Fen(project.FinalAccounts.ReturnedSubsidyFen),
    };

    public static RectificationOpened RectificationOpened(Rectification item) => new()
    {
        ProjectId = item.ProjectId.ToString(),
        RectificationId = item.Id.ToString(),
        Source = item.Source == Domain.RectificationSource.Acceptance ? "ACCEPTANCE" : "INSPECTION",
    };

    public static RectificationClosed RectificationClosed(Rectification item, bool late) => new()
    {
        ProjectId = item.ProjectId.ToString(),
        RectificationId = item.Id.ToString(),
        Late = late,
    };

    /// <summary>The proto name of the category without its prefix, e.g. "MEDICAL": the form every language reads.</summary>
    public static string CategoryName(Domain.ProjectCategory category) =>
        Categories.FindValueByNumber((int)category)?.Name[CategoryPrefix.Length..]
        ?? throw new ArgumentOutOfRangeException(nameof(category), category, "Not a category of projects.proto.");

    private static Money Fen(long fen) => new() { Fen = fen };
}
