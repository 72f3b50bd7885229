using Commerce.Domain.Common;

namespace Commerce.Domain.Inventory;

public static class StockDecisions
{
    public const string InsufficientStock = "insufficient_stock";
    public const string OverAllocated = "over_allocated";

    /// <summary>
    /// Decides a whole stock change of one SKU as one unit: the steps apply in order, then the invariants are
    /// checked on the result, so a PATCH may lower stock and allocations together. An untracked SKU starts being
    /// tracked at zero units: the first change of a SKU creates its stream.
    /// </summary>
    public static Decision Decide(StockItem? stock, string sku, IReadOnlyList<IStockCommand> commands, DateTimeOffset now)
    {
        object[] tracked = stock is null ? [new InventoryTracked(sku, StockItem.DefaultReorderPoint, now)] : [];
        var before = stock ?? tracked.Aggregate((StockItem?)null, StockItem.Evolve)!;

        var steps = Decision.Sequence(before, commands, (state, command) => Decide(state, command, now), Evolve);
        if (steps.Error is not null) return steps;

        var after = steps.Events.Aggregate(before, Evolve);
        if (after.Allocated > after.OnHand)
            return after.Allocated > before.Allocated
                ? Decision.Reject(ErrorKind.Conflict, OverAllocated,
                    $"Allocations of {sku} would total {after.Allocated} units, above the {after.OnHand} in stock.")
                : Decision.Reject(ErrorKind.Conflict, InsufficientStock,
                    $"{sku} would keep {after.OnHand} units, below the {after.Allocated} allocated to channels; lower the allocations too.");

        return Decision.Accept([.. tracked, .. steps.Events, .. ThresholdFacts(before, after, now)]);
    }

    public static Decision Decide(StockItem stock, IStockCommand command, DateTimeOffset now) => command switch
    {
        SetStock set => ChangeOnHand(stock, set.Quantity, delta => new StockLevelSet(stock.Sku, delta, set.Quantity, set.Reason, now)),
        AdjustStock adjust => ChangeOnHand(stock, stock.OnHand + adjust.Delta,
            delta => new StockAdjusted(stock.Sku, delta, stock.OnHand + delta, adjust.Reason, now)),
        AllocateStock allocate => Decision.Accept(allocate.Allocations
            .Where(a => stock.Allocations.GetValueOrDefault(a.Key) != a.Value)
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => (object)new ChannelAllocationSet(stock.Sku, a.Key, a.Value, now))
            .ToArray()),
        SetReorderPoint change when change.ReorderPoint == stock.ReorderPoint => Decision.Accept(),
        SetReorderPoint change => Decision.Accept(new ReorderPointChanged(stock.Sku, change.ReorderPoint, now)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown stock command.")
    };

    private static Decision ChangeOnHand(StockItem stock, int onHandAfter, Func<int, object> changed) => onHandAfter < 0
        ? Decision.Reject(ErrorKind.Conflict, InsufficientStock,
            $"{stock.Sku} has {stock.OnHand} units; this change would leave {onHandAfter}. Stock never goes negative.")
        : Decision.Accept(changed(onHandAfter - stock.OnHand));

    private static StockItem Evolve(StockItem state, object @event) => StockItem.Evolve(state, @event)!;

    // Facts raised only when a change crosses a line, so a webhook fires once per crossing, not per write.
    private static IEnumerable<object> ThresholdFacts(StockItem before, StockItem after, DateTimeOffset now)
    {
        if (before.OnHand > before.ReorderPoint && after.OnHand <= after.ReorderPoint)
            yield return new StockReachedReorderPoint(after.Sku, after.OnHand, after.ReorderPoint, now);
        if (before.OnHand > 0 && after.OnHand == 0)
            yield return new StockRanOut(after.Sku, now);
    }
}
