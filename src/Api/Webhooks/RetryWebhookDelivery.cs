using Commerce.Api.Access;
using Commerce.Api.Http;
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

/// <summary>What a manual retry came to: the delivery scheduled again, or why not. It touches documents, not a stream.</summary>
public sealed record RetryDeliveryOutcome(WebhookDelivery? Scheduled, DomainError? Error)
{
    public static RetryDeliveryOutcome Refused(ErrorKind kind, string code, string detail) => new(null, new DomainError(kind, code, detail));
}

public static class RetryDeliveryHandler
{
    public static async Task<RetryDeliveryOutcome> Handle(RetryDelivery command, IDocumentSession session, IMessageContext bus,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var webhook = await session.Events.FetchLatest<Webhook>(command.WebhookId, ct);
        var delivery = await session.LoadAsync<WebhookDelivery>(command.DeliveryId, ct);
        if (webhook is null || delivery is null || delivery.WebhookId != command.WebhookId)
            return RetryDeliveryOutcome.Refused(ErrorKind.NotFound, "not_found", $"Webhook {command.WebhookId} has no delivery {command.DeliveryId}.");
        if (!webhook.Enabled)
            return RetryDeliveryOutcome.Refused(ErrorKind.Conflict, WebhookDecisions.WebhookDisabledCode,
                $"Webhook {webhook.Id} is disabled ({webhook.DisabledReason}); enable it with PATCH {{\"active\": true}} first.");
        if (delivery.Status == DeliveryStatus.Pending)
            return RetryDeliveryOutcome.Refused(ErrorKind.Conflict, "delivery_pending", $"Delivery {delivery.Id} is still waiting for its first attempt.");

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
        return new RetryDeliveryOutcome(again, null);
    }
}

public sealed class RetryWebhookDeliveryEndpoint(IMessageBus bus) : Endpoint<RetryWebhookDeliveryRequest, DeliveryResponse>
{
    public override void Configure()
    {
        Post("webhooks/{id}/deliveries/{delivery_id}/retry");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("Send a delivery again now")
            .Produces<DeliveryResponse>(202).ProducesWriteProblems());
    }

    public override async Task HandleAsync(RetryWebhookDeliveryRequest req, CancellationToken ct)
    {
        var outcome = await bus.InvokeForTenantAsync<RetryDeliveryOutcome>(User.TenantId(), new RetryDelivery(req.Id, req.DeliveryId), ct);
        if (outcome.Scheduled is { } delivery) await Send.ResponseAsync(DeliveryResponse.From(delivery), 202, ct);
        else await Send.ResultAsync(Problems.For(HttpContext, outcome.Error!));
    }
}
