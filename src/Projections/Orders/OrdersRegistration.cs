using Commerce.Domain.Orders;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Postgresql.Tables;

namespace Commerce.Projections.Orders;

public static class OrdersRegistration
{
    /// <summary>The orders by status and channel: the list's total, unless it filters by time or text.</summary>
    public static readonly ListCounts<OrderView> OrderCounts = new("order", "status", "channel");

    public static StoreOptions AddOrders(this StoreOptions opts)
    {
        // Live: an order's stream stays short (placed, a few status changes, returns).
        opts.Projections.Add(new DomainFold<Order, IOrderEvent>(Order.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new OrderProjection(), ProjectionLifecycle.Async);
        // The list, newest first: alone, by status, by channel, by both; sla=breached reads the orders still waiting by deadline; q
        // finds its substring by trigrams. The returns list reads the orders that have any (their returns are in the
        // document, so the condition is the list's own).
        opts.IndexForLists<OrderView>([x => x.CreatedAt, x => x.Status, x => x.Channel, x => x.SlaDeadline, x => x.AwaitingShipment, x => x.SearchText],
            new TenantIndex("created_at", "id"), new TenantIndex("status", "created_at", "id"), new TenantIndex("channel", "created_at", "id"),
            // Both at once: through either one alone PostgreSQL walks the newest orders and filters them, every one when the
            // newest are in other statuses (new orders over a channel's delivered ones: 919 rows, 11 ms, for a page).
            new TenantIndex("status", "channel", "created_at", "id"),
            new TenantIndex("sla_deadline") { Partial = ("awaiting", "awaiting_shipment") },
            new TenantIndex("search_text gin_trgm_ops") { Method = IndexMethod.gin },
            new TenantIndex("created_at") { Partial = ("returns", "jsonb_array_length(data -> 'Returns') > 0") });
        opts.CountForLists(OrderCounts);
        return opts;
    }
}
