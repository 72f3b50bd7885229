using Commerce.Domain.Webhooks;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Webhooks;

/// <summary>The domain's fold as a live aggregation, so handlers can FetchForWriting a Webhook. No rules here.</summary>
public sealed class WebhookStream : SingleStreamProjection<Webhook, string>
{
    public override Webhook? Evolve(Webhook? snapshot, string id, IEvent e) => Webhook.Evolve(snapshot, e.Data);
}
