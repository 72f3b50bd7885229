using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Api.Inventory;
using Commerce.Projections.Orders;
using FastEndpoints;
using FluentValidation;
using Commerce.Projections;
using Marten;

namespace Commerce.Api.Orders;

public sealed class ListReturnsRequest : PagedRequest
{
    /// <summary>requested | received</summary>
    public string? Status { get; set; }

    public string? Channel { get; set; }

    public string? OrderId { get; set; }

    /// <summary>Requested at or after: an ISO 8601 date (from its start, UTC) or time.</summary>
    public string? From { get; set; }

    /// <summary>Requested before: an ISO 8601 time, or a date (through its end, UTC).</summary>
    public string? To { get; set; }

    public bool? Consistent { get; set; }
}

public sealed class ListReturnsValidator : Validator<ListReturnsRequest>
{
    public ListReturnsValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Status).Must(s => s is ReturnView.Requested or ReturnView.Received).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {ReturnView.Requested}, {ReturnView.Received}.");
        RuleFor(x => x.Channel).Must(c => InventoryRules.IsChannel(c!)).When(x => x.Channel is not null).WithMessage(InventoryRules.ChannelMessage);
        RuleFor(x => x.OrderId).MaximumLength(64);
        RuleFor(x => x.From).Must(DateRange.IsValid).WithMessage("from " + DateRange.Message);
        RuleFor(x => x.To).Must(DateRange.IsValid).WithMessage("to " + DateRange.Message);
    }
}

public sealed record ReturnListResponse(IReadOnlyList<ReturnResponse> Data, PageMeta Meta) : PagedList<ReturnResponse>(Data, Meta);

/// <summary>
/// <c>GET /v1/returns</c>: every order's returns, newest first. Returns live in their order's read model (an order is
/// their consistency boundary), so the list unnests them in SQL from the orders that have any.
/// </summary>
public sealed class ListReturnsEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<ListReturnsRequest, ReturnListResponse>
{
    public override void Configure()
    {
        Get("returns");
        Policies(ApiScopes.Required(OrdersContext.ReadOrders), ApiScopes.AnySecretKey);   // customers' details: no public keys
        Description(d => d.ClearDefaultAccepts().WithTags("Orders").WithSummary("Returns of every order, newest first")
            .Produces<ReturnListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListReturnsRequest req, CancellationToken ct)
    {
        if (req.Consistent == true) await readYourWrites.CatchUpAsync(session, nameof(OrderView), ct);
        var conditions = new List<string> { "d.tenant_id = ?", "jsonb_array_length(d.data -> 'Returns') > 0" };
        var parameters = new List<object> { session.TenantId };
        void Where(string condition, object value)
        {
            conditions.Add(condition);
            parameters.Add(value);
        }
        if (req.Status is { } status) Where("r ->> 'Status' = ?", status);
        if (req.Channel is { } channel) Where("d.channel = ?", channel);
        if (req.OrderId is { } orderId) Where("d.id = ?", orderId);
        if (req.From is { } from && DateRange.Parse(from, end: false) is { } since) Where("(r ->> 'RequestedAt')::timestamptz >= ?", since);
        if (req.To is { } to && DateRange.Parse(to, end: true) is { } until) Where("(r ->> 'RequestedAt')::timestamptz < ?", until);

        var table = session.TableOf<OrderView>();
        var rows = $"from {table} d cross join lateral jsonb_array_elements(d.data -> 'Returns') r where {string.Join(" and ", conditions)}";
        var total = (await session.QueryAsync<long>($"select count(*) {rows}", ct, [.. parameters])).Single();
        var page = await session.QueryAsync<ReturnView>(
            $"select r {rows} order by (r ->> 'RequestedAt')::timestamptz desc, r ->> 'Id' desc limit {req.PageSize} offset {(req.PageNumber - 1) * req.PageSize}",
            ct, [.. parameters]);
        await Send.OkAsync(new ReturnListResponse([.. page.Select(ReturnResponse.From)], PageMeta.Of(req, total)), ct);
    }
}
