using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using FastEndpoints;
using FluentValidation;
using Marten;
using Microsoft.Extensions.Options;

namespace Commerce.Api.Webhooks;

public sealed class ChangeWebhookRequest : ConditionalRequest
{
    public string Id { get; set; } = "";
    public string? Url { get; set; }
    public IReadOnlyList<string>? Events { get; set; }

    /// <summary>false stops deliveries; true resumes them (also after the sender disabled the webhook).</summary>
    public bool? Active { get; set; }

    /// <summary>Deliveries sent at once, 1 (strictly in order) to 32.</summary>
    public int? MaxInFlight { get; set; }
}

public sealed class ChangeWebhookValidator : Validator<ChangeWebhookRequest>
{
    public ChangeWebhookValidator()
    {
        var options = Resolve<IOptions<WebhookOptions>>().Value;
        Include(new IfMatchRules());
        RuleFor(x => x).Must(x => x.Url is not null || x.Events is not null || x.Active is not null || x.MaxInFlight is not null)
            .WithName("body").WithMessage("Send url, events, active and/or max_in_flight.");
        RuleFor(x => x.Url).WebhookUrl(options);
        RuleFor(x => x.Events).EventNames();
        RuleFor(x => x.MaxInFlight).MaxInFlight();
    }
}

public static class ChangeWebhookHandler
{
    public static Task<IReadOnlyList<WriteOutcome<Webhook>>> Handle(
        CommandBatch<ChangeWebhook> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<ChangeWebhook, Webhook>(batch, WebhookDecisions.Decide, Webhook.Evolve, clock, ct);
}

public sealed class ChangeWebhookEndpoint : CommandEndpoint<ChangeWebhookRequest, WebhookResponse>
{
    public override void Configure()
    {
        Patch("webhooks/{id}");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.WithTags("Webhooks").WithSummary("Change a webhook's url or events, or pause and resume it")
            .Produces<WebhookResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(ChangeWebhookRequest req, CancellationToken ct) =>
        SendCommandAsync<ChangeWebhook, Webhook>(new ChangeWebhook(req.Id, req.Url, req.Events, req.Active, req.ExpectedVersion(), req.MaxInFlight),
            written => WebhookResponse.From(written.Result, written.Version), ct);
}
