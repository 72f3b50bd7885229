using Commerce.Domain.Inventory;

namespace Commerce.Domain.Orders;

/// <summary><c>PATCH /v1/orders/{id}</c> with <c>status: shipped</c>: records the courier and airway bill, and sells the reserved units.</summary>
public sealed record ShipOrder(string OrderId, string? Awb, string? Courier, long? ExpectedVersion = null) : IOrderCommand
{
    public string StreamId => OrderId;

    public IEnumerable<string> SkusOf(Order? order) => order?.Lines.Select(l => l.Sku) ?? [];
}

public static partial class OrderDecisions
{
    /// <summary>Shipping again with the same tracking is no change (a retried request); each line's units are sold, or none are.</summary>
    public static OrderDecision Decide(Order? order, IReadOnlyDictionary<string, StockItem> stock, ShipOrder command, DateTimeOffset now)
    {
        if (order is { Status: OrderStatus.Shipped } && order.Awb == command.Awb && order.Courier == command.Courier) return OrderDecision.Accept();
        if (Refuse(order, command.OrderId, OrderStatus.Shipped) is { } refused) return OrderDecision.Reject(refused);
        return OnEveryLine(order!.Lines, stock, (item, line) => StockReservations.Sell(item, order.Id, line.Qty, now),
            () => new OrderShipped(order.Id, order.Channel, command.Awb, command.Courier, now));
    }
}
