using Commerce.Domain.Catalog;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Catalog;

public static class CatalogRegistration
{
    public static readonly string ProductProjectionName = nameof(ProductView);

    public static StoreOptions AddCatalog(this StoreOptions opts)
    {
        // Inline snapshot: a product's routes find its SKU (the key its commands queue under) with one primary-key read.
        opts.Projections.Add(new DomainFold<Product>(Product.Evolve), ProjectionLifecycle.Inline);
        opts.Schema.For<SkuClaim>();
        // Inline: the tree is small and changes rarely; product decisions and paths read it as the last write left it.
        opts.Projections.Add(new DomainFold<CategoryTree>(CategoryTree.Evolve), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ProductViewProjection(), ProjectionLifecycle.Async);
        opts.IndexForLists<ProductView>([x => x.Sku, x => x.Name, x => x.Status, x => x.CategoryId, x => x.Brand, x => x.Price, x => x.UpdatedAt, x => x.Channels],
            new TenantIndex("sku"));
        return opts;
    }
}
