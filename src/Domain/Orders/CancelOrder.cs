using Commerce.Domain.Inventory;

namespace Commerce.Domain.Orders;

/// <summary><c>PATCH /v1/orders/{id}</c> with <c>status: cancelled</c>: before it ships; releases every line's reservation.</summary>
public sealed record CancelOrder(string OrderId, string? Reason, long? ExpectedVersion = null) : IOrderCommand
{
    public string StreamId => OrderId;

    public IEnumerable<string> SkusOf(Order? order) => order?.Lines.Select(l => l.Sku) ?? [];
}

public static partial class OrderDecisions
{
    public static OrderDecision Decide(Order? order, IReadOnlyDictionary<string, StockItem> stock, CancelOrder command, DateTimeOffset now)
    {
        if (order is { Status: OrderStatus.Cancelled }) return OrderDecision.Accept();
        if (Refuse(order, command.OrderId, OrderStatus.Cancelled) is { } refused) return OrderDecision.Reject(refused);
        return OnEveryLine(order!.Lines, stock,
            (item, line) => StockReservations.Release(item, order.Id, order.Channel, line.Qty, line.FromAllocation, now),
            () => new OrderCancelled(order.Id, order.Channel, command.Reason, now));
    }
}
