using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Funds.V1;
using Union.Funds.Domain;
using Union.Funds.Persistence;
using Union.Shared.Auth;
using Union.Shared.Calendar;
using Union.Shared.Errors;
using Union.Shared.Time;
using Union.Shared.Validation;
using CalendarYearDto = Union.Contracts.Funds.V1.CalendarYear;
using SharedCalendarYear = Union.Shared.Calendar.CalendarYear;

namespace Union.Funds.Grpc;

/// <summary>
/// The working-day calendar funds measures its deadlines with: the years shipped with the platform
/// (State Council notices 2015–2026) with the years an admin added laid over them.
/// </summary>
public sealed class WorkingCalendarService(FundsDbContext db, IWorkingCalendarSource source, CallerContext caller, TimeProvider clock)
    : WorkingCalendar.WorkingCalendarBase
{
    /// <summary>About ten years: no deadline of the platform is counted further.</summary>
    public const int MaxWorkingDays = 2500;

    public override async Task<CalendarYearDto> SetCalendarYear(SetCalendarYearRequest request, ServerCallContext context)
    {
        // The calendar is national and every organisation counts with it: only the province's admin sets it.
        if (!caller.IsInRole(Roles.Admin)) UnionErrors.PermissionDenied("ROLE_REQUIRED", "设置工作日历需要管理员角色");
        if (caller.OrganisationPath is not { } path || path.Contains('/'))
            UnionErrors.PermissionDenied("PROVINCIAL_ADMIN_REQUIRED", "工作日历由省总工会管理员设置");
        new RequestValidator()
            .CalendarNotice(request.Year, request.Holidays, request.WorkingWeekends, request.NoticeReference, out var year)
            .ThrowIfInvalid();

        var ct = context.CancellationToken;
        var now = clock.UtcNowForStorage();
        var existing = await db.CalendarYears.FirstOrDefaultAsync(y => y.Year == request.Year, ct);
        if (existing is null)
        {
            existing = AddedCalendarYear.From(year!, caller.Subject, now);
            db.CalendarYears.Add(existing);
        }
        else
        {
            existing.Replace(year!, caller.Subject, now);
        }
        await db.SaveChangesAsync(ct);
        return ToDto(existing.ToCalendarYear(), existing);
    }

    public override async Task<CalendarYearDto> GetCalendarYear(GetCalendarYearRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator().Year("year", request.Year).ThrowIfInvalid();
        var added = await db.CalendarYears.AsNoTracking().FirstOrDefaultAsync(y => y.Year == request.Year, context.CancellationToken);
        if (added is not null) return ToDto(added.ToCalendarYear(), added);
        var official = WorkingDayCalendar.Official.Year(request.Year);
        if (official is null)
            UnionErrors.NotFound("CALENDAR_YEAR_NOT_FOUND", $"尚未录入{request.Year}年的节假日安排，该年按周末计算工作日（结果为暂定）");
        return ToDto(official, added: null);
    }

    public override async Task<WorkingDayCount> CountWorkingDays(CountWorkingDaysRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator()
            .Date("start_date", request.StartDate, required: true, out var start)
            .Date("end_date", request.EndDate, required: true, out var end)
            .Check(start is null || start.Value.Year is >= 2000 and <= 2100, "start_date", "OUT_OF_RANGE", "日期应在2000年至2100年之间")
            .Check(end is null || end.Value.Year is >= 2000 and <= 2100, "end_date", "OUT_OF_RANGE", "日期应在2000年至2100年之间")
            .ThrowIfInvalid();

        var calendar = await WorkingDayCalendar.LoadAsync(source, context.CancellationToken);
        var answer = calendar.WorkingDaysBetween(start!.Value, end!.Value);
        return new WorkingDayCount
        {
            WorkingDays = answer.Value,
            Provisional = answer.Provisional,
            UnloadedYears = { answer.UnloadedYears },
            NextYearMissing = calendar.MissingNextYearWarning(clock.Today()),
        };
    }

    public override async Task<WorkingDayDate> AddWorkingDays(AddWorkingDaysRequest request, ServerCallContext context)
    {
        caller.RequireStaff();
        new RequestValidator()
            .Date("start_date", request.StartDate, required: true, out var start)
            .Check(start is null || start.Value.Year is >= 2000 and <= 2090, "start_date", "OUT_OF_RANGE", "日期应在2000年至2090年之间")
            .Range("working_days", request.WorkingDays, 0, MaxWorkingDays)
            .ThrowIfInvalid();

        var calendar = await WorkingDayCalendar.LoadAsync(source, context.CancellationToken);
        var answer = calendar.AddWorkingDays(start!.Value, request.WorkingDays);
        return new WorkingDayDate
        {
            Date = Iso(answer.Value),
            Provisional = answer.Provisional,
            UnloadedYears = { answer.UnloadedYears },
            NextYearMissing = calendar.MissingNextYearWarning(clock.Today()),
        };
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static CalendarYearDto ToDto(SharedCalendarYear year, AddedCalendarYear? added)
    {
        var dto = new CalendarYearDto
        {
            Year = year.Year,
            Holidays = { year.Holidays.Order().Select(Iso) },
            WorkingWeekends = { year.WorkingWeekends.Order().Select(Iso) },
            NoticeReference = year.NoticeReference,
            Origin = added is null ? CalendarYearOrigin.Official : CalendarYearOrigin.Added,
        };
        if (added is not null)
        {
            dto.SetBy = added.SetBy;
            dto.SetAt = Timestamp.FromDateTime(DateTime.SpecifyKind(added.SetAt, DateTimeKind.Utc));
        }
        return dto;
    }
}
