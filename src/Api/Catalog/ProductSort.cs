using System.Globalization;
using System.Linq.Expressions;
using Commerce.Api.Http;
using Commerce.Projections.Catalog;
using Marten;
using Marten.Linq.MatchesSql;

namespace Commerce.Api.Catalog;

/// <summary>
/// An order of the product list and its keyset: the sort key, then the id (unique), so a cursor (the last row's key and
/// id) names a position that products added or removed meanwhile never shift.
/// </summary>
internal sealed class ProductSort
{
    public const string Default = "sku";

    private static readonly ProductSort[] All =
    [
        .. Both("sku", x => x.Sku, s => s), .. Both("name", x => x.Name, s => s),
        .. Both("price", x => x.Price, decimal.Parse), .. Both("updated_at", x => x.UpdatedAt, DateTimeOffset.Parse)
    ];

    public static readonly IReadOnlyList<string> Names = All.Select(s => s.Name).ToArray();

    public string Name { get; }
    private readonly LambdaExpression key;
    private readonly bool descending;
    private readonly Func<string, object> parse;
    private readonly Func<ProductView, object> valueOf;

    private ProductSort(string name, LambdaExpression key, bool descending, Func<string, object> parse, Func<ProductView, object> valueOf) =>
        (Name, this.key, this.descending, this.parse, this.valueOf) = (name, key, descending, parse, valueOf);

    private static IEnumerable<ProductSort> Both<TKey>(string name, Expression<Func<ProductView, TKey>> key, Func<string, TKey> parse) where TKey : notnull
    {
        object Parse(string text) => parse(text);
        var compiled = key.Compile();
        object ValueOf(ProductView view) => compiled(view);
        yield return new ProductSort(name, key, false, Parse, ValueOf);
        yield return new ProductSort("-" + name, key, true, Parse, ValueOf);
    }

    public static ProductSort? Named(string? name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>Any sort's cursor has this shape; <see cref="Accepts"/> checks it against one sort.</summary>
    public static bool IsCursor(string key) => key.Split('\n') is [_, var id] && CatalogRules.IsProductId(id);

    public bool Accepts(string cursor) => KeysetPaging.Decode(cursor, IsCursor) is { } key && TryParse(key.Split('\n')[0]);

    private bool TryParse(string value)
    {
        try
        {
            parse(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public string CursorOf(ProductView last) => KeysetPaging.Encode($"{Format(valueOf(last))}\n{last.Id}");

    private static string Format(object value) => value switch
    {
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!
    };

    /// <summary>
    /// Fewer matches than this are sorted rather than walked for. PostgreSQL pages a text search in SKU order by walking
    /// the SKU index and testing each product until a page has matched, which costs every product before the page's
    /// matches: at 100,000 products, 5-35 ms for `tee 42` (1,000 matches, late in SKU order). Fetched through the trigram
    /// indexes and sorted, they cost 2-3 ms, and a sort never costs more than its matches; but 3,700 matches cost 9-15 ms
    /// that way against 0.5 ms walked, and all of them 226 ms against 0.2 ms (bench/findings.md).
    /// </summary>
    public const int SortedBelow = 2_000;

    /// <param name="matches">How many products the filters hold for, when a text search makes them few: below
    /// <see cref="SortedBelow"/> they are sorted instead of walked for in the SKU index.</param>
    public IQueryable<ProductView> Order(IQueryable<ProductView> query, long? matches = null)
    {
        // The same order as the sku column's, as an expression no index provides.
        if (matches < SortedBelow && key.Body is MemberExpression { Member.Name: nameof(ProductView.Sku) })
            return descending ? query.OrderBySql("sku || '' desc").ThenBySql("id desc") : query.OrderBySql("sku || ''").ThenBySql("id");
        return descending
            ? Queryable.ThenByDescending(OrderByKey(query, nameof(Queryable.OrderByDescending)), x => x.Id)
            : Queryable.ThenBy(OrderByKey(query, nameof(Queryable.OrderBy)), x => x.Id);
    }

    private IOrderedQueryable<ProductView> OrderByKey(IQueryable<ProductView> query, string method) =>
        (IOrderedQueryable<ProductView>)query.Provider.CreateQuery<ProductView>(Expression.Call(typeof(Queryable), method,
            [typeof(ProductView), key.ReturnType], query.Expression, Expression.Quote(key)));

    /// <summary>The rows after the cursor in this order: a greater key, or the same key and a greater id (less, descending).</summary>
    public Expression<Func<ProductView, bool>> After(string cursor)
    {
        var parts = KeysetPaging.Decode(cursor, IsCursor)!.Split('\n');
        var (value, id) = (Expression.Constant(parse(parts[0]), key.ReturnType), Expression.Constant(parts[1]));
        var view = key.Parameters[0];
        var member = key.Body;
        var idMember = Expression.Property(view, nameof(ProductView.Id));
        var beyond = Beyond(member, value);
        var sameKeyLaterId = Expression.AndAlso(Expression.Equal(member, value), Beyond(idMember, id));
        return Expression.Lambda<Func<ProductView, bool>>(Expression.OrElse(beyond, sameKeyLaterId), view);
    }

    // Strings compare through CompareTo (which Marten writes as SQL's comparison); numbers and times by their operators.
    private Expression Beyond(Expression member, Expression value)
    {
        if (member.Type == typeof(string))
        {
            var compared = Expression.Call(member, typeof(string).GetMethod(nameof(string.CompareTo), [typeof(string)])!, value);
            return descending ? Expression.LessThan(compared, Expression.Constant(0)) : Expression.GreaterThan(compared, Expression.Constant(0));
        }
        return descending ? Expression.LessThan(member, value) : Expression.GreaterThan(member, value);
    }
}

/// <summary><c>q</c>: a case-insensitive substring of the name or the SKU, as SQL the trigram indexes serve.</summary>
internal static class ProductSearch
{
    public static Expression<Func<ProductView, bool>> Matches(string q)
    {
        var pattern = Pattern(q);
        return x => x.MatchesSql("(name ilike ? or sku ilike ?)", pattern, pattern);
    }

    /// <summary>An ILIKE pattern matching <paramref name="q"/> anywhere, its own '%', '_' and '\\' taken literally.</summary>
    public static string Pattern(string q) => "%" + q.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
