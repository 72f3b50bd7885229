using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Inventory;
using Commerce.Projections.Inventory;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Inventory;

public sealed class ListInventoryRequest : PagedRequest
{
    /// <summary>critical | low | healthy | dead_stock</summary>
    public string? Status { get; set; }

    /// <summary>Only SKUs allocated to this channel, showing only that channel's allocation.</summary>
    public string? Channel { get; set; }

    /// <summary>Read-your-writes: wait (bounded) until the list reflects every write committed before the request.</summary>
    public bool? Consistent { get; set; }
}

public sealed class ListInventoryValidator : Validator<ListInventoryRequest>
{
    public ListInventoryValidator()
    {
        Include(new PagingRules());
        RuleFor(x => x.Status).Must(s => StockStatus.All.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", StockStatus.All)}.");
        RuleFor(x => x.Channel).Must(c => InventoryRules.IsChannel(c!)).When(x => x.Channel is not null).WithMessage(InventoryRules.ChannelMessage);
    }
}

/// <summary>Figures over the tenant's whole inventory, whatever the filters.</summary>
public sealed record InventorySummary(long TotalUnits, long CriticalSkus, long OutOfStock);

public sealed record InventoryListResponse(IReadOnlyList<InventoryItemResponse> Data, PageMeta Meta, InventorySummary Summary)
    : PagedList<InventoryItemResponse>(Data, Meta);

public sealed class ListInventoryEndpoint(IQuerySession session, ReadYourWrites readYourWrites, TimeProvider clock) : Endpoint<ListInventoryRequest, InventoryListResponse>
{
    public override void Configure()
    {
        Get("inventory");
        Policies(ApiScopes.Required(InventoryContext.ReadInventory));
        Description(d => d.ClearDefaultAccepts().WithTags("Inventory").WithSummary("Stock levels of all SKUs").Produces<InventoryListResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(ListInventoryRequest req, CancellationToken ct)
    {
        if (req.Consistent == true) await readYourWrites.CatchUpAsync(session, InventoryRegistration.ItemProjectionName, ct);
        var now = clock.GetUtcNow();
        var deadBefore = now - StockStatus.DeadStockAfter;

        var filtered = session.Query<InventoryItemView>().AsQueryable();
        filtered = req.Status switch
        {
            StockStatus.DeadStock => filtered.Where(x => x.TotalStock > 0 && x.LastMovedOutAt < deadBefore),
            { } band => filtered.Where(x => x.Band == band && (x.TotalStock == 0 || x.LastMovedOutAt >= deadBefore)),
            null => filtered
        };
        if (req.Channel is { } channel) filtered = filtered.Where(x => x.Allocations.ContainsKey(channel));

        // A separate count: count(*) over() would make PostgreSQL read every matching document, not one page of them.
        var total = await filtered.CountAsync(ct);
        var page = await filtered.OrderBy(x => x.Sku).Skip((req.PageNumber - 1) * req.PageSize).Take(req.PageSize).ToListAsync(ct);
        var summary = await SummaryAsync(deadBefore, ct);

        await Send.OkAsync(new InventoryListResponse(
            page.Select(v => InventoryItemResponse.From(v, now, req.Channel)).ToList(), PageMeta.Of(req, total), summary), ct);
    }

    // One pass over the tenant's rows instead of three LINQ aggregates; the critical rule mirrors StockStatus.
    private async Task<InventorySummary> SummaryAsync(DateTimeOffset deadBefore, CancellationToken ct)
    {
        var table = session.DocumentStore.Options.Schema.For<InventoryItemView>();
        var rows = await session.AdvancedSql.QueryAsync<InventorySummary>(
            "select json_build_object('TotalUnits', coalesce(sum(total_stock), 0), " +
            $"'CriticalSkus', count(*) filter (where band = '{StockStatus.Critical}' and (total_stock = 0 or last_moved_out_at >= ?)), " +
            $"'OutOfStock', count(*) filter (where total_stock = 0)) from {table} where tenant_id = ?",
            ct, deadBefore, session.TenantId);
        return rows[0];
    }
}
