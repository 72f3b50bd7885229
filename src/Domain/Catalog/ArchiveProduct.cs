using Commerce.Domain.Common;

namespace Commerce.Domain.Catalog;

/// <summary><c>DELETE /v1/products/{id}</c>: archives; the product leaves lists and keeps its history and its SKU.</summary>
public sealed record ArchiveProduct(string ProductId, string Sku, long? ExpectedVersion = null) : IProductCommand
{
    public string StreamId => Sku;
    public int? Stock => null;
    public IReadOnlyDictionary<string, int> VariantStock => ProductDecisions.NoVariantStock;
    public IEnumerable<string> SkusNamed => [Sku];
}

public static partial class ProductDecisions
{
    /// <summary>Archiving twice is a no-op, so a retried DELETE answers as the first did.</summary>
    public static Decision Decide(Product? product, ArchiveProduct command, CatalogFacts _, DateTimeOffset now) => product switch
    {
        null => Decision.Reject(ErrorKind.NotFound, "not_found", $"Product {command.ProductId} does not exist."),
        { Archived: true } => Decision.Accept(),
        _ => Decision.Accept(new ProductArchived(product.Id, product.Sku, now))
    };
}
