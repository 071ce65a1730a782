using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Evaluation.V1;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Domain.Templates;
using Union.Evaluation.Exchange;
using Union.Evaluation.Persistence;
using Union.Shared.Auth;
using Union.Shared.Calendar;
using Union.Shared.Errors;
using Union.Shared.Validation;
using static Union.Evaluation.Grpc.TemplateMapping;
using IndicatorTemplate = Union.Evaluation.Domain.Templates.IndicatorTemplate;
using IndicatorTemplateDto = Union.Contracts.Evaluation.V1.IndicatorTemplate;
using ScoreSheetDto = Union.Contracts.Evaluation.V1.ScoreSheet;

namespace Union.Evaluation.Grpc;

/// <summary>
/// Thin handlers over the template domain. Writes are for province evaluation staff: an evaluator
/// or admin acting for the province itself (a one-segment organisation path), since one indicator
/// system serves every organisation in the province. Reads and dry scoring are for any staff.
/// </summary>
public sealed class IndicatorTemplatesService(EvaluationDbContext db, TemplateStore store, CallerContext caller, TimeProvider clock)
    : IndicatorTemplates.IndicatorTemplatesBase
{
    public const int MaxWorkbookBytes = 5 * 1024 * 1024;

    public override async Task<IndicatorTemplateDto> CreateTemplate(CreateTemplateRequest request, ServerCallContext context)
    {
        RequireProvinceEvaluationStaff();
        var content = Validate(request.Code, request.Name, request.Source, request.TotalPoints, request.Indicators, request.Bindings);
        var ct = context.CancellationToken;
        if (await store.LatestVersionAsync(content.Code, ct) > 0)
            UnionErrors.AlreadyExists("TEMPLATE_EXISTS", $"指标体系{content.Code}已存在，请新建版本");
        return await SaveAsync(content, 1, ct);
    }

    public override async Task<IndicatorTemplateDto> CreateTemplateVersion(CreateTemplateVersionRequest request, ServerCallContext context)
    {
        RequireProvinceEvaluationStaff();
        var content = Validate(request.Code, request.Name, request.Source, request.TotalPoints, request.Indicators, request.Bindings);
        var ct = context.CancellationToken;
        var latest = await store.LatestVersionAsync(content.Code, ct);
        if (latest == 0) UnionErrors.NotFound("TEMPLATE_NOT_FOUND", $"未找到指标体系{content.Code}");
        return await SaveAsync(content, latest + 1, ct);
    }

    public override async Task<IndicatorTemplateDto> RetireTemplateVersion(RetireTemplateVersionRequest request, ServerCallContext context)
    {
        RequireProvinceEvaluationStaff();
        new RequestValidator().TemplateCode("code", request.Code).Range("version", request.Version, 1, int.MaxValue)
            .RequiredText("reason", request.Reason, 500).ThrowIfInvalid();
        var ct = context.CancellationToken;
        await store.EnsureBuiltInsAsync(ct);
        var template = await db.Templates.FirstOrDefaultAsync(t => t.Code == request.Code && t.Version == request.Version, ct);
        if (template is null) UnionErrors.NotFound("TEMPLATE_NOT_FOUND", $"未找到指标体系{request.Code}第{request.Version}版");
        template.Retire(caller.Subject, request.Reason, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return ToDto(template);
    }

    public override async Task<IndicatorTemplateDto> GetTemplate(GetTemplateRequest request, ServerCallContext context) =>
        ToDto(await FindAsync(request.Code, request.Version, context.CancellationToken));

    public override async Task<ListTemplatesResponse> ListTemplates(ListTemplatesRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        if (!string.IsNullOrEmpty(request.Code)) new RequestValidator().TemplateCode("code", request.Code).ThrowIfInvalid();
        var templates = await store.ListAsync(request.Code, request.IncludeRetired, context.CancellationToken);
        var response = new ListTemplatesResponse();
        response.Templates.AddRange(templates.Select(t => ToDto(t, withIndicators: false)));
        return response;
    }

    public override async Task<IndicatorTemplateDto> ImportTemplate(ImportTemplateRequest request, ServerCallContext context)
    {
        RequireProvinceEvaluationStaff();
        var v = new RequestValidator().TemplateCode("code", request.Code)
            .RequiredText("name", request.Name, TemplateRules.MaxNameLength)
            .MaxLength("source", request.Source, TemplateRules.MaxNameLength);
        IndicatorTree? tree = null;
        if (request.Workbook.IsEmpty) v.Add("workbook", "REQUIRED", "请上传 .xlsx 工作簿");
        else if (request.Workbook.Length > MaxWorkbookBytes) v.Add("workbook", "WORKBOOK_TOO_LARGE", $"工作簿不能超过{MaxWorkbookBytes / 1024 / 1024}MB");
        else tree = TemplateWorkbook.Import(request.Workbook.ToByteArray(), v);
        v.ThrowIfInvalid();
        var ct = context.CancellationToken;
        var latest = await store.LatestVersionAsync(request.Code, ct);
        return await SaveAsync(new TemplateContent(request.Code, request.Name, request.Source, tree!), latest + 1, ct);
    }

    public override async Task<ExportTemplateResponse> ExportTemplate(ExportTemplateRequest request, ServerCallContext context)
    {
        var template = await FindAsync(request.Code, request.Version, context.CancellationToken);
        return new ExportTemplateResponse
        {
            FileName = $"{template.Code}-v{template.Version}.xlsx",
            Workbook = Google.Protobuf.ByteString.CopyFrom(TemplateWorkbook.Export(template.Tree)),
        };
    }

    public override async Task<ScoreSheetDto> ScoreTemplate(ScoreTemplateRequest request, ServerCallContext context)
    {
        var template = await FindAsync(request.Code, request.Version, context.CancellationToken);
        var v = new RequestValidator();
        var inputs = ToInputs(v, request.Inputs);
        var sheet = ScoringEngine.Score(template.Tree, inputs, WorkingDayCalendar.Official, v, request.SelfEvaluation);
        v.ThrowIfInvalid();
        return ToDto(template, sheet);
    }

    private async Task<IndicatorTemplate> FindAsync(string code, int version, CancellationToken ct)
    {
        caller.RequireStaff();
        new RequestValidator().TemplateCode("code", code).Range("version", version, 0, int.MaxValue).ThrowIfInvalid();
        var template = await store.FindAsync(code, version, ct);
        if (template is null)
            UnionErrors.NotFound("TEMPLATE_NOT_FOUND", version > 0 ? $"未找到指标体系{code}第{version}版" : $"未找到指标体系{code}的有效版本");
        return template;
    }

    private static TemplateContent Validate(string code, string name, string source, string totalPoints, IReadOnlyList<Indicator> indicators,
        IReadOnlyList<Contracts.Evaluation.V1.OperationalBinding> bindingDtos)
    {
        var v = new RequestValidator().TemplateCode("code", code)
            .RequiredText("name", name, TemplateRules.MaxNameLength)
            .MaxLength("source", source, TemplateRules.MaxNameLength);
        var tree = ToTree(v, totalPoints, indicators);
        // Shape problems are reported once: a number that did not parse is not also "children do not add up".
        if (v.Violations.Count == 0 || v.Violations.All(x => x.Field is "code" or "name" or "source"))
            v.Tree(tree, RequestPaths(tree), "total_points");
        var bindings = ToBindings(bindingDtos);
        // Bindings are checked against a well-formed tree only: against a broken one they would add noise.
        if (v.Violations.Count == 0) v.Bindings(tree, bindings);
        v.ThrowIfInvalid();
        return new TemplateContent(code, name, source, tree, bindings);
    }

    private async Task<IndicatorTemplateDto> SaveAsync(TemplateContent content, int version, CancellationToken ct)
    {
        var template = IndicatorTemplate.Create(content, version, builtIn: false, caller.Subject, clock.GetUtcNow().UtcDateTime);
        db.Templates.Add(template);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another save of the same version won the unique (code, version) index a moment ago.
            throw UnionErrors.Create(StatusCode.Aborted, "CONCURRENT_CHANGE", "该指标体系刚刚被他人修改，请刷新后重试");
        }
        return ToDto(template);
    }

    private void RequireProvinceEvaluationStaff()
    {
        caller.RequireAnyRole("只有省级评价人员或管理员可以维护评价指标体系", Roles.Evaluator, Roles.Admin);
        if (caller.OrganisationPath is not { } path || path.Contains('/'))
            UnionErrors.PermissionDenied("PROVINCE_ONLY", "评价指标体系由省总工会统一维护");
    }
}
