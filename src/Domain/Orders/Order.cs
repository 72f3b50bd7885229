using System.Collections.Immutable;

namespace Commerce.Domain.Orders;

/// <summary>
/// Write-side state of one order's stream: what decisions need, and the order as placed (<see cref="Placed"/>), so a
/// write answers the whole order, a repeated import included.
/// </summary>
public sealed record Order(
    string Id, string Channel, string? ChannelOrderId, string Status, IReadOnlyList<OrderLine> Lines, OrderPlaced Placed,
    string? Awb, string? Courier, ImmutableList<OrderReturn> Returns)
{
    public static Order? Evolve(Order? state, object @event) => @event switch
    {
        OrderPlaced e => new Order(e.OrderId, e.Channel, e.ChannelOrderId, OrderStatus.New, e.Lines, e, null, null, []),
        OrderProcessingStarted => state! with { Status = OrderStatus.Processing },
        OrderMarkedReady => state! with { Status = OrderStatus.Ready },
        OrderShipped e => state! with { Status = OrderStatus.Shipped, Awb = e.Awb, Courier = e.Courier },
        OrderDelivered => state! with { Status = OrderStatus.Delivered },
        OrderCancelled => state! with { Status = OrderStatus.Cancelled },
        _ => state
    };
}

/// <summary>A return of some of an order's units; <see cref="Received"/> once graded.</summary>
public sealed record OrderReturn(string ReturnId, IReadOnlyList<ReturnLine> Lines, bool Received);

public sealed record ReturnLine(string Sku, int Qty);
