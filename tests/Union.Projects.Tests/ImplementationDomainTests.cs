using Union.Projects.Domain;
using Union.Shared.Errors;

namespace Union.Projects.Tests;

/// <summary>The implementation rules of the domain on their own, without a host: forms, tranches, adjustments, milestones, surveys.</summary>
public sealed class ImplementationDomainTests
{
    private static readonly DateTime Now = new(2026, 10, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 10, 1);
    private static readonly FunderRules Defaults = FunderRules.Defaults(Applications.Chengdu);

    /// <summary>A project of Jinjiang funded by Chengdu, 1,000,000 yuan in total, in the library with <paramref name="approvedFen"/> approved.</summary>
    public static Project InLibrary(long approvedFen = 40_000_000, long requestedFen = 50_000_000, FunderRules? rules = null)
    {
        var round = FundingRound.Open(Applications.Chengdu, 2027, ApplicationKind.Annual, null, null, "", ReviewWeights.Default, "staff", Now);
        var project = Project.Submit(new ProjectApplicationDraft(Applications.Jinjiang, ProjectLevel.County, ProjectCategory.Medical, ProjectSubcategory.None,
                "困难职工大病医疗救助项目", "背景", new ProjectContent("对象", "方式", "目标", "标准", "范围"),
                [("摸底调查", new DateOnly(2027, 3, 31)), ("集中发放", new DateOnly(2027, 9, 30))],
                [new BudgetLine(FundSource.ProvincialFinance, 60_000_000), new BudgetLine(FundSource.UnionFunds, 40_000_000)],
                requestedFen, new PerformanceTargets(5000, 120, 90), "保障", [("实施", "帮扶中心")], new ProjectContact("王芳", "028-86661234", "wf@example.org")),
            round, rules ?? Defaults, "staff", Now, Today);
        project.Score(new RoundReviewer("reviewer-1", "专家", Applications.Chengdu), 90, 80, 85, "", ReviewWeights.Default, Now);
        project.Approve(Guid.CreateVersion7(), Today, approvedFen, "approver", Now);
        project.RecordPaperCopyReceived(Today, "李主席", "staff", Now);
        return project;
    }

    private static ProjectForm LaunchForm(Project project) =>
        ProjectForm.File(project, new LaunchDetails(Today, Today.AddMonths(10), "概况", "计划", "预算", "扶助资金"), null, null, "staff", Now);

    private static ProjectForm AcceptanceForm(Project project) =>
        ProjectForm.File(project, null, null, new AcceptanceDetails("完成", 98_000_000, 30_000_000, 5200, 126, 95, "成效"), "staff", Now);

    private static void SignAll(ProjectForm form)
    {
        form.Sign(SignatureLevel.ApplicantHead, "张区长", "", "a", Now);
        form.Sign(SignatureLevel.DepartmentHead, "刘部长", "", "b", Now);
        form.Sign(SignatureLevel.DepartmentLeader, "陈副主席", "", "c", Now);
    }

    private static Project Launched(long approvedFen = 40_000_000, FunderRules? rules = null)
    {
        var project = InLibrary(approvedFen, rules: rules);
        var form = LaunchForm(project);
        SignAll(form);
        project.DecideForm(form, true, Today, "同意", [], rules ?? Defaults, "approver", Now);
        return project;
    }

    private static AdjustmentRequest Adjust(long newSubsidyFen, ProjectCategory? category = null) =>
        new("不可抗因素", "帮扶主体", newSubsidyFen, category, "主席办公会纪要〔2027〕3号", Today);

    private static string Code(Action action) => Assert.Throws<DomainRuleException>(action).Code;

    [Fact]
    public void Signatures_must_come_in_order_and_once_each()
    {
        var form = LaunchForm(InLibrary());
        Assert.Equal("SIGNATURE_OUT_OF_ORDER", Code(() => form.Sign(SignatureLevel.DepartmentHead, "刘部长", "", "b", Now)));
        form.Sign(SignatureLevel.ApplicantHead, "张区长", "", "a", Now);
        Assert.Equal("SIGNATURE_ALREADY_RECORDED", Code(() => form.Sign(SignatureLevel.ApplicantHead, "张区长", "", "a", Now)));
        Assert.Equal("SIGNATURE_OUT_OF_ORDER", Code(() => form.Sign(SignatureLevel.DepartmentLeader, "陈副主席", "", "c", Now)));
        Assert.Single(form.Signatures);
        Assert.Equal(FormStatus.Signing, form.Status);
    }

