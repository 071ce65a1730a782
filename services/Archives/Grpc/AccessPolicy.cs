using Union.Contracts.Archives.V1;
using Union.Shared.Auth;
using static Union.Shared.Auth.Roles;

namespace Union.Archives.Grpc;

/// <summary>
/// Who may call each archives RPC (DESIGN §2 roles), applied by <see cref="AccessInterceptor"/> before
/// any handler runs; an RPC missing here is refused. The handlers still check what a role alone
/// cannot say: a worker's own application, the county level, the funds service's subject.
/// </summary>
public static class AccessPolicy
{
    /// <summary>Every staff role reads files: the tenancy filter limits them to their subtree.</summary>
    private static readonly IReadOnlyList<string> Staff = AccessTable.Staff;

    private static readonly string[] StaffAndWorker = [.. AccessTable.Staff, Worker];

    /// <summary>The staff who keep the files: caseworkers and the reviewers who check them.</summary>
    private static readonly string[] Keepers = [Caseworker, Reviewer];

    private const string OwnApplication = "worker: only the application he made himself";
    private const string County = "county-level union or above (handler)";

    public static AccessTable Table { get; } = new AccessTable("archives")
        .Service(HouseholdArchives.Descriptor, s => s
            .Allow("CreateHousehold", [Caseworker, Worker], "worker: applies for himself, to his own union")
            .Allow("GetHousehold", StaffAndWorker, OwnApplication)
            .Allow("ListHouseholds", Staff)
            .Allow("FindHouseholdByIdNumber", Staff)
            .Allow("UpdateHousehold", [Caseworker])
            .Allow("RevealPersonalData", [Caseworker, Reviewer, Approver, Finance, Auditor], "every unmasked read is audited")
            .Allow("AssessEligibility", StaffAndWorker, OwnApplication)
            .Allow("ListTransitions", StaffAndWorker, OwnApplication))
        .Service(ArchiveLifecycle.Descriptor, s => s
            .Allow("SubmitApplication", [.. Keepers, Worker], OwnApplication)
            .Allow("RecordInitialReview", Keepers)
            .Allow("RecordCountyReview", Keepers, County)
            .Allow("RequestComparison", Keepers, County)
            .Allow("DecideCategory", Keepers, County)
            .Allow("Approve", [Approver], "collective approval; " + County)
            .Allow("StartPublicNotice", Keepers, County)
            .Allow("RecordObjection", Keepers, County)
            .Allow("Archive", Keepers, County)
            .Allow("Exit", Keepers, County)
            .Allow("DeArchive", Keepers, County)
            .Allow("Cancel", Keepers, County)
            .Allow("Relapse", Keepers, County))
        .Service(HomeVisits.Descriptor, s => s
            .Allow("RecordVisit", Keepers)
            .Allow("ListVisits", Staff))
        .Service(ArchiveMonitoring.Descriptor, s => s
            .Allow("ListOverdueVisits", Staff)
            .Allow("ListStaleFiles", Staff)
            .Allow("ListPhaseOutsEnding", Staff)
            .Allow("ListFlagged", Staff)
            .Allow("SetMonitoringFlags", Keepers)
            .Allow("GetMonitoringFigures", Staff))
        .Service(ArchiveDocuments.Descriptor, s => s
            .Allow("GetChecklist", StaffAndWorker, OwnApplication)
            .Allow("AttachDocument", [.. Keepers, Worker], OwnApplication + ", while a draft or applied"))
        .Service(ArchiveExchange.Descriptor, s => s
            .Allow("ImportHouseholds", Keepers)
            .Allow("ExportHouseholds", Keepers))
        .Service(PaymentDetails.Descriptor, s => s
            .Allow("GetPaymentDetails", [ServiceIdentity.Role], "internal: the funds service identity only (handler checks the subject)"));
}
