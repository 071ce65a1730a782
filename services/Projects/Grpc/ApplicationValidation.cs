using Union.Contracts.Common.V1;
using Union.Contracts.Projects.V1;
using Union.Shared.Validation;
using Domain = Union.Projects.Domain;

namespace Union.Projects.Grpc;

/// <summary>The shape of an application as field violations, named by the proto field path (e.g. budget[0].amount).</summary>
public static class ApplicationValidation
{
    public const int MaxTitleLength = 100;
    public const int MaxBackgroundLength = 4000;
    public const int MaxTextLength = 1000;
    public const int MaxLongTextLength = 2000;
    public const int MaxLines = 20;
    public const int MaxWorkers = 10_000_000;

    public static RequestValidator Validate(CreateProjectApplicationRequest request, out List<(string Description, DateOnly DueOn)> milestones)
    {
        var v = new RequestValidator()
            .Id("round_id", request.RoundId)
            .OrganisationPathOrEmpty("organisation_path", request.OrganisationPath)
            .Enum("level", request.Level)
            .Enum("category", request.Category)
            .RequiredText("title", request.Title, MaxTitleLength)
            .RequiredText("background", request.Background, MaxBackgroundLength)
            .MaxLength("safeguards", request.Safeguards, MaxLongTextLength);
        if (request.Subcategory != ProjectSubcategory.Unspecified) v.Enum("subcategory", request.Subcategory);
        if (request.Category != ProjectCategory.Unspecified && System.Enum.IsDefined(request.Category) && System.Enum.IsDefined(request.Subcategory))
        {
            var category = (Domain.ProjectCategory)(int)request.Category;
            var sub = (Domain.ProjectSubcategory)(int)request.Subcategory;
            if (!Domain.ProjectCategories.Fits(category, sub))
                v.Add("subcategory", sub == Domain.ProjectSubcategory.None ? "REQUIRED" : "NOT_OF_CATEGORY",
                    sub == Domain.ProjectSubcategory.None ? "该类别须选择子类（如生活保障类的送温暖、送清凉）" : "子类不属于所选类别");
        }

        var content = request.Content ?? new ProjectContent();
        request.Content = content;
        v.RequiredText("content.served_groups", content.ServedGroups, MaxTextLength)
            .RequiredText("content.service_method", content.ServiceMethod, MaxTextLength)
            .RequiredText("content.targets", content.Targets, MaxTextLength)
            .MaxLength("content.standards", content.Standards, MaxTextLength)
            .MaxLength("content.scope", content.Scope, MaxTextLength);

        milestones = [];
        v.Check(request.Milestones.Count > 0, "milestones", "REQUIRED", "推进方案至少需要一个时间节点")
            .Check(request.Milestones.Count <= MaxLines, "milestones", "TOO_MANY", $"时间节点不能超过{MaxLines}个");
        for (var i = 0; i < Math.Min(request.Milestones.Count, MaxLines); i++)
        {
            var m = request.Milestones[i];
            v.RequiredText($"milestones[{i}].description", m.Description, 500)
                .Date($"milestones[{i}].due_on", m.DueOn, required: true, out var due);
            if (due is { } d) milestones.Add((m.Description ?? string.Empty, d));
        }

        v.Budget("budget", request.Budget);
        v.Money("subsidy_requested", request.SubsidyRequested);
        request.SubsidyRequested ??= new Money();

        var targets = request.Targets ?? new PerformanceTargets();
        request.Targets = targets;
        v.Range("targets.workers_covered", targets.WorkersCovered, 1, MaxWorkers)
            .Range("targets.workers_directly_served", targets.WorkersDirectlyServed, 1, MaxWorkers)
            .Check(targets.WorkersDirectlyServed <= targets.WorkersCovered, "targets.workers_directly_served", "EXCEEDS_COVERED", "直接服务职工数不能超过覆盖职工数")
            .Range("targets.satisfaction_percent", targets.SatisfactionPercent, 1, 100);

        v.Check(request.Responsibilities.Count > 0, "responsibilities", "REQUIRED", "责任分工至少需要一项")
            .Check(request.Responsibilities.Count <= MaxLines, "responsibilities", "TOO_MANY", $"责任分工不能超过{MaxLines}项");
        for (var i = 0; i < Math.Min(request.Responsibilities.Count, MaxLines); i++)
        {
            v.RequiredText($"responsibilities[{i}].role", request.Responsibilities[i].Role, 50)
                .RequiredText($"responsibilities[{i}].person", request.Responsibilities[i].Person, 100);
        }

        var contact = request.Contact ?? new Contact();
        request.Contact = contact;
        v.RequiredText("contact.name", contact.Name, 50)
            .RequiredText("contact.phone", contact.Phone, 30)
            .MaxLength("contact.email", contact.Email, 100);
        return v;
    }

    /// <summary>No more lines than there are fund sources, with room to spare for a careless form.</summary>
    public static RequestValidator Budget(this RequestValidator v, string field, IReadOnlyList<BudgetLine> lines)
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
            if (line.Amount is { Fen: > 0 and <= Domain.Project.MaxTotalFen }) total += line.Amount.Fen;
        }
        return v.Check(total <= Domain.Project.MaxTotalFen, field, "AMOUNT_TOO_LARGE", "预算总额超出允许范围");
    }
}
