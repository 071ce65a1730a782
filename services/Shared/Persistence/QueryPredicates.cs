using System.Linq.Expressions;

namespace Union.Shared.Persistence;

/// <summary>
/// Joins query conditions built separately (such as <see cref="Tenancy.OrganisationPath.InSubtree{T}"/>) with
/// conditions written inline, into one expression EF translates: "in the subtree, or funded by the
/// organisation", "in the subtree and on file during the windows".
/// </summary>
public static class QueryPredicates
{
    public static Expression<Func<T, bool>> Or<T>(this Expression<Func<T, bool>> left, Expression<Func<T, bool>> right) =>
        Join(left, right, Expression.OrElse);

    public static Expression<Func<T, bool>> And<T>(this Expression<Func<T, bool>> left, Expression<Func<T, bool>> right) =>
        Join(left, right, Expression.AndAlso);

    private static Expression<Func<T, bool>> Join<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right,
        Func<Expression, Expression, BinaryExpression> join)
    {
        // Both sides must read the same parameter for EF to translate the whole as one condition.
        var rightBody = new Rebind(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
        return Expression.Lambda<Func<T, bool>>(join(left.Body, rightBody), left.Parameters);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
