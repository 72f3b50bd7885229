using Commerce.Domain.Catalog;
using Marten;
using Marten.Services.BatchQuerying;

namespace Commerce.Projections.Catalog;

/// <summary>One tenant's products by status, as its <see cref="ProductView"/> documents stand (archived ones apart).</summary>
public sealed record ProductCounts(long Live, long Draft, long Inactive)
{
    private static readonly ProductCounts None = new(0, 0, 0);

    /// <summary>The products a list shows when it filters on nothing but these statuses.</summary>
    public long InStatuses(IEnumerable<string> statuses) => statuses.Sum(status => status switch
    {
        ProductStatus.Live => Live,
        ProductStatus.Draft => Draft,
        ProductStatus.Inactive => Inactive,
        _ => 0
    });

    /// <summary>The counts of the session's tenant, read with the other queries of <paramref name="batch"/>.</summary>
    public static async Task<ProductCounts> ReadAsync(IBatchedQuery batch, IQuerySession session) =>
        await ProductCountsStorage.Counts.ReadAsync(batch, session) ?? None;
}

/// <summary>
/// Keeps <see cref="ProductCounts"/> per tenant beside the <see cref="ProductView"/> documents (<see cref="TenantCountsStorage{TCounts}"/>:
/// a trigger on the documents' table, in the same transaction), so the product list's <c>meta.total</c> without filters
/// (or with a status alone) is one row, not a count over the tenant's products.
/// </summary>
public sealed class ProductCountsStorage(StoreOptions options)
    : TenantCountsStorage<ProductCounts>(options, "ProductCounts", typeof(ProductView), Counts)
{
    public static readonly TenantCounts<ProductCounts> Counts = new("mt_product_counts",
        new("live", nameof(ProductCounts.Live), row => TenantFigure.Count($"{row}.status = '{ProductStatus.Live}'")),
        new("draft", nameof(ProductCounts.Draft), row => TenantFigure.Count($"{row}.status = '{ProductStatus.Draft}'")),
        new("inactive", nameof(ProductCounts.Inactive), row => TenantFigure.Count($"{row}.status = '{ProductStatus.Inactive}'")));
}
