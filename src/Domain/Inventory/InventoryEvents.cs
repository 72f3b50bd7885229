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

/// <summary>
/// Units held for an order until it ships or is cancelled. <see cref="FromAllocation"/> of them came out of the order's
/// channel's allocation, the rest from unallocated stock. <see cref="ShortBy"/> &gt; 0 only for an imported order, which
/// happened already on its marketplace: it is reserved in full and the SKU is oversold by that many units.
/// </summary>
public sealed record StockReserved(
    string Sku, string OrderId, string Channel, int Units, int FromAllocation, int ShortBy, int ReservedAfter, DateTimeOffset ReservedAt)
    : IInventoryEvent;

/// <summary>An order's reservation ended without a sale (cancelled): its units are free again, <see cref="ToAllocation"/> back to the channel.</summary>
public sealed record StockReservationReleased(
    string Sku, string OrderId, string Channel, int Units, int ToAllocation, int ReservedAfter, DateTimeOffset ReleasedAt) : IInventoryEvent;

/// <summary>An order shipped: its reserved units left the stock (a sale; counts towards velocity).</summary>
public sealed record ReservedStockSold(string Sku, string OrderId, int Units, int OnHandAfter, int ReservedAfter, DateTimeOffset SoldAt)
    : IInventoryEvent;

/// <summary>Units of a return graded resellable came back into stock.</summary>
public sealed record ReturnedStockRestocked(string Sku, string OrderId, string ReturnId, int Units, int OnHandAfter, DateTimeOffset RestockedAt)
    : IInventoryEvent;
