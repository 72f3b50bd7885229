using Commerce.Projections.Catalog;
using Commerce.Projections.Inventory;

namespace Commerce.Projections.Rebuilds;

/// <summary>
/// What a swap of a document table recounts beside it: the tables that triggers on it keep from its rows, which the
/// shadow was filled without. SQL given the schema and the table.
/// </summary>
internal static class TriggerRecounts
{
    public static Func<string, string, string>? For(Type documentType) =>
        documentType == typeof(InventoryItemView) ? InventorySummaryStorage.Counts.RecountSql
        : documentType == typeof(ProductView) ? ProductCountsStorage.Counts.RecountSql
        : null;
}
