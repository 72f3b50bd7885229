using Commerce.Domain.Catalog;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Catalog;

/// <summary>
/// Read model of one product for <c>GET /v1/products[/{id}]</c>; rebuildable at any time from the product's stream.
/// Stock is not here: it is read from the SKU's inventory read model, so a product and <c>/v1/inventory</c> show one figure.
/// The fields lists filter and sort on are properties of their own, stored in columns of their own. Its channel listings are
/// the Channels context's (<c>ListingView</c>, by SKU), joined when read.
/// </summary>
public sealed record ProductView(string Id, Product Product, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string Sku => Product.Sku;
    public string Name => Product.Details.Name;
    public decimal Price => Product.Details.Price;

    /// <summary>live, draft or inactive, or archived (which lists leave out).</summary>
    public string Status => Product.Archived ? ProductStatus.Archived : Product.Details.Status;

    public string? CategoryId => Product.Details.CategoryId;
    public string? Brand => Product.Details.Brand;
}

/// <summary>The product's own fold (<see cref="Product.Evolve"/>) and the stream's times and version. No rules here.</summary>
public sealed class ProductViewProjection : SingleStreamProjection<ProductView, string>
{
    public ProductViewProjection() => this.IncludeEventsOf<IProductEvent>();

    public override ProductView? Evolve(ProductView? view, string id, IEvent e) =>
        Product.Evolve(view?.Product, e.Data) is { } product
            ? view is null
                ? new ProductView(id, product, e.Version, e.Timestamp, e.Timestamp)
                : view with { Product = product, Version = e.Version, UpdatedAt = e.Timestamp }
            : null;
}
