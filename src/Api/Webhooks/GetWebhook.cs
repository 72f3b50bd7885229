using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Projections.Webhooks;
using Commerce.Api.History;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Webhooks;

public sealed class GetWebhookRequest : ITimeTravelRequest
{
    public string Id { get; set; } = "";

    /// <summary>Answer the webhook as it was at this moment (rebuilt from its events).</summary>
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Answer the webhook as it was at this stream version.</summary>
    public long? Version { get; set; }
}

public sealed class GetWebhookValidator : Validator<GetWebhookRequest>
{
    public GetWebhookValidator(TimeProvider clock) => Include(new TimeTravelRules(clock));
}

public sealed class GetWebhookEndpoint(IQuerySession session) : Endpoint<GetWebhookRequest, WebhookResponse>
{
    public override void Configure()
    {
        Get("webhooks/{id}");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("One webhook (secret masked)").Produces<WebhookResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetWebhookRequest req, CancellationToken ct)
    {
        var found = req.Requested()
            ? await session.AsItWasAsync(req.Id, new WebhookViewProjection(), req, ct)
            : new AsItWas<WebhookView>(await session.LoadAsync<WebhookView>(req.Id, ct), 404, "not_found", $"Webhook {req.Id} does not exist.");
        if (found.View is not { } view)
        {
            await Send.ResultAsync(Problems.For(HttpContext, found.Status, found.Code, found.Detail));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.Of(view.Version);
        await Send.OkAsync(WebhookResponse.From(view.State, view.Version), ct);
    }
}
