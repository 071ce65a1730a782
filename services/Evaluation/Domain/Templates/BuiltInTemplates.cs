using Union.Evaluation.Domain.Operational;
using static Union.Evaluation.Domain.Templates.IndicatorNode;

namespace Union.Evaluation.Domain.Templates;

/// <summary>
/// The content of a template version: what a province creates, imports, or the platform ships; its
/// tree and which of its indicators events fill (none unless given).
/// </summary>
public sealed record TemplateContent(string Code, string Name, string Source, IndicatorTree Tree, IReadOnlyList<OperationalBinding>? Bindings = null);

/// <summary>
/// The indicator systems the platform ships, stored as version 1 of their codes on start-up
/// (idempotent). Groups are keyed by position (G1, G1-2, …: the same keys an imported workbook
/// gives them); leaves by the table's 序号. Wording the source does not give is
/// <see cref="IndicatorTree.MissingMarker"/>, rows it cuts off <see cref="IndicatorTree.CutOffMarker"/>.
/// </summary>
public static class BuiltInTemplates
{
    private const string M = IndicatorTree.MissingMarker;
    private const string Cut = IndicatorTree.CutOffMarker;

    /// <summary>
    /// What Yu'an 2021 fills from events (002: 指标8, 10, 11, 12, 13②, 14). Declared before the
    /// template, which reads it (static initialisers run in order).
    /// </summary>
    private static readonly IReadOnlyList<OperationalBinding> YuAnBindings =
    [
        new(Measure.CompletionByAidType, "12"),
        new(Measure.HelpWithinDeadline, "13.2"),
        new(Measure.PaidAboveDecided, "14"),
        new(Measure.CentralFundsUsedInYear, "10", "中央财政帮扶资金年度内使用完毕"),
        new(Measure.ProvincialFundsUsedInYear, "10", "省财政帮扶资金年度内使用完毕"),
        new(Measure.PaidByBankCard, "11", "银行卡打卡发放并告知"),
        new(Measure.LivingAidMonthlyOrQuarterly, "11", "生活救助按月或按季发放并告知"),
        new(Measure.ArchivedAndNoticedBeforeHelp, "8", "一户一档先建档后帮扶"),
        new(Measure.ArchivedAndNoticedBeforeHelp, "8", "建档帮扶公示"),
        new(Measure.VisitsInCampaignWindows, "8", "动态管理定期走访"),
    ];

