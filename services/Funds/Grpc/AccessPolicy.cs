using Union.Contracts.Funds.V1;
using Union.Shared.Auth;
using static Union.Shared.Auth.Roles;

namespace Union.Funds.Grpc;

/// <summary>
/// Who may call each funds RPC (DESIGN §2 roles), applied by <see cref="AccessInterceptor"/> before
/// any handler runs; an RPC missing here is refused. Money moves by finance; a worker calls nothing
/// here. The handlers still check what a role alone cannot say (the province for allocation, the
/// organisation that keeps an account).
/// </summary>
public static class AccessPolicy
{
    /// <summary>Every staff role reads standards, accounts and decisions within its subtree.</summary>
    private static readonly IReadOnlyList<string> Staff = AccessTable.Staff;

    /// <summary>Who sets the allocation formula and moves allocated funds: finance, with approval, or the administrator.</summary>
    private static readonly string[] Allocators = [Finance, Approver, Admin];

    /// <summary>Who opens accounts, records receipts and transfers, closes years, sets local standards.</summary>
    private static readonly string[] Bookkeepers = [Finance, Admin];

    private static readonly string[] Reporters = [Finance, Auditor, Evaluator, Admin];

    private static readonly string[] FollowUp = [Finance, Auditor];

    public static AccessTable Table { get; } = new AccessTable("funds")
        .Service(FundLedger.Descriptor, s => s
            .Allow("OpenAccount", Bookkeepers)
            .Allow("GetAccount", Staff)
            .Allow("GetHouseholdStanding", Staff))
        .Service(LocalStandards.Descriptor, s => s
            .Allow("SetAllowanceStandard", Bookkeepers)
            .Allow("ListAllowanceStandards", Staff)
            .Allow("SetPaymentStandard", Bookkeepers)
            .Allow("GetStandardInForce", Staff)
            .Allow("CheckAidCap", Staff))
        .Service(ProjectTranches.Descriptor, s => s
            .Allow("GetProjectFunding", Staff)
            .Allow("ListPendingTranches", Staff)
            .Allow("RetryTranche", [Finance]))
        .Service(WorkingCalendar.Descriptor, s => s
            .Allow("SetCalendarYear", [Admin])
            .Allow("GetCalendarYear", Staff)
            .Allow("CountWorkingDays", Staff)
            .Allow("AddWorkingDays", Staff))
        .Service(Allocation.Descriptor, s => s
            .Allow("SetAllocationFormula", Allocators)
            .Allow("GetAllocationFormula", Staff)
            .Allow("DryRunAllocation", Allocators)
            .Allow("GetAllocationRun", Staff)
            .Allow("CommitAllocation", Allocators)
            .Allow("ReverseAllocation", Allocators)
            .Allow("RecordRetainedFunds", Allocators)
            .Allow("GetFivePercentReport", Staff))
        .Service(AssistanceDecisions.Descriptor, s => s
            .Allow("CreateDecision", [Caseworker])
            .Allow("GetDecision", Staff)
            .Allow("ListDecisions", Staff)
            .Allow("CancelDecision", [Approver, Finance])
            .Allow("StartNotice", [Caseworker])
            .Allow("RecordObjection", [Caseworker, Approver])
            .Allow("DecideObjection", [Approver])
            .Allow("GetNotice", Staff))
        .Service(FundMovements.Descriptor, s => s
            .Allow("RecordReceipt", Bookkeepers)
            .Allow("Transfer", Bookkeepers)
            .Allow("ListMovements", Staff)
            .Allow("CloseFiscalYear", Bookkeepers)
            .Allow("SetUseDeadline", Bookkeepers)
            .Allow("ListAccountsAtRisk", Staff))
        .Service(PaymentBatches.Descriptor, s => s
            .Allow("CreatePaymentBatch", [Finance], "only active archived households after their public notice (handler)")
            .Allow("GetPaymentBatch", [Finance])
            .Allow("ListPaymentBatches", [Finance])
            .Allow("ExportPaymentBatch", [Finance], "bank cards read from archives with the funds service identity")
            .Allow("ImportBankReturn", [Finance]))
        .Service(FundReports.Descriptor, s => s
            .Allow("GetReceiptsReport", Reporters)
            .Allow("GetExpenditureReport", Reporters)
            .Allow("GetPassThroughReport", Reporters)
            .Allow("GetBalanceReport", Reporters)
            .Allow("GetReconciliationReport", Reporters)
            .Allow("GetTimelinessReport", Reporters)
            .Allow("ExportFundReport", Reporters))
        .Service(PaymentFollowUp.Descriptor, s => s
            .Allow("ListNotifications", FollowUp)
            .Allow("RecordPaymentSpotCheck", FollowUp)
            .Allow("ListPaymentSpotChecks", FollowUp)
            .Allow("ListPaymentFollowUps", FollowUp));
}
