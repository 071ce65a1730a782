using Grpc.Core;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Testing;

namespace Union.Projects.Tests;

/// <summary>Requests and clients the tests share.</summary>
public static class Applications
{
    public const string Province = "51";
    public const string Chengdu = "51/5101";
    public const string Jinjiang = "51/5101/510104";
    public const string Qingyang = "51/5101/510105";
    public const string Yibin = "51/5115";
    public const string Cuiping = "51/5115/511502";

    /// <summary>A complete, valid annual application for 2027 (open until 20 Nov 2026, Beijing time).</summary>
    public static CreateProjectApplicationRequest Valid(
        ProjectCategory category = ProjectCategory.Medical,
        ApplicationKind kind = ApplicationKind.Annual,
        int year = 2027,
        string organisationPath = "") => new()
    {
        OrganisationPath = organisationPath,
        Year = year,
        Category = category,
        Kind = kind,
        Title = "困难职工大病医疗救助项目",
        Background = "辖区困难职工家庭因病致困比例较高，医保报销后个人自付负担仍重。",
        Budget =
        {
            new BudgetLine { Source = FundSource.ProvincialFinance, Amount = new Money { Fen = 30_000_000 } },
            new BudgetLine { Source = FundSource.UnionFunds, Amount = new Money { Fen = 12_345_678 } },
        },
        TargetBeneficiaries = 120,
    };

    public static ProjectApplications.ProjectApplicationsClient Client(this ProjectsHost host, string organisationPath) =>
        new(host.As(organisationPath, "caseworker"));

    public static Metadata Key(string idempotencyKey) => new() { { "idempotency-key", idempotencyKey } };
}
