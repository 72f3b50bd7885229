using Commerce.Domain.Orders;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Orders;

/// <summary>A pure fold of the order's events (business times from the events, the actor from their metadata).</summary>
public sealed class OrderProjection : SingleStreamProjection<OrderView, string>
{
    public OrderProjection() => this.IncludeEventsOf<IOrderEvent>();

    public override OrderView? Evolve(OrderView? view, string id, IEvent e)
    {
        var next = (view, e.Data) switch
        {
            (null, OrderPlaced placed) => new OrderView
            {
                Id = placed.OrderId, Channel = placed.Channel, ChannelOrderId = placed.ChannelOrderId, Customer = placed.Customer,
                Items = [.. placed.Lines], Currency = placed.Currency, Subtotal = placed.Subtotal, Discount = placed.Discount,
                Total = placed.Total, SlaDeadline = placed.SlaDeadline, OversoldSkus = [.. placed.OversoldSkus],
                SearchText = OrderView.SearchTextOf(placed), CreatedAt = placed.PlacedAt,
                Timeline = [new StatusChange(OrderStatus.New, placed.PlacedAt, e.UserName)]
            },
            (null, _) => null,
            (_, OrderProcessingStarted started) => Reached(view, OrderStatus.Processing, started.StartedAt, e),
            (_, OrderMarkedReady ready) => Reached(view, OrderStatus.Ready, ready.ReadyAt, e),
            (_, OrderShipped shipped) => Reached(view, OrderStatus.Shipped, shipped.ShippedAt, e) with { Awb = shipped.Awb, Courier = shipped.Courier },
            (_, OrderDelivered delivered) => Reached(view, OrderStatus.Delivered, delivered.DeliveredAt, e),
            (_, OrderCancelled cancelled) => Reached(view, OrderStatus.Cancelled, cancelled.CancelledAt, e),
            (_, ReturnRequested requested) => (view.Status == OrderStatus.Return ? view : Reached(view, OrderStatus.Return, requested.RequestedAt, e)) with
            {
                Returns =
                [
                    .. view.Returns, new ReturnView(requested.ReturnId, view.Id, view.Channel, ReturnView.Requested, [.. requested.Lines],
                        requested.Reason, null, null, requested.RequestedAt, null)
                ]
            },
            (_, ReturnReceived received) => view with
            {
                Returns =
                [
                    .. view.Returns.Select(r => r.Id == received.ReturnId
                        ? r with { Status = ReturnView.Received, Graded = [.. received.Lines], Refund = received.Refund, ReceivedAt = received.ReceivedAt }
                        : r)
                ]
            },
            _ => view
        };
        return next is null ? null : next with { Version = e.Version, UpdatedAt = e.Timestamp };
    }

    private static OrderView Reached(OrderView view, string status, DateTimeOffset at, IEvent e) => view with
    {
        Status = status, AwaitingShipment = OrderStatus.IsAwaitingShipment(status), Timeline = [.. view.Timeline, new StatusChange(status, at, e.UserName)]
    };
}
