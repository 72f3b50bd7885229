using Commerce.Domain.Orders;

namespace Commerce.Projections.Orders;

/// <summary>Read model of one order for <c>GET /v1/orders[/{id}]</c>; rebuildable at any time from the order's stream.</summary>
public sealed record OrderView
{
    public string Id { get; init; } = "";
    public string Channel { get; init; } = "";
    public string? ChannelOrderId { get; init; }
    public string Status { get; init; } = OrderStatus.New;
    public Customer Customer { get; init; } = new("", null, null, null);
    public List<OrderLine> Items { get; init; } = [];
    public string? Currency { get; init; }
    public decimal Subtotal { get; init; }
    public decimal Discount { get; init; }
    public decimal Total { get; init; }
    public string? Awb { get; init; }
    public string? Courier { get; init; }
    public DateTimeOffset SlaDeadline { get; init; }
    public List<string> OversoldSkus { get; init; } = [];

    /// <summary>The order's returns, oldest first.</summary>
    public List<ReturnView> Returns { get; init; } = [];

    /// <summary>Every status the order went through, with who set it and when, oldest first.</summary>
    public List<StatusChange> Timeline { get; init; } = [];

    /// <summary>Lowercase id, channel order id and customer name, email and id, for <c>q</c> (a substring match in SQL).</summary>
    public string SearchText { get; init; } = "";

    /// <summary>Whether the order still waits to ship: with <see cref="SlaDeadline"/>, what <c>sla=breached</c> filters on.</summary>
    public bool AwaitingShipment { get; init; } = true;

    public long Version { get; init; }

    /// <summary>When the order was placed (the business time of <see cref="OrderPlaced"/>): lists are newest first by it.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public static string SearchTextOf(OrderPlaced placed) => string.Join(" ",
        new[] { placed.OrderId, placed.ChannelOrderId, placed.Customer.Name, placed.Customer.Email, placed.Customer.CustomerId }
            .Where(s => !string.IsNullOrEmpty(s))).ToLowerInvariant();
}

/// <summary>One step of an order's timeline: the status it reached, when, and who (the API key) set it.</summary>
public sealed record StatusChange(string Status, DateTimeOffset At, string? Actor);

/// <summary>A return as <c>GET /v1/returns</c> lists it (each stored in its order's document).</summary>
public sealed record ReturnView(
    string Id, string OrderId, string Channel, string Status, List<ReturnLine> Lines, string? Reason, List<GradedLine>? Graded, decimal? Refund,
    DateTimeOffset RequestedAt, DateTimeOffset? ReceivedAt)
{
    public const string Requested = "requested";
    public const string Received = "received";
}
