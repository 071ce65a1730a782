using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using static Union.Projects.Grpc.ProjectAccess;

namespace Union.Projects.Grpc;

/// <summary>
/// Who may call each projects RPC (DESIGN §2 roles, <see cref="ProjectAccess"/>'s groups), applied by
/// <see cref="AccessInterceptor"/> before any handler runs; an RPC missing here is refused. Projects
/// are the unions' business, never a worker's: no entry lists the worker. The handlers still check
/// what a role alone cannot say: the applicant, the funder, the round's own reviewers.
/// </summary>
public static class AccessPolicy
{
    private const string Funder = "the union that approved the project, or one above it (handler)";
    private const string Applicant = "the applicant organisation (handler)";

    public static AccessTable Table { get; } = new AccessTable("projects")
        .Service(ProjectRounds.Descriptor, s => s
            .Allow("OpenRound", Staff)
            .Allow("GetRound", Readers)
            .Allow("ListRounds", Readers)
            .Allow("ChangeRoundDeadline", Staff)
            .Allow("AddReviewer", Staff)
            .Allow("SetFunderRules", Deciders)
            .Allow("GetFunderRules", Readers))
        .Service(ProjectApplications.Descriptor, s => s
            .Allow("CreateProjectApplication", Staff, "one application per category per organisation per round")
            .Allow("GetProjectApplication", Readers, "reviewer: also his round's applications from outside his subtree")
            .Allow("ListProjects", Readers))
        .Service(ProjectReviews.Descriptor, s => s
            .Allow("ScoreProject", [Roles.Reviewer], "a reviewer of the project's round (handler)")
            .Allow("GetProjectReview", Readers)
            .Allow("RankRound", Readers)
            .Allow("RecordApprovalDecision", Deciders, "collective decision")
            .Allow("GetApprovalDecision", Readers)
            .Allow("RecordPaperCopyReceived", Staff))
        .Service(ProjectImplementation.Descriptor, s => s
            .Allow("FileLaunchForm", Staff)
            .Allow("FileMidTermForm", Staff)
            .Allow("FileAcceptanceForm", Staff)
            .Allow("SignForm", Staff)
            .Allow("DecideForm", Deciders, Funder)
            .Allow("GetForm", Readers)
            .Allow("ListForms", Readers)
            .Allow("ListOverdueMidTermReports", Readers)
            .Allow("RecordMilestoneProgress", Staff, Applicant)
            .Allow("RequestAdjustment", Staff, Applicant)
            .Allow("DecideAdjustment", Deciders, "a change over 20 %: the province only (handler)")
            .Allow("ListAdjustments", Readers)
            .Allow("RecordWorkerSurvey", Staff)
            .Allow("ListWorkerSurveys", Readers))
        .Service(ProjectSupervision.Descriptor, s => s
            .Allow("RecordInspection", Staff)
            .Allow("ListInspections", Readers)
            .Allow("DrawSpotCheck", Deciders)
            .Allow("GetSpotCheck", Readers)
            .Allow("CloseRectification", Staff)
            .Allow("ListRectifications", Readers)
            .Allow("ListAtRiskProjects", Readers))
        .Service(ProjectClosing.Descriptor, s => s
            .Allow("RecordFinalAccounts", Staff)
            .Allow("RecordArchiveDocument", Staff)
            .Allow("GetProjectArchive", Readers)
            .Allow("CloseProject", Deciders, Funder))
        .Service(ProjectExchange.Descriptor, s => s
            .Allow("ExportProjectLibrary", Readers)
            .Allow("ExportProjectForm", Readers));
}
