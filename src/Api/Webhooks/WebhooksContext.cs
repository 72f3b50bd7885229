using Commerce.Api.History;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using Marten;

[assembly: ApiTag("Webhooks",
    "Signed POSTs of the events a webhook subscribes to: register, change, pause or delete it, rotate its secret, read its delivery log, retry and replay.")]

namespace Commerce.Api.Webhooks;

/// <summary>Signed webhooks: subscriptions, deliveries, replays.</summary>
public sealed class WebhooksContext : CommerceContext
{
    public const string ManageWebhooks = "manage_webhooks";

    public override IReadOnlyList<EventResource> Resources { get; } = [new("webhooks", ManageWebhooks, typeof(IWebhookEvent))];

    public override IReadOnlyList<string> Scopes { get; } = [ManageWebhooks];

    // A webhook's own changes are not sent to webhooks: a receiver learns of them from the answers of its own requests.
    public override IReadOnlyList<Type> InternalEvents => Resources[0].EventTypes;

    public override void ConfigureStore(StoreOptions store) => store.AddWebhooks();

    public override void ConfigureHost(WebApplicationBuilder builder) => builder.AddWebhooks();
}
