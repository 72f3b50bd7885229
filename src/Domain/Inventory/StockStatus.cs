using System.Linq.Expressions;

namespace Commerce.Domain.Inventory;

/// <summary>
/// The first reorder rule. With R the SKU's reorder point: <c>critical</c> at or below R (zero included),
/// <c>low</c> at or below 2R, otherwise <c>healthy</c>; <c>dead_stock</c> overrides all but zero stock when
/// no unit has left for <see cref="DeadStockAfter"/>.
/// </summary>
public static class StockStatus
{
    public const string Critical = "critical";
    public const string Low = "low";
    public const string Healthy = "healthy";
    public const string DeadStock = "dead_stock";

    public static readonly string[] All = [Critical, Low, Healthy, DeadStock];

    /// <summary>The bands stock alone decides, every SKU in exactly one.</summary>
    public static readonly string[] Bands = [Critical, Low, Healthy];

    public static readonly TimeSpan DeadStockAfter = TimeSpan.FromDays(90);

    /// <summary>The band that depends on stock alone (what a projection can store without a clock).</summary>
    public static string BandOf(int onHand, int reorderPoint) =>
        onHand <= reorderPoint ? Critical : onHand <= 2 * reorderPoint ? Low : Healthy;

    /// <summary>Stock whose last unit left before this moment is dead, if there is any.</summary>
    public static DateTimeOffset DeadStockCutoff(DateTimeOffset now) => now - DeadStockAfter;

    /// <summary>
    /// The dead-stock rule, written once: queries bind it to their columns and translate it to SQL, and
    /// <see cref="IsDead"/> runs it compiled. Parameters: units on hand, when units last left, the cutoff.
    /// </summary>
    public static readonly Expression<Func<int, DateTimeOffset, DateTimeOffset, bool>> DeadRule =
        (onHand, lastMovedOutAt, cutoff) => onHand > 0 && lastMovedOutAt < cutoff;

    private static readonly Func<int, DateTimeOffset, DateTimeOffset, bool> Dead = DeadRule.Compile();

    public static bool IsDead(int onHand, DateTimeOffset lastMovedOutAt, DateTimeOffset now) =>
        Dead(onHand, lastMovedOutAt, DeadStockCutoff(now));

    public static string Of(int onHand, int reorderPoint, DateTimeOffset lastMovedOutAt, DateTimeOffset now) =>
        IsDead(onHand, lastMovedOutAt, now) ? DeadStock : BandOf(onHand, reorderPoint);
}
