using Commerce.Api.History;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using Commerce.Api.Webhooks;
using Commerce.Domain.Catalog;
using Commerce.Projections.Catalog;
using Marten;

[assembly: ApiTag("Catalog",
    "Products of the store's catalog, their category tree and brands: create, change and archive products, list them with filters; a product's stock is its SKU's inventory.")]

namespace Commerce.Api.Catalog;

/// <summary>The catalog: products (their stock is their SKU's inventory stream), categories and brands.</summary>
public sealed class CatalogContext : CommerceContext
{
    public const string ReadCatalog = "read_catalog";
    public const string UpdateCatalog = "update_catalog";
    public const string CreateCatalog = "create_catalog";

    /// <summary>Ecwid's scope of public tokens: the store's public details (<c>GET /v1/storefront</c>).</summary>
    public const string PublicStorefront = "public_storefront";

    public override IReadOnlyList<EventResource> Resources { get; } =
        [new("products", ReadCatalog, typeof(IProductEvent)), new("categories", ReadCatalog, typeof(ICategoryEvent))];

    public override IReadOnlyList<string> Scopes { get; } = [ReadCatalog, UpdateCatalog, CreateCatalog, PublicStorefront];

    /// <summary>A public key lists and gets live products (and categories) and the store's public details.</summary>
    public override IReadOnlyList<string> PublicScopes { get; } = [ReadCatalog, PublicStorefront];

    public override IReadOnlyList<WebhookEventType> WebhookEvents { get; } =
    [
        WebhookEventType.Raised<ProductCreated>("product.created", "A product is added to the catalog",
            e => new { Id = e.ProductId, e.Sku, e.Details.Name, e.Details.Price, e.Details.Status },
            new { Id = "prod_01HX4", Sku = "BLUE-TEE-M", Name = "Premium Cotton T-Shirt – Blue / M", Price = 899, Status = "live" }),
        WebhookEventType.Raised<ProductUpdated>("product.updated", "A product's fields change (only the changed ones are sent)",
            e => new { Id = e.ProductId, e.Sku, Changes = ChangedFields(e.Changes) },
            new { Id = "prod_01HX4", Sku = "BLUE-TEE-M", Changes = new { Price = 950 } }),
        WebhookEventType.Raised<ProductArchived>("product.archived", "A product is archived (deleted from the catalog)",
            e => new { Id = e.ProductId, e.Sku },
            new { Id = "prod_01HX4", Sku = "BLUE-TEE-M" })
    ];

    /// <summary>Category changes show in product paths; they raise no webhook.</summary>
    public override IReadOnlyList<Type> InternalEvents => Resources[1].EventTypes;

    public override void ConfigureStore(StoreOptions store) => store.AddCatalog();

    // The payload names the changed fields only, as the API names them.
    private static Dictionary<string, object?> ChangedFields(ProductChanges changes)
    {
        var fields = new Dictionary<string, object?>();
        if (changes.Name is { } name) fields["name"] = name;
        if (changes.Price is { } price) fields["price"] = price;
        if (changes.Status is { } status) fields["status"] = status;
        if (changes.CategoryId is { } category) fields["category_id"] = category.Length == 0 ? null : category;
        if (changes.Brand is { } brand) fields["brand"] = brand.Length == 0 ? null : brand;
        if (changes.Cogs is { } cogs) fields["cogs"] = cogs;
        if (changes.Images is { } images) fields["images"] = images;
        if (changes.Description is { } description) fields["description"] = description.Length == 0 ? null : description;
        if (changes.Attributes is { } attributes) fields["attributes"] = attributes;
        if (changes.Options is { } options) fields["options"] = options;
        if (changes.Variants is { } variants) fields["variants"] = variants;
        return fields;
    }
}
