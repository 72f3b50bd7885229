using System.Collections.Immutable;
using Commerce.Domain.Inventory;
using Commerce.Domain.Orders;

namespace Commerce.Domain.Tests.Orders;

internal static class OrderTestData
{
    public static readonly DateTimeOffset Now = new(2026, 4, 17, 7, 45, 0, TimeSpan.Zero);
    public static readonly Customer Priya = new("Priya Sharma", "Mumbai", "priya@example.com", null);

    public static StockItem Stock(string sku, int onHand, int reorderPoint = 0, int reserved = 0, params (string Channel, int Units)[] allocations) =>
        new(sku, onHand, reorderPoint, allocations.ToImmutableDictionary(a => a.Channel, a => a.Units), reserved);

    public static Dictionary<string, StockItem> Skus(params StockItem[] items) => items.ToDictionary(i => i.Sku);

    public static PlaceOrder Place(string orderId, params (string Sku, int Qty)[] items) =>
        new(orderId, "amazon_in", null, Priya, [.. items.Select(i => new OrderItem(i.Sku, i.Qty, 100))], "INR", 0, null, TimeSpan.FromHours(24));

    public static PlaceOrder Import(string orderId, params (string Sku, int Qty)[] items) => Place(orderId, items) with { ChannelOrderId = "402-1" };

    public static Order Placed(string orderId, params (string Sku, int Qty)[] items)
    {
        var decision = OrderDecisions.Decide(null, Skus([.. items.Select(i => Stock(i.Sku, 100))]), Place(orderId, items), Now);
        return decision.Events.Aggregate((Order?)null, Order.Evolve)!;
    }

    public static Order In(this Order order, string status) => order with { Status = status };
}
