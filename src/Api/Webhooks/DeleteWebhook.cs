using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Webhooks;

public sealed class DeleteWebhookRequest : ConditionalRequest
{
    public string Id { get; set; } = "";
}

public sealed class DeleteWebhookValidator : Validator<DeleteWebhookRequest>
{
    public DeleteWebhookValidator() => Include(new IfMatchRules());
}

public sealed record DeleteWebhookResponse(bool Deleted, string Id);

/// <summary>Deletes the webhooks and forgets their secrets; the delivery log stays readable through the event history only.</summary>
public static class DeleteWebhookHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Webhook>>> Handle(
        CommandBatch<DeleteWebhook> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcomes = await session.DecideEachAsync<DeleteWebhook, Webhook>(batch, WebhookDecisions.Decide, Webhook.Evolve, clock, ct);
        foreach (var (command, _) in batch.Written(outcomes))
        {
            session.Delete<WebhookSecrets>(command.WebhookId);
            session.Delete<WebhookHealth>(command.WebhookId);
        }
        return outcomes;
    }
}

public sealed class DeleteWebhookEndpoint : CommandEndpoint<DeleteWebhookRequest, DeleteWebhookResponse>
{
    public override void Configure()
    {
        Delete("webhooks/{id}");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("Delete a webhook; nothing more is delivered to it")
            .Produces<DeleteWebhookResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(DeleteWebhookRequest req, CancellationToken ct) =>
        SendCommandAsync<DeleteWebhook, Webhook>(new DeleteWebhook(req.Id, req.ExpectedVersion()), _ => new DeleteWebhookResponse(true, req.Id), ct);
}
