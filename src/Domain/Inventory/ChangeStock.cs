using Commerce.Domain.Common;

namespace Commerce.Domain.Inventory;

/// <summary><c>PATCH /v1/inventory/{sku}</c>: one or more steps on one SKU, decided and appended together.</summary>
public sealed record ChangeStock(string Sku, IReadOnlyList<IStockStep> Steps, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => Sku;
}

/// <summary>One step of a stock change; a PATCH may combine several.</summary>
public interface IStockStep;

public sealed record SetStock(int Quantity, string? Reason) : IStockStep;

public sealed record AdjustStock(int Delta, string? Reason) : IStockStep;

/// <summary>Sets the listed channels' allocations; channels not listed keep theirs, 0 releases one.</summary>
public sealed record AllocateStock(IReadOnlyDictionary<string, int> Allocations) : IStockStep;

public sealed record SetReorderPoint(int ReorderPoint) : IStockStep;

public static class StockDecisions
{
    public const string InsufficientStock = "insufficient_stock";
    public const string OverAllocated = "over_allocated";

    /// <summary>
    /// Decides a whole stock change of one SKU as one unit: the steps apply in order, then the invariants are
    /// checked on the result, so a PATCH may lower stock and allocations together. An untracked SKU starts being
    /// tracked at zero units: the first change of a SKU creates its stream.
    /// </summary>
    public static Decision Decide(StockItem? stock, ChangeStock command, DateTimeOffset now)
    {
        IDomainEvent[] tracked = stock is null ? [new InventoryTracked(command.Sku, StockItem.DefaultReorderPoint, now)] : [];
        var before = stock ?? tracked.Aggregate((StockItem?)null, StockItem.Evolve)!;

        var steps = Decision.Sequence(before, command.Steps, (state, step) => Decide(state, step, now), Evolve);
        if (steps.Error is not null) return steps;

        var after = steps.Events.Aggregate(before, Evolve);
        // Only imported orders may leave a shortfall (they are never refused); a change may keep it, not deepen it.
        if (after.Shortfall > before.Shortfall)
            return after.Allocated > before.Allocated
                ? Decision.Reject(ErrorKind.Conflict, OverAllocated,
                    $"Allocations of {command.Sku} would total {after.Allocated} units, above the {after.OnHand - after.Reserved} in stock and not reserved for orders.")
                : Decision.Reject(ErrorKind.Conflict, InsufficientStock, after.Reserved == 0
                    ? $"{command.Sku} would keep {after.OnHand} units, below the {after.Allocated} allocated to channels; lower the allocations too."
                    : $"{command.Sku} would keep {after.OnHand} units, below the {after.Allocated} allocated to channels and {after.Reserved} reserved for orders.");

        return Decision.Accept([.. tracked, .. steps.Events, .. ThresholdFacts(before, after, now)]);
    }

    private static Decision Decide(StockItem stock, IStockStep step, DateTimeOffset now) => step switch
    {
        SetStock set => ChangeOnHand(stock, set.Quantity, delta => new StockLevelSet(stock.Sku, delta, set.Quantity, set.Reason, now)),
        AdjustStock adjust => ChangeOnHand(stock, stock.OnHand + adjust.Delta,
            delta => new StockAdjusted(stock.Sku, delta, stock.OnHand + delta, adjust.Reason, now)),
        AllocateStock allocate => Decision.Accept(allocate.Allocations
            .Where(a => stock.Allocations.GetValueOrDefault(a.Key) != a.Value)
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => (IDomainEvent)new ChannelAllocationSet(stock.Sku, a.Key, a.Value, now))
            .ToArray()),
        SetReorderPoint change when change.ReorderPoint == stock.ReorderPoint => Decision.Accept(),
        SetReorderPoint change => Decision.Accept(new ReorderPointChanged(stock.Sku, change.ReorderPoint, now)),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown stock step.")
    };

    private static Decision ChangeOnHand(StockItem stock, int onHandAfter, Func<int, IDomainEvent> changed) => onHandAfter < 0
        ? Decision.Reject(ErrorKind.Conflict, InsufficientStock,
            $"{stock.Sku} has {stock.OnHand} units; this change would leave {onHandAfter}. Stock never goes negative.")
        : Decision.Accept(changed(onHandAfter - stock.OnHand));

    private static StockItem Evolve(StockItem state, object @event) => StockItem.Evolve(state, @event)!;

    /// <summary>
    /// Facts raised only when a change crosses a line, so a webhook fires once per crossing, not per write. The line is
    /// drawn on the sellable units (on hand, less what orders reserved): a reservation of the last units runs a SKU out,
    /// and shipping them later changes nothing more.
    /// </summary>
    internal static IEnumerable<IDomainEvent> ThresholdFacts(StockItem before, StockItem after, DateTimeOffset now)
    {
        if (before.Sellable > before.ReorderPoint && after.Sellable <= after.ReorderPoint)
            yield return new StockReachedReorderPoint(after.Sku, Math.Max(0, after.Sellable), after.ReorderPoint, now);
        if (before.Sellable > 0 && after.Sellable <= 0)
            yield return new StockRanOut(after.Sku, now);
    }
}
