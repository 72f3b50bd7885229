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

public sealed class CreateWebhookRequest
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

public sealed class CreateWebhookValidator : Validator<CreateWebhookRequest>
{
    public CreateWebhookValidator()
    {
        var options = Resolve<IOptions<WebhookOptions>>().Value;
        RuleFor(x => x.Url).NotEmpty().WithMessage("url is required.").WebhookUrl(options);
        RuleFor(x => x.Events).NotNull().WithMessage("events is required: a list of event names.").EventNames();
        RuleFor(x => x.Secret).WebhookSecret();
        RuleFor(x => x.MaxInFlight).MaxInFlight();
    }
}

/// <summary>Registers a webhook and stores its secret apart from the events, in one transaction.</summary>
public sealed record CreateWebhook(string WebhookId, string Url, IReadOnlyList<string> Events, string Secret, int MaxInFlight);

public static class CreateWebhookHandler
{
    public static async Task<WriteOutcome<Webhook>> Handle(CreateWebhook command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await session.DecideAsync(command.WebhookId, null,
            new RegisterWebhook(command.WebhookId, command.Url, command.Events, WebhookSignatures.Mask(command.Secret), command.MaxInFlight), clock, ct);
        if (outcome is WriteOutcome<Webhook>.Written) session.Store(new WebhookSecrets(command.WebhookId, command.Secret, null, null));
        return outcome;
    }
}

public sealed class CreateWebhookEndpoint(CommandDispatcher commands) : Endpoint<CreateWebhookRequest, WebhookResponse>
{
    public override void Configure()
    {
        Post("webhooks");
        Policies(ApiScopes.Required(ApiScopes.ManageWebhooks));
        Description(d => d.WithTags("Webhooks").WithSummary("Register a webhook").Produces<WebhookResponse>(201).ProducesWriteProblems());
    }

    public override async Task HandleAsync(CreateWebhookRequest req, CancellationToken ct)
    {
        var secret = req.Secret ?? WebhookSignatures.NewSecret();
        var command = new CreateWebhook(WebhookRules.NewId("wh_"), req.Url!, req.Events!, secret, req.MaxInFlight ?? 1);
        var outcome = await commands.SendAsync<Webhook>(HttpContext, command.WebhookId, command, ct);
        if (outcome is WriteOutcome<Webhook>.Written(var webhook, var version, _))
        {
            HttpContext.Response.Headers.ETag = ETags.Of(version);
            HttpContext.Response.Headers.Location = $"/v1/webhooks/{webhook.Id}";
            await Send.ResponseAsync(WebhookResponse.From(webhook, version, secret), 201, ct);
            return;
        }
        await Send.ResultAsync(CommandDispatcher.ProblemFor(HttpContext, outcome));
    }
}
