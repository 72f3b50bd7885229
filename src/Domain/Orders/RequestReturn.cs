using Commerce.Domain.Common;
using Commerce.Domain.Inventory;

namespace Commerce.Domain.Orders;

/// <summary><c>POST /v1/orders/{id}/returns</c>: some of a delivered order's units are coming back.</summary>
public sealed record RequestReturn(string OrderId, string ReturnId, IReadOnlyList<ReturnLine> Lines, string? Reason, long? ExpectedVersion = null)
    : IOrderCommand
{
    public string StreamId => OrderId;

    public IEnumerable<string> SkusOf(Order? order) => [];
}

public static partial class OrderDecisions
{
    public const string ReturnExceedsOrder = "return_exceeds_order";

    /// <summary>After delivery (again while a return is open); never more units of a SKU than the order had and did not return yet.</summary>
    public static OrderDecision Decide(Order? order, IReadOnlyDictionary<string, StockItem> stock, RequestReturn command, DateTimeOffset now)
    {
        if (order is null) return OrderDecision.Reject(NotFound(command.OrderId));
        if (order.Status is not (OrderStatus.Delivered or OrderStatus.Return))
            return OrderDecision.Reject(ErrorKind.Conflict, InvalidTransition,
                $"Order {order.Id} is {order.Status}; a return opens once it is delivered.");
        foreach (var line in command.Lines)
        {
            var ordered = order.Lines.FirstOrDefault(l => l.Sku == line.Sku)?.Qty ?? 0;
            if (ordered == 0) return OrderDecision.Reject(ErrorKind.Invalid, ReturnExceedsOrder, $"Order {order.Id} has no line of {line.Sku}.");
            var left = ordered - order.ReturnedOf(line.Sku);
            if (line.Qty > left)
                return OrderDecision.Reject(ErrorKind.Conflict, ReturnExceedsOrder,
                    $"Order {order.Id} had {ordered} of {line.Sku} and {left} not returned yet; {line.Qty} cannot come back.");
        }
        return OrderDecision.Accept(new ReturnRequested(order.Id, command.ReturnId, command.Lines, command.Reason, now));
    }
}
