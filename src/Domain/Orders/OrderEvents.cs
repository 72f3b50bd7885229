using Commerce.Domain.Common;

namespace Commerce.Domain.Orders;

/// <summary>An event of an order stream.</summary>
public interface IOrderEvent : IDomainEvent
{
    string OrderId { get; }
}

public sealed record Customer(string Name, string? City, string? Email, string? CustomerId);

/// <summary>A line as placed: <see cref="FromAllocation"/> of its units were reserved out of the channel's allocation.</summary>
public sealed record OrderLine(string Sku, int Qty, decimal Price, int FromAllocation);

/// <summary>
/// An order was placed (or imported from its channel) and every line's units reserved. <see cref="OversoldSkus"/> lists the
/// SKUs an imported order took more of than there was.
/// </summary>
public sealed record OrderPlaced(
    string OrderId, string Channel, string? ChannelOrderId, Customer Customer, IReadOnlyList<OrderLine> Lines, string? Currency,
    decimal Subtotal, decimal Discount, decimal Total, DateTimeOffset SlaDeadline, IReadOnlyList<string> OversoldSkus, DateTimeOffset PlacedAt)
    : IOrderEvent;

public sealed record OrderProcessingStarted(string OrderId, DateTimeOffset StartedAt) : IOrderEvent;

/// <summary>Packed and waiting for the courier.</summary>
public sealed record OrderMarkedReady(string OrderId, DateTimeOffset ReadyAt) : IOrderEvent;

/// <summary>Handed to the courier; the reserved units were sold.</summary>
public sealed record OrderShipped(string OrderId, string Channel, string? Awb, string? Courier, DateTimeOffset ShippedAt) : IOrderEvent;

public sealed record OrderDelivered(string OrderId, string Channel, DateTimeOffset DeliveredAt) : IOrderEvent;

/// <summary>Cancelled before it shipped; its reservations were released.</summary>
public sealed record OrderCancelled(string OrderId, string Channel, string? Reason, DateTimeOffset CancelledAt) : IOrderEvent;

public sealed record ReturnLine(string Sku, int Qty);

/// <summary>A returned line as received: <see cref="Grade"/> is <c>resellable</c> (back into stock) or <c>damaged</c>.</summary>
public sealed record GradedLine(string Sku, int Qty, string Grade);

/// <summary>The customer sends units back (after delivery); the order's status becomes <c>return</c>.</summary>
public sealed record ReturnRequested(string OrderId, string ReturnId, IReadOnlyList<ReturnLine> Lines, string? Reason, DateTimeOffset RequestedAt)
    : IOrderEvent;

/// <summary>The returned units arrived and were graded; <see cref="Refund"/> is the amount refunded for them.</summary>
public sealed record ReturnReceived(
    string OrderId, string ReturnId, string Channel, IReadOnlyList<GradedLine> Lines, decimal Refund, DateTimeOffset ReceivedAt) : IOrderEvent;
