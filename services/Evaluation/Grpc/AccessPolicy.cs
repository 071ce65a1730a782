using Union.Contracts.Evaluation.V1;
using Union.Shared.Auth;
using static Union.Shared.Auth.Roles;

namespace Union.Evaluation.Grpc;

/// <summary>
/// Who may call each evaluation RPC (DESIGN §2 roles), applied by <see cref="AccessInterceptor"/>
/// before any handler runs; an RPC missing here is refused. A worker calls nothing here. The
/// handlers still check what a role alone cannot say: the provincial working group (an evaluator of
/// the province), the evaluated organisation's own staff for self-evaluation.
/// </summary>
public static class AccessPolicy
{
    private static readonly IReadOnlyList<string> Staff = AccessTable.Staff;

    /// <summary>Who starts an evaluation and keeps the indicator systems: evaluators and the administrator.</summary>
    private static readonly string[] Keepers = [Evaluator, Admin];

    /// <summary>The evaluated organisation's staff, who fill in its self-evaluation (not an auditor: read-only).</summary>
    private static readonly string[] SelfEvaluators = [Caseworker, Reviewer, Approver, Finance, Evaluator, Admin];

    private const string Province = "evaluator of the province: the provincial working group (handler)";
    private const string ProvinceOnly = "province only (handler)";

    public static AccessTable Table { get; } = new AccessTable("evaluation")
        .Service(PerformanceEvaluations.Descriptor, s => s
            .Allow("CreateEvaluation", Keepers)
            .Allow("GetEvaluation", Staff)
            .Allow("SetTargets", SelfEvaluators, "the evaluated organisation's staff (handler)")
            .Allow("RecordScores", SelfEvaluators, "self scores: the evaluated organisation; other sources: " + Province)
            .Allow("RefreshOperationalIndicators", SelfEvaluators)
            .Allow("SubmitSelfEvaluation", SelfEvaluators, "the evaluated organisation's staff (handler)")
            .Allow("CompleteOverallEvaluation", [Evaluator], Province)
            .Allow("RecordFieldWork", [Evaluator], Province)
            .Allow("CompleteOnSiteEvaluation", [Evaluator], Province)
            .Allow("RecheckIssue", [Evaluator], Province)
            .Allow("GradeEvaluation", [Evaluator], Province)
            .Allow("ArchiveEvaluation", [Evaluator], Province)
            .Allow("GetEvaluationSheet", Staff)
            .Allow("ExportEvaluationReport", Staff)
            .Allow("CompareEvaluations", Staff)
            .Allow("ExportComparison", Staff))
        .Service(IndicatorTemplates.Descriptor, s => s
            .Allow("CreateTemplate", Keepers, ProvinceOnly)
            .Allow("CreateTemplateVersion", Keepers, ProvinceOnly)
            .Allow("RetireTemplateVersion", Keepers, ProvinceOnly)
            .Allow("GetTemplate", Staff)
            .Allow("ListTemplates", Staff)
            .Allow("ImportTemplate", Keepers, ProvinceOnly)
            .Allow("ExportTemplate", Staff)
            .Allow("ScoreTemplate", Staff))
        .Service(CampaignWindows.Descriptor, s => s
            .Allow("SetCampaignWindows", Keepers, "its own organisation or one below it (handler)")
            .Allow("GetCampaignWindows", Staff));
}
