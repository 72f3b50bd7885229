using System.Diagnostics;
using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Domain.Common;
using Commerce.Domain.Webhooks;
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

/// <summary>What a manual retry came to: the delivery scheduled again, or why not. It touches documents, not a stream.</summary>
public sealed record RetryDeliveryOutcome(WebhookDelivery? Scheduled, DomainError? Error);

/// <summary>A person's retry (<see cref="RetryDelivery"/>): the rules are <see cref="DeliveryDecisions"/>.</summary>
public static class RetryDeliveryHandler
{
    public static async Task<RetryDeliveryOutcome> Handle(RetryDelivery command, IDocumentSession session, IMessageContext bus,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var webhook = await session.Events.FetchLatest<Webhook>(command.WebhookId, ct);
        var delivery = await session.LoadAsync<WebhookDelivery>(command.DeliveryId, ct);
        var health = await session.LoadAsync<WebhookHealth>(command.WebhookId, ct);
        var now = clock.GetUtcNow();

        var decision = DeliveryDecisions.Decide(command, delivery, webhook, health, now, options.Value.Policy);
        switch (decision)
        {
            case ManualRetry.SendNow(var again, var probing):
                session.Store(again);
                if (probing is not null) session.Store(probing);
                await bus.PublishAsync(new DeliverWebhook(again.WebhookId), DeliverWebhook.Options(session.TenantId, again.WebhookId));
                return new RetryDeliveryOutcome(again, null);
            case ManualRetry.Refused(var error):
                return new RetryDeliveryOutcome(null, error);
            default:
                throw new UnreachableException($"{decision} is not a manual retry decision.");
        }
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
