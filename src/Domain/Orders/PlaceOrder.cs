using Commerce.Domain.Common;
using Commerce.Domain.Inventory;

namespace Commerce.Domain.Orders;

public sealed record OrderItem(string Sku, int Qty, decimal Price);

/// <summary>
/// <c>POST /v1/orders</c>: an order of a channel's customer. With a <see cref="ChannelOrderId"/> it is imported from that
/// channel (its id is derived from the pair, so a second import finds the first); <see cref="Total"/>, when sent, must
/// be what the items less the discount come to; the SLA deadline is <see cref="Sla"/> after placing.
/// </summary>
public sealed record PlaceOrder(
    string OrderId, string Channel, string? ChannelOrderId, Customer Customer, IReadOnlyList<OrderItem> Items, string? Currency,
    decimal Discount, decimal? Total, TimeSpan Sla, long? ExpectedVersion = null) : IOrderCommand
{
    public string StreamId => OrderId;

    public bool IsImport => ChannelOrderId is not null;

    public IEnumerable<string> SkusOf(Order? order) => Items.Select(i => i.Sku);
}

public static partial class OrderDecisions
{
    public const string TotalMismatch = "total_mismatch";
    public const string OrderExists = "order_exists";

    /// <summary>
    /// Reserves every item's units, all or none: the first SKU short of units refuses the order (409 naming it) and
    /// nothing is reserved. An imported order is never refused: short SKUs are reserved in full and listed as oversold.
    /// Placing an imported order again is no change: the write path answers the first.
    /// </summary>
    public static OrderDecision Decide(Order? order, IReadOnlyDictionary<string, StockItem> stock, PlaceOrder command, DateTimeOffset now)
    {
        if (order is not null)
            return command.IsImport && order.Channel == command.Channel && order.ChannelOrderId == command.ChannelOrderId
                ? OrderDecision.Accept()
                : OrderDecision.Reject(ErrorKind.Conflict, OrderExists, $"Order {order.Id} exists already.");

        var subtotal = command.Items.Sum(i => i.Qty * i.Price);
        var total = subtotal - command.Discount;
        if (total < 0)
            return OrderDecision.Reject(ErrorKind.Invalid, TotalMismatch, $"The discount {command.Discount} is more than the items' {subtotal}.");
        if (command.Total is { } sent && sent != total)
            return OrderDecision.Reject(ErrorKind.Invalid, TotalMismatch,
                $"total is {sent}, but the items come to {subtotal} less the discount {command.Discount}: {total}. Send {total}, or leave total out.");
        if (command.Items.GroupBy(i => i.Sku).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return OrderDecision.Reject(ErrorKind.Invalid, "duplicate_sku", $"SKU {twice.Key} is on two lines; send it once with the total qty.");

        var lines = new List<OrderLine>();
        var oversold = new List<string>();
        var stockEvents = new Dictionary<string, IReadOnlyList<IDomainEvent>>();
        foreach (var item in command.Items)
        {
            if (!stock.TryGetValue(item.Sku, out var sku)) return OrderDecision.Reject(UnknownSkuError(item.Sku));
            var reservation = StockReservations.Reserve(sku, command.OrderId, command.Channel, item.Qty, mayOversell: command.IsImport, now);
            if (reservation.Error is { } error) return OrderDecision.Reject(error);
            var reserved = reservation.Events.OfType<StockReserved>().Single();
            lines.Add(new OrderLine(item.Sku, item.Qty, item.Price, reserved.FromAllocation));
            if (reserved.ShortBy > 0) oversold.Add(item.Sku);
            stockEvents[item.Sku] = reservation.Events;
        }
        return OrderDecision.Accept(new OrderPlaced(command.OrderId, command.Channel, command.ChannelOrderId, command.Customer, lines,
            command.Currency, subtotal, command.Discount, total, now + command.Sla, oversold, now), stockEvents);
    }
}
