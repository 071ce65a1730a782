using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Union.Shared.Auth;

namespace Union.YearWalk;

/// <summary>
/// The assistance year of docs/annual-cycle.md, step by step, over REST through a gateway: the
/// province's annual round for year Y, the review and the library, the allocation of Y's money by
/// volume, review score and last year's grade, the projects' launch, adjustment, mid-term and
/// acceptance with funds releasing the tranches, households archived and paid, the year end, the
/// evaluation of Y from those events, and the allocation of Y+1 by Y's grades. Each step moves the
/// clock forward to its date first and checks the figures on both sides. The steps keep what they
/// made (ids, amounts) for the steps after them, so they run in order, once, on a fresh year.
/// Written against a base address and a clock, so the same walk runs against the separate
/// processes of the end-to-end suite or the embedded suite host of <c>make run</c>, and with a cast
/// of organisations: the documented one (成都 with 锦江区, and 绵阳, the names the comments use) or
/// the demo's (<see cref="YearCast.Demo"/>), which make run's seeder walks up to step 5.
/// </summary>
public sealed class AssistanceYear(YearCast cast, int walkedYear, Uri gateway, IYearClock clock, Func<string>? diagnostics = null)
{
    public const string Province = "51";
    private string City => cast.City.Path;
    private string County => cast.County.Path;
    private string OtherCity => cast.OtherCity.Path;

    /// <summary>The grade factors the province allocates by (named after the default grade bands).</summary>
    public static readonly IReadOnlyDictionary<string, string> GradeFactors = new Dictionary<string, string>
    {
        ["优秀"] = "1.2", ["良好"] = "1", ["合格"] = "0.8", ["不合格"] = "0.5",
    };

    private const string VolumeWeight = "0.7";
    private const string ScoreWeight = "0.3";

    /// <summary>The assistance year walked; the walk starts in October of the year before.</summary>
    public int Y { get; } = walkedYear;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private DateOnly _today;

    // What the steps made, for the steps after them.
    private readonly Dictionary<string, string> _gradeBefore = [];
    private readonly Dictionary<string, string> _gradeOfY = [];
    private readonly List<(string Id, string Owner, string Category, long Subsidy)> _projects = [];
    private readonly Dictionary<string, long> _subsidyInForce = [];
    private string _centralPoolAccount = string.Empty;
    private string _countyCentral = string.Empty;
    private long _countyReceived;
    private readonly Dictionary<string, long> _centralShares = [];
    private readonly Dictionary<string, string> _cityCentral = [];
    private long _paidByCounty;
    private int _householdsPaid;

    private static string T(string org, string role) => WalkTokens.Mint(org, role);

    private static readonly string ProvinceApprover = T(Province, Roles.Approver);
    private static readonly string ProvinceStaff = T(Province, Roles.Caseworker);
    private static readonly string ProvinceFinance = T(Province, Roles.Finance);
    private static readonly string ProvinceReviewer = T(Province, Roles.Reviewer);
    private static readonly string Group = T(Province, Roles.Evaluator);
    private static string Staff(string org) => T(org, Roles.Caseworker);
    private static string Finance(string org) => T(org, Roles.Finance);

