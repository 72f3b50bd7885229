using Commerce.Domain.Orders;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Orders;

public static class OrdersRegistration
{
    public static StoreOptions AddOrders(this StoreOptions opts)
    {
        // Live: an order's stream stays short (placed, a few status changes, returns).
        opts.Projections.Add(new DomainFold<Order>(Order.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new OrderProjection(), ProjectionLifecycle.Async);
        // The list, newest first: alone, by status, by channel; sla=breached reads the orders still waiting by deadline.
        opts.IndexForLists<OrderView>([x => x.CreatedAt, x => x.Status, x => x.Channel, x => x.SlaDeadline, x => x.AwaitingShipment, x => x.SearchText],
            new TenantIndex("created_at", "id"), new TenantIndex("status", "created_at", "id"), new TenantIndex("channel", "created_at", "id"),
            new TenantIndex("sla_deadline") { Partial = ("awaiting", "awaiting_shipment") });
        return opts;
    }
}
