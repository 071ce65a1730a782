using System.Runtime.CompilerServices;

namespace Union.YearWalk;

/// <summary>A check of the walk that did not hold: what was expected, what the services answered.</summary>
public sealed class WalkCheckFailed(string message) : Exception(message);

/// <summary>
/// The walk's checks, shaped like xunit's asserts so the walk reads the same in the end-to-end tests
/// and in make run's demo seeder, which has no test framework: a failing check throws
/// <see cref="WalkCheckFailed"/> naming the expression that failed.
/// </summary>
public static class Check
{
    public static void True(bool condition, string? message = null, [CallerArgumentExpression(nameof(condition))] string expression = "")
    {
        if (!condition) throw new WalkCheckFailed(message ?? $"expected true: {expression}");
    }

    public static void False(bool condition, [CallerArgumentExpression(nameof(condition))] string expression = "") =>
        True(!condition, $"expected false: {expression}");

    public static void Equal<T>(T expected, T actual, [CallerArgumentExpression(nameof(actual))] string expression = "")
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual)) throw new WalkCheckFailed($"expected {expected}, got {actual}: {expression}");
    }

    public static void NotEqual<T>(T unexpected, T actual, [CallerArgumentExpression(nameof(actual))] string expression = "")
    {
        if (EqualityComparer<T>.Default.Equals(unexpected, actual)) throw new WalkCheckFailed($"expected anything but {unexpected}: {expression}");
    }

    public static void Contains(string expected, string? actual) =>
        True(actual is not null && actual.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in: {actual}");

    public static void Contains<T>(IEnumerable<T> items, Func<T, bool> match, [CallerArgumentExpression(nameof(match))] string expression = "") =>
        True(items.Any(match), $"nothing matched {expression}");

    public static void DoesNotContain<T>(T unexpected, IEnumerable<T> items) =>
        True(!items.Contains(unexpected), $"did not expect {unexpected} in: {string.Join(", ", items)}");

    public static void DoesNotContain<T>(IEnumerable<T> items, Func<T, bool> match, [CallerArgumentExpression(nameof(match))] string expression = "") =>
        True(!items.Any(match), $"expected nothing to match {expression}");

    /// <summary>Waits for an effect that travels by events: polls until it shows, or fails with the message after <paramref name="patience"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan patience, Func<string> failure)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new WalkCheckFailed(failure());
            await Task.Delay(200);
        }
    }
}
