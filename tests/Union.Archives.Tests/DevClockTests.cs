using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Union.Contracts.Dev.V1;
using Union.Shared.Auth;
using Union.Shared.Time;
using Union.Testing;

namespace Union.Archives.Tests;

/// <summary>
/// The clock of a Development run: it starts at Clock:Start, an admin sets or moves it through
/// DevClock (gRPC and PUT /v1/dev/clock), and the service's rules read it; nobody else may move
/// it, and a production host neither accepts Clock:Start nor has the service.
/// </summary>
public class DevClockTests : IAsyncLifetime
{
    private const string Province = "51";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly string OwnKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray());

    private sealed class HostIn(string environment, IDictionary<string, string?> settings) : ServiceHost<Program>(TestDatabase.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => settings;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    private readonly HostIn _host = new("Development", new Dictionary<string, string?> { ["Clock:Start"] = "2026-03-02T09:00:00+08:00" });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private DevClock.DevClockClient Clock(params string[] roles) => new(_host.As(Province, roles));

    private DateOnly ServiceToday => _host.Services.GetRequiredService<TimeProvider>().Today();

    [Fact]
    public async Task The_clock_starts_at_Clock_Start_and_an_admin_moves_it_forward_for_the_service()
    {
        var started = await Clock("caseworker").GetClockAsync(new GetClockRequest());
        Assert.Equal("2026-03-02", started.Today);
        Assert.StartsWith("2026-03-02T09:0", started.BeijingTime);
        Assert.EndsWith("+08:00", started.BeijingTime);
        Assert.True(started.Shifted);
        Assert.Equal(new DateOnly(2026, 3, 2), ServiceToday);

        var moved = await Clock("admin").SetClockAsync(new SetClockRequest { Advance = Duration.FromTimeSpan(TimeSpan.FromDays(30)) });
        Assert.Equal("2026-04-01", moved.Today);
        Assert.Equal(new DateOnly(2026, 4, 1), ServiceToday);

        var set = await Clock("admin").SetClockAsync(new SetClockRequest { Now = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8))) });
        Assert.Equal("2026-11-20", set.Today);
        Assert.Equal(new DateOnly(2026, 11, 20), ServiceToday);
    }

    [Fact]
    public async Task The_clock_runs_on_after_it_is_set()
    {
        var first = (await Clock("admin").SetClockAsync(new SetClockRequest { Now = Timestamp.FromDateTimeOffset(Start) })).Now.ToDateTimeOffset();
        Assert.True(await Poll.UntilAsync(async () => (await Clock("caseworker").GetClockAsync(new GetClockRequest())).Now.ToDateTimeOffset() > first));
    }

    [Fact]
    public async Task Over_REST_an_admin_moves_the_clock_with_PUT_v1_dev_clock()
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/dev/clock")
        {
            Content = new StringContent("""{"now":"2026-09-01T08:30:00+08:00"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(Province, "admin"));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("\"today\":\"2026-09-01\"", body.Replace(" ", ""));
        Assert.Equal(new DateOnly(2026, 9, 1), ServiceToday);
    }

    [Theory]
    [InlineData("caseworker")]
    [InlineData("approver")]
    [InlineData("finance")]
    public async Task Anyone_but_an_admin_is_refused_and_the_clock_stays(string role)
    {
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () =>
            Clock(role).SetClockAsync(new SetClockRequest { Advance = Duration.FromTimeSpan(TimeSpan.FromDays(365)) }).ResponseAsync);
        Assert.Equal("ROLE_REQUIRED", e.Code());
        Assert.Equal(new DateOnly(2026, 3, 2), ServiceToday);
    }

    [Fact]
    public async Task A_change_must_say_what_the_new_time_is() =>
        await RpcAssert.InvalidArgument(() => Clock("admin").SetClockAsync(new SetClockRequest()).ResponseAsync, "now");

    private const string ProductionSigningKey = "a-production-signing-key-of-its-own-0123456789";

    private static Dictionary<string, string?> ProductionKeys() => new()
    {
        ["Auth:SigningKey"] = ProductionSigningKey,
        ["PersonalData:Keys:k1"] = OwnKey,
        ["PersonalData:ActiveKeyId"] = "k1",
        ["PersonalData:LookupKey"] = OwnKey,
    };

    [Fact]
    public async Task A_production_host_given_Clock_Start_refuses_to_start()
    {
        var settings = ProductionKeys();
        settings["Clock:Start"] = "2026-03-02T09:00:00+08:00";
        var host = new HostIn("Production", settings);
        try
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(host.InitializeAsync);
            Assert.Contains("Clock:Start", e.ToString());
            Assert.Contains("Production", e.ToString());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_production_host_runs_on_the_system_clock_and_has_no_clock_service()
    {
        var host = new HostIn("Production", ProductionKeys());
        try
        {
            await host.InitializeAsync();
            Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
            Assert.Null(host.Services.GetService<SettableClock>());
            var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Select(e => e.RoutePattern.RawText ?? "").ToList();
            Assert.Contains(routes, r => r.Contains("union.archives.v1.HouseholdArchives", StringComparison.Ordinal));
            Assert.DoesNotContain(routes, r => r.Contains("union.dev.v1", StringComparison.Ordinal) || r.Contains("/v1/dev/clock", StringComparison.Ordinal));

            // Even an admin with a token the production host accepts finds nothing there.
            var admin = DevTokens.Mint(new AuthOptions { SigningKey = ProductionSigningKey }, "admin@51", Province, [Roles.Admin]);
            using var client = host.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/dev/clock")
            {
                Content = new StringContent("""{"advance":"86400s"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
