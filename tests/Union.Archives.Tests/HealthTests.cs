using System.Net;
using Grpc.Health.V1;

namespace Union.Archives.Tests;

public class HealthTests(SqliteArchives host) : IClassFixture<SqliteArchives>
{
    [Fact]
    public async Task The_grpc_health_service_reports_serving_without_a_token()
    {
        var health = new Health.HealthClient(host.Channel);
        var answer = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_over_plain_http()
    {
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }
}
