using System.Linq.Expressions;
using Commerce.Projections;
using Marten.Linq.MatchesSql;

namespace Commerce.Api.Tests.Conventions;

/// <summary>
/// Marten compiles a delegate for every value of a query that is not a constant (<see cref="CapturedValues"/>); these
/// check that the captured variables the list routes use become constants, and that the filter still means the same.
/// </summary>
public class CapturedValuesTests
{
    private enum Colour { Red, Blue }

    private sealed record Row(string Sku, decimal Price, Colour Colour, long Version);

    private sealed record Request(string Sku, decimal? PriceMax);

    private static readonly Row[] Rows = [new("A", 5, Colour.Red, 1), new("B", 15, Colour.Blue, 2), new("C", 9, Colour.Blue, 3)];

    [Fact]
    public void captured_variables_members_enums_and_nullables_become_constants_with_the_same_meaning()
    {
        var request = new Request("B", 10);
        var colour = Colour.Blue;
        var first = 2L;
        Expression<Func<Row, bool>> filter = x =>
            (x.Sku == request.Sku || x.Price <= request.PriceMax!.Value || x.Price <= request.PriceMax) && x.Colour == colour && x.Version >= first;

        var inlined = filter.Inlined();

        Assert.Empty(ValuesLeft(inlined));
        Assert.Equal(Rows.Where(filter.Compile()), Rows.Where(inlined.Compile()));
        Assert.Equal(["B", "C"], Rows.Where(inlined.Compile()).Select(r => r.Sku));
    }

    [Fact]
    public void the_parameters_of_matches_sql_become_one_constant_array()
    {
        var pattern = "%tee%";
        Expression<Func<Row, bool>> filter = x => x.MatchesSql("(name ilike ? or sku ilike ?)", pattern, pattern);

        var call = (MethodCallExpression)filter.Inlined().Body;

        var parameters = Assert.IsType<ConstantExpression>(call.Arguments[2]);
        Assert.Equal(new object[] { "%tee%", "%tee%" }, (object[])parameters.Value!);
    }

    [Fact]
    public void a_method_call_is_left_to_marten()
    {
        Expression<Func<Row, bool>> filter = x => x.Sku == Describe(Colour.Red);

        Assert.Single(ValuesLeft(filter.Inlined()));
    }

    private static string Describe(Colour colour) => colour.ToString();

    /// <summary>The parts of the filter Marten would have to compile to read them: anything but the row's members and constants.</summary>
    private static List<Expression> ValuesLeft(Expression<Func<Row, bool>> filter)
    {
        var finder = new ValueFinder();
        finder.Visit(filter.Body);
        return finder.Found;
    }

    private sealed class ValueFinder : ExpressionVisitor
    {
        public List<Expression> Found { get; } = [];

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression is not ParameterExpression) Found.Add(node);
            return node;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.Name == nameof(Describe)) Found.Add(node);
            return base.VisitMethodCall(node);
        }
    }
}
