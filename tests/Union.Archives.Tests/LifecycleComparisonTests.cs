using Microsoft.EntityFrameworkCore;
using Union.Archives.Messaging;
using Union.Contracts.Archives.V1;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Testing;
using Domain = Union.Archives.Domain;

namespace Union.Archives.Tests;

/// <summary>
/// The information comparison (信息比对, 004_f7c3dcaac4584c61.txt Annex 2) end to end in-process: the
/// request leaves through the outbox, the simulator answers on the in-memory bus like the agencies'
/// adapter, and the answer lands on the file.
/// </summary>
public class LifecycleComparisonTests(SqliteLifecycleWithSimulator host) : IClassFixture<SqliteLifecycleWithSimulator>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<bool> ReturnedAsync(string id) => Poll.UntilAsync(() => host.WithDatabaseAsync(db =>
        db.Set<Domain.Household>().AnyAsync(h => h.Id == Guid.Parse(id) && h.Status == Domain.ArchiveStatus.ComparisonReturned)));

    [Fact]
    public async Task A_requested_comparison_is_answered_by_the_simulator_and_the_file_moves_on_with_the_figures()
    {
        var reviewed = await _driver.ToAsync(ArchiveStatus.Reviewed);
        var requested = await _driver.Staff.RequestComparisonAsync(new RequestComparisonRequest { HouseholdId = reviewed.HouseholdId, Reason = "建档前比对" });
        Assert.Equal(ArchiveStatus.ComparisonRequested, requested.Status);

        Assert.True(await ReturnedAsync(reviewed.HouseholdId));

        var file = await _driver.Archives(LifecycleDriver.County, "caseworker").GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = reviewed.HouseholdId });
        var (income, allowance, medical) = ComparisonSimulator.Answer(reviewed.HouseholdId);
        Assert.Equal(ArchiveStatus.ComparisonReturned, file.Status);
        Assert.Equal(income, file.Comparison.VerifiedIncomePerPerson.Fen);
        Assert.InRange(income, 30_000, 89_900);
        Assert.Equal(allowance, file.Comparison.ReceivesAllowance);
        Assert.Equal(medical, file.Comparison.MedicalOutOfPocket.Fen);
        Assert.Equal(ComparisonSimulator.Note, file.Comparison.Note);
        Assert.NotNull(file.Comparison.ReturnedAt);
        Assert.Equal(ComparisonSimulator.Answer(reviewed.HouseholdId), (income, allowance, medical));

        var step = (await _driver.RowAsync(reviewed.HouseholdId)).Transitions.Single(t => t.Action == "COMPARISON_RETURNED");
        Assert.Equal(Domain.ArchiveStatus.ComparisonRequested, step.From);
        var outbox = await host.WithDatabaseAsync(db => db.OutboxMessages.Select(m => m.EventType).ToListAsync());
        Assert.Contains("union.events.v1.ComparisonRequested", outbox);
        Assert.Contains("union.events.v1.ComparisonReturned", outbox);
        var inbox = await host.WithDatabaseAsync(db => db.InboxMessages.Select(m => m.Consumer).ToListAsync());
        Assert.Contains(nameof(ComparisonSimulator), inbox);
        Assert.Contains(nameof(ComparisonReturnedConsumer), inbox);

        // The caseworker carries on from the agencies' answer.
        var decided = await _driver.Staff.DecideCategoryAsync(new DecideCategoryRequest
            { HouseholdId = reviewed.HouseholdId, Category = HardshipCategory.Relative, Reason = "比对收入低于低保标准" });
        Assert.Equal(ArchiveStatus.CategorySet, decided.Status);
    }

    [Fact]
    public async Task The_comparison_request_carries_ids_and_the_checks_and_no_personal_data()
    {
        var reviewed = await _driver.ToAsync(ArchiveStatus.Reviewed);
        await _driver.Staff.RequestComparisonAsync(new RequestComparisonRequest { HouseholdId = reviewed.HouseholdId });

        var payload = await host.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.EventType == "union.events.v1.ComparisonRequested").Select(m => m.Payload).SingleAsync());
        var message = Google.Protobuf.JsonParser.Default.Parse<ComparisonRequested>(payload);
        Assert.Equal(reviewed.HouseholdId, message.HouseholdId);
        Assert.Equal(["CIVIL_AFFAIRS", "MEDICAL_INSURANCE"], message.Checks);
        Assert.Equal(LifecycleDriver.County, message.Header.OrganisationPath);
        Assert.DoesNotContain(reviewed.HeadName, payload);
        Assert.DoesNotContain(reviewed.HeadIdNumberMasked, payload);
        // Let the simulator finish before the next test empties the tables.
        Assert.True(await ReturnedAsync(reviewed.HouseholdId));
    }

    [Fact]
    public async Task The_same_household_always_gets_the_same_simulated_answer()
    {
        var id = Guid.NewGuid().ToString();
        Assert.Equal(ComparisonSimulator.Answer(id), ComparisonSimulator.Answer(id));
        var (income, allowance, medical) = ComparisonSimulator.Answer(id);
        Assert.Equal(income < 50_000, allowance);
        Assert.InRange(medical, 0, 2_999_900);
        Assert.Equal(0, income % 100);
    }
}

