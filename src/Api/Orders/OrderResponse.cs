using Commerce.Domain.Orders;
using Commerce.Projections.Orders;

namespace Commerce.Api.Orders;

public sealed record OrderItemResponse(string Sku, int Qty, decimal Price);

/// <summary>
/// An order as every route shows it: the seed's fields (EcomLinx), Ecwid's <c>email</c>, <c>discount</c> and totals, and
/// <c>timeline</c> on the routes that read it (null on the answers of writes).
/// </summary>
public sealed record OrderResponse(
    string Id, string Channel, string? ChannelOrderId, string Status, Customer Customer, string? Email, IReadOnlyList<OrderItemResponse> Items,
    string? Currency, decimal Subtotal, decimal Discount, decimal Total, string? Awb, string? Courier, DateTimeOffset SlaDeadline,
    bool Oversold, IReadOnlyList<string> OversoldSkus, IReadOnlyList<StatusChange>? Timeline, long Version, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static OrderResponse From(Order order, long version, DateTimeOffset updatedAt)
    {
        var placed = order.Placed;
        return new(order.Id, order.Channel, order.ChannelOrderId, order.Status, placed.Customer, placed.Customer.Email, ItemsOf(order.Lines),
            placed.Currency, placed.Subtotal, placed.Discount, placed.Total, order.Awb, order.Courier, placed.SlaDeadline,
            placed.OversoldSkus.Count > 0, placed.OversoldSkus, null, version, placed.PlacedAt, updatedAt);
    }

    public static OrderResponse From(OrderView view) =>
        new(view.Id, view.Channel, view.ChannelOrderId, view.Status, view.Customer, view.Customer.Email, ItemsOf(view.Items), view.Currency,
            view.Subtotal, view.Discount, view.Total, view.Awb, view.Courier, view.SlaDeadline, view.OversoldSkus.Count > 0, view.OversoldSkus,
            view.Timeline, view.Version, view.CreatedAt, view.UpdatedAt);

    private static List<OrderItemResponse> ItemsOf(IEnumerable<OrderLine> lines) => [.. lines.Select(l => new OrderItemResponse(l.Sku, l.Qty, l.Price))];
}
