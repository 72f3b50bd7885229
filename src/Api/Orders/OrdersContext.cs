using Commerce.Api.History;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using Commerce.Api.Webhooks;
using Commerce.Domain.Orders;
using Commerce.Projections.Orders;
using Marten;

[assembly: ApiTag("Orders",
    "Orders of every channel: placed or imported with their units reserved all-or-nothing, moved through their lifecycle " +
    "(shipping sells the units, cancelling releases them), listed with filters and read with their timeline.")]

namespace Commerce.Api.Orders;

/// <summary>Orders across channels, the reservations they hold on SKUs, their lifecycle.</summary>
public sealed class OrdersContext : CommerceContext
{
    public const string ReadOrders = "read_orders";
    public const string UpdateOrders = "update_orders";
    public const string CreateOrders = "create_orders";

    public override IReadOnlyList<EventResource> Resources { get; } = [new("orders", ReadOrders, typeof(IOrderEvent))];

    public override IReadOnlyList<string> Scopes { get; } = [ReadOrders, UpdateOrders, CreateOrders];

    public override IReadOnlyList<WebhookEventType> WebhookEvents { get; } =
    [
        WebhookEventType.Raised<OrderPlaced>("order.new", "A new order arrives on any connected channel",
            e => new { Id = e.OrderId, e.Channel, e.ChannelOrderId, e.Total, Status = OrderStatus.New, Oversold = e.OversoldSkus.Count > 0 },
            new { Id = "ord_8FZ2K", Channel = "amazon_in", ChannelOrderId = "402-1234567-1234567", Total = 899, Status = "new", Oversold = false }),
        WebhookEventType.Raised<OrderShipped>("order.shipped", "An order status changes to Shipped",
            e => new { Id = e.OrderId, e.Channel, Status = OrderStatus.Shipped, e.Awb, e.Courier },
            new { Id = "ord_8FZ2K", Channel = "amazon_in", Status = "shipped", Awb = "161234567890", Courier = "Delhivery" }),
        WebhookEventType.Raised<OrderDelivered>("order.delivered", "An order is delivered",
            e => new { Id = e.OrderId, e.Channel, Status = OrderStatus.Delivered },
            new { Id = "ord_8FZ2K", Channel = "amazon_in", Status = "delivered" }),
        WebhookEventType.Raised<OrderCancelled>("order.cancelled", "An order is cancelled",
            e => new { Id = e.OrderId, e.Channel, Status = OrderStatus.Cancelled, e.Reason },
            new { Id = "ord_8FZ2K", Channel = "amazon_in", Status = "cancelled", Reason = "customer_request" }),
        WebhookEventType.Raised<ReturnReceived>("return.received", "A return is received and graded",
            e => new { Id = e.ReturnId, e.OrderId, e.Channel, e.Lines, e.Refund },
            new
            {
                Id = "ret_3KD9P", OrderId = "ord_8FZ2K", Channel = "amazon_in",
                Lines = new[] { new { Sku = "BLUE-TEE-M", Qty = 1, Grade = "resellable" } }, Refund = 899
            })
    ];

    public override IReadOnlyList<Type> InternalEvents { get; } = [typeof(OrderProcessingStarted), typeof(OrderMarkedReady), typeof(ReturnRequested)];

    public override void ConfigureStore(StoreOptions store) => store.AddOrders();

    public override void ConfigureHost(WebApplicationBuilder builder) => builder.Services.AddSingleton<OrderSla>();
}
