using Commerce.Domain.Catalog;
using Commerce.Domain.Inventory;
using Commerce.Projections.Catalog;
using Commerce.Projections.Inventory;

namespace Commerce.Api.Catalog;

/// <summary>
/// A product as every product route shows it (the seed's fields and the rest). <c>stock</c> is its SKU's inventory:
/// the figure <c>/v1/inventory/{sku}</c> shows. <c>category</c> is the category's path, e.g. <c>Apparel &gt; T-Shirts</c>.
/// </summary>
public sealed record ProductResponse(
    string Id, string Sku, string Name, string Status, decimal Price, int Stock, decimal? Cogs, string? Category, string? CategoryId,
    string? Brand, IReadOnlyList<string> Images, string? Description, IReadOnlyDictionary<string, string> Attributes, int HealthScore,
    IReadOnlyList<string> Channels, IReadOnlyDictionary<string, ChannelListing> ChannelStatuses, long Version, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// From the read models: the product's, its SKU's inventory (null when the SKU was never stocked) and its SKU's
    /// listings on the channels.
    /// </summary>
    public static ProductResponse From(ProductView view, InventoryItemView? stock, string? categoryPath,
        IReadOnlyDictionary<string, ChannelListing> listings) =>
        Of(view.Product, stock?.TotalStock ?? 0, stock?.ReorderPoint ?? StockItem.DefaultReorderPoint, categoryPath, listings,
            view.Version, view.UpdatedAt);

    /// <summary>From a write: the product and its stock as the command's transaction left them (listings are read with the product).</summary>
    public static ProductResponse From(ProductWritten written, long version, DateTimeOffset at) =>
        Of(written.Product, written.Stock?.OnHand ?? 0, written.Stock?.ReorderPoint ?? StockItem.DefaultReorderPoint, written.CategoryPath, ProductListings.None,
            version, at);

    private static ProductResponse Of(Product product, int stock, int reorderPoint, string? categoryPath,
        IReadOnlyDictionary<string, ChannelListing> listings, long version, DateTimeOffset updatedAt)
    {
        var details = product.Details;
        var health = ProductHealth.Score(new ProductHealthFacts(details.Images.Count, details.Price, details.Cogs, stock, reorderPoint,
            listings.Count, listings.Values.Count(l => l.Status == ProductStatus.Live)));
        return new ProductResponse(product.Id, product.Sku, details.Name, product.Archived ? ProductStatus.Archived : details.Status,
            details.Price, stock, details.Cogs, categoryPath, details.CategoryId, details.Brand, details.Images, details.Description,
            details.Attributes, health, [.. listings.Keys.Order(StringComparer.Ordinal)], listings, version, product.CreatedAt, updatedAt);
    }
}
