using Google.Api;
using Google.Protobuf.Reflection;

namespace Union.Contracts;

/// <summary>
/// Every RPC of the suite's service APIs, looked up by its gRPC path. The HTTP binding in the
/// proto decides what a call is: a GET binding is a query, anything else changes state and so is
/// idempotent under the caller's key and never retried blindly, except a read that must travel
/// over POST (an ID number or a reason in the body, a workbook out) and says so with
/// <c>option idempotency_level = NO_SIDE_EFFECTS;</c>.
/// </summary>
public static class ApiCatalog
{
    public static IReadOnlyList<FileDescriptor> ServiceFiles { get; } =
    [
        Archives.V1.ArchivesReflection.Descriptor,
        Archives.V1.PaymentDetailsReflection.Descriptor,
        Projects.V1.ProjectsReflection.Descriptor,
        Projects.V1.ReviewReflection.Descriptor,
        Projects.V1.ImplementationReflection.Descriptor,
        Projects.V1.SupervisionReflection.Descriptor,
        Projects.V1.ExchangeReflection.Descriptor,
        Funds.V1.FundsReflection.Descriptor,
        Funds.V1.StandardsReflection.Descriptor,
        Funds.V1.TranchesReflection.Descriptor,
        Funds.V1.CalendarReflection.Descriptor,
        Funds.V1.AllocationReflection.Descriptor,
        Funds.V1.DecisionsReflection.Descriptor,
        Funds.V1.MovementsReflection.Descriptor,
        Funds.V1.PaymentsReflection.Descriptor,
        Funds.V1.ReportsReflection.Descriptor,
        Funds.V1.PaymentFollowUpReflection.Descriptor,
        Evaluation.V1.EvaluationReflection.Descriptor,
        Evaluation.V1.TemplatesReflection.Descriptor,
        Evaluation.V1.CampaignWindowsReflection.Descriptor,
    ];

    private static readonly Dictionary<string, MethodDescriptor> Methods = ServiceFiles
        .SelectMany(f => f.Services)
        .SelectMany(s => s.Methods)
        .ToDictionary(m => $"/{m.Service.FullName}/{m.Name}", StringComparer.Ordinal);

    public static MethodDescriptor? Find(string grpcPath) => Methods.GetValueOrDefault(grpcPath);

    /// <summary>True for RPCs that change state (any binding but GET, or no binding at all, unless marked NO_SIDE_EFFECTS).</summary>
    public static bool IsMutating(string grpcPath)
    {
        var method = Find(grpcPath);
        if (method is null) return false;
        if (method.GetOptions()?.IdempotencyLevel == MethodOptions.Types.IdempotencyLevel.NoSideEffects) return false;
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        return rule is null || rule.PatternCase != HttpRule.PatternOneofCase.Get;
    }
}
