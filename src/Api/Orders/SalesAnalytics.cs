using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Orders;
using Commerce.Projections.Orders;
using FastEndpoints;
using FluentValidation;
using Commerce.Projections;
using Marten;

namespace Commerce.Api.Orders;

public sealed class SalesAnalyticsRequest
{
    /// <summary>Orders placed at or after: an ISO 8601 date (from its start, UTC) or time.</summary>
    public string? From { get; set; }

    /// <summary>Orders placed before: an ISO 8601 time, or a date (through its end, UTC).</summary>
    public string? To { get; set; }

    /// <summary>day (UTC) | channel | sku</summary>
    public string? GroupBy { get; set; }

    public bool? Consistent { get; set; }
}

public sealed class SalesAnalyticsValidator : Validator<SalesAnalyticsRequest>
{
    public static readonly string[] Groups = ["day", "channel", "sku"];

    public SalesAnalyticsValidator()
    {
        RuleFor(x => x.From).Must(DateRange.IsValid).WithMessage("from " + DateRange.Message);
        RuleFor(x => x.To).Must(DateRange.IsValid).WithMessage("to " + DateRange.Message);
        RuleFor(x => x.GroupBy).Must(g => Groups.Contains(g)).When(x => x.GroupBy is not null)
            .WithMessage($"group_by must be one of: {string.Join(", ", Groups)}.");
    }
}

/// <summary>
/// One group's sales: orders placed (not cancelled), units, revenue (order totals; for a SKU its lines' qty x price, before
/// order discounts), units returned, amounts refunded (per return, so not split by SKU: null there).
/// </summary>
public sealed record SalesFigures(string? Key, long Orders, long Units, decimal Revenue, long Returns, decimal? Refunds);

public sealed record SalesAnalyticsResponse(DateTimeOffset? From, DateTimeOffset? To, string GroupBy, IReadOnlyList<SalesFigures> Data, SalesFigures Totals);

/// <summary>
/// <c>GET /v1/analytics/sales</c>: aggregated in SQL from the order read model (<see cref="OrderView"/>), so the figures are
/// those of the orders as listed, and a rebuild of that read model (the serving rebuild) rebuilds them too; there are no
/// counters of their own to drift.
/// </summary>
public sealed class SalesAnalyticsEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<SalesAnalyticsRequest, SalesAnalyticsResponse>
{
    public override void Configure()
    {
        Get("analytics/sales");
        Policies(ApiScopes.Required(OrdersContext.ReadOrders), ApiScopes.AnySecretKey);   // customers' details: no public keys
        Description(d => d.ClearDefaultAccepts().WithTags("Orders").WithSummary("Sales by day, channel or SKU: orders, units, revenue, returns, refunds")
            .Produces<SalesAnalyticsResponse>(200).ProducesReadProblems());
    }

    private const string ItemUnits = "(select coalesce(sum((i ->> 'Qty')::int), 0) from jsonb_array_elements(d.data -> 'Items') i)";
    private const string Refunds = "(select coalesce(sum((r ->> 'Refund')::numeric), 0) from jsonb_array_elements(d.data -> 'Returns') r)";

    private static string ReturnedUnits(string? ofSku = null) =>
        "(select coalesce(sum((l ->> 'Qty')::int), 0) from jsonb_array_elements(d.data -> 'Returns') r " +
        $"cross join lateral jsonb_array_elements(r -> 'Lines') l{(ofSku is null ? "" : $" where l ->> 'Sku' = {ofSku}")})";

    public override async Task HandleAsync(SalesAnalyticsRequest req, CancellationToken ct)
    {
        if (req.Consistent == true) await readYourWrites.CatchUpAsync(session, nameof(OrderView), ct);
        var groupBy = req.GroupBy ?? "day";
        var from = req.From is null ? null : DateRange.Parse(req.From, end: false);
        var to = req.To is null ? null : DateRange.Parse(req.To, end: true);

        var conditions = new List<string> { "d.tenant_id = ?", $"d.status <> '{OrderStatus.Cancelled}'" };
        var parameters = new List<object> { session.TenantId };
        if (from is { } since)
        {
            conditions.Add("d.created_at >= ?");
            parameters.Add(since);
        }
        if (to is { } until)
        {
            conditions.Add("d.created_at < ?");
            parameters.Add(until);
        }
        var table = session.TableOf<OrderView>();
        var where = string.Join(" and ", conditions);

        string PerOrder(string key) =>
            $"select json_build_object('Key', {key}, 'Orders', count(*), 'Units', coalesce(sum({ItemUnits}), 0), 'Revenue', coalesce(sum((d.data ->> 'Total')::numeric), 0), " +
            $"'Returns', coalesce(sum({ReturnedUnits()}), 0), 'Refunds', coalesce(sum({Refunds}), 0)) from {table} d where {where}" +
            (key == "null::text" ? "" : $" group by {key} order by {key}");
        var sql = groupBy switch
        {
            "sku" =>
                "select json_build_object('Key', i ->> 'Sku', 'Orders', count(distinct d.id), 'Units', sum((i ->> 'Qty')::int), " +
                $"'Revenue', sum((i ->> 'Qty')::int * (i ->> 'Price')::numeric), 'Returns', sum({ReturnedUnits("i ->> 'Sku'")}), 'Refunds', null::numeric) " +
                $"from {table} d cross join lateral jsonb_array_elements(d.data -> 'Items') i where {where} group by i ->> 'Sku' order by i ->> 'Sku'",
            "channel" => PerOrder("d.channel"),
            _ => PerOrder("to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD')")
        };
        var groups = await session.QueryAsync<SalesFigures>(sql, ct, [.. parameters]);
        var totals = (await session.QueryAsync<SalesFigures>(PerOrder("null::text"), ct, [.. parameters])).Single();
        await Send.OkAsync(new SalesAnalyticsResponse(from, to, groupBy, [.. groups], totals), ct);
    }
}
