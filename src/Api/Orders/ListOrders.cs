using System.Globalization;
using System.Linq.Expressions;
using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Api.Inventory;
using Commerce.Domain.Orders;
using Commerce.Projections;
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

    /// <summary>The <c>meta.next_cursor</c> of the previous page: the orders placed before the last one shown (instead of <c>page</c>).</summary>
    public string? After { get; set; }

    /// <summary>Read-your-writes: wait (bounded) until the list reflects every write committed before the request.</summary>
    public bool? Consistent { get; set; }
}

/// <summary>
/// The orders list's keyset: an order's placing time (in microseconds, PostgreSQL's precision) and id, newest first, so
/// the page after a cursor is read through the <c>(tenant, [status|channel,] created_at, id)</c> indexes at any depth.
/// </summary>
public static class OrderCursor
{
    private static readonly long MaxMicros = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static string Of(OrderView order) => KeysetPaging.Encode($"{(order.CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10}\n{order.Id}");

    public static bool IsKey(string key) => Parse(key) is not null;

    private static (DateTimeOffset At, string Id)? Parse(string key) =>
        key.Split('\n') is [var micros, { Length: > 0 } id]
        && long.TryParse(micros, NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at <= MaxMicros
            ? (DateTimeOffset.UnixEpoch.AddTicks(at * 10), id)
            : null;

    /// <summary>
    /// The orders after the cursor: placed earlier, or at the same time with a smaller id. The first condition alone
    /// bounds the index scan; the rest filters within it.
    /// </summary>
    public static Expression<Func<OrderView, bool>> After(string cursor)
    {
        var (at, id) = Parse(KeysetPaging.Decode(cursor, IsKey)!)!.Value;
        return x => x.CreatedAt <= at && (x.CreatedAt < at || x.Id.CompareTo(id) < 0);
    }
}

/// <summary>A day (<c>2026-04-01</c>, taken in UTC) or a moment; as the end of a range a day includes itself.</summary>
public static class DateRange
{
    public static bool IsValid(string? value) => value is null || Parse(value, end: false) is not null;

    public static DateTimeOffset? Parse(string value, bool end)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            // The last day there is ends at the end of time: its next day cannot be represented.
            return !end ? start : day == DateOnly.MaxValue ? DateTimeOffset.MaxValue : start.AddDays(1);
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    public const string Message = "must be an ISO 8601 date (2026-04-01) or time (2026-04-01T09:00:00Z).";
}

public sealed class ListOrdersValidator : Validator<ListOrdersRequest>
{
    public ListOrdersValidator()
    {
        Include(new KeysetPagingRules<ListOrdersRequest>(x => x.After, OrderCursor.IsKey));
        RuleFor(x => x.Status).Must(s => OrderStatus.All.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", OrderStatus.All)}.");
        RuleFor(x => x.Channel).Must(c => InventoryRules.IsChannel(c!)).When(x => x.Channel is not null).WithMessage(InventoryRules.ChannelMessage);
        RuleFor(x => x.From).Must(DateRange.IsValid).WithMessage("from " + DateRange.Message);
        RuleFor(x => x.To).Must(DateRange.IsValid).WithMessage("to " + DateRange.Message);
        RuleFor(x => x.Sla).Equal("breached").When(x => x.Sla is not null).WithMessage("sla takes one value: breached.");
        RuleFor(x => x.Q).MaximumLength(100);
    }
}

public sealed record OrderListResponse(IReadOnlyList<OrderResponse> Data, CursorPageMeta Meta);

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
        var orders = OrdersRegistration.OrderCounts.Query(batch)
            .Equal(req.Status, "status", x => x.Status == req.Status)
            .Equal(req.Channel, "channel", x => x.Channel == req.Channel);
        if (req.From is { } from && DateRange.Parse(from, end: false) is { } since) orders.Where(x => x.CreatedAt >= since);
        if (req.To is { } to && DateRange.Parse(to, end: true) is { } until) orders.Where(x => x.CreatedAt < until);
        if (req.Sla is not null)
        {
            var now = clock.GetUtcNow();
            orders.Where(x => x.AwaitingShipment && x.SlaDeadline < now);
        }
        if (req.Q is { Length: > 0 } q)
        {
            var text = q.ToLowerInvariant();
            orders.Where(x => x.SearchText.Contains(text));
        }

        var total = orders.TotalAsync(batch, session);
        // One more row than the page, to know whether a next page exists.
        var page = req.After is { } after ? orders.Query.Filter(OrderCursor.After(after)) : orders.Query;
        var rows = page.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Skip(req.After is null ? (req.PageNumber - 1) * req.PageSize : 0).Take(req.PageSize + 1).ToList();
        await batch.Execute(ct);
        var found = await rows;
        var shown = found.Take(req.PageSize).ToList();
        var next = found.Count > req.PageSize ? OrderCursor.Of(shown[^1]) : null;
        await Send.OkAsync(new OrderListResponse([.. shown.Select(OrderResponse.From)], CursorPageMeta.Of(req, await total, next)), ct);
    }
}
