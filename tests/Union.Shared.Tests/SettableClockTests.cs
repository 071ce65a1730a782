using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Union.Shared.Time;
using Union.Testing;

namespace Union.Shared.Tests;

/// <summary>The clock of Development and test runs: starts where it is told, runs on, moves when set; production keeps the system's.</summary>
public class SettableClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task It_starts_at_the_given_time_and_runs_forward_from_it()
    {
        var clock = new SettableClock(Start);
        var first = clock.GetUtcNow();
        Assert.True(first >= Start && first < Start.AddMinutes(1));
        Assert.Equal(new DateOnly(2026, 3, 2), clock.Today());
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(clock.GetUtcNow() > first)));
    }

    [Fact]
    public void Advancing_moves_the_Beijing_date_and_setting_jumps_to_a_time()
    {
        var clock = new SettableClock(Start);
        clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(new DateOnly(2026, 4, 1), clock.Today());
        clock.Set(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(8)));
        Assert.Equal(new DateOnly(2026, 12, 31), clock.Today());
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DateOnly(2027, 1, 1), clock.Today());
    }

    [Theory]
    [InlineData("2026-03-02T09:00:00+08:00")]
    [InlineData("2026-03-02T01:00:00Z")]
    public void Clock_Start_with_an_offset_is_read(string value) =>
        Assert.Equal(Start, SettableClock.ParseStart(value));

    [Theory]
    [InlineData("2026-03-02T09:00:00")]
    [InlineData("2026-03-02")]
    [InlineData("next monday")]
    public void Clock_Start_without_an_offset_is_refused(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => SettableClock.ParseStart(value));
        Assert.Contains("Clock:Start", e.Message);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void Development_and_Testing_read_the_time_from_a_settable_clock_started_at_Clock_Start(string environment)
    {
        using var services = Provider(environment, "2026-03-02T09:00:00+08:00");
        var time = services.GetRequiredService<TimeProvider>();
        Assert.Same(services.GetRequiredService<SettableClock>(), time);
        Assert.Equal(new DateOnly(2026, 3, 2), time.Today());
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_and_Testing_Clock_Start_is_refused(string environment)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Provider(environment, "2026-03-02T09:00:00+08:00"));
        Assert.Contains("Clock:Start", e.Message);
        Assert.Contains(environment, e.Message);
    }

    [Fact]
    public void Production_without_Clock_Start_runs_on_the_system_clock()
    {
        using var services = Provider("Production", null);
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
        Assert.Null(services.GetService<SettableClock>());
    }

    private static ServiceProvider Provider(string environment, string? start)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Clock:Start"] = start })
            .Build();
        return new ServiceCollection().AddUnionClock(configuration, new Environment(environment)).BuildServiceProvider();
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
