using Commerce.Domain.Webhooks;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Webhooks;

/// <summary>Read model of one webhook for <c>GET /v1/webhooks[/{id}]</c>; a deleted webhook has none.</summary>
public sealed record WebhookView(string Id, Webhook State, long Version);

public sealed class WebhookViewProjection : SingleStreamProjection<WebhookView, string>
{
    public WebhookViewProjection() => this.IncludeEventsOf<IWebhookEvent>();

    public override WebhookView? Evolve(WebhookView? view, string id, IEvent e) =>
        Webhook.Evolve(view?.State, e.Data) is { } state ? new WebhookView(id, state, e.Version) : null;
}
