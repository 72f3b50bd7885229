using Commerce.Api.Access;
using Commerce.Projections.Webhooks;
using Commerce.Api.History;
using Commerce.Api.Http;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Webhooks;

public sealed class GetWebhookRequest : RecordRequest
{
    public string Id { get; set; } = "";
}

public sealed class GetWebhookValidator : Validator<GetWebhookRequest>
{
    public GetWebhookValidator(TimeProvider clock) => Include(new RecordRequestRules(clock));
}

public sealed class GetWebhookEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<GetWebhookRequest, WebhookResponse>
{
    public override void Configure()
    {
        Get("webhooks/{id}");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("One webhook (secret masked)").Produces<WebhookResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetWebhookRequest req, CancellationToken ct) => await SendRecordAsync(
        await session.FindAsync(readYourWrites, req.Id, new WebhookViewProjection(), v => v.Version, req, $"Webhook {req.Id} does not exist.", ct),
        v => v.Version, v => WebhookResponse.From(v.State, v.Version), ct);
}
