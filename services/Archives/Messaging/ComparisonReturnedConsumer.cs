using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Union.Archives.Persistence;
using Union.Contracts.Events.V1;
using Union.Shared.Auth;
using Union.Shared.Messaging;
using Union.Shared.Time;

namespace Union.Archives.Messaging;

/// <summary>
/// Records what the agencies answered on the file's comparison check and moves it
/// COMPARISON_REQUESTED → COMPARISON_RETURNED (信息比对, 004_f7c3dcaac4584c61.txt Annex 2). An answer for
/// a file that is no longer waiting (cancelled meanwhile, or asked again) is acknowledged and ignored.
/// </summary>
public sealed class ComparisonReturnedConsumer(IServiceProvider services, TimeProvider clock, ILogger<ComparisonReturnedConsumer> logger)
    : IntegrationEventConsumer<ComparisonReturned>(services), IConsumer<ComparisonReturned>
{
    private readonly ArchivesDbContext _db = services.GetRequiredService<ArchivesDbContext>();
    private readonly HouseholdCache _cache = services.GetRequiredService<HouseholdCache>();
    private readonly CallerContext _caller = services.GetRequiredService<CallerContext>();

    private static string? Note(string? note) =>
        string.IsNullOrWhiteSpace(note) ? null : note.Trim() is { Length: > 1000 } long_ ? long_[..1000] : note.Trim();

    /// <summary>Re-implemented so the cached file is dropped after the change is committed, not before.</summary>
    async Task IConsumer<ComparisonReturned>.Consume(ConsumeContext<ComparisonReturned> context)
    {
        await Consume(context);
        if (Guid.TryParse(context.Message.HouseholdId, out var id)) await _cache.InvalidateAsync(id, context.CancellationToken);
    }

    protected override async Task HandleAsync(ComparisonReturned message, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(message.HouseholdId, out var householdId) || !Guid.TryParse(message.ComparisonId, out var comparisonId))
        {
            logger.LogWarning("Comparison answer without valid ids ignored (comparison {ComparisonId})", message.ComparisonId);
            return;
        }
        var household = await _db.WholeHouseholds.FirstOrDefaultAsync(h => h.Id == householdId, cancellationToken);
        var recorded = household is not null && household.RecordComparisonResult(comparisonId,
            message.VerifiedIncomePerPerson?.Fen ?? 0, message.ReceivesAllowance, message.MedicalOutOfPocket?.Fen ?? 0,
            Note(message.Note), _caller.Subject, clock.UtcNowForStorage());
        if (!recorded)
        {
            logger.LogInformation("Comparison {ComparisonId} answered for household {HouseholdId}, which no longer waits for it: ignored",
                comparisonId, householdId);
        }
    }
}
