using System.Text.Json;
using System.Text.Json.Serialization;
using Union.Evaluation.Domain.Operational;
using Union.Shared.Errors;

namespace Union.Evaluation.Domain.Templates;

public enum TemplateStatus { Active = 1, Retired = 2 }

/// <summary>
/// One version of an indicator system (绩效评价指标体系). A version never changes once stored: a
/// change is a new version beside it, so an evaluation that started on version 1 keeps scoring
/// against version 1. Retiring a version stops new evaluations from starting on it; existing ones
/// and reads go on. Province-wide data: no organisation owns it.
/// </summary>
public sealed class IndicatorTemplate
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    private IndicatorTree? _tree;
    private IReadOnlyList<OperationalBinding>? _bindings;

    public Guid Id { get; private set; }
    public string Code { get; private set; } = string.Empty;
    public int Version { get; private set; }
    public string Name { get; private set; } = string.Empty;
    /// <summary>Where the system comes from: a seed document, a province's notice.</summary>
    public string Source { get; private set; } = string.Empty;
    public decimal TotalPoints { get; private set; }
    /// <summary>The tree as JSON (exact decimals): read whole, never queried into.</summary>
    public string TreeJson { get; private set; } = string.Empty;
    /// <summary>
    /// The operational bindings as JSON (Domain/Operational): which indicators events fill. Null on
    /// a version stored before bindings were data: none, except a built-in version, which is given
    /// its built-in bindings (<see cref="GiveBuiltInBindings"/>).
    /// </summary>
    public string? BindingsJson { get; private set; }
    public TemplateStatus Status { get; private set; }
    /// <summary>Shipped with the platform (stored on start-up) rather than created by a province.</summary>
    public bool BuiltIn { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime? RetiredAt { get; private set; }
    public string RetiredBy { get; private set; } = string.Empty;
    public string RetireReason { get; private set; } = string.Empty;

    public IndicatorTree Tree => _tree ??= JsonSerializer.Deserialize<IndicatorTree>(TreeJson, Json)
        ?? throw new InvalidOperationException($"Template {Code} v{Version} has no tree.");

    public IReadOnlyList<OperationalBinding> Bindings => _bindings ??= BindingsJson is null ? []
        : JsonSerializer.Deserialize<List<OperationalBinding>>(BindingsJson, Json) ?? [];

    public TemplateContent Content => new(Code, Name, Source, Tree, Bindings);

    private IndicatorTemplate() { }

    /// <summary>A new version of <paramref name="content"/>; the caller has validated it and chosen the version number.</summary>
    public static IndicatorTemplate Create(TemplateContent content, int version, bool builtIn, string actor, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = content.Code,
        Version = version,
        Name = content.Name.Trim(),
        Source = content.Source.Trim(),
        TotalPoints = content.Tree.TotalPoints,
        TreeJson = JsonSerializer.Serialize(content.Tree, Json),
        _tree = content.Tree,
        BindingsJson = JsonSerializer.Serialize(content.Bindings ?? [], Json),
        _bindings = content.Bindings ?? [],
        Status = TemplateStatus.Active,
        BuiltIn = builtIn,
        // Whole microseconds: what every provider stores, so a create's answer equals a later read.
        CreatedAt = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc),
        CreatedBy = actor,
    };

    /// <summary>
    /// A built-in version stored before bindings were data used the bindings then written in code;
    /// it keeps them (now stored) so its evaluations go on being filled as before.
    /// </summary>
    public bool GiveBuiltInBindings(IReadOnlyList<OperationalBinding> bindings)
    {
        if (!BuiltIn || BindingsJson is not null) return false;
        BindingsJson = JsonSerializer.Serialize(bindings, Json);
        _bindings = bindings;
        return true;
    }

    public void Retire(string actor, string reason, DateTime now)
    {
        if (Status == TemplateStatus.Retired)
            throw new DomainRuleException("TEMPLATE_RETIRED", $"指标体系{Code}第{Version}版已停用");
        Status = TemplateStatus.Retired;
        RetiredAt = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
        RetiredBy = actor;
        RetireReason = reason.Trim();
    }
}
