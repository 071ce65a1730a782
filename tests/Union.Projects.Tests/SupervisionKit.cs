using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Shared.Persistence;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>Shared steps of the supervision and closing tests: inspections with findings, sent-back acceptances, the outbox.</summary>
public static class SupervisionKit
{
    /// <summary>The funder's supervision desk (Chengdu staff by default).</summary>
    public static ProjectSupervision.ProjectSupervisionClient FunderSupervision(this ProjectsHost host, string funder = Chengdu) =>
        host.Supervision(funder, Roles.Caseworker, Roles.Approver);

    public static RecordInspectionRequest Inspection(string projectId, string inspectedOn, params (string Finding, string RectifyBy)[] findings) => new()
    {
        ProjectId = projectId,
        Kind = InspectionKind.Supervision,
        InspectedOn = inspectedOn,
        Inspectors = "市总工会保障部 刘部长、王科长",
        Summary = "实地查看救助台账与资金支付凭证",
        Findings = { findings.Select(f => new Finding { Description = f.Finding, RectifyBy = f.RectifyBy }) },
    };

    /// <summary>A supervision inspection by Chengdu with the findings; returns the items it opened.</summary>
    public static async Task<IReadOnlyList<Rectification>> FindingsAsync(this ProjectsHost host, string projectId, string inspectedOn,
        params (string Finding, string RectifyBy)[] findings) =>
        (await host.FunderSupervision().RecordInspectionAsync(Inspection(projectId, inspectedOn, findings))).Rectifications;

    public static Task<List<OutboxMessage>> OutboxAsync(this ProjectsHost host) =>
        host.WithDatabaseAsync(db => db.OutboxMessages.OrderBy(m => m.Id).ToListAsync());

    /// <summary>The events of one type in the outbox, parsed, in the order they were written.</summary>
    public static async Task<List<T>> EventsAsync<T>(this ProjectsHost host) where T : IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        var name = new T().Descriptor.FullName;
        return (await host.OutboxAsync()).Where(m => m.EventType == name).Select(m => parser.ParseJson(m.Payload)).ToList();
    }
}
