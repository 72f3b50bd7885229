using Commerce.Domain.Webhooks;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Webhooks;

public static class WebhooksRegistration
{
    /// <summary>
    /// The deliveries still to send, as SQL: a webhook's queue, and the predicate of the index that serves it. Written as
    /// PostgreSQL prints it back (<c>status in ('pending', 'failed')</c>, in the one spelling that PostgreSQL prints as it
    /// was written), so that the schema check finds the index as declared instead of recreating it at every start.
    /// </summary>
    public const string Waiting =
        $"(status)::text = ANY (ARRAY[('{DeliveryStatus.Pending}'::character varying)::text, ('{DeliveryStatus.Failed}'::character varying)::text])";

    /// <summary>
    /// A webhook's deliveries, for the log's total. By webhook only, which a delivery never changes, so the sender's
    /// status writes (every attempt) do not reach the trigger: moving deliveries between counts by status there slowed
    /// them (bench/findings.md); a list by status counts its matches. Striped: a replay inserts up to 10,000 deliveries
    /// of one webhook in one transaction.
    /// </summary>
    public static readonly ListCounts<WebhookDelivery> DeliveryCounts = new("delivery", "webhook_id") { Stripes = 64, ColumnsNeverChange = true };

    public static StoreOptions AddWebhooks(this StoreOptions opts)
    {
        opts.Projections.Add(new DomainFold<Webhook, IWebhookEvent>(Webhook.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new WebhookViewProjection(), ProjectionLifecycle.Async);
        opts.IndexForLists<WebhookView>([x => x.State.CreatedAt], new TenantIndex("state_created_at", "id"));   // the list, oldest first
        // The delivery log of one webhook, newest first, with or without a status.
        opts.IndexForLists<WebhookDelivery>([x => x.WebhookId, x => x.SortKey, x => x.Status],
            new TenantIndex("webhook_id", "sort_key"), new TenantIndex("webhook_id", "status", "sort_key"),
            // A webhook's queue in order, without walking its history of sent ones.
            new TenantIndex("webhook_id", "sort_key") { Partial = ("waiting", Waiting) });
        opts.Schema.For<WebhookDelivery>();   // known up front: its counts' trigger is created after its table
        opts.CountForLists(DeliveryCounts);
        opts.Schema.For<WebhookRoute>();
        opts.Schema.For<WebhookSecrets>();
        opts.Schema.For<WebhookHealth>();
        return opts;
    }
}
