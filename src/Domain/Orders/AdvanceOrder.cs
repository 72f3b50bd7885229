using Commerce.Domain.Common;
using Commerce.Domain.Inventory;

namespace Commerce.Domain.Orders;

/// <summary>
/// <c>PATCH /v1/orders/{id}</c> to <c>processing</c>, <c>ready</c> or <c>delivered</c>: steps that touch no stock. Setting
/// the status the order has already is no change (a retried request).
/// </summary>
public sealed record AdvanceOrder(string OrderId, string Status, long? ExpectedVersion = null) : IOrderCommand
{
    public static readonly string[] Statuses = [OrderStatus.Processing, OrderStatus.Ready, OrderStatus.Delivered];

    public string StreamId => OrderId;

    public IEnumerable<string> SkusOf(Order? order) => [];
}

public static partial class OrderDecisions
{
    public static OrderDecision Decide(Order? order, IReadOnlyDictionary<string, StockItem> stock, AdvanceOrder command, DateTimeOffset now)
    {
        if (order is not null && order.Status == command.Status) return OrderDecision.Accept();
        if (Refuse(order, command.OrderId, command.Status) is { } refused) return OrderDecision.Reject(refused);
        return OrderDecision.Accept(command.Status switch
        {
            OrderStatus.Processing => new OrderProcessingStarted(order!.Id, now),
            OrderStatus.Ready => new OrderMarkedReady(order!.Id, now),
            OrderStatus.Delivered => new OrderDelivered(order!.Id, order.Channel, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Status, "Not a status AdvanceOrder sets.")
        });
    }
}
