using Union.Shared.Errors;

namespace Union.Projects.Domain;

/// <summary>The documents of a project archive (项目档案, 000 §四(四)7).</summary>
public enum ArchiveDocumentKind
{
    Application = 1,          // 项目申报书
    ImplementationPlan = 2,   // 项目实施方案
    OrganisationList = 3,     // 组织架构文件或名单
    MeetingRecords = 4,       // 相关会议、项目启动、项目活动等实施过程记录
    EffectEvidence = 5,       // 反映项目成效的文字、图片、音像、媒体报道
    EvaluationMaterials = 6,  // 项目绩效评价工作相关的各种资料
}

public sealed class ArchiveDocument
{
    public ArchiveDocumentKind Kind { get; private set; }
    public bool Present { get; private set; }
    public string Reference { get; private set; } = string.Empty;
    public DateTime RecordedAt { get; private set; }
    public string RecordedBy { get; private set; } = string.Empty;

    private ArchiveDocument() { }

    public ArchiveDocument(ArchiveDocumentKind kind, bool present, string reference, string recordedBy, DateTime recordedAt)
    {
        Kind = kind;
        Present = present;
        Reference = reference;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }
}

/// <summary>决算 (001 第五条(九) "上报项目经费决算报告").</summary>
public sealed record FinalAccounts(long SpentTotalFen, long SpentSubsidyFen, long ReturnedSubsidyFen, string ReportReference, DateOnly ReportedOn);

/// <summary>What the funder's decision on a form did to the project.</summary>
public sealed record FormDecisionEffect(long? LaunchTrancheFen, bool MidTermRecorded, long? AcceptanceTrancheFen, IReadOnlyList<Rectification> Rectifications);

public sealed partial class Project
{
    private readonly List<ArchiveDocument> _archive = [];

    public IReadOnlyList<ArchiveDocument> Archive => _archive;
    public FinalAccounts? FinalAccounts { get; private set; }
    public DateOnly? ClosedOn { get; private set; }

    /// <summary>
    /// Applies the funder's decision on a form: an approved launch form launches the project, an
    /// accepted mid-term form records its spending, an accepted acceptance form accepts the project
    /// and one sent back opens its rectification items (001 第五条(九)).
    /// </summary>
    public FormDecisionEffect DecideForm(ProjectForm form, bool accept, DateOnly decidedOn, string comment,
        IReadOnlyList<(string Finding, DateOnly DueOn)> rectifications, FunderRules rules, string actor, DateTime now)
    {
        if (form.ProjectId != Id) throw new InvalidOperationException("The form belongs to another project.");
        if (rectifications.Count > 0 && (accept || form.Kind != FormKind.Acceptance))
            throw new DomainRuleException("RECTIFICATIONS_ONLY_WHEN_SENT_BACK", "只有退回的验收申报表才能附整改要求");
        if (!accept && form.Kind == FormKind.Acceptance && rectifications.Count == 0)
            throw new DomainRuleException("RECTIFICATIONS_REQUIRED", "退回验收申报表须列明整改事项");
        form.Decide(accept, decidedOn, comment, actor, now);
        if (!accept)
        {
            var items = rectifications.Select(r => Rectification.Open(this, RectificationSource.Acceptance, form.Id, r.Finding, r.DueOn, decidedOn, actor, now)).ToList();
            Touch(actor, now);
            return new FormDecisionEffect(null, false, null, items);
        }
        return form.Kind switch
        {
            FormKind.Launch => new FormDecisionEffect(Launch(decidedOn, rules, actor, now), false, null, []),
            FormKind.MidTerm => RecordMidTermAndReturn(form.MidTerm!, actor, now),
            _ => new FormDecisionEffect(null, false, AcceptWith(form.Acceptance!, decidedOn, actor, now), []),
        };
    }

    private FormDecisionEffect RecordMidTermAndReturn(MidTermDetails details, string actor, DateTime now)
    {
        RecordMidTerm(details.SpentTotalFen, details.SpentSubsidyFen, actor, now);
        return new FormDecisionEffect(null, true, null, []);
    }

