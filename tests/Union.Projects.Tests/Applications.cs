using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Auth;
using Union.Testing;

namespace Union.Projects.Tests;

/// <summary>The demo organisation tree, requests and clients the tests share.</summary>
public static class Applications
{
    public const string Province = "51";
    public const string Chengdu = "51/5101";
    public const string Jinjiang = "51/5101/510104";
    public const string Qingyang = "51/5101/510105";
    public const string Yibin = "51/5115";
    public const string Cuiping = "51/5115/511502";

    /// <summary>
    /// A complete, valid application of 1,000,000 yuan total asking 400,000 of the funder, for the
    /// round <paramref name="roundId"/>. Empty organisation: the caller's own.
    /// </summary>
    public static CreateProjectApplicationRequest Valid(string roundId, ProjectCategory category = ProjectCategory.Medical, string organisationPath = "") => new()
    {
        RoundId = roundId,
        OrganisationPath = organisationPath,
        Level = ProjectLevel.County,
        Category = category,
        Subcategory = category switch
        {
            ProjectCategory.LivingSecurity => ProjectSubcategory.WinterWarmth,
            ProjectCategory.VocationalTraining => ProjectSubcategory.ReemploymentTraining,
            ProjectCategory.Employment => ProjectSubcategory.EmploymentAidMonth,
            _ => ProjectSubcategory.Unspecified,
        },
        Title = "困难职工大病医疗救助项目",
        Background = "辖区困难职工家庭因病致困比例较高，医保报销后个人自付负担仍重；区总工会已建立医疗互助，具备实施条件。",
        Content = new ProjectContent
        {
            ServedGroups = "建档困难职工中因病致困家庭",
            ServiceMethod = "医保报销后按个人自付部分给予二次救助",
            Targets = "全年救助120户",
            Standards = "每户最高1万元",
            Scope = "锦江区",
        },
        Milestones =
        {
            new Milestone { Description = "摸底调查、确定救助对象", DueOn = "2027-03-31" },
            new Milestone { Description = "集中审核发放", DueOn = "2027-09-30" },
        },
        Budget =
        {
            new BudgetLine { Source = FundSource.ProvincialFinance, Amount = new Money { Fen = 60_000_000 } },
            new BudgetLine { Source = FundSource.UnionFunds, Amount = new Money { Fen = 40_000_000 } },
        },
        SubsidyRequested = new Money { Fen = 40_000_000 },
        Targets = new PerformanceTargets { WorkersCovered = 5000, WorkersDirectlyServed = 120, SatisfactionPercent = 90 },
        Safeguards = "成立项目领导小组，专款专用，接受经审监督。",
        Responsibilities =
        {
            new Responsibility { Role = "策划", Person = "区总工会保障部" },
            new Responsibility { Role = "实施", Person = "区困难职工帮扶中心" },
        },
        Contact = new Contact { Name = "王芳", Phone = "028-86661234", Email = "wf@example.org" },
    };

    public static ProjectApplications.ProjectApplicationsClient Applicant(this ServiceHost<Program> host, string organisationPath) =>
        new(host.As(organisationPath, Roles.Caseworker));

    public static ProjectRounds.ProjectRoundsClient Rounds(this ServiceHost<Program> host, string organisationPath, params string[] roles) =>
        new(host.As(organisationPath, roles.Length == 0 ? [Roles.Caseworker] : roles));

    public static ProjectReviews.ProjectReviewsClient Reviews(this ServiceHost<Program> host, string organisationPath, params string[] roles) =>
        new(host.As(organisationPath, roles.Length == 0 ? [Roles.Approver] : roles));

    public static ProjectImplementation.ProjectImplementationClient Implementation(this ServiceHost<Program> host, string organisationPath, params string[] roles) =>
        new(host.As(organisationPath, roles.Length == 0 ? [Roles.Caseworker] : roles));

    public static ProjectSupervision.ProjectSupervisionClient Supervision(this ServiceHost<Program> host, string organisationPath, params string[] roles) =>
        new(host.As(organisationPath, roles.Length == 0 ? [Roles.Caseworker] : roles));

    public static ProjectClosing.ProjectClosingClient Closing(this ServiceHost<Program> host, string organisationPath, params string[] roles) =>
        new(host.As(organisationPath, roles.Length == 0 ? [Roles.Caseworker] : roles));

    public static ProjectExchange.ProjectExchangeClient Exchange(this ServiceHost<Program> host, string organisationPath, params string[] roles) =>
        new(host.As(organisationPath, roles.Length == 0 ? [Roles.Caseworker] : roles));

    public static Metadata Key(string idempotencyKey) => new() { { "idempotency-key", idempotencyKey } };
}
