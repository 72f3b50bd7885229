using Commerce.Domain.Common;

namespace Commerce.Domain.Catalog;

/// <summary>Write-side state of one product: what its decisions need.</summary>
public sealed record Product(string Id, string Sku, ProductDetails Details, bool Archived, DateTimeOffset CreatedAt)
{
    public static Product? Evolve(Product? state, object @event) => @event switch
    {
        ProductCreated e => new Product(e.ProductId, e.Sku, e.Details, Archived: false, e.CreatedAt),
        ProductUpdated e => state! with { Details = e.Changes.ApplyTo(state.Details) },
        ProductArchived => state! with { Archived = true },
        _ => state
    };

    /// <summary>The SKUs the product sells under: its own, then its variants'. Each is an inventory stream and a claim.</summary>
    public IEnumerable<string> Skus => [Sku, .. Details.Variants.Select(v => v.Sku)];
}

/// <summary>The statuses a product is given; <c>suppressed</c> is a listing's, shown once channels report listings.</summary>
public static class ProductStatus
{
    public const string Live = "live";
    public const string Draft = "draft";
    public const string Inactive = "inactive";
    public const string Suppressed = "suppressed";
    public const string Archived = "archived";

    /// <summary>What POST and PATCH may set.</summary>
    public static readonly string[] Settable = [Live, Draft, Inactive];

    /// <summary>What the list filters on.</summary>
    public static readonly string[] Listed = [Live, Suppressed, Draft, Inactive];
}

/// <summary>
/// What a product decision reads beside the product: the claims of the SKUs its command names (which product holds
/// each, if any) and the store's categories.
/// </summary>
public sealed record CatalogFacts(UniqueClaims SkuClaims, CategoryTree? Categories)
{
    public bool HasCategory(string categoryId) => Categories?.Has(categoryId) == true;

    /// <summary>The product holding <paramref name="sku"/> (as its own SKU or a variant's), if any.</summary>
    public string? HolderOf(string sku) => SkuClaims.HolderOf(SkuClaimKey(sku));

    /// <summary>
    /// A SKU is a unique value (<see cref="Common.UniqueClaims"/>): its claim is inserted in the transaction that creates
    /// the product, so two products never hold one SKU, even when two nodes race.
    /// </summary>
    public static string SkuClaimKey(string sku) => $"sku:{sku}";
}
