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
        Policies(ApiScopes.Required(ApiScopes.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("One webhook (secret masked)").Produces<WebhookResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetWebhookRequest req, CancellationToken ct)
    {
        if (req.AsOf is not null || req.Version is not null)
        {
            switch (await session.RebuildAsync(req.Id, new WebhookViewProjection(), req, ct))
            {
                case TimeTravel.Outcome<WebhookView>.Found(var then):
                    HttpContext.Response.Headers.ETag = ETags.Of(then.Version);
                    await Send.OkAsync(WebhookResponse.From(then.State, then.Version), ct);
                    return;
                case TimeTravel.Outcome<WebhookView>.OutOfRange(var status, var code, var detail):
                    await Send.ResultAsync(Problems.For(HttpContext, status, code, detail));
                    return;
            }
        }

        if (await session.LoadAsync<WebhookView>(req.Id, ct) is not { } view)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"Webhook {req.Id} does not exist."));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.Of(view.Version);
        await Send.OkAsync(WebhookResponse.From(view.State, view.Version), ct);
    }
}
