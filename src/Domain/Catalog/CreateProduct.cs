using Commerce.Domain.Common;

namespace Commerce.Domain.Catalog;

/// <summary>
/// A command on a product. <see cref="IStreamCommand.StreamId"/> is the product's SKU, not its id: the write path
/// serializes the commands of one stream id inside a node, so a product's commands queue behind the same gate as the
/// inventory PATCHes of its SKU, whose stream holds the product's stock.
/// </summary>
public interface IProductCommand : IStreamCommand
{
    string ProductId { get; }
    string Sku { get; }

    /// <summary>An absolute stock level to set on the SKU's inventory stream, decided by the inventory's own rules.</summary>
    int? Stock { get; }

    /// <summary>Absolute stock levels to set on variants' SKUs (each its own inventory stream), by SKU.</summary>
    IReadOnlyDictionary<string, int> VariantStock { get; }

    /// <summary>The SKUs the command may give the product (its own, its variants'): their claims are what it decides over.</summary>
    IEnumerable<string> SkusNamed { get; }
}

/// <summary><c>POST /v1/products</c>.</summary>
public sealed record CreateProduct(string ProductId, string Sku, ProductDetails Details, int? Stock, IReadOnlyDictionary<string, int>? VariantStock = null)
    : IProductCommand
{
    public string StreamId => Sku;
    public long? ExpectedVersion => null;
    IReadOnlyDictionary<string, int> IProductCommand.VariantStock => VariantStock ?? ProductDecisions.NoVariantStock;
    public IEnumerable<string> SkusNamed => [Sku, .. Details.Variants.Select(v => v.Sku)];
}

public static partial class ProductDecisions
{
    public const string Conflict = "conflict";

    /// <summary>A SKU belongs to one product of the store; a claim by another product refuses the new one, naming it.</summary>
    public static Decision Decide(Product? product, CreateProduct command, CatalogFacts facts, DateTimeOffset now)
    {
        if (facts.HolderOf(command.Sku) is { } holder)
            return Decision.Reject(ErrorKind.Conflict, Conflict, $"SKU {command.Sku} belongs to product {holder}.");
        if (product is not null)
            return Decision.Reject(ErrorKind.Conflict, Conflict, $"Product {command.ProductId} already exists.");
        return UnknownCategory(command.Details.CategoryId, facts) ?? VariantProblem(command.ProductId, command.Sku, command.Details, facts)
            ?? Decision.Accept(new ProductCreated(command.ProductId, command.Sku, command.Details, now));
    }

    public const string UnknownCategoryCode = "unknown_category";

    /// <summary>A product names a category of the store, or none.</summary>
    private static Decision? UnknownCategory(string? categoryId, CatalogFacts facts) =>
        categoryId is { Length: > 0 } id && !facts.HasCategory(id)
            ? Decision.Reject(ErrorKind.Invalid, UnknownCategoryCode, $"Category {id} does not exist; create it with POST /v1/categories first.")
            : null;
}
