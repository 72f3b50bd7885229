using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Common;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Commerce.Api.Webhooks;

public sealed class RetryWebhookDeliveryRequest
{
    public string Id { get; set; } = "";
    public string DeliveryId { get; set; } = "";
}

/// <summary>
/// Sends a delivery again now. A delivery whose retries were spent (or that was skipped or succeeded) gets this one
/// attempt; a failing one keeps the rest of its schedule.
/// </summary>
public sealed record RetryDelivery(string WebhookId, string DeliveryId);

public static class RetryDeliveryHandler
{
    public static async Task<WriteOutcome<WebhookDelivery>> Handle(RetryDelivery command, IDocumentSession session, IMessageContext bus,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var webhook = await session.Events.FetchLatest<Webhook>(command.WebhookId, ct);
        var delivery = await session.LoadAsync<WebhookDelivery>(command.DeliveryId, ct);
        if (webhook is null || delivery is null || delivery.WebhookId != command.WebhookId)
            return Rejected(ErrorKind.NotFound, "not_found", $"Webhook {command.WebhookId} has no delivery {command.DeliveryId}.");
        if (!webhook.Enabled)
            return Rejected(ErrorKind.Conflict, WebhookDecisions.WebhookDisabledCode,
                $"Webhook {webhook.Id} is disabled ({webhook.DisabledReason}); enable it with PATCH {{\"active\": true}} first.");
        if (delivery.Status == DeliveryStatus.Pending)
            return Rejected(ErrorKind.Conflict, "delivery_pending", $"Delivery {delivery.Id} is still waiting for its first attempt.");

        var now = clock.GetUtcNow();
        var again = delivery with
        {
            Status = DeliveryStatus.Pending, Generation = delivery.Generation + 1, NextAttemptAt = now,
            RetryStep = delivery.Status == DeliveryStatus.Failed ? delivery.RetryStep : options.Value.Schedule.Count
        };
        session.Store(again);
        if (await session.LoadAsync<WebhookHealth>(webhook.Id, ct) is { BlockedUntil: not null } health)
            session.Store(health with { ProbeDeliveryId = delivery.Id });   // a person asked: this one goes now, not after the probe
        await bus.PublishAsync(SendWebhook.Next(again), SendWebhook.Options(session.TenantId, webhook.Id));
        return new WriteOutcome<WebhookDelivery>.Written(again, 0, now);
    }

    private static WriteOutcome<WebhookDelivery> Rejected(ErrorKind kind, string code, string detail) =>
        new WriteOutcome<WebhookDelivery>.Rejected(new DomainError(kind, code, detail));
}

public sealed class RetryWebhookDeliveryEndpoint(CommandDispatcher commands) : Endpoint<RetryWebhookDeliveryRequest, DeliveryResponse>
{
    public override void Configure()
    {
        Post("webhooks/{id}/deliveries/{delivery_id}/retry");
        Policies(ApiScopes.Required(ApiScopes.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("Send a delivery again now")
            .Produces<DeliveryResponse>(202).ProducesWriteProblems());
    }

    public override async Task HandleAsync(RetryWebhookDeliveryRequest req, CancellationToken ct)
    {
        var outcome = await commands.SendAsync<WebhookDelivery>(HttpContext, req.Id, new RetryDelivery(req.Id, req.DeliveryId), ct);
        if (outcome is WriteOutcome<WebhookDelivery>.Written(var delivery, _, _))
        {
            await Send.ResponseAsync(DeliveryResponse.From(delivery), 202, ct);
            return;
        }
        await Send.ResultAsync(CommandDispatcher.ProblemFor(HttpContext, outcome));
    }
}
