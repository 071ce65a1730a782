using System.Linq.Expressions;
using System.Text.RegularExpressions;

namespace Union.Shared.Tenancy;

/// <summary>
/// Materialised paths of the union hierarchy: province / city / county / grassroots, codes
/// joined by '/', e.g. "51/5115/511502". A caller sees its own organisation and everything below.
/// </summary>
public static partial class OrganisationPath
{
    public const int MaxLength = 200;

    [GeneratedRegex("^[0-9A-Za-z]{1,32}(/[0-9A-Za-z]{1,32}){0,7}$")]
    private static partial Regex Shape();

    public static bool IsValid(string? path) => path is { Length: > 0 and <= MaxLength } && Shape().IsMatch(path);

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public static bool Covers(string ancestor, string path) =>
        path == ancestor || path.StartsWith(ancestor + "/", StringComparison.Ordinal);

    /// <summary>
    /// The query condition "the selected path is <paramref name="root"/> or lies below it", exact on every
    /// provider, as <see cref="Covers"/> is in memory. string.StartsWith alone becomes LIKE, which ignores
    /// ASCII case on SQLite, so an industry union "GH01" would see "gh01"'s records; comparing the leading
    /// characters as well keeps the match exact, while the LIKE can still narrow by index where one helps.
    /// </summary>
    public static Expression<Func<T, bool>> InSubtree<T>(Expression<Func<T, string>> path, string root)
    {
        // Read through a member of a captured object, so EF sends the values as parameters, not literals.
        var scope = Expression.Constant(new Scope(root, root + "/"));
        var rootValue = Expression.Property(scope, nameof(Scope.Root));
        var prefix = Expression.Property(scope, nameof(Scope.Prefix));
        return Expression.Lambda<Func<T, bool>>(Matches(path.Body, rootValue, prefix, Expression.Property(scope, nameof(Scope.PrefixLength))), path.Parameters);
    }

    /// <summary>
    /// The query condition "the selected path lies strictly below <paramref name="root"/>", exact on every
    /// provider: the subtree without the organisation itself.
    /// </summary>
    public static Expression<Func<T, bool>> Below<T>(Expression<Func<T, string>> path, string root)
    {
        var scope = Expression.Constant(new Scope(root, root + "/"));
        return Expression.Lambda<Func<T, bool>>(
            StartsExactly(path.Body, Expression.Property(scope, nameof(Scope.Prefix)), Expression.Property(scope, nameof(Scope.PrefixLength))),
            path.Parameters);
    }

    /// <summary>path == root || (path.StartsWith(prefix) &amp;&amp; path.Substring(0, prefixLength) == prefix), for query filters.</summary>
    public static Expression Matches(Expression path, Expression root, Expression prefix, Expression prefixLength) =>
        Expression.OrElse(Expression.Equal(path, root), StartsExactly(path, prefix, prefixLength));

    // path.StartsWith(prefix) && path.Substring(0, prefixLength) == prefix: the LIKE narrows (by index where
    // one helps), the comparison of the leading characters makes it exact where LIKE ignores case.
    private static BinaryExpression StartsExactly(Expression path, Expression prefix, Expression prefixLength) =>
        Expression.AndAlso(
            Expression.Call(path, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, prefix),
            Expression.Equal(
                Expression.Call(path, typeof(string).GetMethod(nameof(string.Substring), [typeof(int), typeof(int)])!, Expression.Constant(0), prefixLength),
                prefix));

    internal sealed record Scope(string Root, string Prefix)
    {
        public int PrefixLength => Prefix.Length;
    }

    /// <summary>The organisation's own code: the last segment.</summary>
    public static string Code(string path) => path[(path.LastIndexOf('/') + 1)..];
}
