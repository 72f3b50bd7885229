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
        opts.Schema.For<WebhookView>().Duplicate(x => x.State.CreatedAt);
        opts.Schema.For<WebhookDelivery>()
            .Duplicate(x => x.WebhookId)   // the delivery log filters and pages on these in SQL
            .Duplicate(x => x.SortKey)
            .Duplicate(x => x.Status);
        opts.Schema.For<WebhookRoute>();
        opts.Schema.For<WebhookSecrets>();
        opts.Schema.For<WebhookHealth>();
        return opts;
    }
}
