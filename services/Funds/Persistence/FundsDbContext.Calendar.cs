using Microsoft.EntityFrameworkCore;
using Union.Funds.Domain;

namespace Union.Funds.Persistence;

public abstract partial class FundsDbContext
{
    /// <summary>Working-calendar years an admin added over the shipped ones (see <see cref="Union.Shared.Calendar.WorkingDayCalendar"/>).</summary>
    public DbSet<AddedCalendarYear> CalendarYears => Set<AddedCalendarYear>();

    partial void ConfigureCalendar(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AddedCalendarYear>(e =>
        {
            e.ToTable("working_calendar_years");
            // One notice per year: setting a year again replaces it.
            e.HasKey(y => y.Year);
            e.Property(y => y.Year).ValueGeneratedNever();
            e.Property(y => y.Holidays).HasMaxLength(AddedCalendarYear.MaxDaysLength);
            e.Property(y => y.WorkingWeekends).HasMaxLength(AddedCalendarYear.MaxDaysLength);
            e.Property(y => y.NoticeReference).HasMaxLength(Union.Shared.Calendar.CalendarValidation.MaxNoticeReferenceLength);
            e.Property(y => y.SetBy).HasMaxLength(200);
        });
    }
}
