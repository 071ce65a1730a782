using Union.Shared.Errors;
using Union.Shared.Persistence;

namespace Union.Projects.Domain;

public enum FormKind { Launch = 1, MidTerm = 2, Acceptance = 3 }

public enum FormStatus { Signing = 1, Signed = 2, Accepted = 3, SentBack = 4 }

/// <summary>
/// 三级签字 (001 附件2–4): the applicant unit's head (with the unit's stamp), the managing
/// department's head, and that department's leader in charge, in this order.
/// </summary>
public enum SignatureLevel { ApplicantHead = 1, DepartmentHead = 2, DepartmentLeader = 3 }

public sealed class Signature
{
    public SignatureLevel Level { get; private set; }
    public string SignerName { get; private set; } = string.Empty;
    /// <summary>The user who recorded it (token subject).</summary>
    public string SignedBy { get; private set; } = string.Empty;
    public DateTime SignedAt { get; private set; }
    public string Opinion { get; private set; } = string.Empty;

    private Signature() { }

    public Signature(SignatureLevel level, string signerName, string signedBy, DateTime signedAt, string opinion)
    {
        Level = level;
        SignerName = signerName;
        SignedBy = signedBy;
        SignedAt = signedAt;
        Opinion = opinion;
    }
}

/// <summary>启动申报表 (001 附件2).</summary>
public sealed record LaunchDetails(DateOnly StartsOn, DateOnly EndsOn, string Overview, string Plan, string BudgetDetail, string SubsidyDetail);

/// <summary>中期推进情况表 (001 附件3): spending to date and progress.</summary>
public sealed record MidTermDetails(long SpentTotalFen, long SpentSubsidyFen, string Progress, string SpendingDetail, DateOnly? PlannedAcceptanceOn);

/// <summary>验收申报表 (001 附件4): completion, spending and effect against the performance targets.</summary>
public sealed record AcceptanceDetails(string Completion, long SpentTotalFen, long SpentSubsidyFen, int WorkersCovered,
    int WorkersDirectlyServed, int SatisfactionPercent, string Effect);

/// <summary>
/// A launch, mid-term or acceptance form of a project. It collects the three signatures in order;
/// only a fully signed form reaches the funder's decision ("a form missing one is not accepted").
/// </summary>
public sealed class ProjectForm : IOrganisationOwned
{
    private readonly List<Signature> _signatures = [];

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string OrganisationPath { get; private set; } = string.Empty;
    public FormKind Kind { get; private set; }
    public FormStatus Status { get; private set; }
    public IReadOnlyList<Signature> Signatures => _signatures;
    public LaunchDetails? Launch { get; private set; }
    public MidTermDetails? MidTerm { get; private set; }
    public AcceptanceDetails? Acceptance { get; private set; }
    public DateOnly? DecidedOn { get; private set; }
    /// <summary>Bumped by every signature and decision: two people signing the same level at once cannot both win.</summary>
    public int Version { get; private set; }
    public string? DecisionComment { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = string.Empty;

    private ProjectForm() { }

    /// <summary>Files a form of a project; the handler has checked no other form of the kind is open.</summary>
    public static ProjectForm File(Project project, LaunchDetails? launch, MidTermDetails? midTerm, AcceptanceDetails? acceptance, string actor, DateTime now)
    {
        var kind = launch is not null ? FormKind.Launch : midTerm is not null ? FormKind.MidTerm : FormKind.Acceptance;
        project.EnsureCanFile(kind);
        if (launch is not null && launch.EndsOn < launch.StartsOn)
            throw new DomainRuleException("ENDS_BEFORE_START", "项目结束时间不能早于启动时间");
        if (midTerm is { } m && m.SpentSubsidyFen > m.SpentTotalFen || acceptance is { } a && a.SpentSubsidyFen > a.SpentTotalFen)
            throw new DomainRuleException("SUBSIDY_SPENT_EXCEEDS_TOTAL", "扶助资金支出不能超过资金实际使用总额");
        return new ProjectForm
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            OrganisationPath = project.OrganisationPath,
            Kind = kind,
            Status = FormStatus.Signing,
            Launch = launch,
            MidTerm = midTerm,
            Acceptance = acceptance,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
    }

    /// <summary>The level that must sign next, or null when all three have.</summary>
    public SignatureLevel? NextLevel => _signatures.Count < 3 ? (SignatureLevel)(_signatures.Count + 1) : null;

    /// <summary>Records the next signature. A level out of turn, or one already signed, is refused.</summary>
    public void Sign(SignatureLevel level, string signerName, string opinion, string actor, DateTime now)
    {
        if (Status != FormStatus.Signing)
            throw new DomainRuleException("FORM_NOT_SIGNING", "该表已完成签字或已有审核结论，不能再签字");
        if (_signatures.Any(s => s.Level == level))
            throw new DomainRuleException("SIGNATURE_ALREADY_RECORDED", "该级签字已登记");
        if (level != NextLevel)
            throw new DomainRuleException("SIGNATURE_OUT_OF_ORDER", "签字须依次由申报单位负责人、归口管理部门负责人、归口管理部门分管领导完成",
                new Dictionary<string, string> { ["expected_level"] = NextLevel.ToString()!, ["level"] = level.ToString() });
        _signatures.Add(new Signature(level, signerName.Trim(), actor, now, opinion.Trim()));
        if (_signatures.Count == 3) Status = FormStatus.Signed;
        Touch(actor, now);
    }

    /// <summary>The funder's decision on the form. Only a fully signed form can be decided.</summary>
    public void Decide(bool accept, DateOnly decidedOn, string comment, string actor, DateTime now)
    {
        if (Status == FormStatus.Signing)
            throw new DomainRuleException("FORM_NOT_FULLY_SIGNED", $"该表尚缺{3 - _signatures.Count}级签字，不予受理",
                new Dictionary<string, string> { ["missing_level"] = NextLevel.ToString()! });
        if (Status != FormStatus.Signed)
            throw new DomainRuleException("FORM_ALREADY_DECIDED", "该表已有审核结论");
        Status = accept ? FormStatus.Accepted : FormStatus.SentBack;
        DecidedOn = decidedOn;
        DecisionComment = comment.Trim();
        Touch(actor, now);
    }

    public bool IsOpen => Status is FormStatus.Signing or FormStatus.Signed;

    private void Touch(string actor, DateTime now)
    {
        UpdatedAt = now;
        UpdatedBy = actor;
        Version++;
    }
}
