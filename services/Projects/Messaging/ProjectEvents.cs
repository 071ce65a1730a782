using Google.Protobuf.Reflection;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Contracts.Projects.V1;
using ProjectApplication = Union.Projects.Domain.ProjectApplication;

namespace Union.Projects.Messaging;

/// <summary>The integration events projects raises, built from the domain (events.proto owns their shape).</summary>
public static class ProjectEvents
{
    private const string CategoryPrefix = "PROJECT_CATEGORY_";
    private static readonly EnumDescriptor Categories = ProjectsReflection.Descriptor.FindTypeByName<EnumDescriptor>("ProjectCategory");

    public static ProjectApplicationSubmitted Submitted(ProjectApplication application) => new()
    {
        ProjectId = application.Id.ToString(),
        Year = application.Year,
        Category = CategoryName(application.Category),
        Total = new Money { Fen = application.TotalFen },
    };

    /// <summary>The proto name of the category without its prefix, e.g. "MEDICAL": the form every language reads.</summary>
    public static string CategoryName(Domain.ProjectCategory category) =>
        Categories.FindValueByNumber((int)category)?.Name[CategoryPrefix.Length..]
        ?? throw new ArgumentOutOfRangeException(nameof(category), category, "Not a category of projects.proto.");
}
