using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace Commerce.Api.Webhooks;

/// <summary>
/// The webhook projection: a Marten subscription that reads the event store in sequence order and, for every event a
/// tenant's enabled webhooks subscribe to, stores one delivery per webhook and enqueues its <see cref="SendWebhook"/>.
/// Deliveries, messages (Wolverine's outbox) and the subscription's progress commit in one transaction, so an event is
/// neither lost nor dispatched twice when the process dies. Which webhooks receive an event is decided by folding the
/// webhook events in the same order, so a webhook receives exactly the events stored after it was registered.
/// </summary>
internal sealed class WebhookDispatcher : BatchSubscription
{
    private static readonly Type[] RouteEvents =
        [typeof(WebhookRegistered), typeof(WebhookChanged), typeof(WebhookDisabled), typeof(WebhookEnabled), typeof(WebhookDeleted)];

    private readonly TimeProvider _clock;

    // Takes no IDocumentStore: the store is built with this subscription in it.
    public WebhookDispatcher(TimeProvider clock) : base("WebhookDispatcher")
    {
        _clock = clock;
        foreach (var type in RouteEvents.Concat(WebhookEventCatalog.EventTypes)) IncludeType(type);
    }

    public override async Task ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var routesByTenant = new Dictionary<string, Dictionary<string, WebhookRoute>>();
        var changed = new HashSet<(string Tenant, string Id)>();
        foreach (var e in page.Events)
        {
            if (!routesByTenant.TryGetValue(e.TenantId, out var routes))
                routesByTenant[e.TenantId] = routes = await LoadRoutesAsync(((IDocumentSession)operations).DocumentStore, e.TenantId, ct);

            if (RouteEvents.Contains(e.EventType))
            {
                var id = e.StreamKey!;
                if (Webhook.Evolve(routes.GetValueOrDefault(id)?.Webhook, e.Data) is { } webhook) routes[id] = new WebhookRoute(id, webhook);
                else routes.Remove(id);
                changed.Add((e.TenantId, id));
            }
            else if (WebhookEventCatalog.Describe(e.Data) is var (name, data))
            {
                foreach (var route in routes.Values.Where(r => r.Webhook.Receives(name)).OrderBy(r => r.Id, StringComparer.Ordinal))
                {
                    var delivery = WebhookDeliveries.Of(route.Id, e, name, data, replayId: null, now);
                    operations.ForTenant(e.TenantId).Store(delivery);
                    await bus.PublishAsync(SendWebhook.Next(delivery), SendWebhook.Options(e.TenantId, delivery.WebhookId));
                }
            }
        }

        foreach (var (tenant, id) in changed)
        {
            var tenantOperations = operations.ForTenant(tenant);
            if (routesByTenant[tenant].TryGetValue(id, out var route)) tenantOperations.Store(route);
            else tenantOperations.Delete<WebhookRoute>(id);
        }
    }

    private static async Task<Dictionary<string, WebhookRoute>> LoadRoutesAsync(IDocumentStore store, string tenant, CancellationToken ct)
    {
        await using var query = store.QuerySession(tenant);
        return (await query.Query<WebhookRoute>().ToListAsync(ct)).ToDictionary(r => r.Id);
    }
}
