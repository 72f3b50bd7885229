using Commerce.Domain.Common;
using Commerce.Domain.Inventory;

namespace Commerce.Domain.Orders;

/// <summary>
/// <c>POST /v1/orders/{id}/returns/{return_id}/receive</c>: the returned units arrived; each is graded, and the refund is
/// recorded. Resellable units go back into stock on their SKU's stream, in the same transaction.
/// </summary>
public sealed record ReceiveReturn(string OrderId, string ReturnId, IReadOnlyList<GradedLine> Lines, decimal Refund, long? ExpectedVersion = null)
    : IOrderCommand
{
    public string StreamId => OrderId;

    public IEnumerable<string> SkusOf(Order? order) => Lines.Where(l => l.Grade == ReturnGrade.Resellable).Select(l => l.Sku).Distinct();
}

public static partial class OrderDecisions
{
    public const string ReturnAlreadyReceived = "return_already_received";
    public const string GradesDoNotMatch = "grades_do_not_match";

    public static OrderDecision Decide(Order? order, IReadOnlyDictionary<string, StockItem> stock, ReceiveReturn command, DateTimeOffset now)
    {
        if (order?.Returns.FirstOrDefault(r => r.ReturnId == command.ReturnId) is not { } @return)
            return OrderDecision.Reject(ErrorKind.NotFound, OrderNotFound, $"Order {command.OrderId} has no return {command.ReturnId}.");
        if (@return.IsReceived)
            return OrderDecision.Reject(ErrorKind.Conflict, ReturnAlreadyReceived, $"Return {@return.ReturnId} was received already.");

        var returned = @return.Lines.ToDictionary(l => l.Sku, l => l.Qty);
        var graded = command.Lines.GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => g.Sum(l => l.Qty));
        if (!returned.OrderBy(r => r.Key).SequenceEqual(graded.OrderBy(g => g.Key)))
            return OrderDecision.Reject(ErrorKind.Invalid, GradesDoNotMatch,
                $"Grade every returned unit, no more: return {@return.ReturnId} has {string.Join(", ", returned.Select(r => $"{r.Value} x {r.Key}"))}.");
        if (order.Refunded + command.Refund > order.Placed.Total)
            return OrderDecision.Reject(ErrorKind.Conflict, "refund_exceeds_total",
                $"Order {order.Id} totals {order.Placed.Total} and {order.Refunded} was refunded already; {command.Refund} more is too much.");

        var restocked = command.Lines.Where(l => l.Grade == ReturnGrade.Resellable).GroupBy(l => l.Sku)
            .Select(g => new OrderLine(g.Key, g.Sum(l => l.Qty), 0, 0)).ToList();
        return OnEveryLine(restocked, stock, (item, line) => StockReservations.Restock(item, order.Id, @return.ReturnId, line.Qty, now),
            () => new ReturnReceived(order.Id, @return.ReturnId, order.Channel, command.Lines, command.Refund, now));
    }
}
