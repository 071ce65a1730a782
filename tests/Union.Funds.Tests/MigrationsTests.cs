using Union.Funds.Persistence;

namespace Union.Funds.Tests;

public class MigrationsTests(FundsHost host) : IClassFixture<FundsHost>
{
    [Theory]
    [InlineData(typeof(FundsSqliteDbContext))]
    [InlineData(typeof(FundsPostgresDbContext))]
    [InlineData(typeof(FundsSqlServerDbContext))]
    public void The_migrations_of_every_provider_match_the_model(Type context) => host.AssertMigrationsMatchModel(context);
}
