using Commerce.Projections.Catalog;
using Commerce.Projections.Channels;
using Commerce.Projections.Customers;
using Commerce.Projections.Dealership;
using Commerce.Projections.Inventory;
using Commerce.Projections.Orders;

namespace Commerce.Projections.Rebuilds;

/// <summary>
/// What a swap of a document table recounts beside it: the tables that triggers on it keep from its rows, which the
/// shadow was filled without. SQL given the schema and the table.
/// </summary>
internal static class TriggerRecounts
{
    private static readonly ListCounts[] Counts =
    [
        ChannelsRegistration.ListingCounts, OrdersRegistration.OrderCounts, CustomersRegistration.CustomerCounts,
        DealershipRegistration.VehicleCounts, DealershipRegistration.DealCounts, CatalogRegistration.ProductCounts
    ];

    public static Func<string, string, string>? For(Type documentType) =>
        documentType == typeof(InventoryItemView) ? InventorySummaryStorage.RecountSql
        : Counts.FirstOrDefault(c => c.DocumentType == documentType) is { } counts ? counts.RecountSql
        : null;
}
