using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Shared.Persistence;
using Union.Testing;

namespace Union.Projects.Tests;

/// <summary>Rounds, committees, decisions and outbox reads the rounds-to-library tests share.</summary>
public static class ProjectsTestKit
{
    /// <summary>An instant on the Beijing wall clock.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 10, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static async Task<Round> OpenRoundAsync(this ProjectsHost host, string funder, int year, ApplicationKind kind = ApplicationKind.Annual,
        string dueOn = "", string emergencyEvent = "") =>
        await host.Rounds(funder, Roles.Caseworker).OpenRoundAsync(new OpenRoundRequest
        {
            Year = year,
            Kind = kind,
            DueOn = dueOn,
            EmergencyEvent = kind == ApplicationKind.Emergency && emergencyEvent == "" ? "突发洪涝灾害" : emergencyEvent,
        });

    /// <summary>Puts a committee member (subject <paramref name="subject"/>) of <paramref name="organisation"/> on the round.</summary>
    public static async Task AddReviewerAsync(this ProjectsHost host, Round round, string subject, string organisation) =>
        await host.Rounds(round.Funder.Path, Roles.Caseworker).AddReviewerAsync(new AddReviewerRequest
        {
            RoundId = round.RoundId,
            Reviewer = new Reviewer { Subject = subject, Name = $"评审专家{subject}", OrganisationPath = organisation },
        });

    public static ProjectReviews.ProjectReviewsClient Reviewer(this ProjectsHost host, string subject, string organisation) =>
        new(host.AsUser(subject, organisation, Roles.Reviewer));

    public static Task<ProjectReview> ScoreAsync(this ProjectsHost host, string subject, string organisation, string projectId,
        int necessity, int feasibility, int prospects) =>
        host.Reviewer(subject, organisation).ScoreProjectAsync(new ScoreProjectRequest
        {
            ProjectId = projectId, Necessity = necessity, Feasibility = feasibility, Prospects = prospects, Comments = "评审意见",
        }).ResponseAsync;

    public static Task<ProjectApplication> ApplyAsync(this ProjectsHost host, string applicant, string roundId,
        ProjectCategory category = ProjectCategory.Medical, Action<CreateProjectApplicationRequest>? change = null)
    {
        var request = Applications.Valid(roundId, category);
        change?.Invoke(request);
        return host.Applicant(applicant).CreateProjectApplicationAsync(request).ResponseAsync;
    }

    /// <summary>Jinjiang's and Qingyang's applications in Chengdu's 2027 round, scored by one reviewer (Jinjiang higher).</summary>
    public static async Task<(Round Round, ProjectApplication Jinjiang, ProjectApplication Qingyang)> ReviewedPairAsync(this ProjectsHost host)
    {
        var round = await host.OpenRoundAsync(Applications.Chengdu, 2027);
        await host.AddReviewerAsync(round, "r1", Applications.Chengdu);
        var jinjiang = await host.ApplyAsync(Applications.Jinjiang, round.RoundId);
        var qingyang = await host.ApplyAsync(Applications.Qingyang, round.RoundId);
        await host.ScoreAsync("r1", Applications.Chengdu, jinjiang.ProjectId, 90, 80, 85);
        await host.ScoreAsync("r1", Applications.Chengdu, qingyang.ProjectId, 60, 60, 60);
        return (round, jinjiang, qingyang);
    }

    /// <summary>The project as its applicant reads it now.</summary>
    public static Task<ProjectApplication> CurrentAsync(this ProjectsHost host, ProjectApplication p) =>
        host.Applicant(p.Owner.Path).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = p.ProjectId }).ResponseAsync;

    public static ApprovedLine Approve(ProjectApplication project, long fen) =>
        new() { ProjectId = project.ProjectId, ApprovedSubsidy = new Money { Fen = fen } };

    public static RecordApprovalDecisionRequest Decision(string roundId, string decidedOn, IEnumerable<ApprovedLine> approved,
        IEnumerable<RejectedLine>? rejected = null) => new()
    {
        RoundId = roundId,
        Body = DecisionBody.ChairmanOfficeMeeting,
        DecidedOn = decidedOn,
        MeetingReference = "主席办公会纪要〔2026〕15号",
        Approved = { approved },
        Rejected = { rejected ?? [] },
    };

    public static Task<List<OutboxMessage>> OutboxAsync(this ProjectsHost host, string eventName) =>
        host.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.EventType == $"union.events.v1.{eventName}").OrderBy(m => m.Id).ToListAsync());

    public static T Parse<T>(OutboxMessage message) where T : IMessage<T>, new() =>
        new MessageParser<T>(() => new T()).WithDiscardUnknownFields(false).ParseJson(message.Payload);

    public static Task<int> ProjectCountAsync(this ProjectsHost host) =>
        host.WithDatabaseAsync(db => db.Set<Domain.Project>().CountAsync());
}

/// <summary>Reads the reason of one field violation of a refused request.</summary>
public static class ViolationReasons
{
    public static string ReasonOf(this RpcException e, string field) =>
        e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.FirstOrDefault(v => v.Field == field)?.Reason
        ?? throw new Xunit.Sdk.XunitException($"No violation of {field}.");
}
