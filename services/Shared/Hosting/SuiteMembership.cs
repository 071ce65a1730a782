using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Union.Shared.Messaging;
using Union.Shared.Time;

namespace Union.Shared.Hosting;

/// <summary>
/// What a service shares with the others when the embedded suite host runs all four in one
/// process (make run): one in-memory bus, so events cross services, and one settable clock (in
/// Development and Testing). Each service keeps everything else its own: its content root and
/// appsettings, its database, outbox, ports and container. A service built without it (its own
/// Program, the cluster, the end-to-end tests) has a bus and a clock of its own.
/// </summary>
public sealed class SuiteMembership
{
    /// <summary>The suite's clock; null outside Development and Testing, where every service runs on the system clock.</summary>
    public SettableClock? Clock { get; init; }

    /// <summary>The suite's bus; null leaves the service its own bus (as configured by RabbitMq:Host).</summary>
    public SharedInMemoryBus? Bus { get; init; }

    /// <summary>The folder holding this service's own appsettings.json files.</summary>
    public required string ContentRoot { get; init; }

    /// <summary>Settings of this service alone (its database, its ports), over the ones all four read.</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The suite the host being built belongs to, or null when it runs on its own.</summary>
    public static SuiteMembership? Of(IHostApplicationBuilder builder) =>
        builder.Properties.TryGetValue(typeof(SuiteMembership), out var value) ? value as SuiteMembership : null;

    /// <summary>
    /// A service's builder. On its own: exactly <c>WebApplication.CreateBuilder(args)</c> (so
    /// WebApplicationFactory-based tests keep driving it). In the suite: the service's own content
    /// root and application name, its own settings over the process's, marked as a member.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, string applicationName, SuiteMembership? suite)
    {
        if (suite is null) return WebApplication.CreateBuilder(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = applicationName,
            ContentRootPath = suite.ContentRoot,
        });
        builder.Configuration.AddInMemoryCollection(suite.Settings);
        ((IHostApplicationBuilder)builder).Properties[typeof(SuiteMembership)] = suite;
        return builder;
    }
}