    private long AcceptWith(AcceptanceDetails details, DateOnly acceptedOn, string actor, DateTime now)
    {
        if (OpenRectifications > 0)
            throw new DomainRuleException("RECTIFICATIONS_OPEN", $"项目尚有{OpenRectifications}项整改未销号，不能验收");
        return Accept(acceptedOn, details.SpentTotalFen, details.SpentSubsidyFen, actor, now);
    }

    public void RecordArchiveDocument(ArchiveDocumentKind kind, bool present, string reference, string actor, DateTime now)
    {
        EnsureStatus("整理项目档案", ProjectStatus.InLibrary, ProjectStatus.Launched, ProjectStatus.Accepted);
        if (present && string.IsNullOrWhiteSpace(reference))
            throw new DomainRuleException("REFERENCE_REQUIRED", "已归档的资料须注明存放位置或编号");
        _archive.RemoveAll(d => d.Kind == kind);
        _archive.Add(new ArchiveDocument(kind, present, present ? reference.Trim() : string.Empty, actor, now));
        Touch(actor, now);
    }

    public IReadOnlyList<ArchiveDocumentKind> MissingDocuments =>
        Enum.GetValues<ArchiveDocumentKind>().Where(k => !_archive.Any(d => d.Kind == k && d.Present)).ToList();

    public void RecordFinalAccounts(FinalAccounts accounts, string actor, DateTime now)
    {
        EnsureStatus("上报决算", ProjectStatus.Accepted);
        if (accounts.SpentTotalFen < 0 || accounts.SpentSubsidyFen < 0 || accounts.ReturnedSubsidyFen < 0)
            throw new DomainRuleException("AMOUNT_NEGATIVE", "决算金额不能为负");
        if (accounts.SpentSubsidyFen > accounts.SpentTotalFen)
            throw new DomainRuleException("SUBSIDY_SPENT_EXCEEDS_TOTAL", "扶助资金支出不能超过决算总支出");
        // 专款专用: every released fen is either spent on the project or returned.
        if (accounts.SpentSubsidyFen + accounts.ReturnedSubsidyFen != ReleasedFen)
            throw new DomainRuleException("FINAL_ACCOUNTS_DO_NOT_BALANCE", "扶助资金支出与退回之和应等于已拨付的扶助资金",
                new Dictionary<string, string> { ["released_fen"] = ReleasedFen.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        FinalAccounts = accounts;
        SpentTotalFen = accounts.SpentTotalFen;
        SpentSubsidyFen = accounts.SpentSubsidyFen;
        Touch(actor, now);
    }

    /// <summary>结项: an accepted project with final accounts, a complete archive and no open rectification.</summary>
    public void Close(DateOnly closedOn, string actor, DateTime now)
    {
        EnsureStatus("结项", ProjectStatus.Accepted);
        if (FinalAccounts is null)
            throw new DomainRuleException("FINAL_ACCOUNTS_MISSING", "尚未上报项目经费决算报告，不能结项");
        if (MissingDocuments.Count > 0)
            throw new DomainRuleException("ARCHIVE_INCOMPLETE", "项目档案资料不全，不能结项",
                new Dictionary<string, string> { ["missing"] = string.Join(",", MissingDocuments) });
        if (OpenRectifications > 0)
            throw new DomainRuleException("RECTIFICATIONS_OPEN", $"项目尚有{OpenRectifications}项整改未销号，不能结项");
        ClosedOn = closedOn;
        Status = ProjectStatus.Closed;
        Touch(actor, now);
    }

    /// <summary>
    /// "项目资金必须严格按照项目实施方案，在年度内及时有效使用完毕" (000 §四(三)): from 1 November of the
    /// project's year, a running project still holding released subsidy it has not reported spent is at risk.
    /// </summary>
    public static DateOnly AtRiskFrom(int year) => new(year, 11, 1);

    public long UnusedSubsidyFen => Math.Max(0, ReleasedFen - (SpentSubsidyFen ?? 0));

    public bool IsAtRisk(DateOnly today) =>
        Status is ProjectStatus.Launched or ProjectStatus.Accepted && today >= AtRiskFrom(Year) && UnusedSubsidyFen > 0;
}
