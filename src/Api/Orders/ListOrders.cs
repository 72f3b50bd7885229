using System.Globalization;
using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Api.Inventory;
using Commerce.Domain.Orders;
using Commerce.Projections.Orders;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Orders;

public sealed class ListOrdersRequest : PagedRequest
{
    /// <summary>new | processing | ready | shipped | delivered | cancelled | return</summary>
    public string? Status { get; set; }

    public string? Channel { get; set; }

    /// <summary>Placed at or after: an ISO 8601 date (from its start, UTC) or time.</summary>
    public string? From { get; set; }

    /// <summary>Placed before: an ISO 8601 time, or a date (through its end, UTC).</summary>
    public string? To { get; set; }

    /// <summary><c>breached</c>: past the SLA deadline and not shipped yet.</summary>
    public string? Sla { get; set; }

    /// <summary>Part of the order id, the channel order id, or the customer's name, email or id (any case).</summary>
    public string? Q { get; set; }

    /// <summary>Read-your-writes: wait (bounded) until the list reflects every write committed before the request.</summary>
    public bool? Consistent { get; set; }
}

/// <summary>A day (<c>2026-04-01</c>, taken in UTC) or a moment; as the end of a range a day includes itself.</summary>
public static class DateRange
{
    public static bool IsValid(string? value) => value is null || Parse(value, end: false) is not null;

    public static DateTimeOffset? Parse(string value, bool end)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(end ? 1 : 0);
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    public const string Message = "must be an ISO 8601 date (2026-04-01) or time (2026-04-01T09:00:00Z).";
}

public sealed class ListOrdersValidator : Validator<ListOrdersRequest>
{
    public ListOrdersValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Status).Must(s => OrderStatus.All.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", OrderStatus.All)}.");
        RuleFor(x => x.Channel).Must(c => InventoryRules.IsChannel(c!)).When(x => x.Channel is not null).WithMessage(InventoryRules.ChannelMessage);
        RuleFor(x => x.From).Must(DateRange.IsValid).WithMessage("from " + DateRange.Message);
        RuleFor(x => x.To).Must(DateRange.IsValid).WithMessage("to " + DateRange.Message);
        RuleFor(x => x.Sla).Equal("breached").When(x => x.Sla is not null).WithMessage("sla takes one value: breached.");
        RuleFor(x => x.Q).MaximumLength(100);
    }
}

public sealed record OrderListResponse(IReadOnlyList<OrderResponse> Data, PageMeta Meta) : PagedList<OrderResponse>(Data, Meta);

/// <summary><c>GET /v1/orders</c>: newest first, filtered and paged in SQL.</summary>
public sealed class ListOrdersEndpoint(IQuerySession session, ReadYourWrites readYourWrites, TimeProvider clock)
    : Endpoint<ListOrdersRequest, OrderListResponse>
{
    public override void Configure()
    {
        Get("orders");
        Policies(ApiScopes.Required(OrdersContext.ReadOrders), ApiScopes.AnySecretKey);   // customers' details: no public keys
        Description(d => d.ClearDefaultAccepts().WithTags("Orders").WithSummary("Orders of every channel, newest first")
            .Produces<OrderListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListOrdersRequest req, CancellationToken ct)
    {
        if (req.Consistent == true) await readYourWrites.CatchUpAsync(session, nameof(OrderView), ct);
        // One round trip: the page and the total, which the order counts by status and channel give in a few rows unless
        // the list filters by time or text too (then the filtered orders are counted, through the index of the filter).
        var batch = session.CreateBatchQuery();
        var query = batch.Query<OrderView>();
        var counted = new List<(string Column, string Value)>();
        if (req.Status is { } status)
        {
            query = query.Where(x => x.Status == status);
            counted.Add(("status", status));
        }
        if (req.Channel is { } channel)
        {
            query = query.Where(x => x.Channel == channel);
            counted.Add(("channel", channel));
        }
        if (req.From is { } from && DateRange.Parse(from, end: false) is { } since) query = query.Where(x => x.CreatedAt >= since);
        if (req.To is { } to && DateRange.Parse(to, end: true) is { } until) query = query.Where(x => x.CreatedAt < until);
        if (req.Sla is not null)
        {
            var now = clock.GetUtcNow();
            query = query.Where(x => x.AwaitingShipment && x.SlaDeadline < now);
        }
        if (req.Q is { Length: > 0 } q)
        {
            var text = q.ToLowerInvariant();
            query = query.Where(x => x.SearchText.Contains(text));
        }

        var total = req is { From: null, To: null, Sla: null, Q: null or "" }
            ? OrdersRegistration.OrderCounts.CountAsync(batch, session, [.. counted])
            : query.Count();
        var page = query.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToList();
        await batch.Execute(ct);
        await Send.OkAsync(new OrderListResponse([.. (await page).Select(OrderResponse.From)], PageMeta.Of(req, await total)), ct);
    }
}