/// <summary>Answers the adapter sends for a file that no longer waits for them change nothing.</summary>
public class LifecycleComparisonAnswerTests(SqliteLifecycle host) : IClassFixture<SqliteLifecycle>, IAsyncLifetime
{
    private readonly LifecycleDriver _driver = new(host);

    public Task InitializeAsync() => host.ResetAndSetClockAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static ComparisonReturned Answer(string householdId, Guid comparisonId) => new()
    {
        Header = new EventHeader { EventId = Guid.NewGuid().ToString(), OrganisationPath = LifecycleDriver.County },
        ComparisonId = comparisonId.ToString(),
        HouseholdId = householdId,
        VerifiedIncomePerPerson = new Money { Fen = 30_000 },
        ReceivesAllowance = true,
        MedicalOutOfPocket = new Money { Fen = 0 },
    };

    private Task<bool> ConsumedAsync(string eventId) => Poll.UntilAsync(() => host.WithDatabaseAsync(db =>
        db.InboxMessages.AnyAsync(m => m.Consumer == nameof(ComparisonReturnedConsumer) && m.EventId == Guid.Parse(eventId))));

    [Fact]
    public async Task An_answer_for_a_file_cancelled_meanwhile_is_ignored()
    {
        var requested = await _driver.ToAsync(ArchiveStatus.ComparisonRequested);
        var comparison = Assert.Single((await _driver.RowAsync(requested.HouseholdId)).Comparisons);
        await _driver.Staff.CancelAsync(new CancelRequest { HouseholdId = requested.HouseholdId, CancelReason = CancelReason.EmploymentEnded });

        var answer = Answer(requested.HouseholdId, comparison.Id);
        await _driver.PublishComparisonAnswerAsync(answer);
        Assert.True(await ConsumedAsync(answer.Header.EventId));

        var row = await _driver.RowAsync(requested.HouseholdId);
        Assert.Equal(Domain.ArchiveStatus.Cancelled, row.Status);
        Assert.Null(row.Comparisons.Single().ReturnedAt);
    }

    [Fact]
    public async Task Only_the_answer_to_the_latest_request_moves_the_file()
    {
        var requested = await _driver.ToAsync(ArchiveStatus.ComparisonRequested);
        host.Clock.Advance(TimeSpan.FromDays(3));
        // Nothing came back: the caseworker asks again.
        await _driver.Staff.RequestComparisonAsync(new RequestComparisonRequest { HouseholdId = requested.HouseholdId, Reason = "未收到比对结果，重新发起" });
        var checks = (await _driver.RowAsync(requested.HouseholdId)).Comparisons.OrderBy(c => c.RequestedAt).ToList();
        Assert.Equal(2, checks.Count);

        var stale = Answer(requested.HouseholdId, checks[0].Id);
        await _driver.PublishComparisonAnswerAsync(stale);
        Assert.True(await ConsumedAsync(stale.Header.EventId));
        Assert.Equal(Domain.ArchiveStatus.ComparisonRequested, (await _driver.RowAsync(requested.HouseholdId)).Status);

        var latest = Answer(requested.HouseholdId, checks[1].Id);
        await _driver.PublishComparisonAnswerAsync(latest);
        Assert.True(await ConsumedAsync(latest.Header.EventId));
        var row = await _driver.RowAsync(requested.HouseholdId);
        Assert.Equal(Domain.ArchiveStatus.ComparisonReturned, row.Status);
        Assert.Equal(30_000, row.Comparisons.Single(c => c.Id == checks[1].Id).VerifiedIncomePerPersonFen);
    }
}
