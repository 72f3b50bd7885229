using Commerce.Domain.Common;

namespace Commerce.Domain.Catalog;

/// <summary><c>PATCH /v1/products/{id}</c>: only the fields given change; <see cref="Stock"/> goes to the SKU's inventory.</summary>
public sealed record UpdateProduct(
    string ProductId, string Sku, ProductChanges Changes, int? Stock, long? ExpectedVersion = null, IReadOnlyDictionary<string, int>? VariantStock = null)
    : IProductCommand
{
    public string StreamId => Sku;
    IReadOnlyDictionary<string, int> IProductCommand.VariantStock => VariantStock ?? ProductDecisions.NoVariantStock;
    public IEnumerable<string> SkusNamed => [Sku, .. (Changes.Variants ?? []).Select(v => v.Sku)];
}

public static partial class ProductDecisions
{
    /// <summary>Records only the fields that differ; an archived product is history and takes no changes.</summary>
    public static Decision Decide(Product? product, UpdateProduct command, CatalogFacts facts, DateTimeOffset now)
    {
        if ((Missing(product, command.ProductId) ?? UnknownCategory(command.Changes.CategoryId, facts)
             ?? VariantProblem(command.ProductId, command.Sku, command.Changes.ApplyTo(product!.Details), facts)) is { } refused) return refused;
        var changes = Differences(product!.Details, command.Changes);
        return changes.IsEmpty ? Decision.Accept() : Decision.Accept(new ProductUpdated(product.Id, product.Sku, changes, now));
    }

    private static Decision? Missing(Product? product, string productId) => product switch
    {
        null => Decision.Reject(ErrorKind.NotFound, "not_found", $"Product {productId} does not exist."),
        { Archived: true } => Decision.Reject(ErrorKind.Conflict, Conflict, $"Product {productId} is archived; archived products take no changes."),
        _ => null
    };

    private static ProductChanges Differences(ProductDetails current, ProductChanges wanted) => new(
        Differs(wanted.Name, current.Name), wanted.Price is { } price && price != current.Price ? price : null,
        Differs(wanted.Status, current.Status), Differs(wanted.CategoryId, current.CategoryId ?? ""), Differs(wanted.Brand, current.Brand ?? ""),
        wanted.Cogs is { } cogs && cogs != current.Cogs ? cogs : null,
        wanted.Images is { } images && !images.SequenceEqual(current.Images) ? images : null,
        Differs(wanted.Description, current.Description ?? ""),
        wanted.Attributes is { } attributes && !SameAttributes(attributes, current.Attributes) ? attributes : null,
        wanted.Options is { } options && !options.SequenceEqual(current.Options, ProductOption.SameAs) ? options : null,
        wanted.Variants is { } variants && !variants.SequenceEqual(current.Variants, ProductVariant.SameAs) ? variants : null);

    private static string? Differs(string? wanted, string? current) => wanted is not null && wanted != current ? wanted : null;

    internal static bool SameAttributes(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
