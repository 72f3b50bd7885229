using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using FastEndpoints;
using FluentValidation;
using Marten;
using Microsoft.Extensions.Options;

namespace Commerce.Api.Webhooks;

public sealed class UpdateWebhookRequest
{
    public string Id { get; set; } = "";
    public string? Url { get; set; }
    public IReadOnlyList<string>? Events { get; set; }

    /// <summary>false stops deliveries; true resumes them (also after the sender disabled the webhook).</summary>
    public bool? Active { get; set; }

    /// <summary>Deliveries sent at once, 1 (strictly in order) to 32.</summary>
    public int? MaxInFlight { get; set; }

    [FromHeader("If-Match", isRequired: false)]
    public string? IfMatch { get; set; }
}

public sealed class UpdateWebhookValidator : Validator<UpdateWebhookRequest>
{
    public UpdateWebhookValidator()
    {
        var options = Resolve<IOptions<WebhookOptions>>().Value;
        RuleFor(x => x).Must(x => x.Url is not null || x.Events is not null || x.Active is not null || x.MaxInFlight is not null)
            .WithName("body").WithMessage("Send url, events, active and/or max_in_flight.");
        RuleFor(x => x.Url).WebhookUrl(options);
        RuleFor(x => x.Events).EventNames();
        RuleFor(x => x.MaxInFlight).MaxInFlight();
        RuleFor(x => x.IfMatch).Matches(ETags.IfMatchPattern).When(x => x.IfMatch is not null).WithMessage(ETags.IfMatchMessage);
    }
}

public sealed record UpdateWebhook(string WebhookId, ChangeWebhook Change, long? ExpectedVersion);

public static class UpdateWebhookHandler
{
    public static Task<WriteOutcome<Webhook>> Handle(UpdateWebhook command, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideAsync(command.WebhookId, command.ExpectedVersion, command.Change, clock, ct);
}

public sealed class UpdateWebhookEndpoint(CommandDispatcher commands) : Endpoint<UpdateWebhookRequest, WebhookResponse>
{
    public override void Configure()
    {
        Patch("webhooks/{id}");
        Policies(ApiScopes.Required(ApiScopes.ManageWebhooks));
        Description(d => d.WithTags("Webhooks").WithSummary("Change a webhook's url or events, or pause and resume it")
            .Produces<WebhookResponse>(200).ProducesWriteProblems());
    }

    public override async Task HandleAsync(UpdateWebhookRequest req, CancellationToken ct)
    {
        var command = new UpdateWebhook(req.Id, new ChangeWebhook(req.Url, req.Events, req.Active, req.MaxInFlight), ETags.ToVersion(req.IfMatch));
        var outcome = await commands.SendAsync<Webhook>(HttpContext, req.Id, command, ct);
        if (outcome is WriteOutcome<Webhook>.Written(var webhook, var version, _))
        {
            HttpContext.Response.Headers.ETag = ETags.Of(version);
            await Send.OkAsync(WebhookResponse.From(webhook, version), ct);
            return;
        }
        await Send.ResultAsync(CommandDispatcher.ProblemFor(HttpContext, outcome));
    }
}
