using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Projects.Domain;
using Union.Projects.Messaging;
using Union.Projects.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Tenancy;
using Union.Shared.Validation;
using ApplicationKind = Union.Contracts.Projects.V1.ApplicationKind;
using BudgetLine = Union.Projects.Domain.BudgetLine;
using BudgetLineDto = Union.Contracts.Projects.V1.BudgetLine;
using DomainCategory = Union.Projects.Domain.ProjectCategory;
using DomainFundSource = Union.Projects.Domain.FundSource;
using DomainKind = Union.Projects.Domain.ApplicationKind;
using FundSource = Union.Contracts.Common.V1.FundSource;
using ProjectApplication = Union.Projects.Domain.ProjectApplication;
using ProjectApplicationDto = Union.Contracts.Projects.V1.ProjectApplication;
using ProjectCategory = Union.Contracts.Projects.V1.ProjectCategory;
using ProjectStatus = Union.Contracts.Projects.V1.ProjectStatus;

namespace Union.Projects.Grpc;

/// <summary>Thin RPC handlers: validate, call the domain, save, map.</summary>
public sealed class ProjectApplicationsService(ProjectsDbContext db, CallerContext caller, TimeProvider clock)
    : ProjectApplications.ProjectApplicationsBase
{
    public const int MaxTitleLength = 100;
    public const int MaxBackgroundLength = 2000;
    public const int MaxTargetBeneficiaries = 10_000_000;

    public override async Task<ProjectApplicationDto> CreateProjectApplication(CreateProjectApplicationRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Year("year", request.Year)
            .Enum("category", request.Category)
            .Enum("kind", request.Kind)
            .RequiredText("title", request.Title, MaxTitleLength)
            .RequiredText("background", request.Background, MaxBackgroundLength)
            .Budget("budget", request.Budget)
            .Range("target_beneficiaries", request.TargetBeneficiaries, 1, MaxTargetBeneficiaries)
            .ThrowIfInvalid();

        var owner = Ownership.Resolve(caller, request.OrganisationPath);
        var application = ProjectApplication.Submit(new ProjectApplicationDraft(
            owner,
            request.Year,
            (DomainCategory)(int)request.Category,
            (DomainKind)(int)request.Kind,
            request.Title,
            request.Background,
            request.Budget.Select(l => new BudgetLine((DomainFundSource)(int)l.Source, l.Amount.Fen)).ToList(),
            request.TargetBeneficiaries), caller.Subject, clock.GetUtcNow());

        if (ProjectApplication.IsLimitedToOnePerRound(application.Kind))
        {
            var existing = await FindSameRoundAsync(application, context.CancellationToken);
            if (existing is not null) RefuseDuplicate(existing.Value);
        }

        db.ProjectApplications.Add(application);
        db.Publish(ProjectEvents.Submitted(application), owner);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException) when (ProjectApplication.IsLimitedToOnePerRound(application.Kind))
        {
            // Lost a race with an application for the same round filed a moment ago: the unique
            // index refused this one. Inside a caller's transaction EF rolled back to its savepoint,
            // so the winner can still be read.
            var winner = await FindSameRoundAsync(application, CancellationToken.None);
            if (winner is not null) RefuseDuplicate(winner.Value);
            throw;
        }
        return ToDto(application);
    }

    public override async Task<ProjectApplicationDto> GetProjectApplication(GetProjectApplicationRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("project_id", request.ProjectId).ThrowIfInvalid();
        var id = Guid.Parse(request.ProjectId);
        // The tenancy filter hides applications outside the caller's subtree: they answer NotFound like missing ones.
        var application = await db.ProjectApplications.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, context.CancellationToken);
        if (application is null) UnionErrors.NotFound("PROJECT_NOT_FOUND", "未找到该帮扶项目申报");
        return ToDto(application);
    }

    private async Task<Guid?> FindSameRoundAsync(ProjectApplication a, CancellationToken cancellationToken) =>
        await db.ProjectApplications.AsNoTracking().IgnoreQueryFilters()
            .Where(p => p.OrganisationPath == a.OrganisationPath && p.Year == a.Year && p.Kind == a.Kind
                        && p.Category == a.Category && p.Id != a.Id)
            .Select(p => (Guid?)p.Id)
            .FirstOrDefaultAsync(cancellationToken);

    private static void RefuseDuplicate(Guid existingId) =>
        UnionErrors.AlreadyExists("PROJECT_APPLICATION_EXISTS", "本轮申报中该组织已申报过同类项目（同类项目只申报一次）",
            new Dictionary<string, string> { ["project_id"] = existingId.ToString() });

    private static ProjectApplicationDto ToDto(ProjectApplication p) => new()
    {
        ProjectId = p.Id.ToString(),
        Owner = new OrganisationRef { Code = OrganisationPath.Code(p.OrganisationPath), Path = p.OrganisationPath },
        Year = p.Year,
        Category = (ProjectCategory)(int)p.Category,
        Kind = (ApplicationKind)(int)p.Kind,
        Title = p.Title,
        Background = p.Background,
        Budget = { p.Budget.OrderBy(l => l.Source).Select(l => new BudgetLineDto { Source = (FundSource)(int)l.Source, Amount = new Money { Fen = l.AmountFen } }) },
        Total = new Money { Fen = p.TotalFen },
        TargetBeneficiaries = p.TargetBeneficiaries,
        Status = (ProjectStatus)(int)p.Status,
        Audit = new AuditStamp
        {
            CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(p.CreatedAt, DateTimeKind.Utc)),
            CreatedBy = p.CreatedBy,
            UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(p.UpdatedAt, DateTimeKind.Utc)),
            UpdatedBy = p.UpdatedBy,
        },
    };
}

/// <summary>The budget's rules as field violations, named by the proto field path (e.g. budget[0].amount).</summary>
internal static class BudgetValidation
{
    /// <summary>No more lines than there are fund sources, with room to spare for a careless form.</summary>
    public const int MaxLines = 20;

    public static RequestValidator Budget(this RequestValidator v, string field, IReadOnlyList<BudgetLineDto> lines)
    {
        if (lines.Count == 0) return v.Add(field, "REQUIRED", "预算至少需要一项");
        if (lines.Count > MaxLines) return v.Add(field, "TOO_MANY", $"预算不能超过{MaxLines}项");
        var seen = new HashSet<FundSource>();
        decimal total = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            v.Enum($"{field}[{i}].source", line.Source);
            if (System.Enum.IsDefined(line.Source) && line.Source != FundSource.Unspecified && !seen.Add(line.Source))
                v.Add($"{field}[{i}].source", "DUPLICATE_FUND_SOURCE", "同一资金来源只能填写一项");
            var amount = $"{field}[{i}].amount";
            if (line.Amount is null) v.Add(amount, "REQUIRED", "必填项");
            else if (line.Amount.Fen <= 0) v.Add(amount, "AMOUNT_NOT_POSITIVE", "金额必须大于0（单位：分）");
            else v.Money(amount, line.Amount);
            // The total counts only amounts that are right on their own, so one bad line is reported once.
            if (line.Amount is { Fen: > 0 and <= ProjectApplication.MaxTotalFen }) total += line.Amount.Fen;
        }
        return v.Check(total <= ProjectApplication.MaxTotalFen, field, "AMOUNT_TOO_LARGE", "预算总额超出允许范围");
    }
}
