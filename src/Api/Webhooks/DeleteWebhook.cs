using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Webhooks;

public sealed class DeleteWebhookRequest
{
    public string Id { get; set; } = "";

    [FromHeader("If-Match", isRequired: false)]
    public string? IfMatch { get; set; }
}

public sealed class DeleteWebhookValidator : Validator<DeleteWebhookRequest>
{
    public DeleteWebhookValidator() =>
        RuleFor(x => x.IfMatch).Matches(ETags.IfMatchPattern).When(x => x.IfMatch is not null).WithMessage(ETags.IfMatchMessage);
}

public sealed record DeleteWebhookResponse(bool Deleted, string Id);

/// <summary>Deletes the webhook and forgets its secrets; its delivery log stays readable through the event history only.</summary>
public sealed record RemoveWebhook(string WebhookId, long? ExpectedVersion);

public static class RemoveWebhookHandler
{
    public static async Task<WriteOutcome<Webhook>> Handle(RemoveWebhook command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await session.DecideAsync(command.WebhookId, command.ExpectedVersion, new DeleteWebhook(), clock, ct);
        if (outcome is WriteOutcome<Webhook>.Written)
        {
            session.Delete<WebhookSecrets>(command.WebhookId);
            session.Delete<WebhookHealth>(command.WebhookId);
        }
        return outcome;
    }
}

public sealed class DeleteWebhookEndpoint(CommandDispatcher commands) : Endpoint<DeleteWebhookRequest, DeleteWebhookResponse>
{
    public override void Configure()
    {
        Delete("webhooks/{id}");
        Policies(ApiScopes.Required(ApiScopes.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("Delete a webhook; nothing more is delivered to it")
            .Produces<DeleteWebhookResponse>(200).ProducesWriteProblems());
    }

    public override async Task HandleAsync(DeleteWebhookRequest req, CancellationToken ct)
    {
        var outcome = await commands.SendAsync<Webhook>(HttpContext, req.Id, new RemoveWebhook(req.Id, ETags.ToVersion(req.IfMatch)), ct);
        if (outcome is WriteOutcome<Webhook>.Written)
        {
            await Send.OkAsync(new DeleteWebhookResponse(true, req.Id), ct);
            return;
        }
        await Send.ResultAsync(CommandDispatcher.ProblemFor(HttpContext, outcome));
    }
}