    private string Today => Text(_today);
    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Moves every service's clock to 09:00 Beijing time of <paramref name="day"/>; the walk only ever moves forward.</summary>
    public async Task MoveToAsync(DateOnly day)
    {
        Check.True(day >= _today, $"the walk moves the clock forward only ({Text(_today)} → {Text(day)})");
        await clock.SetAsync(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)));
        _today = day;
    }

    /// <summary>The whole year, steps 0 to 8, in order.</summary>
    public async Task WalkAsync()
    {
        await ToHouseholdsPaidAsync();
        await FromYearEndAsync();
    }

    /// <summary>
    /// Steps 0 to 5: the province mid-year, as make run's demo seeder leaves it. A round with its
    /// projects reviewed and in the library, the allocation committed, the projects launched, adjusted,
    /// past mid-term and accepted with their tranches released, households archived and paid, with a
    /// return-file failure and its re-issue.
    /// </summary>
    public async Task ToHouseholdsPaidAsync()
    {
        // 0. October Y−1: Y−1's programme evaluations graded and archived (the city 优秀, the other city 合格).
        await PreviousYearGradesAsync();
        // 1. 1–21 November Y−1: the province's annual round for Y; applications by 20 November; a late one refused.
        var round = await OpenRoundAndApplyAsync();
        // 2. December Y−1: review scores, the collective decision, the library.
        var scores = await ReviewAsync(round);
        // 3. January Y: central money allocated by volume, review score and Y−1's grade; explained to the fen; committed.
        await AllocateAsync(scores);
        // 4. March–September Y: launch (40 %), adjustment of 25 % decided by the province, mid-term by 15 August, acceptance (the rest).
        await ImplementAsync();
        // 5. September Y: households archived become payable; decisions under the caps, notice, batch, return file, re-issue.
        await PayHouseholdsAsync();
    }

    /// <summary>Steps 6 to 8, after <see cref="ToHouseholdsPaidAsync"/> on the same walk.</summary>
    public async Task FromYearEndAsync()
    {
        // 6. 1 October Y: unused central money flagged; January Y+1: the year closed with carry-over.
        await YearEndAsync();
        // 7. January Y+1: evaluation of Y from the year's events; self, overall, on-site; the grades.
        await EvaluateAsync();
        // 8. January Y+1: Y+1's allocation differs between the cities exactly as Y's grades say.
        await NextYearAllocationAsync();
    }

    /// <summary>
    /// How far an earlier walk of this year and cast got, read through the gateway: not started (the
    /// city has no project for Y), the households paid (step 5's expenditure: two households), or in
    /// between (a walk that was stopped).
    /// </summary>
    public async Task<YearProgress> ProgressAsync()
    {
        var projects = await Call(Staff(City), HttpMethod.Get, $"/v1/projects?year={Y}&organisationPath={City}");
        if (!projects.TryGetProperty("projects", out var list) || list.GetArrayLength() == 0) return YearProgress.NotStarted;
        var expenditure = await Call(Finance(County), HttpMethod.Get, $"/v1/fund-reports/expenditure?fiscalYear={Y}");
        return expenditure.Str("households") == "2" ? YearProgress.HouseholdsPaid : YearProgress.Partial;
    }

    // ───────────────────────────── 0. The previous loop ─────────────────────────────

    /// <summary>
    /// 0. Early October Y−1: the province's working group grades Y−1's programme of both cities (成都
    /// 优秀 with full marks, 绵阳 合格 without its union-funds input and effect scores) and archives
    /// the evaluations, so funds holds the grades Y's allocation reads.
    /// </summary>
    public async Task PreviousYearGradesAsync()
    {
        await MoveToAsync(new DateOnly(Y - 1, 10, 8));
        _gradeBefore[City] = await EvaluateShortAsync(City, Y - 1, FullMarks(Y - 1));
        _gradeBefore[OtherCity] = await EvaluateShortAsync(OtherCity, Y - 1,
            FullMarks(Y - 1).Where(i => !i.Contains("\"key\": \"4\"") && !i.Contains("\"key\": \"15\"") && !i.Contains("\"key\": \"16\"") && !i.Contains("\"key\": \"18\"")));
        Check.Equal("优秀", _gradeBefore[City]);
        Check.Equal("合格", _gradeBefore[OtherCity]);
    }

    private async Task<string> EvaluateShortAsync(string city, int year, IEnumerable<string> inputs)
    {
        var e = (await Call(T(city, Roles.Evaluator), HttpMethod.Post, "/v1/evaluations",
            $$"""{"subjectKind": "SUBJECT_KIND_PROGRAMME", "year": {{year}}, "indicatorSystem": "yuan-2021"}""")).Str("evaluationId");
        await Call(Staff(city), HttpMethod.Post, $"/v1/evaluations/{e}:record-scores", $$"""{"inputs": [{{string.Join(",", inputs)}}]}""");
        await Call(Staff(city), HttpMethod.Post, $"/v1/evaluations/{e}:submit-self-evaluation", """{"report": "年度目标任务完成情况见自评表。"}""");
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:complete-overall", """{"reason": "整体评价完成"}""");
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:record-field-work",
            """{"surveys": [{"kind": "SURVEY_KIND_SATISFACTION", "sampleSize": 50, "satisfied": 48}]}""");
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:complete-on-site", "{}");
        var graded = await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:grade", "{}");
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:archive", """{"reason": "建立档案"}""");
        return graded.GetProperty("evaluation").Str("grade");
    }

    /// <summary>Every scored leaf of yuan-2021 at full marks (100 points), as the self-evaluation enters them.</summary>
    private static List<string> FullMarks(int year) =>
    [
        """{"key": "1", "ticked": ["符合法律法规并落实党委政府和上级工会部署", "绩效目标体现精准帮扶解困脱困"]}""",
        """{"key": "2", "ticked": ["生活救助目标任务量化", "子女助学目标任务量化", "医疗救助目标任务量化", "落实生活救助标准", "落实子女助学标准", "落实医疗救助标准"]}""",
        """{"key": "3", "ticked": ["经集体研究决定", "按规定时间发放到位"]}""",
        """{"key": "4", "yes": true}""",
        """{"key": "5", "ticked": ["有困难职工档案制度", "有解困脱困攻坚年实施方案", "建档全面进行家庭信息比对"]}""",
        """{"key": "6", "ticked": ["成立领导小组并发挥作用", "配备专职人员并开展培训", "检查审计问题按要求整改"]}""",
        """{"key": "7.1", "yes": true}""",
        $$"""{"key": "7.2", "cases": [{"reference": "台账", "startDate": "{{year}}-03-02", "doneDate": "{{year}}-03-20"}]}""",
        """{"key": "8", "ticked": ["一户一档先建档后帮扶", "动态管理定期走访", "建档帮扶公示", "退档履行程序", "档案规范纸电一致"]}""",
        """{"key": "9", "ticked": ["资料提供及时", "资料齐全真实准确"]}""",
        """{"key": "10", "ticked": ["专账管理专款专用", "中央财政帮扶资金年度内使用完毕", "省财政帮扶资金年度内使用完毕"]}""",
        """{"key": "11", "ticked": ["银行卡打卡发放并告知", "生活救助按月或按季发放并告知"]}""",
        """{"key": "12", "lines": [{"label": "生活救助", "actual": "20", "target": "20"}]}""",
        """{"key": "13.1", "yes": true}""",
        $$"""{"key": "13.2", "cases": [{"reference": "台账", "startDate": "{{year}}-03-02", "doneDate": "{{year}}-03-20"}]}""",
        """{"key": "13.3", "yes": true}""",
        """{"key": "13.4", "yes": true}""",
        """{"key": "14", "occurrences": "0"}""",
        """{"key": "15", "score": "6", "evidence": "长效机制已建立"}""",
        """{"key": "16", "score": "10", "evidence": "帮扶效益明显"}""",
        """{"key": "18", "score": "4", "evidence": "满意度调查96%"}""",
    ];

    // ───────────────────────────── 1. The round ─────────────────────────────

    /// <summary>
    /// 1. 1 November Y−1: the province sets its funder rules and opens the annual round for Y (due 20
    /// November); 成都 applies in medical aid and education, 绵阳 in living security by the due date;
    /// 绵阳's medical application on 21 November is refused (ANNUAL_DEADLINE_PASSED).
    /// </summary>
    public async Task<string> OpenRoundAndApplyAsync()
    {
        await MoveToAsync(new DateOnly(Y - 1, 11, 1));
        await Call(ProvinceApprover, HttpMethod.Put, "/v1/project-funder-rules", """{"subsidyCapPercent": 50, "launchTranchePercent": 40}""");
        var round = await Call(ProvinceStaff, HttpMethod.Post, "/v1/project-rounds", $$"""{"year": {{Y}}, "kind": "APPLICATION_KIND_ANNUAL"}""");
        var r = round.Str("roundId");
        Check.Equal($"{Y - 1}-11-20", round.Str("dueOn"));
        await Call(ProvinceStaff, HttpMethod.Post, $"/v1/project-rounds/{r}:add-reviewer",
            $$"""{"reviewer": {"subject": "{{Roles.Reviewer}}@{{Province}}", "name": "评审专家甲", "organisationPath": "{{Province}}"} }""");

        await MoveToAsync(new DateOnly(Y - 1, 11, 12));
        await ApplyAsync(r, City, "PROJECT_CATEGORY_MEDICAL", $"{cast.City.Name}困难职工大病医疗二次救助项目", 100_000_000, 50_000_000);
        await ApplyAsync(r, City, "PROJECT_CATEGORY_EDUCATION", $"{cast.City.Name}困难职工子女金秋助学项目", 60_000_000, 30_000_000);
        await MoveToAsync(new DateOnly(Y - 1, 11, 20));
        await ApplyAsync(r, OtherCity, "PROJECT_CATEGORY_LIVING_SECURITY", $"{cast.OtherCity.Name}困难职工生活保障项目", 80_000_000, 40_000_000);

        await MoveToAsync(new DateOnly(Y - 1, 11, 21));
        var late = await Send(Staff(OtherCity), HttpMethod.Post, "/v1/project-applications",
            Application(r, "PROJECT_CATEGORY_MEDICAL", $"{cast.OtherCity.Name}困难职工医疗救助项目", 40_000_000, 20_000_000));
        var refusal = await late.Content.ReadAsStringAsync();
        Check.True(late.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.PreconditionFailed, $"a late application was accepted: {refusal}");
        Check.Contains("ANNUAL_DEADLINE_PASSED", refusal);
        return r;
    }

    private async Task ApplyAsync(string round, string city, string category, string title, long total, long subsidy)
    {
        var project = await Call(Staff(city), HttpMethod.Post, "/v1/project-applications", Application(round, category, title, total, subsidy));
        Check.Equal("PROJECT_STATUS_SUBMITTED", project.Str("status"));
        Check.Equal(Province, project.GetProperty("funder").Str("path"));
        _projects.Add((project.Str("projectId"), city, category, subsidy));
        _subsidyInForce[project.Str("projectId")] = subsidy;
    }

    private string Application(string roundId, string category, string title, long total, long subsidy) => $$"""
        {"roundId": "{{roundId}}", "level": "PROJECT_LEVEL_CITY", "category": "{{category}}",{{(category == "PROJECT_CATEGORY_LIVING_SECURITY" ? " \"subcategory\": \"PROJECT_SUBCATEGORY_LIVING_AID\"," : "")}} "title": "{{title}}",
         "background": "辖区困难职工因病、因学致困比例高，市总工会已有帮扶工作基础。",
         "content": {"servedGroups": "建档困难职工家庭", "serviceMethod": "按标准救助到户", "targets": "全年救助120户", "standards": "每户最高1万元", "scope": "全市"},
         "milestones": [{"description": "摸底调查、确定救助对象", "dueOn": "{{Y}}-03-31"}, {"description": "集中审核发放", "dueOn": "{{Y}}-09-30"}],
         "budget": [{"source": "FUND_SOURCE_UNION_FUNDS", "amount": {"fen": "{{total - subsidy}}"} },
                    {"source": "FUND_SOURCE_PROVINCIAL_FINANCE", "amount": {"fen": "{{subsidy}}"} }],
         "subsidyRequested": {"fen": "{{subsidy}}"},
         "targets": {"workersCovered": 5000, "workersDirectlyServed": 120, "satisfactionPercent": 90},
         "safeguards": "成立项目领导小组，专款专用，经审全程监督。",
         "responsibilities": [{"role": "策划", "person": "市总工会保障部"}, {"role": "实施", "person": "市困难职工帮扶中心"}],
         "contact": {"name": "王芳", "phone": "028-86661234", "email": "wf@example.org"} }
        """;

    // ───────────────────────────── 2. Review and library ─────────────────────────────

    /// <summary>
    /// 2. Early December Y−1: the committee scores every project, the province's party group approves
    /// them collectively, and with the signed paper copies they enter the library for Y.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Rational>> ReviewAsync(string round)
    {
        await MoveToAsync(new DateOnly(Y - 1, 12, 4));
        var scores = new[] { (92, 85, 80), (88, 84, 78), (80, 76, 70) };
        for (var i = 0; i < _projects.Count; i++)
        {
            var (n, f, p) = scores[i];
            await Call(ProvinceReviewer, HttpMethod.Post, $"/v1/projects/{_projects[i].Id}:score",
                $$"""{"necessity": {{n}}, "feasibility": {{f}}, "prospects": {{p}}, "comments": "需求明确，标准合理"}""");
        }
        var ranking = await Call(ProvinceStaff, HttpMethod.Get, $"/v1/project-rounds/{round}/ranking");
        var aggregate = ranking.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("projects").EnumerateArray())
            .ToDictionary(x => x.Str("projectId"), x => int.Parse(x.Str("aggregateCenti"), CultureInfo.InvariantCulture));
        Check.Equal(_projects.Count, aggregate.Count);

        await MoveToAsync(new DateOnly(Y - 1, 12, 8));
        var approved = string.Join(", ", _projects.Select(p => $$"""{"projectId": "{{p.Id}}", "approvedSubsidy": {"fen": "{{p.Subsidy}}"} }"""));
        await Call(ProvinceApprover, HttpMethod.Post, $"/v1/project-rounds/{round}:decide", $$"""
            {"body": "DECISION_BODY_PARTY_GROUP_MEETING", "decidedOn": "{{Today}}", "meetingReference": "省总党组会纪要〔{{Y - 1}}〕30号", "approved": [{{approved}}]}
            """);
        foreach (var p in _projects)
        {
            var inLibrary = await Call(ProvinceStaff, HttpMethod.Post, $"/v1/projects/{p.Id}:paper-copy-received",
                $$"""{"receivedOn": "{{Today}}", "signedByName": "市总工会主席"}""");
            Check.Equal("PROJECT_STATUS_IN_LIBRARY", inLibrary.Str("status"));
        }
        var library = await Call(ProvinceStaff, HttpMethod.Get, $"/v1/projects?libraryOnly=true&year={Y}");
        Check.Equal(_projects.Count, library.GetProperty("projects").EnumerateArray().Count(x => _projects.Any(p => p.Id == x.Str("projectId"))));

        // The city's review score funds reads from the approvals (each carries its project's aggregate):
        // the mean of its projects' aggregates weighted by the subsidy approved, exact.
        return new[] { City, OtherCity }.ToDictionary(c => c, c =>
        {
            var mine = _projects.Where(p => p.Owner == c).ToList();
            return new Rational(mine.Aggregate(BigInteger.Zero, (sum, p) => sum + aggregate[p.Id] * (BigInteger)p.Subsidy),
                100 * mine.Aggregate(BigInteger.Zero, (sum, p) => sum + p.Subsidy));
        });
    }

    // ───────────────────────────── 3. Allocation of Y ─────────────────────────────

    /// <summary>
    /// 3. January Y: the province's central money for Y arrives; it allocates it to the two cities by
    /// approved volume (from funds' project-funding read model), review score (the committee's, carried
    /// by projects' approvals, weighted by subsidy) and Y−1's grade (from evaluation's archived grades);
    /// the province types none of them. The dry run explains every line and adds up to the fen; the
    /// expected shares are computed here from the formula; the run is committed.
    /// </summary>
    public async Task AllocateAsync(IReadOnlyDictionary<string, Rational> reviewScores)
    {
        await MoveToAsync(new DateOnly(Y, 1, 10));
        const long pool = 100_000_000;
        _centralPoolAccount = (await Call(ProvinceFinance, HttpMethod.Post, "/v1/accounts",
            $$"""{"fiscalYear": {{Y}}, "source": "FUND_SOURCE_CENTRAL_FINANCE"}""")).Str("accountId");
        await Call(ProvinceFinance, HttpMethod.Post, "/v1/fund-movements/receipts", $$"""
            {"toAccountId": "{{_centralPoolAccount}}", "amount": {"fen": "{{pool}}"}, "receivedOn": "{{Today}}",
             "externalPayer": {"name": "中华全国总工会", "documentReference": "总工财〔{{Y}}〕1号"}, "memo": "中央财政困难职工帮扶资金"}
            """);
        // The projects' subsidies are paid from the province's union funds (tranches on launch and acceptance).
        var unionFunds = (await Call(ProvinceFinance, HttpMethod.Post, "/v1/accounts",
            $$"""{"fiscalYear": {{Y}}, "source": "FUND_SOURCE_UNION_FUNDS"}""")).Str("accountId");
        await Call(ProvinceFinance, HttpMethod.Post, "/v1/fund-movements/receipts", $$"""
            {"toAccountId": "{{unionFunds}}", "amount": {"fen": "200000000"}, "receivedOn": "{{Today}}",
             "externalPayer": {"name": "四川省总工会经费", "documentReference": "川工财〔{{Y}}〕2号"}, "memo": "帮扶项目资助资金"}
            """);
        await SetFormulaAsync();

        var volume = new[] { City, OtherCity }.ToDictionary(c => c, c => _projects.Where(p => p.Owner == c).Sum(p => p.Subsidy));
        // Nothing typed but the applicants: volumes, review scores and grades are funds' own records.
        var applicants = string.Join(", ", new[] { City, OtherCity }.Select(c => $$"""{"organisationPath": "{{c}}"}"""));
        var dryRun = $$"""{"year": {{Y}}, "source": "FUND_SOURCE_CENTRAL_FINANCE", "pool": {"fen": "{{pool}}"}, "applicants": [{{applicants}}]}""";
        JsonElement run = default;
        // The approvals and the grades reach funds by events: wait until the dry run reads both.
        await Check.EventuallyAsync(async () =>
        {
            run = await Call(ProvinceFinance, HttpMethod.Post, "/v1/allocation-runs", dryRun);
            return run.GetProperty("lines").EnumerateArray().All(l =>
                l.Str("volumeSource") == "PROJECT_FUNDINGS" && l.Str("scoreSource") == "PROJECT_REVIEWS"
                && l.GetProperty("approvedVolume").Str("fen") == volume[l.GetProperty("applicant").Str("path")].ToString(CultureInfo.InvariantCulture)
                && l.Str("lastYearGrade") == _gradeBefore[l.GetProperty("applicant").Str("path")]);
        }, Patience, () => $"funds never read the approved volumes, review scores and last year's grades: {run}\n{diagnostics?.Invoke()}");

        var expected = ExpectedShares(pool, new[] { City, OtherCity }.Select(c =>
            (c, (BigInteger)volume[c], reviewScores[c], Rational.Parse(GradeFactors[_gradeBefore[c]]))).ToList());
        AssertExplained(run, pool, expected);
        // Each city keeps Y's central money on its own earmarked account, which the commit posts to.
        foreach (var city in new[] { City, OtherCity })
            _cityCentral[city] = (await Call(Finance(city), HttpMethod.Post, "/v1/accounts",
                $$"""{"fiscalYear": {{Y}}, "source": "FUND_SOURCE_CENTRAL_FINANCE"}""")).Str("accountId");
        var committed = await Call(ProvinceFinance, HttpMethod.Post, $"/v1/allocation-runs/{run.Str("runId")}:commit", "{}");
        Check.Equal("ALLOCATION_RUN_STATUS_COMMITTED", committed.Str("status"));
        foreach (var (city, share) in expected)
        {
            _centralShares[city] = share;
            Check.Equal(share.ToString(CultureInfo.InvariantCulture),
                (await Call(Finance(city), HttpMethod.Get, $"/v1/accounts/{_cityCentral[city]}")).GetProperty("balance").Str("fen"));
        }
        Check.Equal(0, Fen((await Call(ProvinceFinance, HttpMethod.Get, $"/v1/accounts/{_centralPoolAccount}")), "balance"));
    }

    private async Task SetFormulaAsync()
    {
        var factors = string.Join(", ", GradeFactors.Select(g => $$"""{"grade": "{{g.Key}}", "factor": "{{g.Value}}"}"""));
        await Call(ProvinceFinance, HttpMethod.Put, "/v1/allocation-formulas", $$"""
            {"kind": "ALLOCATION_FORMULA_KIND_PROJECT_VOLUME", "volumeWeight": "{{VolumeWeight}}", "scoreWeight": "{{ScoreWeight}}", "gradeFactors": [{{factors}}]}
            """);
    }

    /// <summary>
    /// The shares the formula gives, computed exactly: weight = (0.7 × volume share + 0.3 × score
    /// share) × grade factor; pool × weight ÷ Σ weight rounded down; the remaining fen one each to the
    /// largest fractional parts, ties by organisation path.
    /// </summary>
    public static List<(string Path, long Share)> ExpectedShares(long pool, IReadOnlyList<(string Path, BigInteger Volume, Rational Score, Rational Factor)> lines)
    {
        var volumeSum = lines.Aggregate(BigInteger.Zero, (s, l) => s + l.Volume);
        var scoreSum = lines.Aggregate(Rational.Zero, (s, l) => s + l.Score);
        var weights = lines.Select(l =>
            (Rational.Parse(VolumeWeight) * new Rational(l.Volume, volumeSum) + Rational.Parse(ScoreWeight) * (l.Score / scoreSum)) * l.Factor).ToList();
        var total = weights.Aggregate(Rational.Zero, (s, w) => s + w);
        var raw = weights.Select(w => new Rational(pool, 1) * w / total).ToList();
        var floored = raw.Select(r => r.Floor()).ToList();
        var left = pool - floored.Aggregate(BigInteger.Zero, (s, f) => s + f);
        var order = Enumerable.Range(0, lines.Count)
            .OrderByDescending(i => raw[i] - new Rational(floored[i], 1)).ThenBy(i => lines[i].Path, StringComparer.Ordinal).ToList();
        var shares = floored.ToArray();
        for (var k = 0; k < left; k++) shares[order[k]] += 1;
        return Enumerable.Range(0, lines.Count).Select(i => (lines[i].Path, (long)shares[i])).ToList();
    }

    private static void AssertExplained(JsonElement run, long pool, List<(string Path, long Share)> expected)
    {
        var lines = run.GetProperty("lines").EnumerateArray().ToList();
        long sum = 0;
        foreach (var (path, share) in expected)
        {
            var line = lines.Single(l => l.GetProperty("applicant").Str("path") == path);
            var floored = long.Parse(line.GetProperty("floored").Str("fen"), CultureInfo.InvariantCulture);
            var remainder = long.Parse(line.Str("remainderFen") is { Length: > 0 } r ? r : "0", CultureInfo.InvariantCulture);
            Check.Equal(share, long.Parse(line.GetProperty("share").Str("fen"), CultureInfo.InvariantCulture));
            Check.Equal(share, floored + remainder);
            Check.False(string.IsNullOrEmpty(line.Str("explanation")));
            sum += share;
        }
        Check.Equal(pool, sum);
    }

    // ───────────────────────────── 4. The projects' year ─────────────────────────────

    /// <summary>
    /// 4. March to September Y: each project launches with the three signatures and funds releases
    /// 40 % from the province's union funds; 成都's medical project is cut by 25 %, which waits for the
    /// province; the mid-term forms are due by 15 August (绵阳's comes late and is listed overdue);
    /// acceptance releases the rest of the subsidy in force.
    /// </summary>
    public async Task ImplementAsync()
    {
        await MoveToAsync(new DateOnly(Y, 3, 1));
        foreach (var p in _projects)
        {
            var f = (await Call(Staff(p.Owner), HttpMethod.Post, $"/v1/projects/{p.Id}/forms:launch", $$"""
                {"details": {"startsOn": "{{Today}}", "endsOn": "{{Y}}-12-15", "overview": "全年救助120户", "plan": "一季度摸底，三季度集中发放",
                 "budgetDetail": "救助金", "subsidyDetail": "省总资助资金全部用于救助金"} }
                """)).Str("formId");
            await SignAndDecideAsync(p.Owner, f, "同意启动");
        }
        foreach (var p in _projects)
        {
            Check.Equal("PROJECT_STATUS_LAUNCHED", (await Call(Staff(p.Owner), HttpMethod.Get, $"/v1/project-applications/{p.Id}")).Str("status"));
            await ReleasedAsync(p.Id, p.Owner, p.Subsidy * 40 / 100);
        }

        // An adjustment of −25 % at once is beyond the city's own say: it waits for the province.
        await MoveToAsync(new DateOnly(Y, 5, 12));
        var medical = _projects.First(p => p.Category == "PROJECT_CATEGORY_MEDICAL");
        var cut = medical.Subsidy * 75 / 100;
        var pending = await Call(Staff(City), HttpMethod.Post, $"/v1/projects/{medical.Id}/adjustments", $$"""
            {"reason": "部分救助对象已纳入医保大病兜底", "changedElements": "帮扶对象人数", "newSubsidy": {"fen": "{{cut}}"},
             "meetingReference": "{{cast.City.Name}}总工会主席办公会纪要〔{{Y}}〕9号", "decidedOn": "{{Today}}"}
            """);
        Check.Equal("ADJUSTMENT_STATUS_PENDING", pending.Str("status"));
        Check.Equal(medical.Subsidy.ToString(CultureInfo.InvariantCulture),
            (await Call(Staff(City), HttpMethod.Get, $"/v1/project-applications/{medical.Id}")).GetProperty("currentSubsidy").Str("fen"));
        await MoveToAsync(new DateOnly(Y, 5, 20));
        await Call(ProvinceApprover, HttpMethod.Post, $"/v1/project-adjustments/{pending.Str("adjustmentId")}:decide",
            $$"""{"approve": true, "decidedOn": "{{Today}}", "reference": "川工保函〔{{Y}}〕33号"}""");
        _subsidyInForce[medical.Id] = cut;
        await Check.EventuallyAsync(async () =>
            (await Call(Finance(City), HttpMethod.Get, $"/v1/project-fundings/{medical.Id}")).GetProperty("currentSubsidy").Str("fen")
                == cut.ToString(CultureInfo.InvariantCulture), Patience, () => $"funds never heard of the adjustment\n{diagnostics?.Invoke()}");

        // The mid-term forms: 成都's by 10 August; 绵阳's is still missing on 16 August.
        await MoveToAsync(new DateOnly(Y, 8, 10));
        foreach (var p in _projects.Where(p => p.Owner == City)) await MidTermAsync(p.Id, p.Owner);
        await MoveToAsync(new DateOnly(Y, 8, 16));
        var overdue = await Call(ProvinceStaff, HttpMethod.Get, $"/v1/projects:overdue-mid-term?year={Y}");
        var overdueIds = overdue.TryGetProperty("projects", out var list) ? list.EnumerateArray().Select(x => x.Str("projectId")).ToHashSet() : [];
        foreach (var p in _projects) Check.Equal(p.Owner == OtherCity, overdueIds.Contains(p.Id));
        foreach (var p in _projects.Where(p => p.Owner == OtherCity)) await MidTermAsync(p.Id, p.Owner);

        // Acceptance: the rest of the subsidy in force.
        await MoveToAsync(new DateOnly(Y, 9, 8));
        foreach (var p in _projects)
        {
            await Call(Staff(p.Owner), HttpMethod.Post, $"/v1/projects/{p.Id}/surveys", $$"""
                {"method": "SURVEY_METHOD_ONLINE", "surveyedOn": "{{Today}}", "sampleSize": 200, "aware": 186, "participated": 120, "benefited": 118, "satisfied": 190}
                """);
            var subsidy = _subsidyInForce[p.Id];
            var c = (await Call(Staff(p.Owner), HttpMethod.Post, $"/v1/projects/{p.Id}/forms:acceptance", $$"""
                {"details": {"completion": "全年救助126户，完成目标", "spentTotal": {"fen": "{{subsidy * 2}}"}, "spentSubsidy": {"fen": "{{subsidy}}"},
                 "workersCovered": 5200, "workersDirectlyServed": 126, "satisfactionPercent": 95, "effect": "困难职工负担明显减轻"} }
                """)).Str("formId");
            await SignAndDecideAsync(p.Owner, c, "验收合格");
            Check.Equal("PROJECT_STATUS_ACCEPTED", (await Call(Staff(p.Owner), HttpMethod.Get, $"/v1/project-applications/{p.Id}")).Str("status"));
        }
        foreach (var p in _projects) await ReleasedAsync(p.Id, p.Owner, _subsidyInForce[p.Id]);
    }

    private async Task MidTermAsync(string projectId, string owner)
    {
        var subsidy = _subsidyInForce[projectId];
        var m = (await Call(Staff(owner), HttpMethod.Post, $"/v1/projects/{projectId}/forms:mid-term", $$"""
            {"details": {"spentTotal": {"fen": "{{subsidy}}"}, "spentSubsidy": {"fen": "{{subsidy * 40 / 100}}"}, "progress": "已救助58户", "plannedAcceptanceOn": "{{Y}}-09-08"} }
            """)).Str("formId");
        await SignAndDecideAsync(owner, m, "同意");
    }

    /// <summary>Waits until funds has posted <paramref name="fen"/> of the project's subsidy to the city, and checks the tranches add up to it.</summary>
    private async Task ReleasedAsync(string projectId, string city, long fen)
    {
        JsonElement funding = default;
        await Check.EventuallyAsync(async () =>
        {
            var response = await Send(Finance(city), HttpMethod.Get, $"/v1/project-fundings/{projectId}");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            funding = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return funding.TryGetProperty("released", out var released) && released.Str("fen") == fen.ToString(CultureInfo.InvariantCulture);
        }, Patience, () => $"funds did not release {fen} fen for {projectId}: {funding}\n{diagnostics?.Invoke()}");
        var tranches = funding.GetProperty("tranches").EnumerateArray()
            .Where(t => t.Str("status") == "TRANCHE_STATUS_RELEASED").Sum(t => long.Parse(t.GetProperty("amount").Str("fen"), CultureInfo.InvariantCulture));
        Check.Equal(fen, tranches);
    }

    private async Task SignAndDecideAsync(string applicant, string formId, string comment)
    {
        await Call(Staff(applicant), HttpMethod.Post, $"/v1/project-forms/{formId}:sign", """{"level": "SIGNATURE_LEVEL_APPLICANT_HEAD", "signerName": "张主席", "opinion": "同意申报"}""");
        await Call(ProvinceStaff, HttpMethod.Post, $"/v1/project-forms/{formId}:sign", """{"level": "SIGNATURE_LEVEL_DEPARTMENT_HEAD", "signerName": "刘部长", "opinion": "同意"}""");
        await Call(ProvinceStaff, HttpMethod.Post, $"/v1/project-forms/{formId}:sign", """{"level": "SIGNATURE_LEVEL_DEPARTMENT_LEADER", "signerName": "陈副主席", "opinion": "同意"}""");
        var form = await Call(ProvinceApprover, HttpMethod.Post, $"/v1/project-forms/{formId}:decide",
            $$"""{"accept": true, "decidedOn": "{{Today}}", "comment": "{{comment}}"}""");
        Check.Equal("FORM_STATUS_ACCEPTED", form.Str("status"));
    }

    // ───────────────────────────── 5. Households paid ─────────────────────────────

    /// <summary>
    /// 5. September Y: 锦江区 archives two households through the archives' closed loop and funds hears
    /// they are payable; 成都 passes part of its central share down; the caseworker records a quarter
    /// of living aid and an education grant under the caps, puts them on public notice, finance pays
    /// them in a bank batch, the bank fails the education grant (card closed), and it is re-issued.
    /// </summary>
    public async Task PayHouseholdsAsync()
    {
        await MoveToAsync(new DateOnly(Y, 9, 11));
        var a = await ArchiveHouseholdAsync(County);
        var b = await ArchiveHouseholdAsync(County);

        var cityCentral = _cityCentral[City];
        Check.Equal(_centralShares[City].ToString(CultureInfo.InvariantCulture),
            (await Call(Finance(City), HttpMethod.Get, $"/v1/accounts/{cityCentral}")).GetProperty("balance").Str("fen"));
        _countyCentral = (await Call(Finance(County), HttpMethod.Post, "/v1/accounts",
            $$"""{"fiscalYear": {{Y}}, "source": "FUND_SOURCE_CENTRAL_FINANCE"}""")).Str("accountId");
        _countyReceived = 5_000_000;
        await Call(Finance(City), HttpMethod.Post, "/v1/fund-movements/transfers", $$"""
            {"fromAccountId": "{{cityCentral}}", "toAccountId": "{{_countyCentral}}", "amount": {"fen": "{{_countyReceived}}"},
             "transferredOn": "{{Today}}", "reference": "{{cast.City.Initial}}工财〔{{Y}}〕7号", "memo": "下拨{{cast.County.Name}}"}
            """);
        await Call(Finance(City), HttpMethod.Post, "/v1/local-standards/allowances", $$"""
            {"localityPath": "{{City}}", "monthlyAllowance": {"fen": "80000"}, "effectiveFrom": "{{Y - 1}}-07-01", "reference": "{{cast.City.Initial}}府发〔{{Y - 1}}〕8号"}
            """);

        // The decisions: a quarter of living aid (3 × 800.00) for A, paid quarterly; 3,000.00 education aid for B.
        var meeting = $$"""{"meetingReference": "{{cast.County.Name}}总工会党组会议{{Y}}年第9次", "decidedOn": "{{Today}}"}""";
        var completed = Text(_today.AddDays(-3));
        var living = (await Call(Staff(County), HttpMethod.Post, "/v1/assistance-decisions", $$"""
            {"householdId": "{{a}}", "aidType": "AID_TYPE_LIVING", "amount": {"fen": "240000"}, "sourceAccountId": "{{_countyCentral}}",
             "collectiveDecision": {{meeting}}, "applicationCompletedOn": "{{completed}}",
             "instalments": {"frequency": "INSTALMENT_FREQUENCY_QUARTERLY", "count": 1, "firstDueOn": "{{Y}}-09-25"} }
            """)).Str("decisionId");
        var overCap = await Send(Staff(County), HttpMethod.Post, "/v1/assistance-decisions", $$"""
            {"householdId": "{{a}}", "aidType": "AID_TYPE_LIVING", "amount": {"fen": "720001"}, "sourceAccountId": "{{_countyCentral}}",
             "collectiveDecision": {{meeting}}, "applicationCompletedOn": "{{completed}}"}
            """);
        Check.Contains("LIVING_AID_CAP_EXCEEDED", await overCap.Content.ReadAsStringAsync());
        var education = (await Call(Staff(County), HttpMethod.Post, "/v1/assistance-decisions", $$"""
            {"householdId": "{{b}}", "aidType": "AID_TYPE_EDUCATION", "amount": {"fen": "300000"}, "sourceAccountId": "{{_countyCentral}}",
             "collectiveDecision": {{meeting}}, "applicationCompletedOn": "{{completed}}", "studentReference": "长子"}
            """)).Str("decisionId");
        await Call(Staff(County), HttpMethod.Post, "/v1/public-notices",
            $$"""{"decisionIds": ["{{living}}", "{{education}}"], "place": "{{cast.County.Name}}总工会公示栏及网站", "startsOn": "{{Today}}"}""");
        var early = await Send(Finance(County), HttpMethod.Post, "/v1/payment-batches", $$"""{"decisionIds": ["{{living}}"]}""");
        Check.Contains("NOT_PAYABLE", await early.Content.ReadAsStringAsync());

        // After the notice (5 working days): the batch, the bank's file, the return with one failure.
        await MoveToAsync(new DateOnly(Y, 9, 25));
        var batch = await Call(Finance(County), HttpMethod.Post, "/v1/payment-batches", $$"""{"decisionIds": ["{{living}}", "{{education}}"]}""");
        Check.Equal("540000", batch.GetProperty("total").Str("fen"));
        var batchId = batch.Str("batchId");
        await Call(Finance(County), HttpMethod.Post, $"/v1/payment-batches/{batchId}:export", """{"format": "BANK_FILE_FORMAT_CSV"}""");
        var serial = batch.GetProperty("payments").EnumerateArray().ToDictionary(p => p.Str("decisionId"), p => p.Str("serial"));
        var returnFile = Convert.ToBase64String(Encoding.UTF8.GetBytes($"serial,status,reason\n{serial[living]},paid,\n{serial[education]},failed,账户已销户\n"));
        Check.Equal("2", (await Call(Finance(County), HttpMethod.Post, $"/v1/payment-batches/{batchId}:import-return", $$"""{"content": "{{returnFile}}"}""")).Str("settled"));
        Check.Equal((_countyReceived - 240000).ToString(CultureInfo.InvariantCulture),
            (await Call(Finance(County), HttpMethod.Get, $"/v1/accounts/{_countyCentral}")).GetProperty("balance").Str("fen"));

        await MoveToAsync(new DateOnly(Y, 9, 28));
        var reissue = await Call(Finance(County), HttpMethod.Post, "/v1/payment-batches", $$"""{"decisionIds": ["{{education}}"]}""");
        Check.Equal("2", reissue.GetProperty("payments")[0].Str("attempt"));
        await Call(Finance(County), HttpMethod.Post, $"/v1/payment-batches/{reissue.Str("batchId")}:export", """{"format": "BANK_FILE_FORMAT_XLSX"}""");
        await Call(Finance(County), HttpMethod.Post, $"/v1/payment-batches/{reissue.Str("batchId")}:import-return",
            $$"""{"content": "{{Convert.ToBase64String("1,paid,\n"u8.ToArray())}}"}""");
        _paidByCounty = 540000;
        _householdsPaid = 2;

        var expenditure = await Call(Finance(County), HttpMethod.Get, $"/v1/fund-reports/expenditure?fiscalYear={Y}");
        Check.Equal(_paidByCounty.ToString(CultureInfo.InvariantCulture), expenditure.GetProperty("total").Str("fen"));
        Check.Equal(_householdsPaid.ToString(CultureInfo.InvariantCulture), expenditure.Str("households"));
        Check.True((await Call(Finance(County), HttpMethod.Get, $"/v1/fund-reports/reconciliation?fiscalYear={Y}")).GetProperty("ok").GetBoolean());
        var timeliness = await Call(Finance(County), HttpMethod.Get, $"/v1/fund-reports/timeliness?fiscalYear={Y}");
        Check.Equal("2", timeliness.GetProperty("applicationToPayment").Str("onTime"));
    }

    /// <summary>A household of <paramref name="county"/> through the archives' closed loop, its dates on the clock's calendar; waits until funds may pay it.</summary>
    private async Task<string> ArchiveHouseholdAsync(string county)
    {
        var caseworker = Staff(county);
        var reviewer = T(county, Roles.Reviewer);
        var id = (await Call(caseworker, HttpMethod.Post, "/v1/households", $$"""
            {"headName": "王建国", "headIdNumber": "{{NewIdNumber(county)}}", "headPhone": "13880001111", "employer": "{{cast.City.Place}}某机械厂",
             "causes": ["HARDSHIP_CAUSE_ILLNESS"], "monthlyIncomePerPerson": {"fen": "40000"}, "localMonthlyAllowance": {"fen": "80000"},
             "bankCard": "{{PersonalNumbers.BankCard()}}"}
            """)).Str("householdId");
        foreach (var kind in new[] { "WORKER_APPLICATION", "ECONOMIC_CHECK_AUTHORISATION", "IDENTITY", "EMPLOYMENT", "INCOME", "HARDSHIP" })
        {
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{id}")));
            await Call(caseworker, HttpMethod.Post, $"/v1/households/{id}/documents", $$"""
                {"kind": "DOCUMENT_KIND_{{kind}}", "objectKey": "archives/{{county.Split('/')[^1]}}/{{id}}/{{kind}}.pdf", "sha256": "{{sha}}", "sizeBytes": 80000, "mediaType": "application/pdf"}
                """);
        }
        await Call(caseworker, HttpMethod.Post, $"/v1/households/{id}/visits",
            $$"""{"visitedOn": "{{Text(_today.AddDays(-12))}}", "kind": "VISIT_KIND_INITIAL", "visitors": ["陈敏", "刘涛"], "findings": "户主因病失去劳动能力"}""");
        await Call(caseworker, HttpMethod.Post, $"/v1/households/{id}:submit", """{"reason": "职工申请"}""");
        await Call(caseworker, HttpMethod.Post, $"/v1/households/{id}:initial-review", """{"passed": true, "reason": "初审通过"}""");
        await Call(reviewer, HttpMethod.Post, $"/v1/households/{id}:county-review", """{"passed": true, "reason": "审核通过"}""");
        await Call(reviewer, HttpMethod.Post, $"/v1/households/{id}:request-comparison", """{"reason": "核对收入"}""");
        await Check.EventuallyAsync(async () =>
            (await Call(caseworker, HttpMethod.Get, $"/v1/households/{id}")).Str("status") == "ARCHIVE_STATUS_COMPARISON_RETURNED", Patience,
            () => $"the comparison never came back\n{diagnostics?.Invoke()}");
        await Call(caseworker, HttpMethod.Post, $"/v1/households/{id}:decide-category", """{"category": "HARDSHIP_CATEGORY_DEEP", "reason": "收入低于低保标准"}""");
        await Call(T(county, Roles.Approver), HttpMethod.Post, $"/v1/households/{id}:approve",
            $$"""{"decidedOn": "{{Text(_today.AddDays(-10))}}", "meetingReference": "工会党组会议", "reason": "集体审批通过"}""");
        await Call(caseworker, HttpMethod.Post, $"/v1/households/{id}:start-notice",
            $$"""{"startsOn": "{{Text(_today.AddDays(-9))}}", "endsOn": "{{Text(_today.AddDays(-2))}}", "place": "社区公示栏"}""");
        await Call(caseworker, HttpMethod.Post, $"/v1/households/{id}:archive", """{"reason": "公示无异议"}""");
        await Check.EventuallyAsync(async () =>
        {
            var standing = await Send(Finance(county), HttpMethod.Get, $"/v1/household-standings/{id}");
            return standing.StatusCode == HttpStatusCode.OK
                && JsonDocument.Parse(await standing.Content.ReadAsStringAsync()).RootElement.TryGetProperty("payable", out var payable) && payable.GetBoolean();
        }, Patience, () => $"funds never saw the file become active\n{diagnostics?.Invoke()}");
        return id;
    }

    /// <summary>
    /// A fresh ID number of the county's region, born in the 1960s: the demo files of Seed/DemoData.cs
    /// were born later, so a walk on a demo-seeded suite never meets one of their numbers.
    /// </summary>
    private static string NewIdNumber(string county) =>
        PersonalNumbers.IdNumber(county.Split('/')[^1], new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 3650)));

    // ───────────────────────────── 6. Year end ─────────────────────────────

    /// <summary>
    /// 6. From 1 October Y the central money still held is flagged (锦江区's unpaid remainder and 成都's
    /// and 绵阳's undistributed shares); early January Y+1 each closes Y and carries the balance over.
    /// </summary>
    public async Task YearEndAsync()
    {
        await MoveToAsync(new DateOnly(Y, 9, 30));
        var before = await Call(Finance(City), HttpMethod.Get, "/v1/accounts-at-risk");
        Check.DoesNotContain(before.TryGetProperty("accounts", out var none) ? none.EnumerateArray().ToList() : [], x => x.Str("fiscalYear") == Y.ToString(CultureInfo.InvariantCulture));

        await MoveToAsync(new DateOnly(Y, 10, 1));
        var atRisk = (await Call(Finance(City), HttpMethod.Get, "/v1/accounts-at-risk")).GetProperty("accounts").EnumerateArray().ToList();
        var county = atRisk.Single(x => x.Str("accountId") == _countyCentral);
        Check.Equal((_countyReceived - _paidByCounty).ToString(CultureInfo.InvariantCulture), county.GetProperty("balance").Str("fen"));
        Check.Equal($"{Y}-12-31", county.Str("deadline"));
        Check.Contains(atRisk, x => x.GetProperty("owner").Str("path") == City
            && x.GetProperty("balance").Str("fen") == (_centralShares[City] - _countyReceived).ToString(CultureInfo.InvariantCulture));

        await MoveToAsync(new DateOnly(Y + 1, 1, 5));
        var closing = await Call(Finance(County), HttpMethod.Post, "/v1/fiscal-year-closings", $$"""{"fiscalYear": {{Y}}}""");
        Check.Equal((_countyReceived - _paidByCounty).ToString(CultureInfo.InvariantCulture), closing.GetProperty("carriedOver").Str("fen"));
        var carried = closing.GetProperty("carryOvers").EnumerateArray().Single(c => c.Str("fromAccountId") == _countyCentral);
        var next = await Call(Finance(County), HttpMethod.Get, $"/v1/accounts/{carried.Str("toAccountId")}");
        Check.Equal((Y + 1).ToString(CultureInfo.InvariantCulture), next.Str("fiscalYear"));
        Check.Equal((_countyReceived - _paidByCounty).ToString(CultureInfo.InvariantCulture), next.GetProperty("balance").Str("fen"));
        var late = await Send(Finance(City), HttpMethod.Post, "/v1/fund-movements/transfers", $$"""
            {"fromAccountId": "{{_cityCentral[City]}}", "toAccountId": "{{_countyCentral}}", "amount": {"fen": "100"},
             "transferredOn": "{{Today}}", "reference": "{{cast.City.Initial}}工财〔{{Y}}〕9号", "memo": "结账后补拨"}
            """);
        Check.Contains("FISCAL_YEAR_CLOSED", await late.Content.ReadAsStringAsync());
        foreach (var city in new[] { City, OtherCity })
            await Call(Finance(city), HttpMethod.Post, "/v1/fiscal-year-closings", $$"""{"fiscalYear": {{Y}}}""");
        var balance = await Call(Finance(County), HttpMethod.Get, $"/v1/fund-reports/balance?fiscalYear={Y}");
        Check.True(balance.GetProperty("closed").GetBoolean());
    }

    // ───────────────────────────── 7. Evaluation of Y ─────────────────────────────

    /// <summary>
    /// 7. January Y+1: each city's programme for Y is evaluated. The self-evaluation enters full marks,
    /// then the indicators measured from the year's events replace what was typed: 成都's completion
    /// per aid type (2 of 2 households), 30-working-day timeliness (2 of 2), standards kept (no
    /// household paid above its decision) and its central money not used up within the year. The
    /// working group's overall and on-site steps follow, then the grade (成都 优秀; 绵阳, whose effect
    /// scores are cut and none of whose households was paid in Y, 合格), archived for funds.
    /// </summary>
    public async Task EvaluateAsync()
    {
        await MoveToAsync(new DateOnly(Y + 1, 1, 12));
        var e = (await Call(T(City, Roles.Evaluator), HttpMethod.Post, "/v1/evaluations",
            $$"""{"subjectKind": "SUBJECT_KIND_PROGRAMME", "year": {{Y}}, "indicatorSystem": "yuan-2021"}""")).Str("evaluationId");
        await Call(Staff(City), HttpMethod.Post, $"/v1/evaluations/{e}:set-targets",
            """{"targets": [{"aidType": "LIVING", "households": 1}, {"aidType": "EDUCATION", "households": 1}]}""");
        await Call(Staff(City), HttpMethod.Post, $"/v1/evaluations/{e}:record-scores", $$"""{"inputs": [{{string.Join(",", FullMarks(Y))}}]}""");
        JsonElement sheet = default;
        await Check.EventuallyAsync(async () =>
        {
            sheet = await Call(Staff(City), HttpMethod.Post, $"/v1/evaluations/{e}:refresh-operational", "{}");
            var completion = Operational(sheet, "12");
            return completion is { } c && c.GetProperty("input").GetProperty("lines").EnumerateArray().Sum(l => int.Parse(l.Str("actual"), CultureInfo.InvariantCulture)) == _householdsPaid;
        }, Patience, () => $"evaluation never counted the households paid: {sheet}\n{diagnostics?.Invoke()}");

        // Both sides agree: funds' expenditure (households, money) and evaluation's indicators.
        var expenditure = await Call(Finance(County), HttpMethod.Get, $"/v1/fund-reports/expenditure?fiscalYear={Y}");
        var completionLines = Operational(sheet, "12")!.Value.GetProperty("input").GetProperty("lines").EnumerateArray().ToList();
        Check.Equal(2, completionLines.Count);
        foreach (var line in completionLines) Check.Equal("1", line.Str("actual"));
        Check.Equal(expenditure.Str("households"), completionLines.Sum(l => int.Parse(l.Str("actual"), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));
        // One household per aid type; the source's subtotal line (no aid type) counts both.
        foreach (var line in expenditure.GetProperty("lines").EnumerateArray())
            Check.Equal(line.TryGetProperty("aidType", out var aid) && aid.GetString() != "AID_TYPE_UNSPECIFIED" ? "1" : "2", line.Str("households"));
        var timely = Operational(sheet, "13.2")!.Value.GetProperty("input").GetProperty("cases").EnumerateArray().ToList();
        Check.Equal(2, timely.Count);
        Check.Equal("0", Operational(sheet, "14")!.Value.GetProperty("input").Str("occurrences"));
        var paymentsBehind = Operational(sheet, "12")!.Value.GetProperty("evidenceIds").GetArrayLength();
        Check.True(paymentsBehind >= _householdsPaid);
        var central = Operational(sheet, "10")!.Value;
        Check.DoesNotContain("中央财政帮扶资金年度内使用完毕", central.GetProperty("input").GetProperty("ticked").EnumerateArray().Select(x => x.GetString()));
        // The money on both sides: what funds allocated to 成都 and what its subtree paid in Y, in evaluation's basis.
        Check.Contains($"分配{Yuan(_centralShares[City])}元，年度内发放{Yuan(_paidByCounty)}元", central.Str("basis"));
        Check.Equal(_paidByCounty.ToString(CultureInfo.InvariantCulture), expenditure.GetProperty("total").Str("fen"));
        _gradeOfY[City] = await CompleteEvaluationAsync(City, e, effectCut: false);

        var m = (await Call(T(OtherCity, Roles.Evaluator), HttpMethod.Post, "/v1/evaluations",
            $$"""{"subjectKind": "SUBJECT_KIND_PROGRAMME", "year": {{Y}}, "indicatorSystem": "yuan-2021"}""")).Str("evaluationId");
        await Call(Staff(OtherCity), HttpMethod.Post, $"/v1/evaluations/{m}:record-scores", $$"""{"inputs": [{{string.Join(",", FullMarks(Y))}}]}""");
        await Call(Staff(OtherCity), HttpMethod.Post, $"/v1/evaluations/{m}:refresh-operational", "{}");
        _gradeOfY[OtherCity] = await CompleteEvaluationAsync(OtherCity, m, effectCut: true);

        Check.Equal("优秀", _gradeOfY[City]);
        Check.Equal("合格", _gradeOfY[OtherCity]);
        var comparison = await Call(Group, HttpMethod.Get, $"/v1/evaluations/comparisons/{Y}");
        foreach (var (city, grade) in _gradeOfY)
            Check.Contains(comparison.GetProperty("rows").EnumerateArray(), r => r.GetProperty("owner").Str("path") == city && r.Str("grade") == grade);
    }

    private static JsonElement? Operational(JsonElement sheet, string key)
    {
        foreach (var input in sheet.GetProperty("inputs").EnumerateArray())
            if (input.GetProperty("input").Str("key") == key && input.Str("source") == "INPUT_SOURCE_OPERATIONAL") return input;
        return null;
    }

    private async Task<string> CompleteEvaluationAsync(string city, string e, bool effectCut)
    {
        await Call(Staff(city), HttpMethod.Post, $"/v1/evaluations/{e}:submit-self-evaluation", """{"report": "本年度目标任务全部完成。"}""");
        if (effectCut)
        {
            await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:record-scores",
                """{"inputs": [{"key": "15", "score": "0", "evidence": "长效机制未建立"}, {"key": "16", "score": "4", "evidence": "部分效益未体现"}], "reason": "整体评价核减"}""");
        }
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:complete-overall", """{"reason": "整体评价完成"}""");
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:record-field-work", """
            {"records": [{"indicatorKey": "8", "finding": "抽查档案10份，纸电一致"}], "surveys": [{"kind": "SURVEY_KIND_SATISFACTION", "sampleSize": 50, "satisfied": 47}]}
            """);
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:complete-on-site", "{}");
        var graded = await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:grade", "{}");
        await Call(Group, HttpMethod.Post, $"/v1/evaluations/{e}:archive", """{"reason": "建立档案"}""");
        return graded.GetProperty("evaluation").Str("grade");
    }

    // ───────────────────────────── 8. Allocation of Y+1 ─────────────────────────────

    /// <summary>
    /// 8. January Y+1: the province's dry run for Y+1 with the two cities' volumes and scores equal, so
    /// the only difference left is Y's grades, read from evaluation: the shares differ exactly as the
    /// grade factors say, to the fen.
    /// </summary>
    public async Task NextYearAllocationAsync()
    {
        await MoveToAsync(new DateOnly(Y + 1, 1, 20));
        const long pool = 100_000_001;
        await SetFormulaAsync();
        var dryRun = $$"""
            {"year": {{Y + 1}}, "source": "FUND_SOURCE_CENTRAL_FINANCE", "pool": {"fen": "{{pool}}"},
             "applicants": [{"organisationPath": "{{City}}", "approvedVolume": {"fen": "50000000"}, "reviewScore": "80"},
                            {"organisationPath": "{{OtherCity}}", "approvedVolume": {"fen": "50000000"}, "reviewScore": "80"}]}
            """;
        JsonElement run = default;
        await Check.EventuallyAsync(async () =>
        {
            run = await Call(ProvinceFinance, HttpMethod.Post, "/v1/allocation-runs", dryRun);
            return run.GetProperty("lines").EnumerateArray().All(l => l.Str("lastYearGrade") == _gradeOfY[l.GetProperty("applicant").Str("path")]);
        }, Patience, () => $"funds never read Y's grades: {run}\n{diagnostics?.Invoke()}");
        var expected = ExpectedShares(pool, new[] { City, OtherCity }.Select(c =>
            (c, (BigInteger)50_000_000, Rational.Parse("80"), Rational.Parse(GradeFactors[_gradeOfY[c]]))).ToList());
        AssertExplained(run, pool, expected);
        // Equal volumes and scores: the shares stand to each other as the grade factors do (within the one fen of rounding).
        var cityShare = new Rational(expected.Single(x => x.Path == City).Share, 1);
        var otherShare = new Rational(expected.Single(x => x.Path == OtherCity).Share, 1);
        var ratio = Rational.Parse(GradeFactors[_gradeOfY[City]]) / Rational.Parse(GradeFactors[_gradeOfY[OtherCity]]);
        Check.True((cityShare - otherShare * ratio).Abs() <= ratio + Rational.One, $"{cast.City.Name} {cityShare} vs {cast.OtherCity.Name} {otherShare} at {ratio}");
        Check.NotEqual(cityShare, otherShare);
    }

    // ───────────────────────────── REST ─────────────────────────────

    private static string Yuan(long fen) => $"{fen / 100}.{fen % 100:00}";

    /// <summary>A Money field in fen; proto3 JSON leaves out a zero amount.</summary>
    private static long Fen(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var money) && money.Str("fen") is { Length: > 0 } fen ? long.Parse(fen, CultureInfo.InvariantCulture) : 0;

    private async Task<JsonElement> Call(string token, HttpMethod method, string path, string? json = null)
    {
        using var response = await Send(token, method, path, json);
        var text = await response.Content.ReadAsStringAsync();
        Check.True(response.StatusCode == HttpStatusCode.OK,
            $"[{Today}] {method} {path}: {(int)response.StatusCode} {text}\n{diagnostics?.Invoke()}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> Send(string token, HttpMethod method, string path, string? json = null)
    {
        using var rest = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("idempotency-key", Guid.NewGuid().ToString());
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await rest.SendAsync(request);
    }
}

/// <summary>How far a walk of a year got (<see cref="AssistanceYear.ProgressAsync"/>).</summary>
public enum YearProgress
{
    NotStarted,
    Partial,
    HouseholdsPaid,
}

public static class JsonAnswers
{
    /// <summary>A field of a JSON answer as text: a string as it is, a number as written, absent as empty.</summary>
    public static string Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ToString() : string.Empty;
}

/// <summary>An exact fraction, for checking the allocation's arithmetic without rounding on the way.</summary>
public readonly record struct Rational : IComparable<Rational>
{
    public BigInteger N { get; }
    public BigInteger D { get; }

    public Rational(BigInteger n, BigInteger d)
    {
        if (d.IsZero) throw new DivideByZeroException();
        if (d.Sign < 0) { n = -n; d = -d; }
        var g = BigInteger.GreatestCommonDivisor(n, d);
        if (g.IsZero) g = BigInteger.One;
        N = n / g;
        D = d / g;
    }

    public int CompareTo(Rational other) => (N * other.D).CompareTo(other.N * D);

    public static Rational Zero => new(0, 1);
    public static Rational One => new(1, 1);

    /// <summary>A decimal written as text ("0.7", "87.33") as an exact fraction.</summary>
    public static Rational Parse(string text)
    {
        var parts = text.Split('.');
        var digits = parts.Length == 2 ? parts[1].Length : 0;
        return new Rational(BigInteger.Parse(parts[0] + (digits > 0 ? parts[1] : string.Empty), CultureInfo.InvariantCulture), BigInteger.Pow(10, digits));
    }

    public BigInteger Floor() => BigInteger.Divide(N - (N.Sign < 0 ? D - 1 : 0), D);
    public Rational Abs() => new(BigInteger.Abs(N), D);

    public static Rational operator +(Rational a, Rational b) => new(a.N * b.D + b.N * a.D, a.D * b.D);
    public static Rational operator -(Rational a, Rational b) => new(a.N * b.D - b.N * a.D, a.D * b.D);
    public static Rational operator *(Rational a, Rational b) => new(a.N * b.N, a.D * b.D);
    public static Rational operator /(Rational a, Rational b) => new(a.N * b.D, a.D * b.N);
    public static bool operator <=(Rational a, Rational b) => a.N * b.D <= b.N * a.D;
    public static bool operator >=(Rational a, Rational b) => a.N * b.D >= b.N * a.D;
    public static bool operator <(Rational a, Rational b) => a.N * b.D < b.N * a.D;
    public static bool operator >(Rational a, Rational b) => a.N * b.D > b.N * a.D;
    public static implicit operator Rational(BigInteger n) => new(n, 1);
    public override string ToString() => $"{N}/{D}";
}
