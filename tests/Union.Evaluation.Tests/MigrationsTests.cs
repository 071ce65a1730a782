using Union.Evaluation.Persistence;
using Union.Evaluation.Tests.Infrastructure;

namespace Union.Evaluation.Tests;

public class MigrationsTests(EvaluationHost host) : IClassFixture<EvaluationHost>
{
    [Theory]
    [InlineData(typeof(EvaluationSqliteDbContext))]
    [InlineData(typeof(EvaluationPostgresDbContext))]
    [InlineData(typeof(EvaluationSqlServerDbContext))]
    public void The_migrations_of_every_provider_match_the_model(Type context) => host.AssertMigrationsMatchModel(context);
}
