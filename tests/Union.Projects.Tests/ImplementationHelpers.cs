using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>Requests and look-ups the implementation tests share: forms, adjustments and the outbox.</summary>
public static class ImplementationHelpers
{
    /// <summary>The events of type <typeparamref name="T"/> in the outbox, oldest first.</summary>
    public static async Task<List<T>> EventsAsync<T>(this ServiceHost<Program> host) where T : IMessage<T>, new()
    {
        var type = $"union.events.v1.{typeof(T).Name}";
        var payloads = await host.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.EventType == type).OrderBy(m => m.Id).Select(m => m.Payload).ToListAsync());
        var parser = new MessageParser<T>(() => new T());
        return payloads.Select(parser.ParseJson).ToList();
    }

    public static FileMidTermFormRequest MidTerm(string projectId, long spentTotalFen = 50_000_000, long spentSubsidyFen = 20_000_000) => new()
    {
        ProjectId = projectId,
        Details = new MidTermDetails
        {
            SpentTotal = new Money { Fen = spentTotalFen }, SpentSubsidy = new Money { Fen = spentSubsidyFen },
            Progress = "已救助60户", SpendingDetail = "救助金50万元", PlannedAcceptanceOn = "2027-11-30",
        },
    };

    public static FileLaunchFormRequest Launch(string projectId) => new()
    {
        ProjectId = projectId,
        Details = new LaunchDetails
        {
            StartsOn = "2026-10-01", EndsOn = "2027-08-01", Overview = "项目概况及绩效预估", Plan = "按季度推进",
            BudgetDetail = "救助金100万元", SubsidyDetail = "扶助资金全部用于救助金",
        },
    };

    public static RequestAdjustmentRequest Adjustment(string projectId, long newSubsidyFen, ProjectCategory category = ProjectCategory.Unspecified, string decidedOn = "2026-10-01") => new()
    {
        ProjectId = projectId,
        Reason = "受洪灾影响，救助对象增加",
        ChangedElements = "项目帮扶主体",
        NewSubsidy = new Money { Fen = newSubsidyFen },
        Category = category,
        MeetingReference = "锦江区总工会主席办公会纪要〔2026〕8号",
        DecidedOn = decidedOn,
    };

    public static DecideAdjustmentRequest Decision(string adjustmentId, bool approve, string decidedOn = "2026-10-01") => new()
    {
        AdjustmentId = adjustmentId,
        Approve = approve,
        DecidedOn = decidedOn,
        Reference = "川工批〔2026〕21号",
        Comment = approve ? "同意" : "不同意",
    };

    /// <summary>The province's approver, who decides adjustments above the threshold.</summary>
    public static ProjectImplementation.ProjectImplementationClient ProvinceApprover(this ServiceHost<Program> host) =>
        host.Implementation(Province, Roles.Approver);
}
