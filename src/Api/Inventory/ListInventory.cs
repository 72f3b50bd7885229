using System.Linq.Expressions;
using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Inventory;
using Commerce.Projections;
using Commerce.Projections.Inventory;
using FastEndpoints;
using FluentValidation;
using Marten;
using Marten.Services.BatchQuerying;

namespace Commerce.Api.Inventory;

public sealed class ListInventoryRequest : PagedRequest
{
    /// <summary>critical | low | healthy | dead_stock</summary>
    public string? Status { get; set; }

    /// <summary>Only SKUs allocated to this channel, showing only that channel's allocation.</summary>
    public string? Channel { get; set; }

    /// <summary>The <c>meta.next_cursor</c> of the previous page: the SKUs after the last one shown (instead of <c>page</c>).</summary>
    public string? After { get; set; }

    /// <summary>Read-your-writes: wait (bounded) until the list reflects every write committed before the request.</summary>
    public bool? Consistent { get; set; }
}

public sealed class ListInventoryValidator : Validator<ListInventoryRequest>
{
    public ListInventoryValidator()
    {
        Include(new KeysetPagingRules<ListInventoryRequest>(x => x.After, InventoryRules.IsSku));
        RuleFor(x => x.Status).Must(s => StockStatus.All.Contains(s)).When(x => x.Status is not null)
            .WithMessage($"status must be one of: {string.Join(", ", StockStatus.All)}.");
        RuleFor(x => x.Channel).Must(c => InventoryRules.IsChannel(c!)).When(x => x.Channel is not null).WithMessage(InventoryRules.ChannelMessage);
    }
}

/// <summary>Figures over the tenant's whole inventory, whatever the filters.</summary>
public sealed record InventorySummary(long TotalUnits, long CriticalSkus, long OutOfStock);

public sealed record InventoryListResponse(IReadOnlyList<InventoryItemResponse> Data, CursorPageMeta Meta, InventorySummary Summary);

/// <summary>
/// <c>GET /v1/inventory</c>: a page in SKU order, by <c>page</c> (bounded depth) or by cursor, and the summary. The counts
/// come from the tenant's row of the summary table (<see cref="InventorySummaryStorage"/>), less the dead stock found
/// through its index, so no call reads more than a page and the dead SKUs.
/// </summary>
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
        var cutoff = StockStatus.DeadStockCutoff(now);

        var filters = new List<Expression<Func<InventoryItemView, bool>>>();
        switch (req.Status)
        {
            case StockStatus.DeadStock: filters.Add(InventoryItemView.IsDead(cutoff)); break;
            case { } band:
                filters.Add(x => x.Band == band);
                filters.Add(InventoryItemView.IsNotDead(cutoff));   // dead stock overrides the band
                break;
        }
        if (req.Channel is { } channel) filters.Add(InventoryItemView.InChannel(channel));

        // One round trip: the page, the dead stock, the counts (and a channel's total).
        var batch = session.CreateBatchQuery();
        IBatchedQueryable<InventoryItemView> Filtered() => filters.Aggregate(batch.Query<InventoryItemView>(), (query, filter) => query.Filter(filter));
        var page = Filtered();
        if (req.After is { } cursor)
        {
            var after = KeysetPaging.Decode(cursor, InventoryRules.IsSku)!;
            page = page.Filter(x => x.Sku.CompareTo(after) > 0);
        }
        var rows = page.OrderBy(x => x.Sku).Skip(req.After is null ? (req.PageNumber - 1) * req.PageSize : 0).Take(req.PageSize + 1).ToList();
        // Dead stock is judged against now, so it is found when read: the SKUs unmoved since the cutoff, through their index.
        var deadBands = batch.Query<InventoryItemView>().Filter(InventoryItemView.IsDead(cutoff)).Select(x => x.Band).ToList();
        var counts = InventoryCounts.ReadAsync(batch, session);
        // A channel's SKUs are counted through the channel index; every other total comes from the counts.
        var channelTotal = req.Channel is null ? null : Filtered().Count();
        await batch.Execute(ct);

        var (dead, tenant) = (await deadBands, await counts);
        var total = channelTotal is not null ? await channelTotal : req.Status switch
        {
            null => tenant.Skus,
            StockStatus.DeadStock => dead.Count,
            { } band => tenant.InBand(band) - dead.Count(b => b == band)
        };
        var found = await rows;
        var shown = found.Take(req.PageSize).ToList();
        var next = found.Count > req.PageSize ? KeysetPaging.Encode(shown[^1].Sku) : null;
        var summary = new InventorySummary(tenant.TotalUnits, tenant.Critical - dead.Count(b => b == StockStatus.Critical), tenant.OutOfStock);
        await Send.OkAsync(new InventoryListResponse(
            shown.Select(v => InventoryItemResponse.From(v, now, req.Channel)).ToList(), CursorPageMeta.Of(req, total, next), summary), ct);
    }
}