    [Fact]
    public void A_form_with_two_of_three_signatures_is_not_decided_and_the_project_stays_in_the_library()
    {
        var project = InLibrary();
        var form = LaunchForm(project);
        form.Sign(SignatureLevel.ApplicantHead, "张区长", "", "a", Now);
        form.Sign(SignatureLevel.DepartmentHead, "刘部长", "", "b", Now);

        Assert.Equal("FORM_NOT_FULLY_SIGNED", Code(() => project.DecideForm(form, true, Today, "", [], Defaults, "approver", Now)));
        Assert.Equal(ProjectStatus.InLibrary, project.Status);
        Assert.Equal(0, project.ReleasedFen);
        Assert.Equal(FormStatus.Signing, form.Status);
    }

    [Fact]
    public void A_launch_form_needs_a_project_in_the_library()
    {
        var project = Launched();
        Assert.Equal("PROJECT_STATUS_FORBIDS", Code(() => LaunchForm(project)));
    }

    [Fact]
    public void Dalian_tranches_release_forty_percent_at_launch_and_the_rest_at_acceptance()
    {
        var dalian = FunderRules.Set(Applications.Chengdu, 50, 40, 8, 15, 20, ReviewWeights.Default, 20, "admin", Now);
        var project = Launched(50_000_000, dalian);
        Assert.Equal(20_000_000, project.ReleasedFen);

        var acceptance = AcceptanceForm(project);
        SignAll(acceptance);
        var effect = project.DecideForm(acceptance, true, Today, "", [], dalian, "approver", Now);
        Assert.Equal(30_000_000, effect.AcceptanceTrancheFen);
        Assert.Equal(50_000_000, project.ReleasedFen);
        Assert.Equal(ProjectStatus.Accepted, project.Status);
    }

    [Theory]
    [InlineData(40_000_000, 46_000_000, 1500)]
    [InlineData(40_000_000, 32_000_000, 2000)]
    [InlineData(40_000_000, 48_000_000, 2000)]
    [InlineData(40_000_000, 48_000_001, 2001)] // 20.0000025 % rounds up: above the threshold
    [InlineData(40_000_000, 50_000_000, 2500)]
    public void The_change_is_measured_in_basis_points_of_the_original_subsidy(long original, long changed, int basisPoints) =>
        Assert.Equal(basisPoints, Adjustment.ChangeBasisPoints(original, changed));

    [Fact]
    public void An_adjustment_up_to_twenty_percent_inclusive_is_filed_with_the_level_above_and_takes_effect()
    {
        var project = Launched();
        var adjustment = project.RequestAdjustment(Adjust(48_000_000), Defaults, "staff", Now);
        Assert.Equal(AdjustmentStatus.Filed, adjustment.Status);
        Assert.Equal(Applications.Chengdu, adjustment.FiledWith);
        Assert.Equal(48_000_000, project.CurrentSubsidyFen);
        Assert.Null(project.PendingAdjustmentId);
    }

    [Fact]
    public void An_adjustment_above_the_threshold_waits_for_the_province_and_changes_nothing_until_then()
    {
        var project = Launched();
        var adjustment = project.RequestAdjustment(Adjust(50_000_000), Defaults, "staff", Now);
        Assert.Equal(AdjustmentStatus.Pending, adjustment.Status);
        Assert.Equal(Applications.Province, adjustment.FiledWith);
        Assert.Equal(40_000_000, project.CurrentSubsidyFen);
        Assert.Equal(adjustment.Id, project.PendingAdjustmentId);

        Assert.Equal("ADJUSTMENT_PENDING", Code(() => project.RequestAdjustment(Adjust(41_000_000), Defaults, "staff", Now)));

        project.DecideAdjustment(adjustment, false, Today, "川工批〔2027〕1号", "不同意", "province", Now);
        Assert.Equal(AdjustmentStatus.Refused, adjustment.Status);
        Assert.Equal(40_000_000, project.CurrentSubsidyFen);
        Assert.Null(project.PendingAdjustmentId);
        Assert.Equal("ADJUSTMENT_NOT_PENDING", Code(() => project.DecideAdjustment(adjustment, true, Today, "x", "", "province", Now)));
    }

    [Fact]
    public void The_threshold_is_cumulative_against_the_original_subsidy_and_the_funder_sets_it()
    {
        var project = Launched();
        Assert.Equal(AdjustmentStatus.Filed, project.RequestAdjustment(Adjust(46_000_000), Defaults, "staff", Now).Status);
        Assert.Equal(AdjustmentStatus.Pending, project.RequestAdjustment(Adjust(50_000_000), Defaults, "staff", Now).Status);

        var lenient = FunderRules.Set(Applications.Chengdu, null, 40, 8, 15, 30, ReviewWeights.Default, 20, "admin", Now);
        Assert.Equal(AdjustmentStatus.Filed, Launched().RequestAdjustment(Adjust(50_000_000), lenient, "staff", Now).Status);
    }

