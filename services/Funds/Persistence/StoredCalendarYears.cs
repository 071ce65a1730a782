using Microsoft.EntityFrameworkCore;
using Union.Shared.Calendar;

namespace Union.Funds.Persistence;

/// <summary>The calendar years admins added in funds, for the shared working-day calendar to lay over the shipped ones.</summary>
public sealed class StoredCalendarYears(FundsDbContext db) : IWorkingCalendarSource
{
    public async Task<IReadOnlyList<CalendarYear>> AddedYearsAsync(CancellationToken cancellationToken)
    {
        var rows = await db.CalendarYears.AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(r => r.ToCalendarYear()).ToList();
    }
}
