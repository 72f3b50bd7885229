using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Webhooks;

public sealed class GetWebhookRequest
{
    public string Id { get; set; } = "";
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
        if (await session.LoadAsync<WebhookView>(req.Id, ct) is not { } view)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"Webhook {req.Id} does not exist."));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.Of(view.Version);
        await Send.OkAsync(WebhookResponse.From(view.State, view.Version), ct);
    }
}
