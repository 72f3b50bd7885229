using Commerce.Domain.Catalog;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Commerce.Projections.Catalog;

public static class CatalogRegistration
{
    public static readonly string ProductProjectionName = nameof(ProductView);

    /// <summary>Products per status (archived ones included, which lists subtract).</summary>
    public static readonly ListCounts<ProductView> ProductCounts = new("product", "status");

    public static StoreOptions AddCatalog(this StoreOptions opts)
    {
        // Inline snapshot: a product's routes find its SKU (the key its commands queue under) with one primary-key read.
        opts.Projections.Add(new DomainFold<Product, IProductEvent>(Product.Evolve), ProjectionLifecycle.Inline);
        opts.Schema.For<UniqueClaim>();
        // Inline: the tree is small and changes rarely; product decisions and paths read it as the last write left it.
        opts.Projections.Add(new DomainFold<CategoryTree, ICategoryEvent>(CategoryTree.Evolve), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ProductViewProjection(), ProjectionLifecycle.Async);
        // The list's filters, each in the list's default (SKU) order, the tenant first; other sorts sort the filtered rows.
        opts.IndexForLists<ProductView>([x => x.Sku, x => x.Name, x => x.Status, x => x.CategoryId, x => x.Brand, x => x.Price, x => x.UpdatedAt],
            new TenantIndex("sku"), new TenantIndex("status", "sku"), new TenantIndex("brand", "sku"), new TenantIndex("category_id", "sku"));
        opts.CountForLists(ProductCounts);   // the total of a list filtered by status alone, or not at all
        opts.Storage.ExtendedSchemaObjects.Add(new Extension("btree_gin"));   // the tenant in a gin index
        // q: ILIKE '%text%' on the name or the SKU, through trigram indexes (a substring has no btree order). Without
        // fastupdate: a gin index otherwise queues new entries in a pending list that every search reads through until
        // a vacuum merges it, and a catalog is searched far more often than written (3,400 queued products made a
        // search's index scans 10 times slower: bench/findings.md).
        opts.Storage.ExtendedSchemaObjects.Add(new Extension("pg_trgm"));
        opts.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(ProductView)) return;
            foreach (var column in new[] { "name", "sku" })
                mapping.Indexes.Add(new IndexDefinition($"{mapping.TableName.Name}_idx_{column}_trigrams")
                {
                    Columns = [column], Method = IndexMethod.gin, Mask = "? gin_trgm_ops", StorageParameters = { ["fastupdate"] = "off" }
                });
        });
        return opts;
    }
}
