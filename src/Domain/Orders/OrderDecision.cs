using Commerce.Domain.Common;
using Commerce.Domain.Inventory;

namespace Commerce.Domain.Orders;

/// <summary>
/// A command to an order whose decision may read and write the SKU streams its lines name, in one transaction: it says
/// which, given the order as it stands (placing: the command's items; shipping, cancelling: the order's lines).
/// </summary>
public interface IOrderCommand : IStreamCommand
{
    string OrderId { get; }

    IEnumerable<string> SkusOf(Order? order);
}

/// <summary>What an order's Decide answers: the events of the order's stream and of each SKU's stream, or why nothing is appended.</summary>
public sealed record OrderDecision(
    IReadOnlyList<IDomainEvent> Events, IReadOnlyDictionary<string, IReadOnlyList<IDomainEvent>> StockEvents, DomainError? Error)
{
    public static OrderDecision Accept(params IDomainEvent[] events) => new(events, new Dictionary<string, IReadOnlyList<IDomainEvent>>(), null);

    public static OrderDecision Accept(IDomainEvent orderEvent, IReadOnlyDictionary<string, IReadOnlyList<IDomainEvent>> stockEvents) =>
        new([orderEvent], stockEvents, null);

    public static OrderDecision Reject(DomainError error) => new([], new Dictionary<string, IReadOnlyList<IDomainEvent>>(), error);

    public static OrderDecision Reject(ErrorKind kind, string code, string detail) => Reject(new DomainError(kind, code, detail));
}

public static partial class OrderDecisions
{
    public const string UnknownSku = "unknown_sku";
    public const string InvalidTransition = "invalid_transition";
    public const string OrderNotFound = "not_found";

    /// <summary>
    /// Any order command: the write path carries them all as one message type, so the commands of one order (and of
    /// several) share a commit whatever their kind, and one handler serves them.
    /// </summary>
    public static OrderDecision Decide(Order? order, IReadOnlyDictionary<string, StockItem> stock, IOrderCommand command, DateTimeOffset now) =>
        command switch
        {
            PlaceOrder place => Decide(order, stock, place, now),
            AdvanceOrder advance => Decide(order, stock, advance, now),
            ShipOrder ship => Decide(order, stock, ship, now),
            CancelOrder cancel => Decide(order, stock, cancel, now),
            RequestReturn request => Decide(order, stock, request, now),
            ReceiveReturn receive => Decide(order, stock, receive, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown order command.")
        };

    private static DomainError NotFound(string orderId) => new(ErrorKind.NotFound, OrderNotFound, $"There is no order {orderId}.");

    /// <summary>Refuses a step the lifecycle does not allow from where the order is, listing where it may go.</summary>
    private static DomainError? Refuse(Order? order, string orderId, string to)
    {
        if (order is null) return NotFound(orderId);
        var next = OrderStatus.NextOf(order.Status);
        if (next.Contains(to)) return null;
        return new DomainError(ErrorKind.Conflict, InvalidTransition, next.Count == 0
            ? $"Order {order.Id} is {order.Status}, a final status; it cannot become {to}."
            : $"Order {order.Id} is {order.Status}; it can become {string.Join(", ", next)}, not {to}.");
    }

    /// <summary>
    /// The same step on every SKU of the order's lines, all or nothing: the first refusal refuses the whole decision, so
    /// no SKU is left half-changed.
    /// </summary>
    private static OrderDecision OnEveryLine(
        IReadOnlyList<OrderLine> lines, IReadOnlyDictionary<string, StockItem> stock, Func<StockItem, OrderLine, Decision> step,
        Func<IDomainEvent> orderEvent)
    {
        var events = new Dictionary<string, IReadOnlyList<IDomainEvent>>();
        foreach (var line in lines)
        {
            if (!stock.TryGetValue(line.Sku, out var item)) return OrderDecision.Reject(UnknownSkuError(line.Sku));
            var decision = step(item, line);
            if (decision.Error is { } error) return OrderDecision.Reject(error);
            events[line.Sku] = decision.Events;
        }
        return OrderDecision.Accept(orderEvent(), events);
    }

    private static DomainError UnknownSkuError(string sku) => new(ErrorKind.Invalid, UnknownSku,
        $"SKU {sku} is not in inventory; start tracking it with PATCH /v1/inventory/{sku} before ordering it.");
}
