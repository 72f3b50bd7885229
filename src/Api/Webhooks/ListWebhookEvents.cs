using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Projections.Webhooks;
using FastEndpoints;

namespace Commerce.Api.Webhooks;

/// <param name="Raised">False for a name only announced: a webhook may subscribe to it, but nothing raises it until its
/// context exists, so no delivery comes for it yet.</param>
public sealed record WebhookEventResponse(string Name, string Description, bool Raised, WebhookPayload Example);

public sealed record WebhookEventsResponse(IReadOnlyList<WebhookEventResponse> Data);

public sealed class ListWebhookEventsEndpoint : EndpointWithoutRequest<WebhookEventsResponse>
{
    private static readonly DateTimeOffset ExampleTime = new(2026, 4, 17, 9, 45, 0, TimeSpan.Zero);

    public override void Configure()
    {
        Get("webhook-events");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("Every event name a webhook can subscribe to, with an example payload")
            .WithDescription("`raised: false` marks a name only announced: subscribing to it is allowed, deliveries start once its context raises it.")
            .Produces<WebhookEventsResponse>(200).ProducesReadProblems());
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new WebhookEventsResponse(WebhookEventCatalog.All
        .Select(e => new WebhookEventResponse(e.Name, e.Description, e.IsRaised, new WebhookPayload("dlv_5f1c0e9a2b7d4c3e8a6f0b1d", e.Name, ExampleTime, e.ExampleData, false)))
        .ToList()), ct);
}
