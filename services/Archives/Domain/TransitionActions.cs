namespace Union.Archives.Domain;

/// <summary>
/// The <see cref="StatusTransition.Action"/> names, one per step of the closed-loop flow of
/// 004_f7c3dcaac4584c61.txt (Annex 2). They are stored and shown to callers (Transition.action) and
/// the monitoring figures count by them, so they never change once written.
/// </summary>
public static class TransitionActions
{
    public const string Create = "CREATE";
    public const string Submit = "SUBMIT";
    public const string InitialReview = "INITIAL_REVIEW";
    public const string CountyReview = "COUNTY_REVIEW";
    public const string RequestComparison = "REQUEST_COMPARISON";
    public const string ComparisonReturned = "COMPARISON_RETURNED";
    public const string DecideCategory = "DECIDE_CATEGORY";
    public const string Approve = "APPROVE";
    public const string StartNotice = "START_NOTICE";
    public const string Objection = "OBJECTION";
    public const string Archive = "ARCHIVE";
    public const string PhaseOut = "PHASE_OUT";
    public const string Exit = "EXIT";
    public const string DeArchive = "DE_ARCHIVE";
    public const string Cancel = "CANCEL";
    public const string Relapse = "RELAPSE";
    /// <summary>An adjustment of the file's details that keeps its status (档案调整).</summary>
    public const string Update = "UPDATE";

    // Steps that keep or send back the status, as the life cycle records them.
    public const string InitialReviewReturned = "INITIAL_REVIEW_RETURNED";
    public const string CountyReviewReturned = "COUNTY_REVIEW_RETURNED";
    /// <summary>The category of an ACTIVE file changed (应调则调): an adjustment too.</summary>
    public const string CategoryChange = "CATEGORY_CHANGE";
    public const string ObjectionUpheld = "OBJECTION_UPHELD";
    public const string ObjectionDismissed = "OBJECTION_DISMISSED";

    /// <summary>The actions that count as adjusting a file on record (调整档案, 004 §三(二) 数据监测).</summary>
    public static IReadOnlyList<string> Adjustments { get; } = [Update, CategoryChange];
}
