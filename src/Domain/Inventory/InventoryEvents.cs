namespace Commerce.Domain.Inventory;

public sealed record InventoryTracked(string Sku, int ReorderPoint, DateTimeOffset TrackedAt);

/// <summary>Stock was counted and set to an absolute level; <see cref="Delta"/> is the correction it made.</summary>
public sealed record StockLevelSet(string Sku, int Delta, int OnHandAfter, string? Reason, DateTimeOffset SetAt);

public sealed record StockAdjusted(string Sku, int Delta, int OnHandAfter, string? Reason, DateTimeOffset AdjustedAt);

/// <summary>Units reserved for one sales channel; 0 releases the channel.</summary>
public sealed record ChannelAllocationSet(string Sku, string Channel, int Quantity, DateTimeOffset SetAt);

public sealed record ReorderPointChanged(string Sku, int ReorderPoint, DateTimeOffset ChangedAt);

/// <summary>Stock fell from above the reorder point to at or below it (webhook <c>inventory.low</c>).</summary>
public sealed record StockReachedReorderPoint(string Sku, int OnHand, int ReorderPoint, DateTimeOffset DetectedAt);

/// <summary>Stock fell to zero (webhook <c>inventory.out</c>).</summary>
public sealed record StockRanOut(string Sku, DateTimeOffset DetectedAt);

public static class InventoryEventTypes
{
    /// <summary>Every event an inventory (SKU) stream can hold.</summary>
    public static readonly Type[] All =
    [
        typeof(InventoryTracked), typeof(StockLevelSet), typeof(StockAdjusted), typeof(ChannelAllocationSet),
        typeof(ReorderPointChanged), typeof(StockReachedReorderPoint), typeof(StockRanOut)
    ];
}
