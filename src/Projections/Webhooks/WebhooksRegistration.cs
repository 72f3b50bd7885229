using Commerce.Domain.Webhooks;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Webhooks;

public static class WebhooksRegistration
{
    public static StoreOptions AddWebhooks(this StoreOptions opts)
    {
        opts.Projections.Add(new DomainFold<Webhook>(Webhook.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new WebhookViewProjection(), ProjectionLifecycle.Async);
        opts.IndexForLists<WebhookView>([x => x.State.CreatedAt], new TenantIndex("state_created_at", "id"));   // the list, oldest first
        // The delivery log of one webhook, newest first, with or without a status.
        opts.IndexForLists<WebhookDelivery>([x => x.WebhookId, x => x.SortKey, x => x.Status],
            new TenantIndex("webhook_id", "sort_key"), new TenantIndex("webhook_id", "status", "sort_key"));
        opts.Schema.For<WebhookRoute>();
        opts.Schema.For<WebhookSecrets>();
        opts.Schema.For<WebhookHealth>();
        return opts;
    }
}
