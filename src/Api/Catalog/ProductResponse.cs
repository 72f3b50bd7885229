using Commerce.Domain.Catalog;
using Commerce.Domain.Inventory;
using Commerce.Projections.Catalog;
using Commerce.Projections.Inventory;

namespace Commerce.Api.Catalog;

/// <summary>
/// A product as every product route shows it (the seed's fields and the rest). <c>stock</c> is its SKU's inventory:
/// the figure <c>/v1/inventory/{sku}</c> shows; each variant's <c>stock</c> is its own SKU's, the same way.
/// <c>category</c> is the category's path, e.g. <c>Apparel &gt; T-Shirts</c>.
/// </summary>
public sealed record ProductResponse(
    string Id, string Sku, string Name, string Status, decimal Price, int Stock, decimal? Cogs, string? Category, string? CategoryId,
    string? Brand, IReadOnlyList<string> Images, string? Description, IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<ProductOption> Options, IReadOnlyList<VariantResponse> Variants, int HealthScore, IReadOnlyList<string> Channels,
    IReadOnlyDictionary<string, ChannelListing> ChannelStatuses, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// From the read models: the product's, its SKUs' inventory, by SKU (a SKU never stocked is missing), and its SKU's
    /// listings on the channels.
    /// </summary>
    public static ProductResponse From(ProductView view, IReadOnlyDictionary<string, InventoryItemView> stocks, string? categoryPath,
        IReadOnlyDictionary<string, ChannelListing> listings) =>
        Of(view.Product, sku => stocks.GetValueOrDefault(sku) is { } stock ? (stock.TotalStock, stock.ReorderPoint) : null, categoryPath, listings,
            view.Version, view.UpdatedAt);

    /// <summary>From a write: the product and its stock as the command's transaction left them, its listings as they are.</summary>
    public static ProductResponse From(ProductWritten written, long version, DateTimeOffset at) =>
        Of(written.Product, sku => written.Stocks.GetValueOrDefault(sku) is { } stock ? (stock.OnHand, stock.ReorderPoint) : null,
            written.CategoryPath, written.Listings, version, at);

    private static ProductResponse Of(Product product, Func<string, (int Units, int ReorderPoint)?> stockOf, string? categoryPath,
        IReadOnlyDictionary<string, ChannelListing> listings, long version, DateTimeOffset updatedAt)
    {
        var details = product.Details;
        var (stock, reorderPoint) = stockOf(product.Sku) ?? (0, StockItem.DefaultReorderPoint);
        var health = ProductHealth.Score(new ProductHealthFacts(details.Images.Count, details.Price, details.Cogs, stock, reorderPoint,
            listings.Count, listings.Values.Count(l => l.Status == ProductStatus.Live)));
        var variants = details.Variants.Select(v => new VariantResponse(v.Sku, v.Options, v.Price, stockOf(v.Sku)?.Units ?? 0)).ToList();
        return new ProductResponse(product.Id, product.Sku, details.Name, product.Archived ? ProductStatus.Archived : details.Status,
            details.Price, stock, details.Cogs, categoryPath, details.CategoryId, details.Brand, details.Images, details.Description,
            details.Attributes, details.Options, variants, health, [.. listings.Keys.Order(StringComparer.Ordinal)], listings, version,
            product.CreatedAt, updatedAt);
    }
}

/// <summary>
/// A variant as the product shows it: its SKU, its value of each option, its price when it overrides the product's (null:
/// the product's) and its SKU's stock (<c>/v1/inventory/{sku}</c> shows the same).
/// </summary>
public sealed record VariantResponse(string Sku, IReadOnlyDictionary<string, string> Options, decimal? Price, int Stock);
