using System.Buffers.Text;
using System.Text;
using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Domain.Webhooks;
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
        Include(new PagingRules());
        RuleFor(x => x.Status).Must(s => DeliveryStatus.All.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", DeliveryStatus.All)}.");
        RuleFor(x => x.After).Must(a => DeliveryCursor.Decode(a!) is not null).When(x => x.After is not null)
            .WithMessage("after must be a next_cursor this API returned.");
        RuleFor(x => x.Page).Null().When(x => x.After is not null).WithMessage("Send either page or after, not both.");
    }
}

public sealed record DeliveryResponse(
    string Id, string WebhookId, string Event, long EventSequence, bool Replay, string Status, int Attempts, int? ResponseCode,
    int? LatencyMs, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextRetryAt)
{
    public static DeliveryResponse From(WebhookDelivery d) => new(d.Id, d.WebhookId, d.Event, d.EventSequence, d.ReplayId is not null, d.Status,
        d.Attempts, d.ResponseCode, d.LatencyMs, d.Error, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt);
}

public sealed record DeliveryPageMeta(long Total, int Page, int Limit, long TotalPages, string? NextCursor);

public sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Data, DeliveryPageMeta Meta);

/// <summary>The cursor is the delivery's sort key, opaque to clients (base64url).</summary>
internal static class DeliveryCursor
{
    public static string Encode(string sortKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sortKey));

    public static string? Decode(string cursor)
    {
        try
        {
            var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return key.Length is > 40 and < 200 && key.Split('.').Length == 3 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

public sealed class ListWebhookDeliveriesEndpoint(IQuerySession session) : Endpoint<ListWebhookDeliveriesRequest, DeliveryListResponse>
{
    public override void Configure()
    {
        Get("webhooks/{id}/deliveries");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.ClearDefaultAccepts().WithTags("Webhooks").WithSummary("A webhook's delivery log, newest first")
            .Produces<DeliveryListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListWebhookDeliveriesRequest req, CancellationToken ct)
    {
        if (await session.Events.AggregateStreamAsync<Webhook>(req.Id, token: ct) is null)
        {
            await Send.ResultAsync(Problems.For(HttpContext, 404, "not_found", $"Webhook {req.Id} does not exist."));
            return;
        }

        var filtered = session.Query<WebhookDelivery>().Where(x => x.WebhookId == req.Id);
        if (req.Status is { } status) filtered = filtered.Where(x => x.Status == status);
        var total = await filtered.CountAsync(ct);

        var page = filtered;
        if (req.After is not null)
        {
            var after = DeliveryCursor.Decode(req.After)!;
            page = page.Where(x => x.SortKey.CompareTo(after) < 0);
        }
        var rows = await page.OrderByDescending(x => x.SortKey)
            .Skip(req.After is null ? (req.PageNumber - 1) * req.PageSize : 0).Take(req.PageSize + 1).ToListAsync(ct);
        var shown = rows.Take(req.PageSize).ToList();
        var next = rows.Count > req.PageSize ? DeliveryCursor.Encode(shown[^1].SortKey) : null;
        var meta = PageMeta.Of(req, total);
        await Send.OkAsync(new DeliveryListResponse(shown.Select(DeliveryResponse.From).ToList(),
            new DeliveryPageMeta(meta.Total, meta.Page, meta.Limit, meta.TotalPages, next)), ct);
    }
}
