namespace Union.Funds.Domain;

/// <summary>
/// A grade the evaluation service archived (EvaluationGraded): the organisation's (or one
/// project's) score and grade for a year. The allocation of the next year reads an organisation's
/// programme grade when the request gives none (000_001fd36b94af060d.txt §四(四)8: 作为安排次年度
/// 项目资金的重要参考). A read model: never edited here, replaced by a later event of the same evaluation.
/// </summary>
public sealed class EvaluationGrade
{
    public const string Programme = "PROGRAMME";

    public Guid EvaluationId { get; set; }
    /// <summary>The evaluated organisation: the programme's own, or the project's applicant.</summary>
    public string OrganisationPath { get; set; } = string.Empty;
    public int Year { get; set; }
    /// <summary>"PROGRAMME" or "PROJECT".</summary>
    public string SubjectKind { get; set; } = string.Empty;
    public string SubjectId { get; set; } = string.Empty;
    public decimal Score { get; set; }
    public string Grade { get; set; } = string.Empty;
    public DateTime GradedAt { get; set; }
}