    /// <summary>
    /// Yu'an district 2021, 002_98225e89925c6ce6.txt: 4 first-level, 6 second-level, 19
    /// third-level indicators, 100 points (line 10). Rows 1–14 are the table (lines 63–210), each
    /// explanation and standard as printed there. Indicators 7 and 13 mix item kinds (a 30
    /// working-day deadline beside plain yes/no items), so their items are fourth-level leaves
    /// (7.1, 7.2, 13.1–13.4); the other checklists stay single leaves.
    /// The table stops at row 14. Rows 15–19 come from the report's text (lines 49–55), which
    /// names three of them with their points (可持续影响 6, 帮扶效益 10, 社会满意度 4: the whole
    /// 20 of 效果) and omits two. Line 10 says 17 and 19 are not self-evaluated; a
    /// self-evaluation report leaves out exactly what it does not self-evaluate, so the three
    /// named are read as 15, 16 and 18 and the two omitted as 17 and 19, their wording missing
    /// and, since 效果's 20 points are spent, 0 points. The second-level name under 效果 is not
    /// in the source either. The report's own figures score 100 (line 7).
    /// </summary>
    public static TemplateContent YuAn2021 { get; } = new(
        "yuan-2021",
        "裕安区困难职工帮扶民生工程绩效评价指标（2021）",
        "002_98225e89925c6ce6.txt",
        new IndicatorTree(100m,
        [
            Group("G1", "投入", 20m,
                Group("G1-1", "项目立项", 10m,
                    Leaf("1", "绩效目标合理性", 4m,
                        ScoringRule.Checklist(("符合法律法规并落实党委政府和上级工会部署", 2m), ("绩效目标体现精准帮扶解困脱困", 2m)),
                        "1.项目是否符合国家相关法律法规、国民经济发展规划和党委政府决策；为促进事业发展所必需；2.项目预期产出效益和效果是否缓解困难职工的生活困难。",
                        "1.困难职工帮持民生项目符合国家相关法律法规规定，落实党委政府和上级工会工作部署得2分；2.绩效目标能够体现精准帮扶困难职工实现解困脱困得2分。"),
                    Leaf("2", "绩效指标明确性", 6m,
                        ScoringRule.Checklist(("生活救助目标任务量化", 1m), ("子女助学目标任务量化", 1m), ("医疗救助目标任务量化", 1m),
                            ("落实生活救助标准", 1m), ("落实子女助学标准", 1m), ("落实医疗救助标准", 1m)),
                        "困难职工帮扶项目的绩效指标是否清晰、细化、可衡量，用以反映和考核项目绩效目标的明细化情况。",
                        "1.生活救助、子女助学、医疗救助目标任务量化，每项得1分；2、落实了生活救助、子女助学、医疗救助各项目的标准，每项目得1分。")),
                Group("G1-2", "资金落实", 10m,
                    Leaf("3", "资金分配及时性", 5m,
                        ScoringRule.Checklist(("经集体研究决定", 2m), ("按规定时间发放到位", 3m)),
                        "1、资金分配履行相应程序，经集体研究决定；2、帮扶资金按规定时间及时发放给困难职工。",
                        "1、困难职工帮扶救助符合上级工会规定，经本级工会党组会或主席办公会集体研究决定得2分；2、上级下拨资金到位后，按规定时间发放到位，得3分。"),
                    Leaf("4", "工会经费投入", 5m, ScoringRule.YesNo,
                        "加大工会经费投入，为解困脱困提供资金保障。",
                        "本级工会经费安排困难职工帮扶资金或城市困难职工解困脱困工作经费得5分。"))),
            Group("G2", "过程", 35m,
                Group("G2-1", "项目管理", 25m,
                    Leaf("5", "制度贯彻", 4m,
                        ScoringRule.Checklist(("有困难职工档案制度", 1m), ("有解困脱困攻坚年实施方案", 1m), ("建档全面进行家庭信息比对", 2m)),
                        "1.是否已制定或具有相应的困难职工档案管理办法；2.是否组织实施困难职工解困脱贫攻坚年；3.是否进行困难职工家庭经济状况核查。",
                        "1、制定或具有相应的困难职工档案制度得1分；2、制订了城市困难职工解困脱攻年实施方案得1分；3、困难职工建档全面进行家庭信息比对得2分。"),
                    Leaf("6", "能力建设", 4m,
                        ScoringRule.Checklist(("成立领导小组并发挥作用", 1m), ("配备专职人员并开展培训", 2m), ("检查审计问题按要求整改", 1m)),
                        "1.是否成立困难职工帮扶民生工程领导小组；2.是否配备配强工作人员，并开展业务培训。",
                        "1.成立帮扶领导小组或者解困脱困领导小组等相关领导小组，并发挥作用得1分；2.配备专职帮扶工作人员，组织或参加上级工会对帮扶工作人员开展业务学习培训得2分；3、对专项检查或审计发现的问题按要求进行整改得1分。"),
                    Group("G2-1-3", "信息化建设", 5m,
                        Leaf("7.1", "困难职工档案按规定录入帮扶系统", 3m, ScoringRule.YesNo,
                            "加强困难职工档案数据库建设，全国和省级困难职工帮扶信息是否按要求及时录入。",
                            "1.全国级、省级、地方级（县级）困难职工档案按照规定录入帮扶系统得3分；"),
                        Leaf("7.2", "资金发放使用情况30个工作日内录入", 2m, ScoringRule.Deadline(30),
                            "加强困难职工档案数据库建设，全国和省级困难职工帮扶信息是否按要求及时录入。",
                            "2.各级财政专项帮扶资金发放使用情况在30个工作日内录入全国工会帮扶管理系统2分，超过30个工作日的不得分。")),
                    Leaf("8", "档案动态管理", 10m,
                        ScoringRule.Checklist(("一户一档先建档后帮扶", 2m), ("动态管理定期走访", 2m), ("建档帮扶公示", 2m), ("退档履行程序", 2m), ("档案规范纸电一致", 2m)),
                        "1.是否对困难职工档案建立动态管理机制、公开公示机制；2.是否对困难职工建档帮扶情况进行公开公示；3.是否建立困难职工解脱脱困退出机制；4.困难职工档案是否按照上级工会有关规定，档案归类、建档，齐全完整、统一规范、安全有序；",
                        "1.坚持困难职工一户一档，先实名制建档后依档帮扶，困难职工认定标准和建档标准符合上级工会规定得2分；2.动态管理困难职工档案，定期开展困难职工家庭走访活动得2分；3.对困难职工建档、困难职工帮扶进行公示得2分；4.困难职工退档履行相应程序得2分；5.困难职工档案管理规范、资料完整齐全，困难职工纸质档案和电子档案一致得2分。"),
                    Leaf("9", "资料报送情况", 2m,
                        ScoringRule.Checklist(("资料提供及时", 1m), ("资料齐全真实准确", 1m)),
                        "1.提供资料是否及时；2.资料是否齐全、真实、准确。",
                        "1.资料提供及时得1分；2.资料齐全、真实、准确得1分。")),
                Group("G2-2", "财务管理", 10m,
                    Leaf("10", "资金使用合规性", 5m,
                        ScoringRule.Checklist(("专账管理专款专用", 2m), ("中央财政帮扶资金年度内使用完毕", 2m), ("省财政帮扶资金年度内使用完毕", 1m)),
                        "1.是否实行了专账管理；2.是否存在截留、挤占、挪用、虚列支出等情况；3.是否存在年度资金结余的情况",
                        "1.实行专账管理，专款专用确保资金不被挤占挪用得2分；2.中央财政帮扶资金年度内使用完毕得2分；3.省财政帮扶资金年度内使用完毕得1分。"),
                    Leaf("11", "资金发放规范性", 5m,
                        ScoringRule.Checklist(("银行卡打卡发放并告知", 3m), ("生活救助按月或按季发放并告知", 2m)),
                        "1.是否银行卡打卡发放帮扶资金；2.生活救助资金是否按月或按季发放",
                        "1.帮扶资金全部实行银行卡打卡发放，直接发放到困难职工家庭账户且告知得3分；2.生活救助资金是否按月或按季发放且告知得2分。"))),
            Group("G3", "产出", 25m,
                Group("G3-1", "项目产出", 25m,
                    Leaf("12", "保障情况", 10m, ScoringRule.Completion(0.5m),
                        "按照符合标准困难职工建档全覆盖不遗漏的要求，完成年度困难职工帮扶民生工程目标任务。",
                        "各地困难职工帮扶民生工程目标任务数完成情况，实际帮扶户数/帮扶目标任务数×100%，大于等于100%的，得标准分；低于100%的，每少1个百分点扣0.5分,直至本项不得分。"),
                    Group("G3-1-2", "工作常态化", 6m,
                        Leaf("13.1", "健全帮扶服务网络和常态化机制", 2m, ScoringRule.YesNo,
                            "1.是否健全本地各级帮扶服务网络，建立困难职工帮扶常态化帮扶机制；",
                            "1.建立健全本地各级帮扶服务网络，建立困难职工帮扶常态化帮扶机制得2分；"),
                        Leaf("13.2", "30个工作日内得到帮扶救助", 2m, ScoringRule.Deadline(30),
                            "2.是否困难职工得到及时有效帮扶；",
                            "2.收到困难职工申请材料后，在30个工作日内困难职工得到帮扶救助得2分；"),
                        Leaf("13.3", "帮扶联系人制度发挥作用", 1m, ScoringRule.YesNo,
                            "3.是否建立困难职工帮扶联系人制度且作用得到发挥；",
                            "3.建立困难职工帮扶联系人制度，并发挥作用得1分；"),
                        Leaf("13.4", "帮扶政策宣传发挥作用", 1m, ScoringRule.YesNo,
                            "4.是否加强困难职工帮扶工作及相关政策宣传。",
                            "4.加强困难职工帮扶民生工程宣传，并发挥作用得1分。")),
                    Leaf("14", "帮扶标准", 9m, ScoringRule.Deduction(0.1m),
                        "是否按照上级工会的规定执行困难职工帮扶标准。",
                        "生活救助标准符合规定得3分；子女助学标准符合规定得3分；大病救助标准符合规定得3分；未按照上级工会救助标准执行的，每发现1户扣0.1分，直至本项不得分。"))),
            Group("G4", "效果", 20m,
                Group("G4-1", M, 20m,
                    Leaf("15", "可持续影响", 6m, ScoringRule.Manual, M, M),
                    Leaf("16", "帮扶效益", 10m, ScoringRule.Manual, M, M),
                    Leaf("17", M, 0m, ScoringRule.Manual, M, M, notSelfEvaluated: true),
                    Leaf("18", "社会满意度", 4m, ScoringRule.Manual, M, M),
                    Leaf("19", M, 0m, ScoringRule.Manual, M, M, notSelfEvaluated: true))),
        ]), YuAnBindings);

