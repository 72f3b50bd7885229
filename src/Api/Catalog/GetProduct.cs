using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Catalog;
using Commerce.Projections;
using Commerce.Projections.Catalog;
using Commerce.Projections.Channels;
using Commerce.Projections.Inventory;
using FastEndpoints;
using Marten;

namespace Commerce.Api.Catalog;

public sealed class GetProductRequest : RecordRequest
{
    public string Id { get; set; } = "";
}

public sealed class GetProductValidator : Validator<GetProductRequest>
{
    public GetProductValidator(TimeProvider clock) => Include(new RecordRequestRules(clock));
}

/// <summary>
/// One product with its stock from the SKU's inventory read model: as it is, or as it was (<c>as_of</c>, <c>version</c>:
/// the product's stream and its SKU's stock both folded to that moment). A public key sees only live products.
/// </summary>
public sealed class GetProductEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : RecordEndpoint<GetProductRequest, ProductResponse>
{
    public override void Configure()
    {
        Get("products/{id}");
        Policies(ApiScopes.Required(CatalogContext.ReadCatalog));
        Description(d => d.ClearDefaultAccepts().WithTags("Catalog").WithSummary("One product, with its stock and channel listings")
            .Produces<ProductResponse>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(GetProductRequest req, CancellationToken ct)
    {
        var notFound = $"Product {req.Id} does not exist.";
        var found = await session.FindAsync(readYourWrites, req.Id, new ProductViewProjection(), v => v.Version, req, notFound, ct);
        if (found.View is { } view && User.IsPublicKey() && view.Status != ProductStatus.Live)
            found = new AsItWas<ProductView>(null, 404, "not_found", notFound);
        IReadOnlyDictionary<string, InventoryItemView> stocks = found.View is { } product ? await StocksAsync(product, req, ct) : new Dictionary<string, InventoryItemView>();
        var categories = found.View?.CategoryId is null ? null : await session.LoadAsync<CategoryTree>(CategoryTree.StreamId, ct);
        // Listings as they are now, also for a product read as it was: listings keep their own history.
        var listings = found.View is { } listed
            ? ProductListings.OfOneSku(await session.Query<ListingView>().Where(l => l.Sku == listed.Sku).Inlined().ToListAsync(ct))
            : ProductListings.None;
        await SendRecordAsync(found, v => v.Version, v => ProductResponse.From(v, stocks, categories?.PathOf(v.CategoryId), listings), ct);
    }

    /// <summary>
    /// The stock of the product's SKUs (its own, its variants') now, or as it was: at <c>as_of</c>; for <c>version</c> N,
    /// the last stock while the product was at version N (just before version N+1 was written, or now), so a PATCH that
    /// set price and stock together shows both. A SKU never stocked (then) is missing.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, InventoryItemView>> StocksAsync(ProductView product, RecordRequest req, CancellationToken ct)
    {
        var asOf = req.AsOf;
        if (req.Version is { } version)
        {
            var next = await session.Events.FetchStreamAsync(product.Id, version + 1, fromVersion: version + 1, token: ct);
            asOf = next is [var superseding] ? superseding.Timestamp.AddTicks(-10) : null;   // 1 µs: PostgreSQL's precision
        }
        if (asOf is null) return (await session.LoadManyAsync<InventoryItemView>(ct, product.Product.Skus.ToArray())).ToDictionary(s => s.Sku);
        var stocks = new Dictionary<string, InventoryItemView>();
        foreach (var sku in product.Product.Skus)
            if ((await session.FindAsync(readYourWrites, sku, new InventoryItemProjection(), v => v.Version, new StockAt { AsOf = asOf }, "", ct)).View is { } stock)
                stocks[sku] = stock;
        return stocks;
    }

    private sealed class StockAt : RecordRequest;
}
