using Commerce.Domain.Common;

namespace Commerce.Domain.Inventory;

/// <summary>An event of an inventory (SKU) stream.</summary>
public interface IInventoryEvent : IDomainEvent;

public sealed record InventoryTracked(string Sku, int ReorderPoint, DateTimeOffset TrackedAt) : IInventoryEvent;

/// <summary>Stock was counted and set to an absolute level; <see cref="Delta"/> is the correction it made.</summary>
public sealed record StockLevelSet(string Sku, int Delta, int OnHandAfter, string? Reason, DateTimeOffset SetAt) : IInventoryEvent;

public sealed record StockAdjusted(string Sku, int Delta, int OnHandAfter, string? Reason, DateTimeOffset AdjustedAt) : IInventoryEvent;

/// <summary>Units reserved for one sales channel; 0 releases the channel.</summary>
public sealed record ChannelAllocationSet(string Sku, string Channel, int Quantity, DateTimeOffset SetAt) : IInventoryEvent;

public sealed record ReorderPointChanged(string Sku, int ReorderPoint, DateTimeOffset ChangedAt) : IInventoryEvent;

/// <summary>Stock fell from above the reorder point to at or below it (webhook <c>inventory.low</c>).</summary>
public sealed record StockReachedReorderPoint(string Sku, int OnHand, int ReorderPoint, DateTimeOffset DetectedAt) : IInventoryEvent;

/// <summary>Stock fell to zero (webhook <c>inventory.out</c>).</summary>
public sealed record StockRanOut(string Sku, DateTimeOffset DetectedAt) : IInventoryEvent;
