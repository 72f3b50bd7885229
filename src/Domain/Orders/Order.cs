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
        ReturnRequested e => state! with
        {
            Status = OrderStatus.Return, Returns = state.Returns.Add(new OrderReturn(e.ReturnId, e.Lines, e.Reason, e.RequestedAt, null, null))
        },
        ReturnReceived e => state! with
        {
            Returns = state.Returns.Select(r => r.ReturnId == e.ReturnId ? r with { Graded = e.Lines, Refund = e.Refund } : r).ToImmutableList()
        },
        _ => state
    };

    /// <summary>Units of <paramref name="sku"/> returned so far (requested or received).</summary>
    public int ReturnedOf(string sku) => Returns.SelectMany(r => r.Lines).Where(l => l.Sku == sku).Sum(l => l.Qty);

    public decimal Refunded => Returns.Sum(r => r.Refund ?? 0);
}

/// <summary>A return of some of an order's units; <see cref="Graded"/> and <see cref="Refund"/> once received.</summary>
public sealed record OrderReturn(
    string ReturnId, IReadOnlyList<ReturnLine> Lines, string? Reason, DateTimeOffset RequestedAt, IReadOnlyList<GradedLine>? Graded, decimal? Refund)
{
    public bool IsReceived => Graded is not null;
}
