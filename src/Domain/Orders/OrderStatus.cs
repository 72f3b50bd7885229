namespace Commerce.Domain.Orders;

/// <summary>The lifecycle: new → processing → ready → shipped → delivered; cancelled before shipped; return after delivered.</summary>
public static class OrderStatus
{
    public const string New = "new";
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";
    public const string Return = "return";

    public static readonly string[] All = [New, Processing, Ready, Shipped, Delivered, Cancelled, Return];

    /// <summary>
    /// Where each status may go. A step forward may be skipped up to shipping (a seller who ships at once does not
    /// have to record packing); a return is opened through the returns route, never set.
    /// </summary>
    public static IReadOnlyList<string> NextOf(string status) => status switch
    {
        New => [Processing, Ready, Shipped, Cancelled],
        Processing => [Ready, Shipped, Cancelled],
        Ready => [Shipped, Cancelled],
        Shipped => [Delivered],
        Delivered => [Return],
        _ => []
    };

    /// <summary>Past its SLA deadline and not yet handed to the courier.</summary>
    public static bool IsAwaitingShipment(string status) => status is New or Processing or Ready;
}
