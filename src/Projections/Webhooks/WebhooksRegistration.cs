using Commerce.Domain.Webhooks;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Webhooks;

public static class WebhooksRegistration
{
    /// <summary>The deliveries still to send, as SQL: a webhook's queue, and the predicate of the index that serves it.</summary>
    public const string Waiting = $"status in ('{DeliveryStatus.Pending}', '{DeliveryStatus.Failed}')";

    public static StoreOptions AddWebhooks(this StoreOptions opts)
    {
        opts.Projections.Add(new WebhookStream(), ProjectionLifecycle.Live);
        opts.Projections.Add(new WebhookViewProjection(), ProjectionLifecycle.Async);
        opts.Schema.For<WebhookView>().Duplicate(x => x.State.CreatedAt);
        opts.Schema.For<WebhookDelivery>()
            .Duplicate(x => x.WebhookId)   // the delivery log filters and pages on these in SQL
            .Duplicate(x => x.SortKey)
            .Duplicate(x => x.Status)
            // A webhook's queue in order, without walking its history of sent ones.
            .Index([x => x.WebhookId, x => x.SortKey], index =>
            {
                index.Name = "mt_doc_webhookdelivery_idx_queue";
                index.Predicate = Waiting;
            });
        opts.Schema.For<WebhookRoute>();
        opts.Schema.For<WebhookSecrets>();
        opts.Schema.For<WebhookHealth>();
        return opts;
    }
}
