using System.Linq.Expressions;
using System.Reflection;
using Marten.Services.BatchQuerying;

namespace Commerce.Projections;

/// <summary>
/// Replaces the captured variables of a LINQ query (a lambda's closure fields, and members read from them) by the
/// constants they hold, read by reflection, before Marten parses the query.
/// </summary>
/// <remarks>
/// Marten turns every value in a query that is not a constant into one by compiling a small delegate and calling it,
/// which JIT-compiles a dynamic method on every request: in a profile of <c>GET /v1/audit</c> that was a tenth of the
/// API's CPU. A constant is used as it is. Member reads rooted at a constant are folded, with the conversions and the
/// arrays (MatchesSql's parameters) made of them; anything else (a method call) is left to Marten, so hoist such values
/// into a local first.
/// </remarks>
internal static class CapturedValues
{
    /// <summary>The query with its captured variables read now.</summary>
    public static IQueryable<T> Inlined<T>(this IQueryable<T> query) => query.Provider.CreateQuery<T>(Folder.Instance.Visit(query.Expression));

    /// <summary>Where, with the filter's captured variables read now.</summary>
    public static IBatchedQueryable<T> Filter<T>(this IBatchedQueryable<T> query, Expression<Func<T, bool>> filter) => query.Where(filter.Inlined());

    /// <summary>The filter with its captured variables read now.</summary>
    public static Expression<Func<T, bool>> Inlined<T>(this Expression<Func<T, bool>> filter) =>
        (Expression<Func<T, bool>>)Folder.Instance.Visit(filter);

    private sealed class Folder : ExpressionVisitor
    {
        public static readonly Folder Instance = new();

        protected override Expression VisitMember(MemberExpression node)
        {
            var owner = Visit(node.Expression);
            if (owner is null or ConstantExpression)
            {
                var target = (owner as ConstantExpression)?.Value;
                switch (node.Member)
                {
                    case FieldInfo field when target is not null || field.IsStatic:
                        return Expression.Constant(field.GetValue(target), node.Type);
                    case PropertyInfo { GetMethod: { } getter } property when target is not null || getter.IsStatic:
                        return Expression.Constant(property.GetValue(target), node.Type);
                }
            }
            return node.Update(owner);
        }

        // A captured value boxed or lifted to the type the query compares it with (object, a nullable), or an enum as
        // its number (how C# compares enums).
        protected override Expression VisitUnary(UnaryExpression node)
        {
            var operand = Visit(node.Operand);
            if (node.NodeType != ExpressionType.Convert || operand is not ConstantExpression { Value: var value }) return node.Update(operand);
            if (node.Type.IsAssignableFrom(operand.Type)) return Expression.Constant(value, node.Type);
            if (operand.Type.IsEnum && node.Type == Enum.GetUnderlyingType(operand.Type))
                return Expression.Constant(Convert.ChangeType(value, node.Type, System.Globalization.CultureInfo.InvariantCulture), node.Type);
            return node.Update(operand);
        }

        // The parameters of MatchesSql.
        protected override Expression VisitNewArray(NewArrayExpression node)
        {
            var items = Visit(node.Expressions);
            if (node.NodeType != ExpressionType.NewArrayInit || !items.All(i => i is ConstantExpression)) return node.Update(items);
            var array = Array.CreateInstance(node.Type.GetElementType()!, items.Count);
            for (var i = 0; i < items.Count; i++) array.SetValue(((ConstantExpression)items[i]).Value, i);
            return Expression.Constant(array, node.Type);
        }
    }
}
