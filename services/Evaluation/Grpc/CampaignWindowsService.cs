using System.Globalization;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Evaluation.V1;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Persistence;
using Union.Shared.Auth;
using Union.Shared.Errors;
using Union.Shared.Time;
using Union.Shared.Validation;
using CampaignWindow = Union.Evaluation.Domain.Operational.CampaignWindow;
using CampaignWindowDto = Union.Contracts.Evaluation.V1.CampaignWindow;
using CampaignWindowSetDto = Union.Contracts.Evaluation.V1.CampaignWindowSet;
using CampaignWindowSet = Union.Evaluation.Domain.Operational.CampaignWindowSet;

namespace Union.Evaluation.Grpc;

/// <summary>
/// The campaign windows in which home visits count (Domain/Operational/CampaignWindows). An
/// evaluator or admin sets them for their own organisation or one below it; any staff reads them.
/// An organisation outside the caller's subtree answers NotFound.
/// </summary>
public sealed class CampaignWindowsService(EvaluationDbContext db, OperationalFactsReader reader, CallerContext caller, TimeProvider clock)
    : CampaignWindows.CampaignWindowsBase
{
    public override async Task<CampaignWindowSetDto> SetCampaignWindows(SetCampaignWindowsRequest request, ServerCallContext context)
    {
        caller.RequireAnyRole("只有评价人员或管理员可以设置走访慰问时段", Roles.Evaluator, Roles.Admin);
        var path = OrganisationOf(request.OrganisationPath);
        var v = new RequestValidator().Year("year", request.Year)
            .Check(request.Windows.Count <= CampaignWindowRules.MaxWindows, "windows", "TOO_MANY",
                $"每年最多设置{CampaignWindowRules.MaxWindows}个时段");
        var windows = new List<CampaignWindow>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Windows.Count && i < CampaignWindowRules.MaxWindows; i++)
        {
            var w = request.Windows[i];
            var f = $"windows[{i}]";
            v.RequiredText($"{f}.name", w.Name, CampaignWindowRules.MaxNameLength)
                .Date($"{f}.from_date", w.FromDate, required: true, out var from)
                .Date($"{f}.to_date", w.ToDate, required: true, out var to);
            if (!string.IsNullOrWhiteSpace(w.Name) && !names.Add(w.Name.Trim()))
                v.Add($"{f}.name", "DUPLICATE_WINDOW", $"时段“{w.Name}”重复");
            if (from is { } a && to is { } b)
            {
                v.Check(a <= b, $"{f}.to_date", "END_BEFORE_START", "结束日期不能早于开始日期")
                    // A window may reach into the years beside (元旦春节 around New Year), not beyond them.
                    .Check(Math.Abs(a.Year - request.Year) <= 1 && Math.Abs(b.Year - request.Year) <= 1, $"{f}.from_date", "OUT_OF_YEAR",
                        "时段应在评价年度或其前后一年内");
                windows.Add(new CampaignWindow(w.Name.Trim(), a, b));
            }
        }
        v.ThrowIfInvalid();

        var ct = context.CancellationToken;
        var existing = await db.CampaignWindows.Where(w => w.OrganisationPath == path && w.Year == request.Year).ToListAsync(ct);
        db.CampaignWindows.RemoveRange(existing);
        var now = clock.UtcNowForStorage();
        foreach (var w in windows)
            db.CampaignWindows.Add(new CampaignWindowSetting
            {
                Id = Guid.CreateVersion7(), OrganisationPath = path, Year = request.Year, Name = w.Name,
                FromDate = w.From, ToDate = w.To, SetAt = now, SetBy = caller.Subject,
            });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw UnionErrors.Create(StatusCode.Aborted, "CONCURRENT_CHANGE", "走访慰问时段刚刚被他人修改，请刷新后重试");
        }
        return ToDto(path, await reader.WindowsAsync(path, request.Year, ct));
    }

    public override async Task<CampaignWindowSetDto> GetCampaignWindows(GetCampaignWindowsRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        var path = OrganisationOf(request.OrganisationPath);
        new RequestValidator().Year("year", request.Year).ThrowIfInvalid();
        return ToDto(path, await reader.WindowsAsync(path, request.Year, context.CancellationToken));
    }

    private string OrganisationOf(string requested)
    {
        new RequestValidator().OrganisationPathOrEmpty("organisation_path", requested).ThrowIfInvalid();
        var path = string.IsNullOrEmpty(requested) ? caller.OrganisationPath ?? string.Empty : requested;
        if (path.Length == 0 || !caller.Sees(path)) UnionErrors.NotFound("ORGANISATION_NOT_FOUND", "未找到该组织");
        return path;
    }

    private static CampaignWindowSetDto ToDto(string path, CampaignWindowSet set)
    {
        var dto = new CampaignWindowSetDto { Year = set.Year, OrganisationPath = path, SetBy = set.SetBy, IsDefault = set.IsDefault };
        dto.Windows.AddRange(set.Windows.Select(w => new CampaignWindowDto
        {
            Name = w.Name,
            FromDate = w.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ToDate = w.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }));
        return dto;
    }
}
