using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Domain.Webhooks;
using Commerce.Projections;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Webhooks;

public sealed class ListWebhookDeliveriesRequest : PagedRequest
{
    public string Id { get; set; } = "";

    /// <summary>pending | succeeded | failed | dead_lettered | skipped</summary>
    public string? Status { get; set; }

    /// <summary>The <c>meta.next_cursor</c> of the previous page: deliveries older than the last one shown.</summary>
    public string? After { get; set; }
}

public sealed class ListWebhookDeliveriesValidator : Validator<ListWebhookDeliveriesRequest>
{
    public ListWebhookDeliveriesValidator()
    {
        Include(new KeysetPagingRules<ListWebhookDeliveriesRequest>(x => x.After, IsSortKey));
        RuleFor(x => x.Status).Must(s => DeliveryStatus.All.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", DeliveryStatus.All)}.");
    }

    // The shape of WebhookDelivery.SortKey: ticks, sequence, delivery id.
    private static bool IsSortKey(string key) => key.Length is > 40 and < 200 && key.Split('.').Length == 3;
}

public sealed record DeliveryResponse(
    string Id, string WebhookId, string Event, long EventSequence, bool Replay, string Status, int Attempts, int? ResponseCode,
    int? LatencyMs, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextRetryAt)
{
    public static DeliveryResponse From(WebhookDelivery d) => new(d.Id, d.WebhookId, d.Event, d.EventSequence, d.ReplayId is not null, d.Status,
        d.Attempts, d.ResponseCode, d.LatencyMs, d.Error, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt);
}

public sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Data, CursorPageMeta Meta);

public sealed class ListWebhookDeliveriesEndpoint(IDocumentSession session) : Endpoint<ListWebhookDeliveriesRequest, DeliveryListResponse>
{
    public override void Configure()
    {
        Get("webhooks/{id}/deliveries");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("A webhook's delivery log, newest first")
            .Produces<DeliveryListResponse>(200).ProducesReadProblems());
    }

    /// <summary>
    /// The webhook, the count and the page in one round trip (a document session: Marten's batched <c>FetchLatest</c> needs one).
    /// </summary>
    public override async Task HandleAsync(ListWebhookDeliveriesRequest req, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var webhook = batch.Events.FetchLatest<Webhook>(req.Id);
        var deliveries = WebhooksRegistration.DeliveryCounts.Query(batch).Equal(req.Id, "webhook_id", x => x.WebhookId == req.Id);
        if (req.Status is { } status) deliveries.Where(x => x.Status == status);
        var total = deliveries.TotalAsync(batch, session);
        var page = deliveries.Query;
        if (req.After is { } cursor)
        {
            var after = KeysetPaging.Decode(cursor, _ => true)!;
            page = page.Filter(x => x.SortKey.CompareTo(after) < 0);
        }
        var rows = page.OrderByDescending(x => x.SortKey)
            .Skip(req.After is null ? (req.PageNumber - 1) * req.PageSize : 0).Take(req.PageSize + 1).ToList();
        await batch.Execute(ct);

        if (await webhook is null)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"Webhook {req.Id} does not exist."));
            return;
        }
        var shown = (await rows).Take(req.PageSize).ToList();
        var next = (await rows).Count > req.PageSize ? KeysetPaging.Encode(shown[^1].SortKey) : null;
        await Send.OkAsync(new DeliveryListResponse(shown.Select(DeliveryResponse.From).ToList(), CursorPageMeta.Of(req, await total, next)), ct);
    }

}