    [Fact]
    public void An_adjustment_cannot_change_the_category()
    {
        var project = Launched();
        Assert.Equal("ADJUSTMENT_CHANGES_CATEGORY", Code(() => project.RequestAdjustment(Adjust(41_000_000, ProjectCategory.LegalAid), Defaults, "staff", Now)));
        Assert.Equal(40_000_000, project.CurrentSubsidyFen);
        Assert.Equal(AdjustmentStatus.Filed, project.RequestAdjustment(Adjust(41_000_000, ProjectCategory.Medical), Defaults, "staff", Now).Status);
    }

    [Fact]
    public void Acceptance_waits_while_an_adjustment_is_pending_and_releases_the_adjusted_rest_after()
    {
        var project = Launched();
        var adjustment = project.RequestAdjustment(Adjust(50_000_000), Defaults, "staff", Now);
        var acceptance = AcceptanceForm(project);
        SignAll(acceptance);
        Assert.Equal("ADJUSTMENT_PENDING", Code(() => project.DecideForm(acceptance, true, Today, "", [], Defaults, "approver", Now)));
        Assert.Equal(ProjectStatus.Launched, project.Status);

        project.DecideAdjustment(adjustment, true, Today, "川工批〔2027〕2号", "", "province", Now);
        var tranche = project.Accept(Today, 98_000_000, 30_000_000, "approver", Now);
        Assert.Equal(50_000_000 - 16_000_000, tranche);
        Assert.Equal(50_000_000, project.ReleasedFen);
    }

    [Fact]
    public void A_milestone_at_one_hundred_percent_needs_its_completion_date()
    {
        var project = Launched();
        Assert.Equal("COMPLETION_DATE_REQUIRED", Code(() => project.RecordMilestoneProgress(1, 100, "", null, "staff", Now)));
        Assert.Equal("MILESTONE_NOT_FOUND", Code(() => project.RecordMilestoneProgress(3, 10, "", null, "staff", Now)));
        Assert.Equal("PROGRESS_OUT_OF_RANGE", Code(() => project.RecordMilestoneProgress(1, 101, "", Today, "staff", Now)));
        project.RecordMilestoneProgress(1, 100, "完成", Today, "staff", Now);
        Assert.Equal(Today, project.Milestones[0].CompletedOn);
        Assert.Equal("PROJECT_STATUS_FORBIDS", Code(() => InLibrary().RecordMilestoneProgress(1, 10, "", null, "staff", Now)));
    }

    [Fact]
    public void A_worker_survey_keeps_counts_within_its_sample_and_derives_rates()
    {
        Assert.Equal("PROJECT_NOT_LAUNCHED", Code(() => WorkerSurvey.Record(InLibrary(), SurveyMethod.Online, Today, 10, 1, 1, 1, 1, "", "staff", Now)));
        var project = Launched();
        Assert.Equal("COUNT_EXCEEDS_SAMPLE", Code(() => WorkerSurvey.Record(project, SurveyMethod.Online, Today, 10, 11, 1, 1, 1, "", "staff", Now)));
        Assert.Equal("SAMPLE_EMPTY", Code(() => WorkerSurvey.Record(project, SurveyMethod.Online, Today, 0, 0, 0, 0, 0, "", "staff", Now)));

        var survey = WorkerSurvey.Record(project, SurveyMethod.OnSiteMeeting, Today, 3, 3, 2, 1, 0, "", "staff", Now);
        Assert.Equal(10_000, survey.BasisPoints(survey.Aware));
        Assert.Equal(6_667, survey.BasisPoints(survey.Participated));
        Assert.Equal(3_333, survey.BasisPoints(survey.Benefited));
        Assert.Equal(0, survey.BasisPoints(survey.Satisfied));
    }

    [Fact]
    public void The_mid_term_due_date_is_the_funders_and_defaults_to_fifteen_august()
    {
        Assert.Equal(new DateOnly(2027, 8, 15), Defaults.MidTermDueOn(2027));
        var early = FunderRules.Set(Applications.Chengdu, null, 40, 7, 31, 20, ReviewWeights.Default, 20, "admin", Now);
        Assert.Equal(new DateOnly(2027, 7, 31), early.MidTermDueOn(2027));
    }
}
