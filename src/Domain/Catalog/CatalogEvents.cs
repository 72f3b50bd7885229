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

/// <summary>
/// What a product says about itself. Prices and costs are in the store's currency. <see cref="Options"/> and
/// <see cref="Variants"/> are empty for a plain product (and in events written before products had them).
/// </summary>
public sealed record ProductDetails(
    string Name, decimal Price, string Status, string? CategoryId, string? Brand, decimal? Cogs, IReadOnlyList<string> Images,
    string? Description, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<ProductOption>? Options = null,
    IReadOnlyList<ProductVariant>? Variants = null)
{
    public IReadOnlyList<ProductOption> Options { get; init; } = Options ?? [];
    public IReadOnlyList<ProductVariant> Variants { get; init; } = Variants ?? [];
}

/// <summary>
/// The fields one update changed, each null when unchanged (a cleared text field is the empty string). Options and
/// variants change as whole lists, as images do: the list given is the product's from then on.
/// </summary>
public sealed record ProductChanges(
    string? Name = null, decimal? Price = null, string? Status = null, string? CategoryId = null, string? Brand = null,
    decimal? Cogs = null, IReadOnlyList<string>? Images = null, string? Description = null,
    IReadOnlyDictionary<string, string>? Attributes = null, IReadOnlyList<ProductOption>? Options = null,
    IReadOnlyList<ProductVariant>? Variants = null)
{
    public bool IsEmpty => this == new ProductChanges();

    /// <summary>The details with these changes applied; an empty text clears an optional field.</summary>
    public ProductDetails ApplyTo(ProductDetails details) => new(
        Name ?? details.Name, Price ?? details.Price, Status ?? details.Status,
        Cleared(CategoryId, details.CategoryId), Cleared(Brand, details.Brand), Cogs ?? details.Cogs, Images ?? details.Images,
        Cleared(Description, details.Description), Attributes ?? details.Attributes, Options ?? details.Options,
        Variants ?? details.Variants);

    private static string? Cleared(string? change, string? current) => change switch { null => current, "" => null, _ => change };
}
