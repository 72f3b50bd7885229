using System.Collections.Immutable;

namespace Commerce.Domain.Inventory;

/// <summary>Write-side state of one SKU's stream: only what decisions need.</summary>
public sealed record StockItem(string Sku, int OnHand, int ReorderPoint, ImmutableDictionary<string, int> Allocations)
{
    public const int DefaultReorderPoint = 10;

    public int Allocated => Allocations.Values.Sum();

    public static StockItem? Evolve(StockItem? state, object @event) => @event switch
    {
        InventoryTracked e => new StockItem(e.Sku, 0, e.ReorderPoint, ImmutableDictionary<string, int>.Empty),
        StockLevelSet e => state! with { OnHand = e.OnHandAfter },
        StockAdjusted e => state! with { OnHand = e.OnHandAfter },
        ChannelAllocationSet { Quantity: 0 } e => state! with { Allocations = state.Allocations.Remove(e.Channel) },
        ChannelAllocationSet e => state! with { Allocations = state.Allocations.SetItem(e.Channel, e.Quantity) },
        ReorderPointChanged e => state! with { ReorderPoint = e.ReorderPoint },
        _ => state
    };
}
