using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Evaluation.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Persistence;
using Union.Shared.Auth;
using Union.Testing;
using SubjectKind = Union.Contracts.Evaluation.V1.SubjectKind;

namespace Union.Evaluation.Tests.Infrastructure;

/// <summary>
/// The evaluation host on a fresh SQLite database. Projects is pointed at a loopback port where
/// nothing listens, so no test can lean on a projects service someone happens to run: a project
/// not in the read model answers PROJECTS_UNAVAILABLE here. Retries are quick.
/// </summary>
public class EvaluationHost : ServiceHost<Program>
{
    public EvaluationHost() : this(TestDatabase.Sqlite) { }

    protected EvaluationHost(TestDatabase database) : base(database) { }

    /// <summary>Nothing listens here (checked by the test that relies on it).</summary>
    public const int DeadProjectsPort = 17115;

    protected virtual string ProjectsAddress => $"http://127.0.0.1:{DeadProjectsPort}";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Services:projects:Grpc"] = ProjectsAddress,
        ["Services:projects:RetryDelay"] = "00:00:00.050",
        ["Services:projects:DefaultDeadline"] = "00:00:03",
        // These tests steer failures call by call; the breaker (tested in Union.Shared.Tests)
        // must not open across them.
        ["Services:projects:BreakerMinimumThroughput"] = "100000",
    };

    public PerformanceEvaluations.PerformanceEvaluationsClient Client(string organisationPath, params string[] roles) =>
        new(As(organisationPath, roles.Length == 0 ? [Roles.Evaluator] : roles));

    /// <summary>Puts a project into the read model directly, as if its event had arrived.</summary>
    public Task AddKnownProjectAsync(Guid projectId, string organisationPath, int year = 2025, string title = "") =>
        WithDatabaseAsync(async db =>
        {
            db.Set<KnownProject>().Add(new KnownProject
            {
                ProjectId = projectId, OrganisationPath = organisationPath, Year = year, Category = "MEDICAL",
                TotalFen = 12_000_000, Title = title, AsOf = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });

    /// <summary>
    /// Empties every table, then stores the built-in templates again, as the service does when it
    /// starts: so a test that counts rows sees only what its own calls wrote.
    /// </summary>
    public new async Task ResetAsync()
    {
        await base.ResetAsync();
        await InScopeAsync(async services =>
        {
            await services.GetRequiredService<TemplateStore>().EnsureBuiltInsAsync(CancellationToken.None);
            return true;
        });
    }

    public IndicatorTemplates.IndicatorTemplatesClient Templates(string organisationPath, params string[] roles) =>
        new(As(organisationPath, roles.Length == 0 ? [Roles.Evaluator] : roles));

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().ActAsSystem("test");
        return await action(scope.ServiceProvider);
    }
}

/// <summary>The evaluation host on a fresh database of the real PostgreSQL server.</summary>
public sealed class PostgresEvaluationHost() : EvaluationHost(TestDatabase.Postgres);

public static class Requests
{
    public static CreateEvaluationRequest Programme(int year = 2025, string organisationPath = "", string system = "yuan-2021") => new()
    {
        OrganisationPath = organisationPath,
        SubjectKind = SubjectKind.Programme,
        Year = year,
        IndicatorSystem = system,
    };

    public static CreateEvaluationRequest Project(Guid projectId, int year = 2025, string organisationPath = "", string system = "yuan-2021") => new()
    {
        OrganisationPath = organisationPath,
        SubjectKind = SubjectKind.Project,
        SubjectId = projectId.ToString(),
        Year = year,
        IndicatorSystem = system,
    };
}

/// <summary>Bounded polling for asynchronous effects (events, the outbox): never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Timed out after {timeoutMs} ms waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
