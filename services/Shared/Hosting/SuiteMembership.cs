using Microsoft.Extensions.Hosting;
using Union.Shared.Time;

namespace Union.Shared.Hosting;

/// <summary>
/// What a service shares with the others when the embedded suite host runs all four in one
/// process (make run): one settable clock. A service built without it (its own Program, the
/// cluster, the end-to-end tests) has its own clock.
/// </summary>
public sealed class SuiteMembership
{
    public required SettableClock Clock { get; init; }

    /// <summary>Marks <paramref name="builder"/> as a member of the suite host, before the service adds anything.</summary>
    public void Join(IHostApplicationBuilder builder) => builder.Properties[typeof(SuiteMembership)] = this;

    /// <summary>The suite the host being built belongs to, or null when it runs on its own.</summary>
    public static SuiteMembership? Of(IHostApplicationBuilder builder) =>
        builder.Properties.TryGetValue(typeof(SuiteMembership), out var value) ? value as SuiteMembership : null;
}
