using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Shared.Time;
using Union.Testing;
using static Union.Projects.Tests.Applications;

namespace Union.Projects.Tests;

/// <summary>
/// Drives projects through their life with the real RPCs, so a test can start from any state:
/// <c>await driver.ToAsync(ProjectStatus.Launched)</c>. By default the applicant is Jinjiang county
/// and the funder its city, Chengdu, in the 2027 annual round; dates are taken from the host's clock.
/// </summary>
public sealed class ProjectDriver(ServiceHost<Program> host, string applicant = Jinjiang)
{
    private readonly Dictionary<string, string> _rounds = [];

    public string Applicant => applicant;
    public string Funder => applicant[..applicant.LastIndexOf('/')];

    /// <summary>Today in Beijing on the host's clock.</summary>
    public DateOnly Today => host.Services.GetRequiredService<TimeProvider>().Today();
    public string TodayText => Today.ToString("yyyy-MM-dd");

    public ProjectRounds.ProjectRoundsClient FunderRounds => host.Rounds(Funder, Roles.Caseworker, Roles.Approver);
    public ProjectReviews.ProjectReviewsClient FunderReviews => host.Reviews(Funder, Roles.Approver);
    public ProjectImplementation.ProjectImplementationClient ApplicantStaff => host.Implementation(applicant, Roles.Caseworker);
    public ProjectImplementation.ProjectImplementationClient FunderStaff => host.Implementation(Funder, Roles.Caseworker, Roles.Approver);

    /// <summary>A reviewer of the funder's committee (subject reviewer-N@funder).</summary>
    public ProjectReviews.ProjectReviewsClient Reviewer(int n = 1) => new(host.AsUser(ReviewerSubject(n), Funder, Roles.Reviewer));

    public string ReviewerSubject(int n) => $"reviewer-{n}@{Funder}";

    /// <summary>The funder's round of the kind for the year, opened (with <paramref name="reviewers"/> reviewers) on first use.</summary>
    public async Task<string> RoundAsync(int year = 2027, ApplicationKind kind = ApplicationKind.Annual, int reviewers = 1)
    {
        var key = $"{year}-{kind}";
        if (_rounds.TryGetValue(key, out var id)) return id;
        var round = await FunderRounds.OpenRoundAsync(new OpenRoundRequest
        {
            Year = year,
            Kind = kind,
            EmergencyEvent = kind == ApplicationKind.Emergency ? "突发洪涝灾害" : string.Empty,
        });
        for (var n = 1; n <= reviewers; n++)
        {
            await FunderRounds.AddReviewerAsync(new AddReviewerRequest
            {
                RoundId = round.RoundId,
                Reviewer = new Reviewer { Subject = ReviewerSubject(n), Name = $"评审专家{n}", OrganisationPath = Funder },
            });
        }
        return _rounds[key] = round.RoundId;
    }

    public async Task<ProjectApplication> ApplyAsync(ProjectCategory category = ProjectCategory.Medical, Action<CreateProjectApplicationRequest>? change = null)
    {
        var request = Valid(await RoundAsync(), category);
        change?.Invoke(request);
        return await host.Applicant(applicant).CreateProjectApplicationAsync(request);
    }

    /// <summary>A new project taken to <paramref name="target"/> along the main path.</summary>
    public async Task<ProjectApplication> ToAsync(ProjectStatus target, ProjectCategory category = ProjectCategory.Medical,
        long approvedFen = 40_000_000, Action<CreateProjectApplicationRequest>? change = null)
    {
        var project = await ApplyAsync(category, change);
        return await AdvanceAsync(project, target, approvedFen);
    }

    /// <summary>Takes an existing project forward to <paramref name="target"/>.</summary>
    public async Task<ProjectApplication> AdvanceAsync(ProjectApplication project, ProjectStatus target, long approvedFen = 40_000_000)
    {
        var id = project.ProjectId;
        while (project.Status < target && !(target == ProjectStatus.Rejected && project.Status == ProjectStatus.UnderReview))
        {
            switch (project.Status)
            {
                case ProjectStatus.Submitted:
                    await Reviewer().ScoreProjectAsync(new ScoreProjectRequest { ProjectId = id, Necessity = 90, Feasibility = 80, Prospects = 85, Comments = "需求明确" });
                    break;
                case ProjectStatus.UnderReview:
                    await FunderReviews.RecordApprovalDecisionAsync(new RecordApprovalDecisionRequest
                    {
                        RoundId = project.RoundId,
                        Body = DecisionBody.ChairmanOfficeMeeting,
                        DecidedOn = TodayText,
                        MeetingReference = "主席办公会纪要〔2026〕12号",
                        Approved = { new ApprovedLine { ProjectId = id, ApprovedSubsidy = new Money { Fen = approvedFen } } },
                    });
                    break;
                case ProjectStatus.Approved:
                    await FunderReviews.RecordPaperCopyReceivedAsync(new RecordPaperCopyReceivedRequest { ProjectId = id, ReceivedOn = TodayText, SignedByName = "李主席" });
                    break;
                case ProjectStatus.InLibrary:
                    var launch = await ApplicantStaff.FileLaunchFormAsync(new FileLaunchFormRequest
                    {
                        ProjectId = id,
                        Details = new LaunchDetails
                        {
                            StartsOn = TodayText, EndsOn = Today.AddMonths(10).ToString("yyyy-MM-dd"), Overview = "项目概况及绩效预估",
                            Plan = "按季度推进", BudgetDetail = "救助金100万元", SubsidyDetail = "扶助资金全部用于救助金",
                        },
                    });
                    await SignAndDecideAsync(launch.FormId);
                    break;
                case ProjectStatus.Launched:
                    var acceptance = await ApplicantStaff.FileAcceptanceFormAsync(new FileAcceptanceFormRequest
                    {
                        ProjectId = id,
                        Details = new AcceptanceDetails
                        {
                            Completion = "全年救助126户，完成目标", SpentTotal = new Money { Fen = 98_000_000 }, SpentSubsidy = new Money { Fen = approvedFen },
                            WorkersCovered = 5200, WorkersDirectlyServed = 126, SatisfactionPercent = 95, Effect = "困难职工医疗负担明显减轻",
                        },
                    });
                    await SignAndDecideAsync(acceptance.FormId);
                    break;
                default:
                    throw new InvalidOperationException($"The driver does not take a project from {project.Status} to {target}.");
            }
            project = await host.Applicant(applicant).GetProjectApplicationAsync(new GetProjectApplicationRequest { ProjectId = id });
        }
        return project;
    }

    /// <summary>The three signatures in order, then the funder's approval.</summary>
    public async Task<ProjectForm> SignAndDecideAsync(string formId, bool accept = true)
    {
        await SignAllAsync(formId);
        return await FunderStaff.DecideFormAsync(new DecideFormRequest { FormId = formId, Accept = accept, DecidedOn = TodayText, Comment = "同意" });
    }

    public async Task SignAllAsync(string formId)
    {
        await ApplicantStaff.SignFormAsync(new SignFormRequest { FormId = formId, Level = SignatureLevel.ApplicantHead, SignerName = "张区长" });
        await FunderStaff.SignFormAsync(new SignFormRequest { FormId = formId, Level = SignatureLevel.DepartmentHead, SignerName = "刘部长" });
        await FunderStaff.SignFormAsync(new SignFormRequest { FormId = formId, Level = SignatureLevel.DepartmentLeader, SignerName = "陈副主席" });
    }
}
