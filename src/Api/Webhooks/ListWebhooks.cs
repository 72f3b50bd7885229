using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Webhooks;

public sealed class ListWebhooksRequest : PagedRequest;

public sealed class ListWebhooksValidator : Validator<ListWebhooksRequest>
{
    public ListWebhooksValidator() => Include(new PagingRules());
}

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Data, PageMeta Meta) : PagedList<WebhookResponse>(Data, Meta);

public sealed class ListWebhooksEndpoint(IQuerySession session) : Endpoint<ListWebhooksRequest, WebhookListResponse>
{
    public override void Configure()
    {
        Get("webhooks");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("All webhooks, oldest first").Produces<WebhookListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListWebhooksRequest req, CancellationToken ct)
    {
        var all = session.Query<WebhookView>();
        var count = await all.CountAsync(ct);
        var page = await all.OrderBy(x => x.State.CreatedAt).ThenBy(x => x.Id)
            .Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToListAsync(ct);
        await Send.OkAsync(new WebhookListResponse(page.Select(v => WebhookResponse.From(v.State, v.Version)).ToList(), PageMeta.Of(req, count)), ct);
    }
}
