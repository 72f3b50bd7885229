using Commerce.Domain.Common;

namespace Commerce.Domain.Catalog;

/// <summary>An event of a product's stream (one per product, keyed by its <c>prod_...</c> id).</summary>
public interface IProductEvent : IDomainEvent;

/// <summary>
/// A product entered the catalog under its SKU (webhook <c>product.created</c>). Its stock is not here: it is the
/// SKU's inventory stream, which this product shares with <c>/v1/inventory</c>.
/// </summary>
public sealed record ProductCreated(string ProductId, string Sku, ProductDetails Details, DateTimeOffset CreatedAt) : IProductEvent;

/// <summary>Some of a product's fields changed (webhook <c>product.updated</c>); <see cref="Changes"/> holds only those.</summary>
public sealed record ProductUpdated(string ProductId, string Sku, ProductChanges Changes, DateTimeOffset UpdatedAt) : IProductEvent;

/// <summary>The product left the catalog (webhook <c>product.archived</c>); its history and its SKU stay.</summary>
public sealed record ProductArchived(string ProductId, string Sku, DateTimeOffset ArchivedAt) : IProductEvent;

/// <summary>What a product says about itself. Prices and costs are in the store's currency.</summary>
public sealed record ProductDetails(
    string Name, decimal Price, string Status, string? CategoryId, string? Brand, decimal? Cogs, IReadOnlyList<string> Images,
    string? Description, IReadOnlyDictionary<string, string> Attributes);

/// <summary>The fields one update changed, each null when unchanged (a cleared text field is the empty string).</summary>
public sealed record ProductChanges(
    string? Name = null, decimal? Price = null, string? Status = null, string? CategoryId = null, string? Brand = null,
    decimal? Cogs = null, IReadOnlyList<string>? Images = null, string? Description = null,
    IReadOnlyDictionary<string, string>? Attributes = null)
{
    public bool IsEmpty => this == new ProductChanges();

    /// <summary>The details with these changes applied; an empty text clears an optional field.</summary>
    public ProductDetails ApplyTo(ProductDetails details) => new(
        Name ?? details.Name, Price ?? details.Price, Status ?? details.Status,
        Cleared(CategoryId, details.CategoryId), Cleared(Brand, details.Brand), Cogs ?? details.Cogs, Images ?? details.Images,
        Cleared(Description, details.Description), Attributes ?? details.Attributes);

    private static string? Cleared(string? change, string? current) => change switch { null => current, "" => null, _ => change };
}
