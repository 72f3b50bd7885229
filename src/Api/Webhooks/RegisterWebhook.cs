using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using FluentValidation;
using Marten;
using Microsoft.Extensions.Options;

namespace Commerce.Api.Webhooks;

public sealed class RegisterWebhookRequest
{
    /// <summary>HTTPS URL that receives a POST per subscribed event.</summary>
    public string? Url { get; set; }

    /// <summary>Event names, see <c>GET /v1/webhook-events</c>.</summary>
    public IReadOnlyList<string>? Events { get; set; }

    /// <summary>Optional signing secret; one (<c>whsec_...</c>) is generated when absent. Shown only in this answer.</summary>
    public string? Secret { get; set; }

    /// <summary>Deliveries sent at once, 1 (the default: strictly in order) to 32; above 1 see "Delivery and retries".</summary>
    public int? MaxInFlight { get; set; }
}

public sealed class RegisterWebhookValidator : Validator<RegisterWebhookRequest>
{
    public RegisterWebhookValidator()
    {
        var options = Resolve<IOptions<WebhookOptions>>().Value;
        RuleFor(x => x.Url).NotEmpty().WithMessage("url is required.").WebhookUrl(options);
        RuleFor(x => x.Events).NotNull().WithMessage("events is required: a list of event names.").EventNames();
        RuleFor(x => x.Secret).WebhookSecret();
        RuleFor(x => x.MaxInFlight).MaxInFlight();
    }
}

/// <summary>Registers the webhooks and stores their secrets apart from the events, in the same transaction.</summary>
public static class RegisterWebhookHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Webhook>>> Handle(
        CommandBatch<RegisterWebhook> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcomes = await session.DecideEachAsync<RegisterWebhook, Webhook>(batch, WebhookDecisions.Decide, Webhook.Evolve, clock, ct);
        foreach (var (command, _) in batch.Written(outcomes)) session.Store(new WebhookSecrets(command.WebhookId, command.Secret, null, null));
        return outcomes;
    }
}

public sealed class RegisterWebhookEndpoint : CommandEndpoint<RegisterWebhookRequest, WebhookResponse>
{
    public override void Configure()
    {
        Post("webhooks");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.WithTags("Webhooks").WithSummary("Register a webhook").Produces<WebhookResponse>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(RegisterWebhookRequest req, CancellationToken ct)
    {
        var secret = req.Secret ?? WebhookSignatures.NewSecret();
        return SendCommandAsync<RegisterWebhook, Webhook>(new RegisterWebhook(WebhookRules.NewId(WebhookRules.WebhookIdPrefix), req.Url!, req.Events!, secret, req.MaxInFlight ?? 1),
            written => WebhookResponse.From(written.Result, written.Version, secret), ct, 201, webhook => $"/v1/webhooks/{webhook.Id}");
    }
}
