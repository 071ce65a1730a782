using Microsoft.Extensions.DependencyInjection;
using Union.Evaluation.Domain.Operational;
using Union.Evaluation.Persistence;
using Union.Evaluation.Tests.Infrastructure;

namespace Union.Evaluation.Tests;

/// <summary>
/// The fact tables carry no tenancy filter: the subtree read for an evaluation is the only thing
/// keeping one organisation's payments, decisions, allocations, households and visits out of
/// another's indicators. Codes may carry letters (industry unions, 产业工会), and one that differs only
/// in case is another organisation, also on SQLite, whose LIKE ignores ASCII case.
/// </summary>
public abstract class OperationalFactsScopeTests(EvaluationHost host) : IAsyncLifetime
{
    private const string Industry = "51/5115/GH01";
    private const string Member = Industry + "/0001";
    private const string OtherCase = "51/5115/gh01";
    private const int Year = 2025;

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<OperationalFacts> ReadAsync(string organisationPath) =>
        host.InScopeAsync(services => services.GetRequiredService<OperationalFactsReader>().ReadAsync(organisationPath, Year, CancellationToken.None));

    [Fact]
    public async Task An_organisation_whose_code_differs_only_in_case_reads_none_of_the_others_facts()
    {
        var household = Guid.NewGuid();
        var decision = Guid.NewGuid();
        var day = new DateOnly(Year, 1, 10);
        await host.WithDatabaseAsync(async db =>
        {
            db.Add(new DecisionFact { DecisionId = decision, OrganisationPath = Member, HouseholdId = household.ToString(), AidType = "LIVING", AmountFen = 100_000, Source = 1, DecidedOn = day, ApplicationCompletedOn = day });
            db.Add(new PaymentFact { PaymentId = Guid.NewGuid(), DecisionId = decision, OrganisationPath = Member, HouseholdId = household.ToString(), AidType = "LIVING", Source = 1, AmountFen = 100_000, Status = "PAID", SettledOn = day, SettledAt = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) });
            db.Add(new AllocationFact { RunId = Guid.NewGuid(), OrganisationPath = Member, Year = Year, Source = 1, AmountFen = 500_000 });
            db.Add(new HouseholdFact { HouseholdId = household, OrganisationPath = Member, ArchivedOn = day.AddDays(-30) });
            db.Add(new VisitFact { VisitId = Guid.NewGuid(), HouseholdId = household, OrganisationPath = Member, VisitedOn = day, Kind = "SPRING_CAMPAIGN" });
            await db.SaveChangesAsync();
        });

        var other = await ReadAsync(OtherCase);
        var own = await ReadAsync(Industry);

        Assert.Empty(other.Decisions);
        Assert.Empty(other.Payments);
        Assert.Empty(other.Allocations);
        Assert.Empty(other.Households);
        Assert.Empty(other.Visits);
        Assert.Single(own.Decisions);
        Assert.Single(own.Payments);
        Assert.Single(own.Allocations);
        Assert.Single(own.Households);
        Assert.Single(own.Visits);
    }
}

public sealed class SqliteOperationalFactsScopeTests(EvaluationHost host) : OperationalFactsScopeTests(host), IClassFixture<EvaluationHost>;

public sealed class PostgresOperationalFactsScopeTests(PostgresEvaluationHost host) : OperationalFactsScopeTests(host), IClassFixture<PostgresEvaluationHost>;
