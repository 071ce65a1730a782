namespace Union.Projects.Domain;

/// <summary>The eight project categories of the Sichuan plan (000_001fd36b94af060d.txt, 三、帮扶项目类别).</summary>
public enum ProjectCategory
{
    LivingSecurity = 1,     // 生活保障
    Medical = 2,            // 医疗帮扶
    LegalAid = 3,           // 法律援助
    VocationalTraining = 4, // 职业培训
    Employment = 5,         // 就业促进
    Education = 6,          // 助学帮扶
    Entrepreneurship = 7,   // 创业帮扶
    Special = 8,            // 特殊帮扶
}

/// <summary>The sub-kinds 000 §三 lists under living security, vocational training and employment.</summary>
public enum ProjectSubcategory
{
    None = 0,
    LivingAid = 1,                // 生活帮扶
    WinterWarmth = 2,             // 送温暖
    SummerCooling = 3,            // 送清凉
    MigrantSkillsTraining = 4,    // 农民工就业技能培训
    ReemploymentTraining = 5,     // 再就业培训
    EntrepreneurshipTraining = 6, // 创业培训
    EmploymentAidMonth = 7,       // 就业援助月 / 春风行动
    RecruitmentWeek = 8,          // 民营企业招聘周
    GraduateEmployment = 9,       // 阳光就业行动
    RoutineEmploymentAid = 10,    // 常态化就业援助
}

public static class ProjectCategories
{
    /// <summary>The sub-kinds of a category; empty when 000 §三 lists it as one kind.</summary>
    public static IReadOnlyList<ProjectSubcategory> SubcategoriesOf(ProjectCategory category) => category switch
    {
        ProjectCategory.LivingSecurity => [ProjectSubcategory.LivingAid, ProjectSubcategory.WinterWarmth, ProjectSubcategory.SummerCooling],
        ProjectCategory.VocationalTraining => [ProjectSubcategory.MigrantSkillsTraining, ProjectSubcategory.ReemploymentTraining, ProjectSubcategory.EntrepreneurshipTraining],
        ProjectCategory.Employment => [ProjectSubcategory.EmploymentAidMonth, ProjectSubcategory.RecruitmentWeek, ProjectSubcategory.GraduateEmployment, ProjectSubcategory.RoutineEmploymentAid],
        _ => [],
    };

    public static bool Fits(ProjectCategory category, ProjectSubcategory subcategory)
    {
        var allowed = SubcategoriesOf(category);
        return allowed.Count == 0 ? subcategory == ProjectSubcategory.None : allowed.Contains(subcategory);
    }

    public static string Describe(ProjectCategory category) => category switch
    {
        ProjectCategory.LivingSecurity => "生活保障类",
        ProjectCategory.Medical => "医疗帮扶类",
        ProjectCategory.LegalAid => "法律援助类",
        ProjectCategory.VocationalTraining => "职业培训类",
        ProjectCategory.Employment => "就业促进类",
        ProjectCategory.Education => "助学帮扶类",
        ProjectCategory.Entrepreneurship => "创业帮扶类",
        _ => "特殊帮扶类",
    };
}

/// <summary>The application rounds (000_001fd36b94af060d.txt, 四（一）1 项目申报).</summary>
public enum ApplicationKind
{
    /// <summary>本年度计划实施的项目: due 20 November of the year before.</summary>
    Annual = 1,
    /// <summary>需要补充申报的项目: due 20 May of the year itself.</summary>
    Supplementary = 2,
    /// <summary>应对突发事件和意外灾害的帮扶项目: any time.</summary>
    Emergency = 3,
}

/// <summary>项目层级 (001_ab13bea91fa8b22f.txt 附件1: □市级 □县区级 □产业级).</summary>
public enum ProjectLevel { City = 1, County = 2, Industry = 3 }

/// <summary>Where a project stands, from its application to its closing.</summary>
public enum ProjectStatus
{
    Submitted = 1,
    UnderReview = 2,
    Approved = 3,
    Rejected = 4,
    InLibrary = 5,
    Launched = 6,
    Accepted = 7,
    Closed = 8,
}

/// <summary>Where a project's money comes from (003_eca3cf9f3ec4784d.txt).</summary>
public enum FundSource { CentralFinance = 1, ProvincialFinance = 2, UnionFunds = 3, Other = 4 }

/// <summary>The collective bodies that approve projects (000 §四(一)2 主席办公会; 001 第五条(四) 党组会).</summary>
public enum DecisionBody { ChairmanOfficeMeeting = 1, PartyGroupMeeting = 2 }
