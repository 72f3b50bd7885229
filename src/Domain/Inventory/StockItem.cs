using System.Collections.Immutable;

namespace Commerce.Domain.Inventory;

/// <summary>Write-side state of one SKU's stream: only what decisions need.</summary>
/// <remarks>
/// <see cref="Reserved"/>: units held for orders not yet shipped, still on hand. Invariant (broken only by imported orders,
/// which are never refused): allocations plus reservations never exceed what is on hand.
/// </remarks>
public sealed record StockItem(string Sku, int OnHand, int ReorderPoint, ImmutableDictionary<string, int> Allocations, int Reserved = 0)
{
    public const int DefaultReorderPoint = 10;

    public int Allocated => Allocations.Values.Sum();

    /// <summary>Units on hand not promised to an order: what the reorder rule and "ran out" look at.</summary>
    public int Sellable => OnHand - Reserved;

    /// <summary>Units neither allocated to a channel nor reserved; negative when imported orders oversold the SKU.</summary>
    public int Unallocated => OnHand - Allocated - Reserved;

    /// <summary>How far allocations and reservations exceed the stock (0 when they fit).</summary>
    public int Shortfall => Math.Max(0, Allocated + Reserved - OnHand);

    public static StockItem? Evolve(StockItem? state, object @event) => @event switch
    {
        InventoryTracked e => new StockItem(e.Sku, 0, e.ReorderPoint, ImmutableDictionary<string, int>.Empty),
        StockLevelSet e => state! with { OnHand = e.OnHandAfter },
        StockAdjusted e => state! with { OnHand = e.OnHandAfter },
        ChannelAllocationSet { Quantity: 0 } e => state! with { Allocations = state.Allocations.Remove(e.Channel) },
        ChannelAllocationSet e => state! with { Allocations = state.Allocations.SetItem(e.Channel, e.Quantity) },
        ReorderPointChanged e => state! with { ReorderPoint = e.ReorderPoint },
        StockReserved e => state! with
        {
            Reserved = e.ReservedAfter, Allocations = WithAllocation(state.Allocations, e.Channel, -e.FromAllocation)
        },
        StockReservationReleased e => state! with
        {
            Reserved = e.ReservedAfter, Allocations = WithAllocation(state.Allocations, e.Channel, e.ToAllocation)
        },
        ReservedStockSold e => state! with { OnHand = e.OnHandAfter, Reserved = e.ReservedAfter },
        ReturnedStockRestocked e => state! with { OnHand = e.OnHandAfter },
        _ => state
    };

    // An allocation used up by reservations is gone, as one set to 0 is.
    private static ImmutableDictionary<string, int> WithAllocation(ImmutableDictionary<string, int> allocations, string channel, int change)
    {
        if (change == 0) return allocations;
        var units = allocations.GetValueOrDefault(channel) + change;
        return units == 0 ? allocations.Remove(channel) : allocations.SetItem(channel, units);
    }
}