    /// <summary>
    /// Hainan provincial workers' service centre 2015, 003_eca3cf9f3ec4784d.txt, the
    /// 《财政支出项目绩效评价自评表》 (lines 97–563), 100 points (line 555). The table's first rows
    /// are cut off: what is legible starts with the archive questions (line 105). The first
    /// first-level indicator is therefore named as cut off; its points, 50, are what the legible
    /// first-level indicators leave of 100 (帮扶工作管理 43, line 267; 帮扶绩效 7, line 522). Of
    /// those 50 the legible rows hold 31 (archives 10, 决策程序 15 at line 144, 资金分配 6 at
    /// line 220); the other 19 are one cut-off placeholder. Second-level names the source leaves
    /// blank (above the archive rows; beside line 482) are marked missing. Leaves are numbered
    /// in table order (the source's 序号 column is cut off too). Items phrased 是否 with a
    /// single pass/fail are manual, since several ask whether something bad happened.
    /// No operational bindings: the legible leaves that events could answer are scored by hand
    /// (到位率 13 is money against plan, not households per aid type; 超标准开支 19 is a yes/no
    /// question scored manually), and no checklist item is one the measures tick.
    /// </summary>
    public static TemplateContent Hainan2015 { get; } = new(
        "hainan-2015",
        "海南省职工服务中心困难职工帮扶专项资金绩效评价指标（2015）",
        "003_eca3cf9f3ec4784d.txt",
        new IndicatorTree(100m,
        [
            Group("G1", Cut, 50m,
                Leaf("X", Cut, 19m, ScoringRule.Manual, Cut, Cut),
                Group("G1-2", M, 10m,
                    Leaf("1", "是否建立完善的原始纸质困难职工档案。", 4m, ScoringRule.Manual, "",
                        "内容包括：本人基本情况、家庭情况、困难程度、致困原因、就业要求、帮扶需求等。建立困难职工档案登记表，提供困难职工相关证明材料（身份证或户口本、疾病证明、低保证、收入证明、所在单位工会困难证明等。（档案资料不全的不得分）"),
                    Leaf("2", "是否建立完善的困难职工电子档案。", 4m,
                        ScoringRule.Checklist(("符合条件的困难职工及时录入帮扶工作管理系统", 2m), ("所有帮扶活动录入帮扶救助模块及档案附件栏", 2m)), "",
                        "①对符合条件的困难职工，要及时录入中华全国总工会统一使用的《工会帮扶工作管理系统》。（2分）②所有帮扶活动均要录入工会帮扶工作管理系统［帮扶救助］模块及困难职工档案［附件］栏。（2分）"),
                    Leaf("3", "是否对困难职工档案实行动态管理，做到随时发现随时输入，随时变化随时调整，随时帮扶随时记录，随时脱贫随时注销", 2m, ScoringRule.Manual)),
                Group("G1-3", "决策程序", 15m,
                    Leaf("4", "申请临时生活救助的是否由职工本人申请，有帮扶中心或工会审批意见。", 2m, ScoringRule.Manual,
                        "帮扶程序符合要求，帮扶活动按照本单位帮扶资金管理规定，有申请、有审批。（25分）"),
                    Leaf("5", "送温暖等活动集中进行帮扶时，没有本人申请的，是否有整体帮扶活动方案或计划，并经本单位领导审批或经主席办公会研究批准通过。", 3m, ScoringRule.Manual),
                    Leaf("6", "金秋助学应届大学生是否填写了《金秋助学对象登记表》及各项附件是否齐全。", 2m, ScoringRule.Manual, "", "不全则不得分"),
                    Leaf("7", "金秋助学往届大学生回访救助是否填写了《金秋助学回访登记表》。", 2m, ScoringRule.Manual, "", "没有则不得分"),
                    Leaf("8", "医疗救助是否提供了帮扶对象县级以上医疗机构的医疗证明、医疗费用单据等附件。", 3m, ScoringRule.Manual, "", "没有则不得分"),
                    Leaf("9", "每次帮扶活动结束后帮扶救助信息是否及时录入工会帮扶工作管理系统。", 3m, ScoringRule.Manual, "", "没有则不得分")),
                Group("G1-4", "资金分配", 6m,
                    Group("G1-4-1", "分配办法", 2m,
                        Leaf("10", "帮扶资金发放是否有标准", 2m, ScoringRule.Manual)),
                    Group("G1-4-2", "分配结果", 4m,
                        Leaf("11", "资金分配结果是否合理", 2m, ScoringRule.Manual),
                        Leaf("12", "帮扶资金发放前是否公示", 2m, ScoringRule.Manual)))),
            Group("G2", "帮扶工作管理", 43m,
                Group("G2-1", "资金到位", 7m,
                    Group("G2-1-1", "到位率", 2m,
                        // "根据帮扶实际到位资金占计划的比重计算得分" (line 288): 2 points × ratio, i.e. 0.02 per percentage point below 100 %.
                        Leaf("13", "实际到位/计划到位X100%", 2m, ScoringRule.Completion(0.02m), "", "根据帮扶实际到位资金占计划的比重计算得分")),
                    Group("G2-1-2", "到位时效", 5m,
                        Leaf("14", "帮扶资金是否在规定时间内发放给职工", 2m, ScoringRule.Manual, "", "资金是否及时到位；若未及时到位，是否影响帮扶进度。"),
                        Leaf("15", "帮扶资金是否通过大海惠工卡发放", 2m, ScoringRule.Manual),
                        Leaf("16", "特殊情况下发放现金职工是否在实名制表上签名", 1m, ScoringRule.Manual))),
                Group("G2-2", "资金管理", 10m,
                    Group("G2-2-1", "资金使用", 6m,
                        Leaf("17", "是否存在支出依据不合规、虚列帮扶支出的情况；", 2m, ScoringRule.Manual),
                        Leaf("18", "是否存在截留、挤占、挪用帮扶资金情况；", 2m, ScoringRule.Manual),
                        Leaf("19", "是否存在超标准开支情况。", 2m, ScoringRule.Manual)),
                    Group("G2-2-2", "财务管理", 4m,
                        Leaf("20", "帮扶资金发放是否严格执行制度", 2m, ScoringRule.Manual, "", "资金管理、费用支出等制度是否健全，是否严格执行；会计核算是否规范"),
                        Leaf("21", "财务制度是否健全（1分），会计核算是否规范（1分）", 2m,
                            ScoringRule.Checklist(("财务制度健全", 1m), ("会计核算规范", 1m))))),
                Group("G2-3", "组织实施", 26m,
                    Group("G2-3-1", "组织机构", 1m,
                        Leaf("22", "帮扶工作分工是否明确。", 1m, ScoringRule.Manual)),
                    Group("G2-3-2", "管理制度", 25m,
                        Group("G2-3-2-1", "帮扶资金筹措。", 7m,
                            Leaf("23", "帮扶资金是否列入市、县同级财政（行政）预算，并按预算定期足额拨付的。", 4m, ScoringRule.Manual),
                            Leaf("24", "帮扶资金和工作经费是否列入本级工会年度经费支出预算，按时拨付、按需追加的。", 3m, ScoringRule.Manual)),
                        Group("G2-3-2-2", "资金的使用和管理。", 6m,
                            Leaf("25", "是否建立健全帮扶资金管理使用的各项财务制度，帮扶资金实行专项管理，专款专用。", 3m, ScoringRule.Manual),
                            Leaf("26", "帮扶资金是否只用于帮扶困难职工（帮扶中心人员开支和办公经费从工会经费中列支）。", 3m, ScoringRule.Manual)),
                        Group("G2-3-2-3", M, 12m,
                            Leaf("27", "接受上级工会财务和经审部门的检查审计，是否定期报送财务收支情况报表，本单位经审部门是否有自审。", 3m, ScoringRule.Manual),
                            Leaf("28", "年初是否有帮扶工作计划、目标，有经费预算。", 3m, ScoringRule.Manual),
                            Leaf("29", "年终是否有总结报告，有经费决算。", 3m, ScoringRule.Manual),
                            Leaf("30", "是否及时上报省总要求的各类总结和统计表。", 3m, ScoringRule.Manual))))),
            Group("G3", "帮扶绩效", 7m,
                Group("G3-1", "帮扶效果", 7m,
                    Group("G3-1-1", "帮扶质量", 2m,
                        Leaf("31", "帮扶结果是否达到年初预算", 2m, ScoringRule.Manual)),
                    Group("G3-1-2", "帮扶对象满意度", 5m,
                        Leaf("32", "帮扶活动的实施困难职工是否满意", 3m, ScoringRule.Manual),
                        Leaf("33", "帮扶活动是否产生社会综合效益", 2m, ScoringRule.Manual)))),
        ]));

    public static IReadOnlyList<TemplateContent> All { get; } = [YuAn2021, Hainan2015];
}
