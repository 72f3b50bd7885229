using Commerce.Domain.Inventory;
using Marten;
using Marten.Services.BatchQuerying;

namespace Commerce.Projections.Inventory;

/// <summary>One tenant's figures over its whole inventory read model, as they stand (dead stock is not judged here).</summary>
public sealed record InventoryCounts(long TotalUnits, long Critical, long Low, long Healthy, long OutOfStock)
{
    public long Skus => Critical + Low + Healthy;

    public long InBand(string band) => band switch
    {
        StockStatus.Critical => Critical,
        StockStatus.Low => Low,
        StockStatus.Healthy => Healthy,
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, "Not a band.")
    };

    private static readonly InventoryCounts None = new(0, 0, 0, 0, 0);

    /// <summary>The counts of the session's tenant, read with the other queries of <paramref name="batch"/>.</summary>
    public static async Task<InventoryCounts> ReadAsync(IBatchedQuery batch, IQuerySession session) =>
        await InventorySummaryStorage.Counts.ReadAsync(batch, session) ?? None;
}

/// <summary>
/// Keeps <see cref="InventoryCounts"/> per tenant in a table beside the <see cref="InventoryItemView"/> documents
/// (<see cref="TenantCountsStorage{TCounts}"/>: a trigger on the documents' table, in the same transaction), so the inventory list
/// reads its summary in one row instead of scanning the tenant's SKUs on every call. Not a projection of its own,
/// because events alone do not tell a band change: a stock change does not carry the reorder point and a reorder point
/// change does not carry the stock, so it would need every SKU's state a second time.
/// </summary>
public sealed class InventorySummaryStorage(StoreOptions options)
    : TenantCountsStorage<InventoryCounts>(options, "InventorySummary", typeof(InventoryItemView), Counts)
{
    public static readonly TenantCounts<InventoryCounts> Counts = new("mt_inventory_summary",
        new("total_units", nameof(InventoryCounts.TotalUnits), row => $"coalesce({row}.total_stock, 0)"),
        new("critical", nameof(InventoryCounts.Critical), row => TenantFigure.Count($"{row}.band = '{StockStatus.Critical}'")),
        new("low", nameof(InventoryCounts.Low), row => TenantFigure.Count($"{row}.band = '{StockStatus.Low}'")),
        new("healthy", nameof(InventoryCounts.Healthy), row => TenantFigure.Count($"{row}.band = '{StockStatus.Healthy}'")),
        new("out_of_stock", nameof(InventoryCounts.OutOfStock), row => TenantFigure.Count($"{row}.total_stock = 0")));
}
