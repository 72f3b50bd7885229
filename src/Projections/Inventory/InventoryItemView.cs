using System.Linq.Expressions;
using Commerce.Domain.Inventory;
using Marten.Linq.MatchesSql;

namespace Commerce.Projections.Inventory;

/// <summary>
/// Read model of one SKU for <c>GET /v1/inventory[/{sku}]</c>; rebuildable at any time from the SKU's stream.
/// Stores only what the events say; clock-dependent figures (dead stock, velocity) are derived when read.
/// </summary>
public sealed record InventoryItemView
{
    public string Sku { get; init; } = "";
    public int TotalStock { get; init; }
    public int ReorderPoint { get; init; }

    /// <summary><see cref="StockStatus.BandOf"/> of the current stock, stored so lists filter on it in SQL.</summary>
    public string Band { get; init; } = StockStatus.Critical;

    public Dictionary<string, int> Allocations { get; init; } = [];

    /// <summary>Units held for orders not yet shipped (still in <see cref="TotalStock"/>).</summary>
    public int Reserved { get; init; }

    /// <summary>The channels holding an allocation, stored in a column of its own so the channel filter has an index.</summary>
    public string[] Channels => [.. Allocations.Keys.Order(StringComparer.Ordinal)];

    /// <summary>When units last left (or tracking began); dead stock is judged from it.</summary>
    public DateTimeOffset LastMovedOutAt { get; init; }

    /// <summary>Units out per UTC day ("yyyy-MM-dd"), the last <see cref="OutflowDaysKept"/> days before the latest event.</summary>
    public Dictionary<string, int> OutflowByDay { get; init; } = [];

    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public const int OutflowDaysKept = 31;
    public const int VelocityDays = 30;

    public string StatusAt(DateTimeOffset now) => StockStatus.IsDead(TotalStock, LastMovedOutAt, now) ? StockStatus.DeadStock : Band;

    /// <summary>
    /// The SKUs allocated to <paramref name="channel"/>, through the gin index on <see cref="Channels"/> (Marten writes
    /// <c>Channels.Contains</c> as <c>= ANY</c>, which no index serves).
    /// </summary>
    public static Expression<Func<InventoryItemView, bool>> InChannel(string channel) =>
        x => x.MatchesSql("channels @> ?", new object[] { new[] { channel } });

    /// <summary><see cref="StockStatus.DeadRule"/> over this view's columns, for queries: dead before <paramref name="cutoff"/>.</summary>
    public static Expression<Func<InventoryItemView, bool>> IsDead(DateTimeOffset cutoff) => DeadRule(cutoff, dead: true);

    /// <summary>The negation of <see cref="IsDead"/>, for the bands that dead stock overrides.</summary>
    public static Expression<Func<InventoryItemView, bool>> IsNotDead(DateTimeOffset cutoff) => DeadRule(cutoff, dead: false);

    private static Expression<Func<InventoryItemView, bool>> DeadRule(DateTimeOffset cutoff, bool dead)
    {
        var view = Expression.Parameter(typeof(InventoryItemView), "x");
        var rule = StockStatus.DeadRule;
        var body = new Substitution(new Dictionary<ParameterExpression, Expression>
        {
            [rule.Parameters[0]] = Expression.Property(view, nameof(TotalStock)),
            [rule.Parameters[1]] = Expression.Property(view, nameof(LastMovedOutAt)),
            [rule.Parameters[2]] = Expression.Constant(cutoff)
        }).Visit(rule.Body);
        return Expression.Lambda<Func<InventoryItemView, bool>>(dead ? body : Expression.Not(body), view);
    }

    private sealed class Substitution(Dictionary<ParameterExpression, Expression> values) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => values.GetValueOrDefault(node, node);
    }

    /// <summary>Average units out per day over the last <see cref="VelocityDays"/> days.</summary>
    public double VelocityAt(DateTimeOffset now)
    {
        var since = DayKey(now.AddDays(-(VelocityDays - 1)));
        var units = OutflowByDay.Where(d => string.CompareOrdinal(d.Key, since) >= 0).Sum(d => d.Value);
        return Math.Round(units / (double)VelocityDays, 1);
    }

    /// <summary>Days the stock lasts at the current velocity; null when nothing moves.</summary>
    public int? RestockDaysAt(DateTimeOffset now) => VelocityAt(now) is > 0 and var velocity ? (int)(TotalStock / velocity) : null;

    internal static string DayKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd");
}
